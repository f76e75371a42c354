// The browser host's first paint: how soon a tab shows something, and the first screen, on the built app
// (`npm run bench` builds it first). Each load starts with the browser's cache off, as after a restart.
// Two cases: a signed-in tab reloaded (the first screen after sign-in is Inventory), and a new tab's sign-in
// screen. Medians of several loads; the renderer's script sizes are listed with them.
// LOUPE_BENCH_COMPARE=<another build's out folder, inside this checkout so its host finds node_modules>
// measures that build too, its loads taking turns with this one's (the machine's load then weighs on both
// alike), and gives each figure's ratio to it.
//
// Measured with it: loading every screen but Inventory lazily (React.lazy, each screen its own chunk) cut the
// script loaded at start from 995 kB to about 840 kB (the first page itself needs React, Mantine, zod and the
// grid), yet four runs of 9-15 loads each gave ratios of 0.93-1.14 against the eager build, around 1 on
// average: no first paint came sooner, so the screens stay in one chunk.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Locator } from 'playwright-core';
import { DEMO_ADMIN, seedDemo } from '../seed-demo';
import { percentile, round, type BenchRow } from './types';

const SUITE = 'first-paint';
const ROOT = join(__dirname, '..', '..');
const CHROMIUM = process.env.LOUPE_CHROMIUM ?? '/usr/bin/chromium';
const LOADS = Number(process.env.LOUPE_BENCH_LOADS ?? '9');

interface Load {
  /** First contentful paint, from the start of navigation. */
  fcp: number;
  /** Navigation start → the screen's own content in the page. */
  screen: number;
  /** The page's main thread meanwhile, busy running script and busy at all (CPU time: less swayed by the
   * machine's other work than the clocks above). */
  script: number;
  tasks: number;
}

async function startHost(out: string, dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [join(out, 'main', 'host.js')], {
    env: { ...process.env, LOUPE_DATA_DIR: dataDir, LOUPE_PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`host exited with ${code}: ${output}`)));
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /Loupe is ready at (\S+)/.exec(output);
      if (m) resolve(m[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
  });
  return { url, child };
}

/** The renderer's scripts in <out>/renderer/assets, largest first, in kB. */
function scriptSizes(out: string): { name: string; kb: number }[] {
  const dir = join(out, 'renderer', 'assets');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .map((name) => ({ name, kb: statSync(join(dir, name)).size / 1000 }))
    .sort((a, b) => b.kb - a.kb);
}

const median = (samples: number[]) => percentile(samples, 50);

export async function run(): Promise<BenchRow[]> {
  const builds = [
    join(ROOT, 'out'),
    ...(process.env.LOUPE_BENCH_COMPARE ? [resolve(process.env.LOUPE_BENCH_COMPARE)] : []),
  ];
  const missing = builds.find((out) => !existsSync(join(out, 'main', 'host.js')));
  if (missing || !existsSync(CHROMIUM)) {
    const needs = missing ? `a build in ${missing} (\`npm run build\`)` : CHROMIUM;
    return [{ suite: SUITE, metric: 'skipped', value: NaN, unit: '', goal: `needs ${needs}` }];
  }
  // Each build's host on a data folder of its own, seeded alike: a small shop (the first page of the grid is
  // what is painted, whatever the total).
  const dataDirs = builds.map(() => mkdtempSync(join(tmpdir(), 'loupe-bench-paint-')));
  for (const dataDir of dataDirs) await seedDemo({ dataDir, stones: 2000, log: () => undefined });
  const hosts: { url: string; child: ChildProcess }[] = [];
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    type Page = import('playwright-core').Page;
    /** One load of the page (`address`, or the same page again), cache off, until `visible` is in it. */
    const load = async (page: Page, address: string | 'reload', visible: (page: Page) => Locator): Promise<Load> => {
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      await cdp.send('Performance.enable');
      const cpu = async () => {
        const { metrics } = await cdp.send('Performance.getMetrics');
        const of = (name: string) => (metrics.find((m) => m.name === name)?.value ?? NaN) * 1000;
        return { script: of('ScriptDuration'), tasks: of('TaskDuration') };
      };
      const before = await cpu();
      // (Going to the same address but for its #hash would not load the page again.)
      if (address === 'reload') await page.reload({ waitUntil: 'commit' });
      else await page.goto(address, { waitUntil: 'commit' });
      await visible(page).waitFor({ timeout: 30_000 });
      const screen = await page.evaluate(() => performance.now());
      await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0);
      const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]!.startTime);
      const after = await cpu();
      await cdp.detach();
      return { fcp, screen, script: after.script - before.script, tasks: after.tasks - before.tasks };
    };

    const measured: { inventory: Load[]; signIn: Load[] }[] = builds.map(() => ({ inventory: [], signIn: [] }));
    const pages: Page[] = [];
    for (const [b, out] of builds.entries()) {
      const host = await startHost(out, dataDirs[b]!);
      hosts.push(host);
      // A signed-in tab: reloading it shows the workstation's frame and the Inventory screen.
      const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
      await page.goto(host.url);
      await page.getByLabel('Username').fill(DEMO_ADMIN.username);
      await page.getByLabel('Password', { exact: true }).fill(DEMO_ADMIN.password);
      await page.getByLabel('Password', { exact: true }).press('Enter');
      await page.getByTestId('inventory-summary').waitFor();
      pages.push(page);
    }
    // Turns: each load of this build is followed by one of the other; the first round warms the hosts up.
    for (let i = 0; i <= LOADS; i++) {
      for (const [b, host] of hosts.entries()) {
        const inventory = await load(pages[b]!, 'reload', (p) => p.getByTestId('inventory-summary'));
        // A new tab (the launch link, no session yet): the sign-in screen.
        const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
        const signIn = await load(await context.newPage(), host.url, (p) => p.getByLabel('Username'));
        await context.close();
        if (i > 0) {
          measured[b]!.inventory.push(inventory);
          measured[b]!.signIn.push(signIn);
        }
      }
    }

    const rows: BenchRow[] = [];
    const figures = (m: { inventory: Load[]; signIn: Load[] }) => [
      { metric: 'signed in, reload: first contentful paint', ms: median(m.inventory.map((l) => l.fcp)) },
      { metric: 'signed in, reload: Inventory screen in the page', ms: median(m.inventory.map((l) => l.screen)) },
      { metric: 'new tab: first contentful paint', ms: median(m.signIn.map((l) => l.fcp)) },
      { metric: 'new tab: sign-in screen in the page', ms: median(m.signIn.map((l) => l.screen)) },
      { metric: 'signed in, reload: main thread running script', ms: median(m.inventory.map((l) => l.script)) },
      { metric: 'signed in, reload: main thread busy', ms: median(m.inventory.map((l) => l.tasks)) },
      { metric: 'new tab: main thread running script', ms: median(m.signIn.map((l) => l.script)) },
      { metric: 'new tab: main thread busy', ms: median(m.signIn.map((l) => l.tasks)) },
    ];
    const compared = measured[1] ? figures(measured[1]) : undefined;
    for (const [i, figure] of figures(measured[0]!).entries()) {
      rows.push({
        suite: SUITE,
        metric: `${figure.metric} (median of ${LOADS})`,
        value: round(figure.ms, 0),
        unit: 'ms',
        ...(compared ? { anchor: round(compared[i]!.ms, 0), ratio: round(figure.ms / compared[i]!.ms, 2) } : {}),
        goal: compared ? 'ratio to the compared build < 1' : 'reported',
      });
    }
    for (const [b, out] of builds.entries()) {
      const scripts = scriptSizes(out);
      const total = scripts.reduce((sum, s) => sum + s.kb, 0);
      rows.push({
        suite: SUITE,
        metric: `${b === 0 ? 'this build' : 'compared build'}: renderer scripts (minified), ${scripts.length} files; the largest`,
        value: round(scripts[0]!.kb, 0),
        unit: 'kB',
        anchor: `${round(total, 0)} kB in all`,
        goal: 'reported',
      });
    }
    return rows;
  } finally {
    await browser.close();
    for (const { child } of hosts) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    for (const dataDir of dataDirs) rmSync(dataDir, { recursive: true, force: true });
  }
}

// The browser host (built) on the bench database with Chromium signed in, and the scanner measured in the
// page: keys at scanner speed, the clock starting at Enter and stopping when the stone's detail is in the DOM.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { DEMO_ADMIN } from '../seed-demo';
import { ROOT } from './inventory-data';

export const CHROMIUM = process.env.LOUPE_CHROMIUM ?? '/usr/bin/chromium';
const HOST_SCRIPT = join(ROOT, 'out', 'main', 'host.js');

/** Why the browser part cannot run here, or null. */
export function browserMissing(): string | null {
  if (!existsSync(HOST_SCRIPT)) return 'skipped: needs `npm run build`';
  if (!existsSync(CHROMIUM)) return `skipped: needs ${CHROMIUM}`;
  return null;
}

// Runs in the page (as text, so no build helper leaks in).
const MEASURE_SCAN_IN_PAGE = `(code) => new Promise((resolve, reject) => {
  let t0 = 0;
  const found = () => document.querySelector('[data-testid="stone-detail"][data-sku="' + CSS.escape(code) + '"]');
  const observer = new MutationObserver(() => {
    if (t0 && found()) { observer.disconnect(); resolve(performance.now() - t0); }
  });
  observer.observe(document.body, { childList: true, subtree: true, attributes: true });
  setTimeout(() => reject(new Error('no detail for ' + code)), 5000);
  for (const key of code.split('')) document.body.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
  t0 = performance.now();
  document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
})`;

/** Starts the host on `dataDir` and Chromium, signed in on the inventory with `stones` stones shown. */
export async function openBrowserHost(
  dataDir: string,
  stones: string,
): Promise<{ page: Page; close(): Promise<void> }> {
  const child = spawn(process.execPath, [HOST_SCRIPT], {
    env: { ...process.env, LOUPE_DATA_DIR: dataDir, LOUPE_PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let browser: Awaited<ReturnType<(typeof import('playwright-core'))['chromium']['launch']>> | undefined;
  const close = async () => {
    await browser?.close();
    child.kill('SIGTERM');
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`host did not start: ${output}`)), 30_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const m = /Loupe is ready at (\S+)/.exec(output);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
    });
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(url);
    await page.getByLabel('Username').fill(DEMO_ADMIN.username);
    await page.getByLabel('Password', { exact: true }).fill(DEMO_ADMIN.password);
    await page.getByLabel('Password', { exact: true }).press('Enter');
    await page
      .getByTestId('inventory-summary')
      .filter({ hasText: `${stones} stones` })
      .waitFor({ timeout: 60_000 });
    return { page, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Scans each SKU in the page and closes its detail; the times (ms) from Enter to the rendered detail. */
export async function measureScans(page: Page, skus: string[]): Promise<number[]> {
  const samples: number[] = [];
  for (const sku of skus) {
    await page.evaluate('document.activeElement && document.activeElement.blur()');
    samples.push((await page.evaluate(`(${MEASURE_SCAN_IN_PAGE})(${JSON.stringify(sku)})`)) as number);
    await page.keyboard.press('Escape');
    await page.getByTestId('stone-detail').waitFor({ state: 'detached' });
  }
  return samples;
}

// `npm run bench [-- --only <suite>]`: runs every scripts/bench/<suite>.bench.ts (each exports
// `run(): Promise<BenchRow[]>`), each in its own process, and prints one markdown table. Measurements live
// here, never in tests.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchRow } from './types';

function format(value: number | string | null | undefined): string {
  if (value === undefined) return '';
  // A measurement that could not be made (NaN, which JSON carries as null between processes).
  if (value === null || (typeof value === 'number' && Number.isNaN(value))) return '—';
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  return value.toLocaleString('en-US', { maximumFractionDigits: abs >= 100 ? 0 : abs >= 1 ? 2 : 3 });
}

export function markdownTable(rows: BenchRow[]): string {
  const header = '| suite | metric | value | unit | anchor | ratio | goal |\n|---|---|--:|---|--:|--:|---|';
  const lines = rows.map(
    (r) =>
      `| ${r.suite} | ${r.failed ? 'FAILED: ' : ''}${r.metric} | ${format(r.value)} | ${r.unit} | ${format(r.anchor)} | ${format(r.ratio)} | ${r.goal ?? ''} |`,
  );
  return [header, ...lines].join('\n');
}

/** Runs one suite in this process and prints its rows as one JSON line (for the parent). */
async function runSuite(file: string): Promise<BenchRow[]> {
  const mod = (await import(pathToFileURL(file).href)) as { run: () => Promise<BenchRow[]> };
  return mod.run();
}

async function main() {
  const suiteArg = process.argv.indexOf('--suite');
  if (suiteArg >= 0) {
    const rows = await runSuite(process.argv[suiteArg + 1]!);
    process.stdout.write(`${JSON.stringify(rows)}\n`);
    process.exit(0); // a suite may leave a handle open (the Parse SDK's timers, a child's pipe)
  }
  const i = process.argv.indexOf('--only');
  const only = i >= 0 ? process.argv[i + 1] : undefined;
  const dir = __dirname;
  const suites = readdirSync(dir)
    .filter((f) => f.endsWith('.bench.ts'))
    .map((f) => ({ name: basename(f, '.bench.ts'), file: join(dir, f) }))
    .filter((s) => !only || s.name === only)
    .sort((a, b) => a.name.localeCompare(b.name));
  if (suites.length === 0) {
    console.error(only ? `No bench suite named "${only}" (scripts/bench/${only}.bench.ts).` : 'No bench suites found.');
    process.exit(2);
  }
  const rows: BenchRow[] = [];
  let failed = false;
  for (const suite of suites) {
    console.error(`▶ ${suite.name}`);
    // Each suite in a fresh process: what one leaves behind (a heap of a million rows, a warm cache) must not
    // slow or speed the next one's measurements.
    const child = spawnSync(
      process.execPath,
      [join(process.cwd(), 'node_modules/tsx/dist/cli.mjs'), __filename, '--suite', suite.file],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    const last = child.stdout.trim().split('\n').pop() ?? '';
    if (child.status === 0 && last.startsWith('[')) {
      const suiteRows = JSON.parse(last) as BenchRow[];
      rows.push(...suiteRows);
      // Its figures stand, but something it checks did not hold.
      if (suiteRows.some((r) => r.failed)) {
        failed = true;
        console.error(
          `  ${suite.name} failed: ${suiteRows
            .filter((r) => r.failed)
            .map((r) => r.metric)
            .join('; ')}`,
        );
      }
    } else {
      // One broken suite must not hide the others' measurements.
      failed = true;
      const why = `exited with ${child.status ?? child.signal}`;
      console.error(`  ${suite.name} failed: ${why}`);
      rows.push({ suite: suite.name, metric: 'suite failed', value: NaN, unit: '', goal: why });
    }
  }
  console.log(markdownTable(rows));
  process.exit(failed ? 1 : 0);
}

main().catch((error: Error) => {
  console.error(`The bench failed: ${error.stack ?? error.message}`);
  process.exit(1);
});

// `npm run bench [-- --only <suite>]`: runs every scripts/bench/<suite>.bench.ts (each exports
// `run(): Promise<BenchRow[]>`) and prints one markdown table. Measurements live here, never in tests.
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchRow } from './types';

function format(value: number | string | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  return value.toLocaleString('en-US', { maximumFractionDigits: abs >= 100 ? 0 : abs >= 1 ? 2 : 3 });
}

export function markdownTable(rows: BenchRow[]): string {
  const header = '| suite | metric | value | unit | anchor | ratio | goal |\n|---|---|--:|---|--:|--:|---|';
  const lines = rows.map(
    (r) => `| ${r.suite} | ${r.metric} | ${format(r.value)} | ${r.unit} | ${format(r.anchor)} | ${format(r.ratio)} | ${r.goal ?? ''} |`,
  );
  return [header, ...lines].join('\n');
}

async function main() {
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
    try {
      const mod = (await import(pathToFileURL(suite.file).href)) as { run: () => Promise<BenchRow[]> };
      rows.push(...(await mod.run()));
    } catch (error) {
      // One broken suite must not hide the others' measurements.
      failed = true;
      console.error(`  ${suite.name} failed: ${(error as Error).stack ?? error}`);
      rows.push({ suite: suite.name, metric: 'suite failed', value: NaN, unit: '', goal: (error as Error).message.split('\n')[0] });
    }
  }
  console.log(markdownTable(rows));
  // A suite may leave a handle open (the Parse SDK's timers, a child's pipe): the table is out, so end.
  process.exit(failed ? 1 : 0);
}

main().catch((error: Error) => {
  console.error(`The bench failed: ${error.stack ?? error.message}`);
  process.exit(1);
});

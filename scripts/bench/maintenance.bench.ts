// Backups and self-checks on the 1,000,000-stone database the inventory suite builds
// (.cache/bench/inventory-1m; `npm run bench -- --only inventory` makes it the first time): how long the
// start self-check (quick_check) and the doctor's integrity_check take, how long an online backup takes and
// how long the event loop stalls meanwhile (screens keep answering), and the restore's check of a backup.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore } from '../../src/main/core/create-core';
import { backUpOnline, checkBackup } from '../../src/main/maintenance/backups';
import { checkIntegrity } from '../../src/main/maintenance/sqlite-worker';
import { round, type BenchRow } from './types';

const SUITE = 'maintenance';
const DATA_DIR = join(__dirname, '..', '..', '.cache', 'bench', 'inventory-1m');

export async function run(): Promise<BenchRow[]> {
  const file = join(DATA_DIR, 'loupe.db');
  if (!existsSync(file)) {
    return [
      {
        suite: SUITE,
        metric: 'skipped',
        value: NaN,
        unit: '',
        goal: 'run `npm run bench -- --only inventory` once to build the 1M-stone database',
      },
    ];
  }
  const rows: BenchRow[] = [];
  const core = await createCore({ dataDir: DATA_DIR, startSync: false });
  const stones = (core.store.sqlite.prepare('SELECT count(*) AS n FROM gemstones').get() as { n: number }).n;
  const out = mkdtempSync(join(tmpdir(), 'loupe-bench-backup-'));
  try {
    const quick = await checkIntegrity(file, 'quick');
    rows.push({
      suite: SUITE,
      metric: `start self-check (quick_check, worker) on ${stones.toLocaleString('en-US')} stones`,
      value: round(quick.ms / 1000),
      unit: 's',
      goal: 'off the main thread: the first screen does not wait',
    });

    // The event loop's longest stall while the online backup runs (what a scan or a keystroke would wait).
    let worst = 0;
    let last = performance.now();
    const probe = setInterval(() => {
      const now = performance.now();
      worst = Math.max(worst, now - last - 5);
      last = now;
    }, 5);
    const t0 = performance.now();
    const backup = await backUpOnline(core.store.sqlite, out, 'manual', Date.now());
    const backupMs = performance.now() - t0;
    // A stall that ends the backup has no probe tick after it: count it here.
    worst = Math.max(worst, performance.now() - last - 5);
    clearInterval(probe);
    rows.push({
      suite: SUITE,
      metric: `online backup (${Math.round(backup.bytes / 1024 ** 2)} MB)`,
      value: round(backupMs / 1000),
      unit: 's',
    });
    rows.push({
      suite: SUITE,
      metric: 'longest event-loop stall during the backup',
      value: round(worst),
      unit: 'ms',
      goal: 'screens keep answering',
    });

    const check = performance.now();
    await checkBackup(backup.file);
    rows.push({
      suite: SUITE,
      metric: 'restore: check of the backup (integrity_check, worker)',
      value: round((performance.now() - check) / 1000),
      unit: 's',
    });

    const full = await checkIntegrity(file, 'full');
    rows.push({ suite: SUITE, metric: 'doctor: integrity_check (worker)', value: round(full.ms / 1000), unit: 's' });
  } finally {
    await core.close();
    rmSync(out, { recursive: true, force: true });
  }
  return rows;
}

// The generated inventory of 1,000,000 stones the inventory and stone-details benches share (npm run
// seed:demo; built once into .cache/bench/inventory-1m so reruns are quick), and helpers to time on it.
import { closeSync, existsSync, openSync, readSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createCore, type Core } from '../../src/main/core/create-core';
import { seedDemo } from '../seed-demo';

export const STONES = 1_000_000;
export const ROOT = join(__dirname, '..', '..');
export const DATA_DIR = join(ROOT, '.cache', 'bench', 'inventory-1m');

export const log = (line: string) => console.error(`  ${line}`);

/** Whether the cached database is the current demo stock: all the stones, graded and priced, some with photos. */
async function isCurrent(): Promise<boolean> {
  if (!existsSync(join(DATA_DIR, 'loupe.db'))) return false;
  const core = await createCore({ dataDir: DATA_DIR, startSync: false });
  try {
    const one = (sql: string) => core.store.sqlite.prepare(sql).get() as { n: number } | undefined;
    return (
      one('SELECT count(*) AS n FROM gemstones')?.n === STONES &&
      one('SELECT 1 AS n FROM gemstones WHERE askingPrice IS NOT NULL AND shape IS NOT NULL LIMIT 1') !== undefined &&
      one('SELECT 1 AS n FROM gemstones WHERE photos IS NOT NULL LIMIT 1') !== undefined
    );
  } finally {
    await core.close();
  }
}

/** The bench database, generated when missing or left by an older demo stock. */
export async function ensureDatabase(): Promise<string> {
  if (await isCurrent()) return DATA_DIR;
  log(`generating ${STONES.toLocaleString('en-US')} stones into ${DATA_DIR} (once; a few minutes)…`);
  const building = `${DATA_DIR}.building`;
  rmSync(building, { recursive: true, force: true });
  await seedDemo({ dataDir: building, stones: STONES, log });
  rmSync(DATA_DIR, { recursive: true, force: true });
  renameSync(building, DATA_DIR);
  return DATA_DIR;
}

/**
 * Reads the database file once, so the figures are those of a workstation in use all day (the OS keeps
 * its file in the page cache), not of how much this machine evicted since the last run.
 */
export function readWholeFile(file: string) {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(8 * 1024 * 1024);
    while (readSync(fd, buffer, 0, buffer.length, null) > 0);
  } finally {
    closeSync(fd);
  }
}

export function time<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const result = fn();
  return [result, performance.now() - t0];
}

export async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** Random SKUs from the stock (deterministic), of the stones `where` picks (all by default). */
export function sampleSkus(core: Core, n: number, where = '1'): string[] {
  const max = (core.store.sqlite.prepare('SELECT max(rowid) AS m FROM gemstones').get() as { m: number }).m;
  const get = core.store.sqlite.prepare(`SELECT sku FROM gemstones WHERE rowid = ? AND (${where})`).pluck();
  let seed = 7;
  const out: string[] = [];
  while (out.length < n) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const sku = get.get(1 + (seed % max)) as string | undefined;
    if (sku) out.push(sku);
  }
  return out;
}

import { query } from '../db/query';
import type { Store } from '../db/store';
import { nativeBindingOf } from '../db/native';
import { readInWorker } from '../maintenance/sqlite-worker';
import { stockGroups, type StockGroupParams, type StockGroupRow } from './queries';

// The stock reports and the dashboard read every stone in stock: seconds on a million stones. That read
// runs on a read-only connection of its own in a worker thread, so scans, edits and sync keep answering
// while it runs; and reads asked for while one is under way share it rather than start another.

const COLUMNS = ['type', 'location', 'consigned', 'currency', 'bucket', 'stones', 'carats', 'cost', 'asking'] as const;

const inFlight = new WeakMap<Store, { key: string; rows: Promise<StockGroupRow[]> }>();

async function readOnce(store: Store, params: StockGroupParams): Promise<StockGroupRow[]> {
  const sqlite = store.sqlite;
  const result = await readInWorker(sqlite.name, [{ name: 'stock', sql: stockGroups.sql, params: [params] }], {
    nativeBinding: nativeBindingOf(sqlite),
  });
  const step = result.steps.stock;
  if (result.openError || !step || !step.ok) {
    const why = result.openError?.message ?? (step && !step.ok ? step.error : 'no answer');
    throw new Error(`The stock could not be read for the report (${why}).`);
  }
  return step.rows.map(
    (values) => Object.fromEntries(COLUMNS.map((c, i) => [c, values[i]])) as unknown as StockGroupRow,
  );
}

const writesSoFar = query<[], { n: number }>('SELECT total_changes() AS n');

/**
 * The stock grouped (queries.ts stockGroups), read off the main thread. A read under way is shared only
 * while nothing has been written since it began (every write goes through this connection), so no one is
 * shown the stock as it was before a change they made or pulled.
 */
export function readStockGroups(store: Store, params: StockGroupParams): Promise<StockGroupRow[]> {
  const key = `${params.gone}\u0000${writesSoFar.get(store)!.n}`;
  const current = inFlight.get(store);
  if (current && current.key === key) return current.rows;
  const rows = readOnce(store, params).finally(() => {
    if (inFlight.get(store)?.rows === rows) inFlight.delete(store);
  });
  inFlight.set(store, { key, rows });
  return rows;
}

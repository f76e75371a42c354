import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import type { BulkLoadFinish, BulkLoadHelperData } from '../workers/bulk-load.worker';
import { startBulkLoadHelper } from '../workers/start';
import { betterSqlitePath, nativeBindingOf } from './native';
import { BASE_CAPTURE_SUFFIX } from './sync-base';

// Bulk loading: a first download writes a whole class into a nearly empty table. Keeping a dozen
// secondary indexes (and the tallies trigger) up to date row by row makes every page commit rewrite
// most of their pages; building them once at the end is several times faster. So for that one case the
// table's non-unique indexes and its tallies triggers are set aside, recorded in bulk_load_suspended in the
// same transaction, and put back when the load ends, or when the database is next opened if Loupe stopped
// in between. Unique indexes stay: they are what finds a pulled row's local twin and keeps SKUs unique; so
// does the sync-base capture trigger (db/sync-base.ts).

/** What a table's triggers keep derived from it, rebuilt in full after a load ran without them. */
const REBUILD_DERIVED: Record<string, string[]> = {
  gemstones: [
    'DELETE FROM gemstone_tallies',
    `INSERT INTO gemstone_tallies (gemstoneType, clarityGrade, certificateStatus, location, stones, carats)
     SELECT gemstoneType, clarityGrade, certificateStatus, location, count(*), sum(caratWeight) FROM gemstones GROUP BY 1, 2, 3, 4`,
  ],
};

/** SQLite's own default: checkpoint the write-ahead log once it holds this many pages. */
const WAL_AUTOCHECKPOINT_PAGES = 1000;
/**
 * During a load the helper thread checkpoints (see beginBulkLoad); the main connection's own checkpoint is
 * only the fallback, ten times rarer (a log of up to ~40 MB), should the helper not keep up or not start.
 */
const BULK_WAL_AUTOCHECKPOINT_PAGES = 10_000;

/** Sets aside `table`'s secondary indexes and tallies triggers until {@link restoreSuspended}. */
export function suspendSecondaryIndexes(sqlite: Database.Database, table: string): void {
  sqlite.pragma(`wal_autocheckpoint = ${BULK_WAL_AUTOCHECKPOINT_PAGES}`);
  sqlite
    .transaction(() => {
      const objects = sqlite
        .prepare(
          `SELECT name, type, sql FROM sqlite_master
           WHERE tbl_name = ? AND sql IS NOT NULL
             AND ((type = 'trigger' AND name NOT LIKE ?) OR (type = 'index' AND sql NOT LIKE 'CREATE UNIQUE INDEX%'))`,
        )
        // Not the sync-base capture: an edit made during the download still needs its base.
        .all(table, `%${BASE_CAPTURE_SUFFIX}`) as { name: string; type: 'index' | 'trigger'; sql: string }[];
      const record = sqlite.prepare(
        'INSERT OR IGNORE INTO bulk_load_suspended (name, tableName, type, sql) VALUES (?, ?, ?, ?)',
      );
      for (const object of objects) {
        record.run(object.name, table, object.type, object.sql);
        sqlite.exec(`DROP ${object.type === 'index' ? 'INDEX' : 'TRIGGER'} "${object.name}"`);
      }
    })
    .immediate();
}

/** Puts back whatever a bulk load set aside (all tables, or one) and rebuilds what its triggers derive. */
export function restoreSuspended(sqlite: Database.Database, table?: string): string[] {
  sqlite.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
  return sqlite
    .transaction(() => {
      const suspended = sqlite
        .prepare(
          `SELECT name, tableName, type, sql FROM bulk_load_suspended ${table ? 'WHERE tableName = ?' : ''} ORDER BY type, name`,
        )
        .all(...(table ? [table] : [])) as { name: string; tableName: string; type: string; sql: string }[];
      const exists = sqlite.prepare('SELECT 1 FROM sqlite_master WHERE name = ?');
      const tables = new Set<string>();
      for (const object of suspended) {
        if (!exists.get(object.name)) sqlite.exec(object.sql);
        if (object.type === 'trigger') tables.add(object.tableName);
      }
      for (const name of tables) for (const statement of REBUILD_DERIVED[name] ?? []) sqlite.exec(statement);
      sqlite
        .prepare(`DELETE FROM bulk_load_suspended ${table ? 'WHERE tableName = ?' : ''}`)
        .run(...(table ? [table] : []));
      return suspended.map((s) => s.name);
    })
    .immediate();
}

/** Helper threads for the index builder's sorts: the cores left beside the builder's own, at most four. */
const SORTER_THREADS = Math.max(1, Math.min(4, availableParallelism() - 1));

/** How often the load's helper copies what the main connection committed from the log into the database. */
const CHECKPOINT_EVERY_MS = 100;

/** A first download's bulk load of one table, under way. */
export interface BulkLoad {
  /**
   * Puts back what the load set aside, like {@link restoreSuspended}, on the helper's connection: on a
   * million stones that is seconds of work, during which the main thread (which answers the screens)
   * stays free. Whatever the helper could not do is done here. Resolves to the names put back.
   */
  finish(): Promise<string[]>;
}

/**
 * Begins a bulk load of `table`: sets aside its secondary indexes and tallies triggers
 * ({@link suspendSecondaryIndexes}) and starts the load's helper thread. Call {@link BulkLoad.finish}
 * when the load ends, however it ends.
 */
export function beginBulkLoad(sqlite: Database.Database, table: string): BulkLoad {
  suspendSecondaryIndexes(sqlite, table);
  const names = () =>
    (sqlite.prepare('SELECT name FROM bulk_load_suspended WHERE tableName = ?').all(table) as { name: string }[]).map(
      (row) => row.name,
    );
  let helper: { worker: Worker; done: Promise<void> } | null = null;
  try {
    const workerData: BulkLoadHelperData = {
      file: sqlite.name,
      modulePath: betterSqlitePath(),
      nativeBinding: nativeBindingOf(sqlite) ?? null,
      sorterThreads: SORTER_THREADS,
      checkpointEveryMs: CHECKPOINT_EVERY_MS,
    };
    // The load's helper (workers/bulk-load.worker.ts): checkpoints while the load runs, puts back what it
    // set aside when it ends.
    const worker = startBulkLoadHelper({ workerData });
    // Until the load ends the helper only checkpoints: it must not keep a process alive by itself.
    worker.unref();
    // Its answer (whether or not it managed), an error, or its end: then the main thread does what is left.
    const done = new Promise<void>((resolve) => {
      worker.once('message', () => resolve());
      worker.once('error', () => resolve());
      worker.once('exit', () => resolve());
    });
    helper = { worker, done };
  } catch {
    // No helper: the main connection's own (rarer) checkpoints carry on, and the indexes are built below.
  }
  return {
    async finish() {
      const toRestore = sqlite.open ? names() : [];
      if (helper) {
        const { worker, done } = helper;
        helper = null;
        if (sqlite.open) {
          worker.ref();
          worker.postMessage({ table, derived: REBUILD_DERIVED[table] ?? [] } satisfies BulkLoadFinish);
          await done;
        }
        // Closed meanwhile: what is left is put back when the database next opens.
        await worker.terminate().catch(() => undefined);
      }
      if (!sqlite.open) return [];
      restoreSuspended(sqlite, table); // what the helper could not do, and the usual checkpoint cadence
      return toRestore;
    },
  };
}

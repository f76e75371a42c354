import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
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
 * During a load, checkpoint ten times less often (a log of up to ~40 MB): each page commit rewrites many of
 * the same unique-index pages, and each checkpoint copies every one of them into the database again.
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
      const record = sqlite.prepare('INSERT OR IGNORE INTO bulk_load_suspended (name, tableName, type, sql) VALUES (?, ?, ?, ?)');
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
        .prepare(`SELECT name, tableName, type, sql FROM bulk_load_suspended ${table ? 'WHERE tableName = ?' : ''} ORDER BY type, name`)
        .all(...(table ? [table] : [])) as { name: string; tableName: string; type: string; sql: string }[];
      const exists = sqlite.prepare('SELECT 1 FROM sqlite_master WHERE name = ?');
      const tables = new Set<string>();
      for (const object of suspended) {
        if (!exists.get(object.name)) sqlite.exec(object.sql);
        if (object.type === 'trigger') tables.add(object.tableName);
      }
      for (const name of tables) for (const statement of REBUILD_DERIVED[name] ?? []) sqlite.exec(statement);
      sqlite.prepare(`DELETE FROM bulk_load_suspended ${table ? 'WHERE tableName = ?' : ''}`).run(...(table ? [table] : []));
      return suspended.map((s) => s.name);
    })
    .immediate();
}

/** Helper threads for the index builder's sorts: the cores left beside the builder's own, at most four. */
const SORTER_THREADS = Math.max(1, Math.min(4, availableParallelism() - 1));

// Plain CommonJS, as in maintenance/sqlite-worker.ts: builds the indexes a load set aside, one transaction
// each (so the main connection's writes can go in between), on a connection of its own.
const INDEX_BUILDER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
let error = null;
try {
  const Database = require(workerData.modulePath);
  const db = new Database(workerData.file, { fileMustExist: true, nativeBinding: workerData.nativeBinding || undefined });
  try {
    db.pragma('busy_timeout = 30000');
    // Each build sorts every row's key. With a small sort memory the sorter writes sorted runs that helper
    // threads sort while this one reads on: on a million stones the build took 5.1 s instead of 7.1 s.
    db.pragma('threads = ' + workerData.sorterThreads);
    db.pragma('cache_size = -1000');
    const exists = db.prepare('SELECT 1 FROM sqlite_master WHERE name = ?');
    const done = db.prepare('DELETE FROM bulk_load_suspended WHERE name = ?');
    for (const index of workerData.indexes) {
      db.transaction(() => {
        if (!exists.get(index.name)) db.exec(index.sql);
        done.run(index.name);
      }).immediate();
    }
  } finally {
    db.close();
  }
} catch (e) {
  error = String((e && e.message) || e);
}
parentPort.postMessage({ error });
`;

function buildIndexesInWorker(file: string, nativeBinding: string | undefined, indexes: { name: string; sql: string }[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(INDEX_BUILDER_SOURCE, { eval: true, workerData: { file, modulePath: betterSqlitePath(), nativeBinding: nativeBinding ?? null, indexes, sorterThreads: SORTER_THREADS } });
    worker.once('message', (answer: { error: string | null }) => (answer.error ? reject(new Error(answer.error)) : resolve()));
    worker.once('error', reject);
    worker.once('exit', () => setImmediate(() => reject(new Error('the index builder stopped'))));
  });
}

/**
 * Puts back what a load of `table` set aside, like {@link restoreSuspended}, but builds its indexes on a
 * worker thread's connection: on a million stones that is seconds of work, during which the main thread
 * (which answers the screens) stays free. The triggers and tallies, quick, follow here; so does any index
 * the worker could not build.
 */
export async function restoreSuspendedOffMainThread(sqlite: Database.Database, table: string): Promise<string[]> {
  sqlite.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
  const indexes = sqlite.prepare("SELECT name, sql FROM bulk_load_suspended WHERE tableName = ? AND type = 'index' ORDER BY name").all(table) as {
    name: string;
    sql: string;
  }[];
  if (indexes.length > 0) {
    try {
      await buildIndexesInWorker(sqlite.name, nativeBindingOf(sqlite), indexes);
    } catch {
      // Built here instead, below.
    }
  }
  if (!sqlite.open) return []; // closed meanwhile: what is left is put back when the database next opens
  const rest = restoreSuspended(sqlite, table);
  return [...new Set([...indexes.map((i) => i.name), ...rest])];
}

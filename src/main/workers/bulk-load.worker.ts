import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import type Database from 'better-sqlite3';

// The load's helper thread (db/bulk-load.ts), on a connection of its own. While the main thread writes
// pages it checkpoints the write-ahead log (PASSIVE: it never holds up a writer), so the main thread's
// commits no longer stop for a checkpoint of thousands of pages now and then (on 100,000 stones its longest
// stall, median of 5 downloads, went from 155 to 135 ms). Once told the load is over, it builds the indexes
// the load set aside, one transaction each (so the main connection's writes can go in between), then puts
// back the triggers with what they derive, in one transaction, as restoreSuspended does, and checkpoints
// one last time.

export interface BulkLoadHelperData {
  file: string;
  /** better-sqlite3's entry as the main thread resolved it (app.asar.unpacked when packaged). */
  modulePath: string;
  /** The native binding the main connection was opened with (Electron's build inside the app). */
  nativeBinding: string | null;
  sorterThreads: number;
  checkpointEveryMs: number;
}

/** The main thread's word that the load is over: put back what `table` had set aside. */
export interface BulkLoadFinish {
  table: string;
  /** Statements rebuilding what the table's triggers derive (bulk-load.ts REBUILD_DERIVED). */
  derived: string[];
}

/** The helper's one answer: null when it put everything back. */
export interface BulkLoadAnswer {
  error: string | null;
}

const port = parentPort!;
const data = workerData as BulkLoadHelperData;
const message = (error: unknown) => String((error as { message?: unknown } | null)?.message ?? error);

let db: Database.Database | null = null;
let timer: NodeJS.Timeout | undefined;
try {
  const Sqlite = createRequire(__filename)(data.modulePath) as typeof Database;
  const connection = new Sqlite(data.file, { fileMustExist: true, nativeBinding: data.nativeBinding ?? undefined });
  db = connection;
  connection.pragma('busy_timeout = 30000');
  // Each build sorts every row's key. With a small sort memory the sorter writes sorted runs that helper
  // threads sort while this one reads on: on a million stones the build took 5.1 s instead of 7.1 s.
  connection.pragma(`threads = ${data.sorterThreads}`);
  connection.pragma('cache_size = -1000');
  timer = setInterval(() => {
    try {
      connection.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // Busy or closed: the next tick, or the main connection's own checkpoint, does it.
    }
  }, data.checkpointEveryMs);
} catch (error) {
  port.postMessage({ error: message(error) } satisfies BulkLoadAnswer);
}

function putBack(connection: Database.Database, { table, derived }: BulkLoadFinish): void {
  const exists = connection.prepare('SELECT 1 FROM sqlite_master WHERE name = ?');
  const done = connection.prepare('DELETE FROM bulk_load_suspended WHERE name = ?');
  const suspended = (type: 'index' | 'trigger') =>
    connection
      .prepare('SELECT name, sql FROM bulk_load_suspended WHERE tableName = ? AND type = ? ORDER BY name')
      .all(table, type) as { name: string; sql: string }[];
  for (const index of suspended('index')) {
    connection
      .transaction(() => {
        if (!exists.get(index.name)) connection.exec(index.sql);
        done.run(index.name);
      })
      .immediate();
  }
  connection
    .transaction(() => {
      const triggers = suspended('trigger');
      for (const trigger of triggers) {
        if (!exists.get(trigger.name)) connection.exec(trigger.sql);
        done.run(trigger.name);
      }
      if (triggers.length > 0) for (const statement of derived) connection.exec(statement);
    })
    .immediate();
  connection.pragma('wal_checkpoint(PASSIVE)');
}

port.on('message', (finish: BulkLoadFinish) => {
  clearInterval(timer);
  let error: string | null = null;
  try {
    if (!db) throw new Error('no connection');
    putBack(db, finish);
  } catch (e) {
    error = message(e);
  } finally {
    db?.close();
  }
  port.postMessage({ error } satisfies BulkLoadAnswer);
});

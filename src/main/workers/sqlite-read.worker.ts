import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import type Database from 'better-sqlite3';

// The thread behind maintenance/sqlite-worker.ts (integrity checks, the doctor, VACUUM INTO for backups):
// opens the database file read-only on a connection of its own, runs the steps, posts one ReadResult and
// ends.

export interface ReadStep {
  /** A label for the result. */
  name: string;
  /** One statement; every row is returned as its values (none for a statement that returns no rows). */
  sql: string;
  params?: unknown[];
}

export type StepResult = { ok: true; rows: unknown[][] } | { ok: false; error: string; code: string | null };

export interface ReadResult {
  /** Null when the file could not be opened at all. */
  openError: { message: string; code: string | null } | null;
  steps: Record<string, StepResult>;
  ms: number;
}

export interface SqliteReadData {
  file: string;
  steps: ReadStep[];
  /** better-sqlite3's entry as the main thread resolved it (app.asar.unpacked when packaged). */
  modulePath: string;
  /** The native binding the main connection was opened with (Electron's build inside the app). */
  nativeBinding: string | null;
}

interface SqliteError {
  message?: unknown;
  code?: unknown;
}

const message = (error: unknown) => String((error as SqliteError | null)?.message ?? error);
const code = (error: unknown) => {
  const value = (error as SqliteError | null)?.code;
  return typeof value === 'string' ? value : null;
};

function read(data: SqliteReadData): ReadResult {
  const started = Date.now();
  const out: ReadResult = { openError: null, steps: {}, ms: 0 };
  let db: Database.Database | null = null;
  try {
    const Sqlite = createRequire(__filename)(data.modulePath) as typeof Database;
    db = new Sqlite(data.file, { readonly: true, fileMustExist: true, nativeBinding: data.nativeBinding ?? undefined });
    db.pragma('busy_timeout = 5000');
  } catch (error) {
    out.openError = { message: message(error), code: code(error) };
  }
  if (db) {
    for (const step of data.steps) {
      try {
        const statement = db.prepare(step.sql);
        const params = step.params ?? [];
        let rows: unknown[][] = [];
        if (statement.reader) rows = statement.raw(true).all(...params) as unknown[][];
        else statement.run(...params);
        out.steps[step.name] = { ok: true, rows };
      } catch (error) {
        out.steps[step.name] = { ok: false, error: message(error), code: code(error) };
      }
    }
    try {
      db.close();
    } catch {
      // Closing a read-only connection that read nothing more cannot lose anything.
    }
  }
  out.ms = Date.now() - started;
  return out;
}

parentPort?.postMessage(read(workerData as SqliteReadData));

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { restoreSuspended } from './bulk-load';
import { rememberNativeBinding } from './native';
import { ensureBaseCaptureTriggers } from './sync-base';
import { DatabaseCorruptError } from './errors';
import { migrate, MIGRATIONS, type BeforeMigrate, type MigrationResult } from './migrate';

export interface LoupeDatabase {
  file: string;
  sqlite: Database.Database;
  migration: MigrationResult;
  close(): void;
}

export interface OpenOptions {
  /** Path to a better_sqlite3.node built for another ABI (the Electron shell passes its own). */
  nativeBinding?: string;
  readonly?: boolean;
  /** Runs before pending migrations touch an existing database (the core backs the file up there). */
  beforeMigrate?: (sqlite: Database.Database, plan: Parameters<BeforeMigrate>[0]) => void;
}

const CORRUPT_CODES = new Set(['SQLITE_NOTADB', 'SQLITE_CORRUPT']);

function isCorruption(error: unknown): error is Error & { code: string } {
  return error instanceof Error && CORRUPT_CODES.has((error as { code?: string }).code ?? '');
}

/**
 * Opens (creating if needed) the workstation database with the pragmas Loupe relies on, and migrates it
 * before anyone can use it.
 */
export function openDatabase(file: string, options: OpenOptions = {}): LoupeDatabase {
  mkdirSync(dirname(file), { recursive: true });
  const sqlite = new Database(file, { nativeBinding: options.nativeBinding });
  rememberNativeBinding(sqlite, options.nativeBinding);
  try {
    // WAL: readers never wait for the writer, so sync and screens never block typing.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('cache_size = -65536');
    const beforeMigrate = options.beforeMigrate;
    const migration = migrate(sqlite, file, MIGRATIONS, beforeMigrate && ((plan) => beforeMigrate(sqlite, plan)));
    // A first download that stopped half-way (crash, power) left indexes set aside: put them back first.
    if (!options.readonly && sqlite.prepare('SELECT 1 FROM bulk_load_suspended LIMIT 1').get())
      restoreSuspended(sqlite);
    if (!options.readonly) ensureBaseCaptureTriggers(sqlite);
    return {
      file,
      sqlite,
      migration,
      close: () => {
        if (sqlite.open) sqlite.close();
      },
    };
  } catch (error) {
    sqlite.close();
    if (isCorruption(error)) throw new DatabaseCorruptError(file, error.message);
    throw error;
  }
}

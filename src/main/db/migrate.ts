import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { DatabaseTooNewError, MigrationMismatchError } from './errors';
import { EMBEDDED_MIGRATIONS } from './migrations/embedded';

export interface Migration {
  idx: number;
  tag: string;
  sql: string;
  hash: string;
}

// drizzle-kit's SQL files, embedded as a module (scripts/embed-migrations.mjs): a packaged app, the host,
// scripts and tests all run exactly these, with no path to resolve at run time.
export const MIGRATIONS: readonly Migration[] = EMBEDDED_MIGRATIONS.map((m) => ({
  ...m,
  hash: createHash('sha256').update(m.sql).digest('hex'),
}));

/**
 * Migrations shipped under drizzle-kit's generated names before they were given names saying what they do.
 * A database records each applied migration's tag: one migrated then still carries the old tag, which stands
 * for the renamed migration (same index, same SQL). The rows are left as they are, so a build from before the
 * rename can still open the file.
 */
export const FORMER_TAGS: Readonly<Record<string, string>> = {
  '0001_mute_jigsaw': '0001_sync_conflicts_and_inquiry_outcomes',
  '0002_right_thanos': '0002_custody_stock_counts_and_lists',
  '0004_far_typhoid_mary': '0004_certificate_corrections_and_documents',
};

const sameTag = (recorded: string, shipped: string) => recorded === shipped || FORMER_TAGS[recorded] === shipped;

/** The schema version this build writes: the number of migrations it ships (kept in PRAGMA user_version). */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** Called before pending migrations are applied to a database that already holds data. */
export type BeforeMigrate = (plan: { fromVersion: number; toVersion: number; pending: string[] }) => void;

export interface MigrationResult {
  fromVersion: number;
  toVersion: number;
  applied: string[];
}

/** The version recorded in the file, checked before anything is written. */
export function databaseVersion(sqlite: Database): number {
  return sqlite.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings the database to SCHEMA_VERSION in one transaction: all pending migrations apply, or none do.
 * Refuses a database from a newer Loupe and one whose applied migrations differ from the shipped ones.
 */
export function migrate(
  sqlite: Database,
  file: string,
  migrations: readonly Migration[] = MIGRATIONS,
  beforeMigrate?: BeforeMigrate,
): MigrationResult {
  const fromVersion = databaseVersion(sqlite);
  if (fromVersion > migrations.length) throw new DatabaseTooNewError(file, fromVersion, migrations.length);
  // An existing database about to change shape: let the caller copy it first (a backup to go back to).
  if (beforeMigrate && fromVersion > 0 && fromVersion < migrations.length) {
    beforeMigrate({
      fromVersion,
      toVersion: migrations.length,
      pending: migrations.slice(fromVersion).map((m) => m.tag),
    });
  }

  const run = sqlite.transaction((): string[] => {
    sqlite.exec(`CREATE TABLE IF NOT EXISTS loupe_migrations (
      idx INTEGER PRIMARY KEY, tag TEXT NOT NULL, hash TEXT NOT NULL, appliedAt INTEGER NOT NULL)`);
    const applied = sqlite.prepare('SELECT idx, tag, hash FROM loupe_migrations ORDER BY idx').all() as {
      idx: number;
      tag: string;
      hash: string;
    }[];
    for (const row of applied) {
      const shipped = migrations[row.idx];
      if (!shipped) throw new DatabaseTooNewError(file, applied.length, migrations.length);
      if (shipped.hash !== row.hash || !sameTag(row.tag, shipped.tag)) throw new MigrationMismatchError(row.tag);
    }
    const record = sqlite.prepare('INSERT INTO loupe_migrations (idx, tag, hash, appliedAt) VALUES (?, ?, ?, ?)');
    const done: string[] = [];
    for (const migration of migrations.slice(applied.length)) {
      sqlite.exec(migration.sql);
      record.run(migration.idx, migration.tag, migration.hash, Date.now());
      done.push(migration.tag);
    }
    sqlite.pragma(`user_version = ${migrations.length}`);
    return done;
  });
  const applied = run.immediate();
  return { fromVersion, toVersion: migrations.length, applied };
}

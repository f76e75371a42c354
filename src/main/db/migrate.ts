import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import journal from './migrations/meta/_journal.json';
import { DatabaseTooNewError, MigrationMismatchError } from './errors';

// drizzle-kit's SQL files are embedded at build time, so a packaged app and the tests run exactly the
// migrations in this folder, with no path to resolve at run time.
const files = import.meta.glob<string>('./migrations/*.sql', { query: '?raw', import: 'default', eager: true });

export interface Migration {
  idx: number;
  tag: string;
  sql: string;
  hash: string;
}

export const MIGRATIONS: readonly Migration[] = journal.entries.map((entry) => {
  const sql = files[`./migrations/${entry.tag}.sql`];
  if (sql === undefined) throw new Error(`Migration file for ${entry.tag} is missing from the build`);
  return { idx: entry.idx, tag: entry.tag, sql, hash: createHash('sha256').update(sql).digest('hex') };
});

/** The schema version this build writes: the number of migrations it ships (kept in PRAGMA user_version). */
export const SCHEMA_VERSION = MIGRATIONS.length;

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
export function migrate(sqlite: Database, file: string, migrations: readonly Migration[] = MIGRATIONS): MigrationResult {
  const fromVersion = databaseVersion(sqlite);
  if (fromVersion > migrations.length) throw new DatabaseTooNewError(file, fromVersion, migrations.length);

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
      if (shipped.hash !== row.hash || shipped.tag !== row.tag) throw new MigrationMismatchError(row.tag);
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

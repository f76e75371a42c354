import type { Database } from 'better-sqlite3';
import { query } from '../db/query';

// Every statement of maintenance. The settings go through the store's cached statements; backups work on
// a bare connection (before migrations, or a file being restored), which has no store to cache them.

export const settingValue = query<[key: string], { value: string }>('SELECT value FROM settings WHERE key = ?');

export const saveSetting = query<[key: string, value: string, now: number]>(
  `INSERT INTO settings (key, value, updatedAt) VALUES (?, ?, ?)
   ON CONFLICT (key) DO UPDATE SET value = excluded.value, updatedAt = excluded.updatedAt`,
);

/** Changes of this desk waiting to be sent. */
export const unsentChanges = query<[], { n: number }>('SELECT count(*) AS n FROM outbox');

export const deleteSetting = query<[key: string]>('DELETE FROM settings WHERE key = ?');

/** A setting read on a bare connection. */
export const settingOn = (sqlite: Database, key: string) =>
  sqlite.prepare(settingValue.sql).get(key) as { value: string } | undefined;

/** Sets the journal mode of the copy at `file` to DELETE: a backup is one self-contained file. */
export function makeSingleFile(sqlite: Database, file: string) {
  sqlite.prepare('ATTACH DATABASE ? AS loupe_backup').run(file);
  try {
    sqlite.pragma('loupe_backup.journal_mode = DELETE');
  } finally {
    sqlite.prepare('DETACH DATABASE loupe_backup').run();
  }
}

/** A consistent copy of the whole database at `file`, in one blocking statement. */
export const vacuumInto = (sqlite: Database, file: string) => sqlite.prepare('VACUUM INTO ?').run(file);

/** The tables in a database file (a staged backup may predate some). */
export const tableNamesOn = (sqlite: Database) =>
  new Set(
    (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map(
      (t) => t.name,
    ),
  );

/** Changes waiting to be sent, on a bare connection. */
export const unsentChangesOn = (sqlite: Database) => (sqlite.prepare(unsentChanges.sql).get() as { n: number }).n;

/** Empties one of a desk's own sync tables (outbox, dead letters, conflicts) on a bare connection. */
export const emptyTableOn = (sqlite: Database, table: 'outbox' | 'sync_dead_letters' | 'sync_conflicts') =>
  sqlite.prepare(`DELETE FROM ${table}`).run();

/** Removes a setting on a bare connection. */
export const deleteSettingOn = (sqlite: Database, key: string) => sqlite.prepare(deleteSetting.sql).run(key);

import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { MIGRATIONS, SCHEMA_VERSION } from '../db/migrate';
import { DomainError } from '../trpc/errors';
import { nativeBindingOf } from '../db/native';
import { readInWorker } from './sqlite-worker';
import { makeSingleFile, settingOn, vacuumInto } from './queries';

// Backups of the workstation database: whole, consistent copies of loupe.db taken while Loupe runs
// (VACUUM INTO on a worker thread's connection, so screens keep answering), every day and before every
// migration, kept with rotation in a folder the administrator chooses. Restoring checks the file first,
// keeps the current database aside, and swaps the file while the core is closed.

export type BackupKind = 'daily' | 'manual' | 'before-migration';

export interface BackupFile {
  file: string;
  name: string;
  kind: BackupKind;
  /** When it was taken (ms since epoch, from the file name). */
  at: number;
  bytes: number;
}

/** How many backups rotation keeps: the newest of each of the last 7 days and of the last 4 weeks. */
export const ROTATION = { days: 7, weeks: 4, beforeMigration: 4 } as const;
export const BACKUP_FOLDER_NAME = 'backups';
/** The settings key of the chosen folder; mirrored in a small file so recovery finds it without the database. */
export const FOLDER_SETTING = 'backups';
export const FOLDER_HINT_FILE = 'backup-folder.txt';

const NAME = /^loupe-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z-(daily|manual|before-migration)\.db$/;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** loupe-20250314T091502123Z-daily.db: sortable, readable, and says why it was taken. */
export function backupName(kind: BackupKind, at: number): string {
  const d = new Date(at);
  const stamp =
    `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T` +
    `${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}${pad(d.getUTCMilliseconds(), 3)}Z`;
  return `loupe-${stamp}-${kind}.db`;
}

export function parseBackupName(name: string): { kind: BackupKind; at: number } | null {
  const m = NAME.exec(name);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, ms, kind] = m;
  return { kind: kind as BackupKind, at: Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +s!, +ms!) };
}

/** The backups in a folder, newest first (files in progress and other files are ignored). */
export function listBackups(folder: string): BackupFile[] {
  if (!existsSync(folder)) return [];
  const out: BackupFile[] = [];
  for (const name of readdirSync(folder)) {
    const parsed = parseBackupName(name);
    if (!parsed) continue;
    const file = join(folder, name);
    try {
      out.push({ file, name, kind: parsed.kind, at: parsed.at, bytes: statSync(file).size });
    } catch {
      // removed meanwhile
    }
  }
  return out.sort((a, b) => b.at - a.at);
}

const dayKey = (at: number) => {
  const d = new Date(at);
  return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
};
/** Weeks start on Monday, in local time (what "last week" means at the counter). */
const weekKey = (at: number) => {
  const d = new Date(at);
  const monday = new Date(d.getFullYear(), d.getMonth(), d.getDate() - ((d.getDay() + 6) % 7));
  return `${monday.getFullYear()}-${monday.getMonth()}-${monday.getDate()}`;
};

/**
 * Which automatic backups to keep: of the daily ones, the newest of each of the 7 most recent days and
 * the newest of each of the 4 most recent weeks; of those taken before a migration, the 4 newest. Backups
 * made with "Back up now" (or `loupe backup`) are never removed by Loupe.
 */
export function planRotation(backups: readonly BackupFile[]): { keep: BackupFile[]; remove: BackupFile[] } {
  const newestFirst = [...backups].sort((a, b) => b.at - a.at);
  const keep = new Set<BackupFile>();
  const daily = newestFirst.filter((b) => b.kind === 'daily');
  for (const [key, limit] of [
    [dayKey, ROTATION.days],
    [weekKey, ROTATION.weeks],
  ] as const) {
    const seen = new Set<string>();
    for (const backup of daily) {
      const k = key(backup.at);
      if (seen.has(k)) continue;
      if (seen.size >= limit) break;
      seen.add(k);
      keep.add(backup);
    }
  }
  newestFirst
    .filter((b) => b.kind === 'before-migration')
    .slice(0, ROTATION.beforeMigration)
    .forEach((b) => keep.add(b));
  newestFirst.filter((b) => b.kind === 'manual').forEach((b) => keep.add(b));
  return { keep: newestFirst.filter((b) => keep.has(b)), remove: newestFirst.filter((b) => !keep.has(b)) };
}

export function rotateBackups(folder: string): BackupFile[] {
  const { remove } = planRotation(listBackups(folder));
  for (const backup of remove) rmSync(backup.file, { force: true });
  return remove;
}

// ── the folder ─────────────────────────────────────────────────────────────────────────────────────

export function defaultBackupFolder(dataDir: string): string {
  return join(dataDir, BACKUP_FOLDER_NAME);
}

function settingOf(sqlite: Database): string | null {
  try {
    const row = settingOn(sqlite, FOLDER_SETTING);
    const folder = row ? (JSON.parse(row.value) as { folder?: unknown }).folder : null;
    return typeof folder === 'string' && folder ? folder : null;
  } catch {
    return null; // an old database without the settings table
  }
}

/** The chosen folder (Settings → Backups) or <data folder>/backups. */
export function backupFolder(sqlite: Database | null, dataDir: string): string {
  return (sqlite && settingOf(sqlite)) ?? hintedFolder(dataDir) ?? defaultBackupFolder(dataDir);
}

/** The folder as last chosen, readable when the database itself is not (recovery). */
export function hintedFolder(dataDir: string): string | null {
  try {
    const text = readFileSync(join(dataDir, FOLDER_HINT_FILE), 'utf8').trim();
    return text && isAbsolute(text) ? text : null;
  } catch {
    return null;
  }
}

/** Checks a folder for backups: absolute, creatable, writable. Throws a typed refusal that says why. */
export function assertUsableFolder(folder: string): void {
  if (!isAbsolute(folder))
    throw new DomainError(
      'BACKUP_FOLDER',
      'Enter a full path, e.g. /home/amara/Loupe backups or D:\\Loupe backups.',
      'folder',
    );
  try {
    mkdirSync(folder, { recursive: true });
    const probe = join(folder, `.loupe-write-test-${process.pid}`);
    writeFileSync(probe, 'ok');
    rmSync(probe, { force: true });
  } catch (error) {
    throw new DomainError(
      'BACKUP_FOLDER',
      `Loupe cannot write to that folder (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`,
      'folder',
    );
  }
}

export function rememberFolder(dataDir: string, folder: string | null): void {
  const hint = join(dataDir, FOLDER_HINT_FILE);
  if (folder) writeFileSync(hint, `${folder}\n`);
  else rmSync(hint, { force: true });
}

// ── taking a backup ───────────────────────────────────────────────────────────────────────────────

function finish(sqlite: Database, partial: string, final: string, kind: BackupKind, at: number): BackupFile {
  makeSingleFile(sqlite, partial); // a backup is one self-contained file, whatever its copy's journal mode
  renameSync(partial, final);
  return { file: final, name: basename(final), kind, at, bytes: statSync(final).size };
}

/** What an interrupted backup leaves: the copy (*.db.partial) and SQLite's journal files beside it. */
const LEFTOVER = /\.db\.partial(-journal|-wal|-shm)?$/;
/** A backup still being written touches its file all the time; one this quiet was interrupted. */
const LEFTOVER_AFTER_MS = 10 * 60 * 1000;

/**
 * Removes what interrupted backups left in the folder (Loupe stopped, the disk full, the computer off):
 * at every start and before every backup. A file written in the last minutes is left alone: another
 * workstation may be backing up into the same (network) folder right now.
 */
export function removeLeftovers(folder: string, now = Date.now()): string[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return []; // not there (yet): nothing left over
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!LEFTOVER.test(name)) continue;
    const file = join(folder, name);
    try {
      if (now - statSync(file).mtimeMs < LEFTOVER_AFTER_MS) continue;
      rmSync(file, { force: true });
      removed.push(name);
    } catch {
      // gone meanwhile, or not ours to remove: left as it is
    }
  }
  return removed;
}

function targetFor(folder: string, kind: BackupKind, at: number) {
  mkdirSync(folder, { recursive: true });
  removeLeftovers(folder, at);
  let final = join(folder, backupName(kind, at));
  // Two backups in the same millisecond (tests, a double click): never overwrite one.
  for (let n = 1; existsSync(final); n++) final = join(folder, backupName(kind, at + n));
  const partial = `${final}.partial`;
  rmSync(partial, { force: true });
  return { final, partial, at: parseBackupName(basename(final))!.at };
}

/**
 * An online backup while Loupe keeps working: VACUUM INTO on a read-only connection of its own, in a worker
 * thread. It reads one snapshot (the database as it was when the copy began; writes made meanwhile are
 * not in it, and never half of one), and this thread, which answers the screens, is free meanwhile: on the
 * million-stone bench database (537 MB) the longest stall is a few milliseconds
 * (`npm run bench -- --only maintenance`). SQLite's backup API, used before, ran each step here, and its
 * last step flushed the whole copy to disk: a stall of 0.25-0.35 s. Written to *.partial and renamed when
 * complete.
 */
export async function backUpOnline(
  sqlite: Database,
  folder: string,
  kind: BackupKind,
  now: number,
): Promise<BackupFile> {
  const { final, partial, at } = targetFor(folder, kind, now);
  try {
    const copy = await readInWorker(sqlite.name, [{ name: 'copy', sql: 'VACUUM INTO ?', params: [partial] }], {
      nativeBinding: nativeBindingOf(sqlite),
    });
    const failed = copy.openError ?? (copy.steps.copy?.ok === false ? copy.steps.copy : null);
    if (failed)
      throw new Error(`The backup could not be written (${'message' in failed ? failed.message : failed.error}).`);
    return finish(sqlite, partial, final, kind, at);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
}

/** A blocking copy (VACUUM INTO) for the moment before migrations, when nothing else is served yet. */
export function backUpNow(sqlite: Database, folder: string, kind: BackupKind, now: number): BackupFile {
  const { final, partial, at } = targetFor(folder, kind, now);
  try {
    vacuumInto(sqlite, partial);
    return finish(sqlite, partial, final, kind, at);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
}

/**
 * The backup before migrations: in the chosen folder, or the default one if that cannot be written (a
 * disconnected network drive must not keep Loupe from starting). Refuses to migrate without any backup.
 */
export function backUpBeforeMigration(sqlite: Database, dataDir: string, now: number): BackupFile {
  const folders = [...new Set([backupFolder(sqlite, dataDir), defaultBackupFolder(dataDir)])];
  let lastError: unknown;
  for (const folder of folders) {
    try {
      const backup = backUpNow(sqlite, folder, 'before-migration', now);
      rotateBackups(folder);
      return backup;
    } catch (error) {
      lastError = error;
    }
  }
  throw new Error(
    `Loupe must back up its database before upgrading it, and could not (${(lastError as Error).message}). ` +
      'Free some disk space and start Loupe again; nothing was changed.',
  );
}

// ── checking and restoring ─────────────────────────────────────────────────────────────────────────

export interface BackupCheck {
  /** Stones in the backup, for the person choosing it. */
  stones: number;
  schemaVersion: number;
  /** Migrations this Loupe will apply when it opens the backup. */
  pendingMigrations: number;
}

const REQUIRED_TABLES = ['users', 'gemstones', 'settings', 'outbox', 'loupe_migrations'];

/**
 * Whether a file can replace the workstation database: it opens read-only, passes integrity_check, is a
 * Loupe database, and its migrations are ones this Loupe ships (not newer, not edited). Throws
 * BACKUP_REFUSED with the reason otherwise. Runs in a worker thread (integrity_check reads every page).
 */
export async function checkBackup(
  file: string,
  nativeBinding?: string,
  shownAs = basename(file),
): Promise<BackupCheck> {
  const result = await readInWorker(
    file,
    [
      { name: 'integrity', sql: 'PRAGMA integrity_check(20)' },
      { name: 'version', sql: 'PRAGMA user_version' },
      { name: 'tables', sql: "SELECT name FROM sqlite_master WHERE type = 'table'" },
      { name: 'migrations', sql: 'SELECT idx, tag, hash FROM loupe_migrations ORDER BY idx' },
      { name: 'stones', sql: 'SELECT count(*) FROM gemstones' },
    ],
    { nativeBinding },
  );
  const refuse = (why: string): never => {
    throw new DomainError('BACKUP_REFUSED', `${shownAs} cannot be restored: ${why} Nothing was changed.`);
  };
  if (result.openError) refuse(`it could not be opened as a database (${result.openError.message}).`);
  const step = (name: string) => result.steps[name]!;
  const integrity = step('integrity');
  if (!integrity.ok) refuse(`it is damaged or not a database (${integrity.error}).`);
  if (integrity.ok && !(integrity.rows.length === 1 && integrity.rows[0]![0] === 'ok')) {
    refuse(
      `it is damaged (integrity check: ${integrity.rows
        .slice(0, 3)
        .map((r) => r[0])
        .join('; ')}).`,
    );
  }
  const tables = step('tables');
  const names = new Set(tables.ok ? tables.rows.map((r) => String(r[0])) : []);
  const missing = REQUIRED_TABLES.filter((t) => !names.has(t));
  if (missing.length) refuse(`it is not a Loupe database (no ${missing.join(', ')} table).`);
  const versionStep = step('version');
  const version = versionStep.ok ? Number(versionStep.rows[0]![0]) : 0;
  if (version > SCHEMA_VERSION)
    refuse(
      `it was written by a newer version of Loupe (schema ${version}; this version knows up to ${SCHEMA_VERSION}). Update Loupe first.`,
    );
  const migrations = step('migrations');
  const applied = migrations.ok ? (migrations.rows as [number, string, string][]) : [];
  if (applied.length > SCHEMA_VERSION) refuse('it was written by a newer version of Loupe. Update Loupe first.');
  for (const [idx, tag, hash] of applied) {
    const shipped = MIGRATIONS[idx];
    if (!shipped || shipped.tag !== tag || shipped.hash !== hash)
      refuse(`its migration ${tag} differs from the one this Loupe ships.`);
  }
  const stones = step('stones');
  return {
    stones: stones.ok ? Number(stones.rows[0]![0]) : 0,
    schemaVersion: version,
    pendingMigrations: SCHEMA_VERSION - version,
  };
}

const SIDECARS = ['-wal', '-shm'] as const;

/**
 * Copies a backup next to the database as loupe.db.restoring (with its -wal if one lies beside it) and
 * checks the copy: the source is never opened for writing, and a file on a slow or removable drive is
 * read once.
 */
/** A path someone typed or chose names a file to restore from, or is refused saying why. */
function assertRestorableFile(source: string) {
  if (!isAbsolute(source)) throw new DomainError('BACKUP_REFUSED', 'Enter the full path of the backup file.', 'file');
  if (!existsSync(source) || !statSync(source).isFile())
    throw new DomainError('BACKUP_REFUSED', `There is no file at ${source}.`, 'file');
}

/**
 * The check a restore makes, on the file where it is, before anyone is asked whether to replace the
 * database with it: nobody is asked about a file that cannot be restored.
 */
export async function checkRestoreSource(source: string, nativeBinding?: string): Promise<BackupCheck> {
  assertRestorableFile(source);
  return checkBackup(source, nativeBinding, basename(source));
}

export async function stageRestore(
  source: string,
  databaseFile: string,
  nativeBinding?: string,
): Promise<{ staged: string; check: BackupCheck }> {
  assertRestorableFile(source);
  const staged = `${databaseFile}.restoring`;
  for (const suffix of ['', ...SIDECARS]) rmSync(staged + suffix, { force: true });
  copyFileSync(source, staged);
  if (existsSync(`${source}-wal`)) copyFileSync(`${source}-wal`, `${staged}-wal`);
  try {
    return { staged, check: await checkBackup(staged, nativeBinding, basename(source)) };
  } catch (error) {
    for (const suffix of ['', ...SIDECARS]) rmSync(staged + suffix, { force: true });
    throw error;
  }
}

export function fileStamp(at: number): string {
  return new Date(at).toISOString().replace(/[:.]/g, '-');
}

const moveWithSidecars = (from: string, to: string) => {
  for (const suffix of ['', ...SIDECARS]) if (existsSync(from + suffix)) renameSync(from + suffix, to + suffix);
};

/**
 * Swaps the staged backup in; the database must be closed. The current file (and its -wal, so it stays
 * whole) is kept as loupe.db.before-restore-<time>. Returns that path.
 */
export function swapInStaged(databaseFile: string, staged: string, now: number): string {
  const keptAside = `${databaseFile}.before-restore-${fileStamp(now)}`;
  moveWithSidecars(databaseFile, keptAside);
  moveWithSidecars(staged, databaseFile);
  return keptAside;
}

/** Undoes swapInStaged when the restored file would not open: the failed one is kept for a look. */
export function undoSwap(databaseFile: string, keptAside: string, now: number): void {
  if (existsSync(databaseFile)) moveWithSidecars(databaseFile, `${databaseFile}.restore-failed-${fileStamp(now)}`);
  moveWithSidecars(keptAside, databaseFile);
}

import type { Store } from '../db/store';
import type { SecretStore } from '../sync/secrets';
import { DomainError } from '../trpc/errors';
import {
  assertUsableFolder,
  backUpOnline,
  checkRestoreSource,
  backupFolder,
  defaultBackupFolder,
  FOLDER_SETTING,
  listBackups,
  removeLeftovers,
  rememberFolder,
  rotateBackups,
  type BackupCheck,
  type BackupFile,
  type BackupKind,
} from './backups';
import { buildDiagnostics, type DiagnosticsBundle } from './diagnostics';
import { runDoctor, type DoctorReport } from './doctor';
import { logsFolder, type Logger } from './logger';
import type { Redactor } from './redact';
import { checkIntegrity } from './sqlite-worker';
import { UPDATES_SETTING, type UpdateProvider } from './updates';
import { deleteSetting, saveSetting, settingValue, unsentChanges } from './queries';

// The workstation's upkeep as the procedures see it: backups (daily, on demand, rotation, the folder),
// restore (carried out by whoever owns the core: it must close and reopen it), the start self-check, the
// doctor, diagnostics and updates. One per core; createCore builds it.

export interface RestoreReport {
  restoredFrom: string;
  /** Where the database that was replaced is kept. */
  keptAside: string;
  stones: number;
  pendingMigrations: number;
  /** Opened as a colleague's backup: how many of that desk's unsent changes were left for it to send. */
  unsentLeftBehind?: number;
}

/** How a backup is opened: this desk's own, or a colleague's (see colleague-backup.ts). */
export interface RestoreHow {
  fromColleague?: boolean;
}

export interface BackupStatus {
  folder: string;
  isDefaultFolder: boolean;
  defaultFolder: string;
  backups: BackupFile[];
  running: boolean;
  lastError: string | null;
}

export interface Health {
  /** pending: the start self-check is still running. */
  state: 'pending' | 'ok' | 'damaged' | 'unknown';
  checkedAt: number | null;
  problems: string[];
  ms: number | null;
}

/** What every screen's notices read: the start self-check, and how session tokens are protected. */
export interface Notices extends Health {
  secretsWarning: string | null;
}

export interface MaintenanceOptions {
  store: Store;
  dataDir: string;
  databaseFile: string;
  nativeBinding?: string;
  secrets: SecretStore;
  fetch?: typeof fetch;
  version: string;
  logger: Logger;
  redactor: Redactor;
  updates: UpdateProvider;
  /** The owner's restore: closes this core, swaps the file, opens a new core (absent in the CLI). */
  restore?: (file: string, how?: RestoreHow) => Promise<RestoreReport>;
  /** Secrets held outside the secret store (the browser host's launch token). */
  extraSecrets?: () => readonly string[];
  /** Session tokens are kept with weak protection, and why (see CoreOptions). */
  secretsWarning?: string | null;
}

export interface BackgroundOptions {
  /** Wait this long after start before the daily backup (the first screens come first). */
  firstBackupDelayMs?: number;
  /** How often to look whether today's backup is due. */
  backupCheckEveryMs?: number;
}

const sameLocalDay = (a: number, b: number) => new Date(a).toDateString() === new Date(b).toDateString();

export class Maintenance {
  health: Health = { state: 'unknown', checkedAt: null, problems: [], ms: null };
  private running: 'backup' | 'restore' | null = null;
  private lastError: string | null = null;
  private timers: NodeJS.Timeout[] = [];
  private closed = false;

  constructor(private readonly options: MaintenanceOptions) {
    const feed = this.readSetting<{ feedUrl?: string | null }>(UPDATES_SETTING)?.feedUrl ?? null;
    options.updates.configure(feed);
    const removed = removeLeftovers(this.folder, this.store.clock());
    if (removed.length) options.logger.info(`removed what interrupted backups left: ${removed.join(', ')}`);
  }

  get notices(): Notices {
    return { ...this.health, secretsWarning: this.options.secretsWarning ?? null };
  }

  get updates(): UpdateProvider {
    return this.options.updates;
  }

  private get store() {
    return this.options.store;
  }

  private readSetting<T>(key: string): T | null {
    const row = settingValue.get(this.store, key);
    return row ? (JSON.parse(row.value) as T) : null;
  }

  private writeSetting(key: string, value: unknown | null) {
    this.store.write((scope) => {
      if (value === null) deleteSetting.run(this.store, key);
      else saveSetting.run(this.store, key, JSON.stringify(value), scope.now);
      scope.touched('maintenance');
    });
  }

  // ── backups ─────────────────────────────────────────────────────────────────────────────────────

  get folder(): string {
    return backupFolder(this.store.sqlite, this.options.dataDir);
  }

  backupStatus(): BackupStatus {
    const folder = this.folder;
    const defaultFolder = defaultBackupFolder(this.options.dataDir);
    return {
      folder,
      isDefaultFolder: folder === defaultFolder,
      defaultFolder,
      backups: listBackups(folder),
      running: this.running === 'backup',
      lastError: this.lastError,
    };
  }

  /** Null puts backups back in the default folder. Existing backups stay where they are. */
  setFolder(folder: string | null): BackupStatus {
    if (folder !== null) assertUsableFolder(folder);
    this.writeSetting(FOLDER_SETTING, folder === null ? null : { folder });
    rememberFolder(this.options.dataDir, folder);
    this.options.logger.info(`backup folder set to ${folder ?? defaultBackupFolder(this.options.dataDir)}`);
    return this.backupStatus();
  }

  private claim(what: 'backup' | 'restore') {
    if (this.running) {
      throw new DomainError(
        'MAINTENANCE_BUSY',
        this.running === 'backup'
          ? 'A backup is being made right now; try again in a moment.'
          : 'A backup is being restored.',
      );
    }
    this.running = what;
  }

  /** An online backup into the backup folder, then rotation. */
  backUp(kind: Exclude<BackupKind, 'before-migration'>): Promise<BackupFile> {
    if (this.closed) return Promise.reject(new DomainError('MAINTENANCE_BUSY', 'Loupe is closing.'));
    return this.track(this.backUpWhenFree(kind));
  }

  private backupUnderWay: Promise<BackupFile> | null = null;

  /** "Back up now" pressed while the daily backup is being written waits for it, then writes its own. */
  private async backUpWhenFree(kind: Exclude<BackupKind, 'before-migration'>): Promise<BackupFile> {
    while (kind === 'manual' && this.running === 'backup' && this.backupUnderWay)
      await this.backupUnderWay.catch(() => undefined);
    const work = this.backUpNow(kind);
    this.backupUnderWay = work;
    return work;
  }

  private async backUpNow(kind: Exclude<BackupKind, 'before-migration'>): Promise<BackupFile> {
    this.claim('backup');
    this.store.changes.emit({ entities: ['maintenance'], at: this.store.clock() });
    const folder = this.folder;
    try {
      const backup = await backUpOnline(this.store.sqlite, folder, kind, this.store.clock());
      rotateBackups(folder);
      this.lastError = null;
      this.options.logger.info(`backup written: ${backup.file} (${backup.bytes} bytes)`);
      return backup;
    } catch (error) {
      this.lastError = `The backup into ${folder} failed: ${(error as Error).message}`;
      this.options.logger.error(this.lastError);
      throw new DomainError('BACKUP_FOLDER', `${this.lastError}. Check the folder in Settings → Backups.`);
    } finally {
      this.running = null;
      if (!this.closed) this.store.changes.emit({ entities: ['maintenance'], at: this.store.clock() });
    }
  }

  /** Today's automatic backup, if there is none yet. */
  async dailyBackupIfDue(): Promise<BackupFile | null> {
    if (this.closed || this.running) return null;
    const now = this.store.clock();
    const today = listBackups(this.folder).find((b) => b.kind === 'daily' && sameLocalDay(b.at, now));
    if (today) return null;
    try {
      return await this.backUp('daily');
    } catch {
      return null; // logged; tried again at the next check
    }
  }

  /** Checks a file before anyone is asked whether to restore it (see checkRestoreSource). */
  checkRestore(file: string): Promise<BackupCheck> {
    return this.track(checkRestoreSource(file, this.options.nativeBinding));
  }

  async restore(file: string, how: RestoreHow = {}): Promise<RestoreReport> {
    if (!this.options.restore) {
      throw new DomainError(
        'NOT_AVAILABLE_HERE',
        'Restoring needs the app to reopen its database: use the app, or `loupe restore <file>` with Loupe closed.',
      );
    }
    // A backup being written (the daily one, say) is finished first rather than refused: it takes seconds.
    while (this.running === 'backup' && this.backupUnderWay) await this.backupUnderWay.catch(() => undefined);
    // This desk's own unsent changes would be lost with its database set aside: they are sent first.
    const unsent = how.fromColleague ? unsentChanges.get(this.store)!.n : 0;
    if (unsent > 0)
      throw new DomainError(
        'BACKUP_REFUSED',
        `This desk has ${unsent} change${unsent === 1 ? '' : 's'} not yet sent to the server. Let it sync first, then open the colleague's backup. Nothing was changed.`,
      );
    this.claim('restore');
    try {
      return await this.options.restore(file, how);
    } finally {
      this.running = null;
    }
  }

  // ── self-check, doctor, diagnostics ─────────────────────────────────────────────────────────────

  /** PRAGMA quick_check in a worker thread: the first screens do not wait for it. */
  selfCheck(): Promise<Health> {
    return this.track(this.checkNow());
  }

  private async checkNow(): Promise<Health> {
    this.health = { ...this.health, state: 'pending' };
    const result = await checkIntegrity(this.options.databaseFile, 'quick', {
      nativeBinding: this.options.nativeBinding,
      timeoutMs: 5 * 60_000,
    });
    if (this.closed) return this.health;
    const timedOut =
      !result.ok && !result.unreadable && result.problems.some((p) => /did not finish|could not start/.test(p));
    this.health = {
      state: result.ok ? 'ok' : timedOut ? 'unknown' : 'damaged',
      checkedAt: this.store.clock(),
      problems: result.problems,
      ms: result.ms,
    };
    if (result.ok) this.options.logger.info(`start self-check (quick_check): ok in ${result.ms} ms`);
    else this.options.logger.error(`start self-check (quick_check) found problems`, result.problems.slice(0, 10));
    this.store.changes.emit({ entities: ['maintenance'], at: this.store.clock() });
    return this.health;
  }

  doctor(level: 'full' | 'quick' = 'full'): Promise<DoctorReport> {
    return this.track(
      runDoctor({
        databaseFile: this.options.databaseFile,
        dataDir: this.options.dataDir,
        backupFolder: this.folder,
        version: this.options.version,
        nativeBinding: this.options.nativeBinding,
        fetch: this.options.fetch,
        now: this.store.clock(),
        level,
        secretsWarning: this.options.secretsWarning ?? null,
      }),
    );
  }

  /** Every value the bundle must not contain. */
  secretValues(): string[] {
    return [...(this.options.secrets.values?.() ?? []), ...(this.options.extraSecrets?.() ?? [])];
  }

  async diagnostics(): Promise<DiagnosticsBundle> {
    const report = await this.doctor('quick');
    const bundle = buildDiagnostics({
      logsDir: logsFolder(this.options.dataDir),
      report,
      redactor: this.options.redactor,
      secrets: this.secretValues(),
      now: this.store.clock(),
    });
    this.options.logger.info(`diagnostics exported (${bundle.files.length} files)`);
    return bundle;
  }

  // ── updates ─────────────────────────────────────────────────────────────────────────────────────

  setUpdateFeed(feedUrl: string | null) {
    this.writeSetting(UPDATES_SETTING, feedUrl === null ? null : { feedUrl });
    this.options.updates.configure(feedUrl);
    return this.options.updates.status();
  }

  get updateFeedSetting(): string | null {
    return this.readSetting<{ feedUrl?: string | null }>(UPDATES_SETTING)?.feedUrl ?? null;
  }

  // ── background work of a running app (not the CLI, not most tests) ──────────────────────────────

  startBackground(options: BackgroundOptions = {}): void {
    void this.selfCheck();
    const first = setTimeout(() => void this.dailyBackupIfDue(), options.firstBackupDelayMs ?? 30_000);
    const every = setInterval(() => void this.dailyBackupIfDue(), options.backupCheckEveryMs ?? 60 * 60_000);
    first.unref();
    every.unref();
    this.timers.push(first, every);
  }

  /** Work under way (a backup, a check in its worker thread): the database closes only once it is done. */
  private readonly inFlight = new Set<Promise<unknown>>();

  private track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    const done = () => this.inFlight.delete(work);
    work.then(done, done);
    return work;
  }

  /** A backup or a check is under way. */
  get busy(): boolean {
    return this.inFlight.size > 0;
  }

  /** Stops the timers and resolves once nothing started before is still running. */
  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers = [];
    await Promise.allSettled([...this.inFlight]);
  }
}

import { join } from 'node:path';
import { DatabaseCorruptError, DatabaseTooNewError, MigrationMismatchError } from '../db/errors';
import {
  backupFolder,
  listBackups,
  stageRestore,
  swapInStaged,
  undoSwap,
  type BackupFile,
} from '../maintenance/backups';
import { silentLogger } from '../maintenance/logger';
import { handOverToThisDesk } from '../maintenance/colleague-backup';
import type { BackgroundOptions, RestoreHow, RestoreReport } from '../maintenance/services';
import { DomainError } from '../trpc/errors';
import { createCore, DATABASE_FILE, type Core, type CoreOptions } from './create-core';

// Who owns the running core in an app (the browser host, the Electron shell): opens it, keeps the
// workstation reachable when the database cannot be opened (the recovery screen offers a backup instead
// of a blank window), and restarts it around a restore — the file is swapped only while it is closed.
// The host and the shell always ask the holder for the current core, so they pick up the new one.

export type CoreState =
  | { kind: 'ready' }
  | { kind: 'restoring' }
  | {
      kind: 'damaged' | 'too-new' | 'failed';
      message: string;
      /** Backups found for the recovery screen, newest first. */
      backups: BackupFile[];
      backupFolder: string;
    };

export interface HolderOptions extends Omit<CoreOptions, 'restore'> {
  /** createCore, or the shell's injected one. */
  create?: (options: CoreOptions) => Promise<Core>;
  /** The app's daily backups and start self-check (false in tests that do not want them). */
  background?: false | BackgroundOptions;
}

function failureKind(error: unknown): 'damaged' | 'too-new' | 'failed' {
  if (error instanceof DatabaseCorruptError) return 'damaged';
  if (error instanceof DatabaseTooNewError || error instanceof MigrationMismatchError) return 'too-new';
  return 'failed';
}

export class CoreHolder {
  private current: Core | null = null;
  private stateNow: CoreState = { kind: 'restoring' };
  private readonly listeners = new Set<(core: Core | null) => void>();

  private constructor(private readonly options: HolderOptions) {}

  /** Opens the core; never throws for a database it cannot open (see `state`). */
  static async start(options: HolderOptions): Promise<CoreHolder> {
    const holder = new CoreHolder(options);
    await holder.open();
    return holder;
  }

  get core(): Core | null {
    return this.current;
  }

  get state(): CoreState {
    return this.stateNow;
  }

  get dataDir(): string {
    return this.options.dataDir;
  }

  get databaseFile(): string {
    return join(this.options.dataDir, DATABASE_FILE);
  }

  private get logger() {
    return this.options.logger ?? silentLogger;
  }

  /** Called with the new core after a restart (null while restoring or when it failed to open). */
  onSwap(listener: (core: Core | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit() {
    for (const listener of this.listeners) listener(this.current);
  }

  private async open(): Promise<void> {
    const create = this.options.create ?? createCore;
    try {
      this.current = await create({ ...this.options, restore: (file, how) => this.restore(file, how) });
      this.stateNow = { kind: 'ready' };
      if (this.options.background !== false) this.current.maintenance.startBackground(this.options.background);
    } catch (error) {
      this.current = null;
      const folder = backupFolder(null, this.options.dataDir);
      this.stateNow = {
        kind: failureKind(error),
        message: (error as Error).message,
        backups: listBackups(folder),
        backupFolder: folder,
      };
      this.logger.error(`the core could not open its database: ${(error as Error).message}`);
    }
    this.emit();
  }

  /**
   * Replaces the database with a backup: checks a copy of it, closes the core, keeps the current file
   * aside (loupe.db.before-restore-<time>), swaps the copy in and opens a new core — which migrates an
   * older backup, after backing it up. If the new core cannot open, the previous database goes back.
   */
  async restore(source: string, how: RestoreHow = {}): Promise<RestoreReport> {
    if (this.stateNow.kind === 'restoring') throw new DomainError('MAINTENANCE_BUSY', 'A backup is being restored.');
    const { staged, check } = await stageRestore(source, this.databaseFile, this.options.nativeBinding);
    // A colleague's backup leaves that desk's own sync work behind, on the copy, before anything is closed.
    const handOver = how.fromColleague ? handOverToThisDesk(staged, this.options.nativeBinding) : null;
    this.logger.info(
      `restoring ${source} (${check.stones} stones, schema ${check.schemaVersion})` +
        (handOver ? `, a colleague's backup: ${handOver.unsentLeftBehind} unsent changes left for that desk` : ''),
    );
    const closing = this.current;
    this.current = null;
    this.stateNow = { kind: 'restoring' };
    this.emit();
    await closing?.close(); // its sync cycle and workers finish first: nothing writes into the file swapped out
    const now = (this.options.clock ?? Date.now)();
    const keptAside = swapInStaged(this.databaseFile, staged, now);
    await this.open();
    if (!this.current) {
      const failed = this.state; // (re-read: open() replaced it)
      const why = failed.kind === 'ready' || failed.kind === 'restoring' ? '' : failed.message;
      undoSwap(this.databaseFile, keptAside, now);
      await this.open();
      throw new DomainError(
        'BACKUP_REFUSED',
        `The backup could not be opened (${why}); the previous database is back in place.`,
      );
    }
    this.logger.info(`restored ${source}; the previous database is kept as ${keptAside}`);
    return {
      restoredFrom: source,
      keptAside,
      stones: check.stones,
      pendingMigrations: check.pendingMigrations,
      ...(handOver ? { unsentLeftBehind: handOver.unsentLeftBehind } : {}),
    };
  }

  /** Recovery: restore one of the listed backups, by file name. */
  async restoreListed(name: string): Promise<RestoreReport> {
    const state = this.stateNow;
    const backups =
      state.kind === 'damaged' || state.kind === 'failed' || state.kind === 'too-new' ? state.backups : [];
    const backup = backups.find((b) => b.name === name);
    if (!backup) throw new DomainError('BACKUP_REFUSED', 'That backup is not in the backup folder any more.');
    return this.restore(backup.file);
  }

  /** Resolves once the current core has closed (its sync cycle and workers done). */
  async close(): Promise<void> {
    const closing = this.current;
    this.current = null;
    await closing?.close();
  }
}

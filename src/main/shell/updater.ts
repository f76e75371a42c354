import type { Logger } from '../maintenance/logger';
import type { UpdatePhase, UpdateProvider, UpdateStatus } from '../maintenance/updates';

// Auto-update in the Electron shell: electron-updater's autoUpdater (passed in by src/main/index.ts;
// tests pass a fake) behind the core's UpdateProvider. It checks at start and once a day, downloads in
// the background, and "Restart to update" closes the core cleanly before installing. Pending local
// changes are rows in SQLite: they survive the update and are sent after the restart.

/** The part of electron-updater's AppUpdater the shell uses. */
export interface AutoUpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  on(event: 'checking-for-update', listener: () => void): unknown;
  on(
    event: 'update-available' | 'update-not-available' | 'update-downloaded',
    listener: (info: { version: string }) => void,
  ): unknown;
  on(event: 'download-progress', listener: (progress: { percent: number }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
}

export interface Timers {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface ShellUpdaterOptions {
  updater: AutoUpdaterLike;
  currentVersion: string;
  /** Only an installed (packaged) Loupe can replace itself. */
  packaged: boolean;
  /** The generic update URL built into the app (electron-builder's `publish`), if it is a real one. */
  builtInFeedUrl: string | null;
  timers?: Timers;
  clock?: () => number;
  log?: Logger;
  /** How often to look for an update (default daily). */
  checkEveryMs?: number;
}

export const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * An update address the app may use: https only (an installer fetched over plain http could be swapped on
 * the way). A placeholder address (the reserved .invalid domain) means "no update server chosen at build time".
 */
export function usableFeedUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' || parsed.hostname.endsWith('.invalid')) return null;
    return parsed.toString();
  } catch {
    return null;
  }
}

export class ShellUpdater implements UpdateProvider {
  private current: UpdateStatus;
  private configured: string | null = null;
  private interval: unknown = null;
  private readonly listeners = new Set<(status: UpdateStatus) => void>();
  /** Set by the shell: closes the core (and its database, once its work under way is done) before the installer runs. */
  beforeInstall: (() => Promise<void> | void) | null = null;

  constructor(private readonly options: ShellUpdaterOptions) {
    this.current = this.blank('idle');
    const { updater } = options;
    // Download in the background as soon as an update is found; install on "Restart to update" or at the
    // next quit, whichever comes first.
    updater.autoDownload = true;
    updater.autoInstallOnAppQuit = true;
    updater.on('checking-for-update', () => this.set({ phase: 'checking', message: null }));
    updater.on('update-available', (info) =>
      this.set({ phase: 'downloading', version: info.version, percent: 0, message: null }),
    );
    updater.on('download-progress', (progress) =>
      this.set({ phase: 'downloading', percent: Math.round(progress.percent) }),
    );
    updater.on('update-downloaded', (info) =>
      this.set({ phase: 'downloaded', version: info.version, percent: 100, message: null }),
    );
    updater.on('update-not-available', () =>
      this.set({ phase: 'up-to-date', version: null, percent: null, checkedAt: this.now(), message: null }),
    );
    updater.on('error', (error) => {
      this.options.log?.warn(`update check failed: ${error.message}`);
      this.set({
        phase: 'error',
        checkedAt: this.now(),
        message: `The update could not be checked or downloaded: ${error.message}`,
      });
    });
    this.configure(null);
  }

  private now() {
    return (this.options.clock ?? Date.now)();
  }

  private blank(phase: UpdatePhase): UpdateStatus {
    return {
      phase,
      currentVersion: this.options.currentVersion,
      version: null,
      percent: null,
      checkedAt: null,
      message: null,
      feedUrl: null,
    };
  }

  private set(patch: Partial<UpdateStatus>) {
    this.current = { ...this.current, ...patch };
    for (const listener of this.listeners) listener(this.current);
  }

  status(): UpdateStatus {
    return this.current;
  }

  subscribe(listener: (status: UpdateStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The address from Settings wins over the built-in one; without either there is nothing to check. */
  configure(feedUrl: string | null): void {
    this.configured = usableFeedUrl(feedUrl);
    const url = this.configured ?? usableFeedUrl(this.options.builtInFeedUrl);
    if (!this.options.packaged) {
      this.set({
        ...this.blank('unsupported'),
        feedUrl: url,
        message: 'This is a development build: only an installed Loupe updates itself.',
      });
      return;
    }
    if (!url) {
      this.set({
        ...this.blank('not-configured'),
        message: 'No update address: an administrator can set one in Settings → Updates.',
      });
      return;
    }
    this.options.updater.setFeedURL({ provider: 'generic', url });
    // A download in progress or done stays as it is; otherwise the next check uses the new address.
    if (this.current.phase === 'downloading' || this.current.phase === 'downloaded') this.set({ feedUrl: url });
    else this.set({ ...this.blank('idle'), feedUrl: url });
  }

  async check(): Promise<UpdateStatus> {
    const { phase } = this.current;
    if (
      phase === 'unsupported' ||
      phase === 'not-configured' ||
      phase === 'checking' ||
      phase === 'downloading' ||
      phase === 'downloaded'
    )
      return this.current;
    try {
      await this.options.updater.checkForUpdates();
      // electron-updater answers with an event before it resolves; if it did not (skipped), do not hang in "checking".
      if (this.current.phase === 'checking') this.set({ phase: 'idle', checkedAt: this.now() });
    } catch (error) {
      this.set({
        phase: 'error',
        checkedAt: this.now(),
        message: `The update could not be checked: ${(error as Error).message}`,
      });
    }
    return this.current;
  }

  /** At start, then once a day. */
  start(): void {
    void this.check();
    const timers = this.options.timers ?? {
      setInterval: (fn, ms) => setInterval(fn, ms).unref(),
      clearInterval: (h) => clearInterval(h as NodeJS.Timeout),
    };
    this.interval = timers.setInterval(() => void this.check(), this.options.checkEveryMs ?? DAY_MS);
  }

  stop(): void {
    if (this.interval !== null)
      (this.options.timers ?? { clearInterval: (h: unknown) => clearInterval(h as NodeJS.Timeout) }).clearInterval(
        this.interval,
      );
    this.interval = null;
  }

  install(): void {
    if (this.current.phase !== 'downloaded') throw new Error('No update has been downloaded yet.');
    this.options.log?.info(`restarting to install Loupe ${this.current.version}`);
    this.stop();
    const closing = Promise.resolve(this.beforeInstall?.());
    // Not silent (the Windows installer shows its progress), and start Loupe again afterwards.
    void closing.finally(() => this.options.updater.quitAndInstall(false, true));
  }
}

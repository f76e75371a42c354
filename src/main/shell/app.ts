import { join } from 'node:path';
import { CoreHolder } from '../core/core-holder';
import { SECRETS_FILE, type Core, type CoreOptions } from '../core/create-core';
import { formatBytes, formatTime } from '../maintenance/doctor';
import type { Logger } from '../maintenance/logger';
import type { Redactor } from '../maintenance/redact';
import type { UpdateProvider } from '../maintenance/updates';
import { FileSecretStore, type SecretStore } from '../sync/secrets';
import { appProtocolHandler } from './app-protocol';
import { registerCoreIpc, type IpcMainLike } from './ipc';
import { menuTemplate, type MenuItem } from './menu';
import {
  APP_ORIGIN,
  APP_SCHEME,
  denyPermissions,
  hardenContents,
  mainWindowOptions,
  type HardenableContents,
  type PermissionSession,
} from './security';

// The Electron shell's whole behaviour, with Electron passed in: src/main/index.ts hands over the real
// modules, tests hand over fakes. The shell hosts the core; it holds no rules of its own.

export interface WindowLike {
  webContents: HardenableContents;
  loadURL(url: string): Promise<void>;
  once(event: 'ready-to-show', listener: () => void): unknown;
  show(): void;
  focus(): void;
  isMinimized(): boolean;
  restore(): void;
}

export interface ShellDeps {
  app: {
    requestSingleInstanceLock(): boolean;
    on(event: 'second-instance' | 'window-all-closed', listener: () => void): unknown;
    on(event: 'web-contents-created', listener: (event: unknown, contents: HardenableContents) => void): unknown;
    whenReady(): Promise<unknown>;
    getPath(name: 'userData'): string;
    quit(): void;
  };
  createWindow(options: ReturnType<typeof mainWindowOptions>): WindowLike;
  ipcMain: IpcMainLike;
  showErrorBox(title: string, content: string): void;
  /** Electron's dialog.showMessageBox: the recovery question when the database cannot be opened. */
  showMessageBox?(options: MessageBoxOptions): Promise<{ response: number }>;
  openExternal(url: string): void;
  createCore(options: CoreOptions): Promise<Core>;
  /** Electron's safeStorage: the OS keychain encrypts backend session tokens at rest. */
  safeStorage: {
    isEncryptionAvailable(): boolean;
    encryptString(plain: string): Buffer;
    decryptString(encrypted: Buffer): string;
    /** Linux only: which store safeStorage uses ('basic_text' when no keyring was found). */
    getSelectedStorageBackend?(): string;
  };
  /** Electron's protocol module (after ready): serves app://loupe/. */
  protocol: { handle(scheme: string, handler: (request: Request) => Promise<Response>): void };
  /** Electron's default session (after ready): its permission handlers. */
  session(): PermissionSession;
  /** Menu.setApplicationMenu(Menu.buildFromTemplate(template)). */
  setApplicationMenu(template: MenuItem[]): void;
  /** app.isPackaged: an installed Loupe, not a development build. */
  packaged: boolean;
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  /** The folder of the built main script (out/main). */
  mainDir: string;
  /** electron-log (with redaction) in the real shell. */
  logger?: Logger;
  redactor?: Redactor;
  /** app.getVersion() */
  version?: string;
  /** electron-updater behind the core's interface (src/main/shell/updater.ts). */
  updates?: ShellUpdates;
  /** Electron's powerMonitor (after ready): on waking from sleep, sync pulls at once. */
  powerMonitor?: { on(event: 'resume', listener: () => void): unknown };
}

export interface MessageBoxOptions {
  type: 'error' | 'warning' | 'info';
  title: string;
  message: string;
  detail: string;
  buttons: string[];
  defaultId: number;
  cancelId: number;
  noLink: boolean;
}

export interface ShellUpdates extends UpdateProvider {
  /** Checks now and then daily. */
  start(): void;
  /** Closes the core before the installer replaces the app. */
  beforeInstall: (() => Promise<void> | void) | null;
}

export interface ShellState {
  core?: Core;
  holder?: CoreHolder;
  window?: WindowLike;
}

/** Where the window keeps its data: LOUPE_DATA_DIR or Electron's userData (the logs go there too). */
export function shellDataDir(deps: Pick<ShellDeps, 'env' | 'app'>): string {
  return deps.env.LOUPE_DATA_DIR ?? deps.app.getPath('userData');
}

/**
 * The database cannot be opened: offer the newest backup (a native dialog, so never a blank window), and
 * the next one if a backup fails its check; say what is wrong when there is nothing to offer. True when
 * the core is open afterwards.
 */
async function recover(deps: ShellDeps, holder: CoreHolder): Promise<boolean> {
  const state = holder.state;
  if (state.kind === 'ready') return true;
  if (state.kind === 'restoring') return false;
  if (state.kind !== 'damaged' || state.backups.length === 0 || !deps.showMessageBox) {
    deps.showErrorBox('Loupe could not open its database', state.message);
    return false;
  }
  let refused: string | null = null;
  for (const backup of state.backups) {
    const { response } = await deps.showMessageBox({
      type: 'error',
      title: 'Loupe could not open its database',
      message: refused
        ? 'That backup cannot be used either. Restore the one before it?'
        : 'Loupe could not open its database. Restore the latest backup?',
      detail:
        `${refused ?? state.message}\n\nThe ${refused ? 'previous' : 'latest'} backup is from ${formatTime(backup.at)} (${backup.kind}, ` +
        `${formatBytes(backup.bytes)}) in ${state.backupFolder}. It is checked before it is used, and the damaged database is kept ` +
        `beside it as ${holder.databaseFile}.before-restore-<time>.`,
      buttons: [refused ? 'Restore this backup' : 'Restore the latest backup', 'Quit'],
      defaultId: 0,
      cancelId: 1,
      noLink: true,
    });
    if (response !== 0) return false;
    try {
      await holder.restore(backup.file);
      return true;
    } catch (error) {
      refused = (error as Error).message;
    }
  }
  deps.showErrorBox('No backup could be restored', refused ?? state.message);
  return false;
}

export function appUrlFor(env: NodeJS.ProcessEnv): string {
  // electron-vite sets ELECTRON_RENDERER_URL for its dev server; otherwise the built page, on app://.
  return env.ELECTRON_RENDERER_URL ?? `${APP_ORIGIN}/index.html`;
}

/**
 * Said in Settings and by the doctor when session tokens are protected weakly: on Linux without a
 * keyring, safeStorage falls back to its basic_text store (a fixed key: obfuscation, not encryption).
 */
export function secretsWarningFor(deps: Pick<ShellDeps, 'safeStorage' | 'platform'>): string | null {
  if (deps.platform !== 'linux' || deps.safeStorage.getSelectedStorageBackend?.() !== 'basic_text') return null;
  return (
    'Backend sign-ins kept on this computer are obfuscated, not encrypted: no keyring (GNOME Keyring or KWallet) was found. ' +
    'Install and unlock a keyring, then sign in again.'
  );
}

/** Session tokens encrypted with the OS keychain when it is available, else a 0600 file like the browser host. */
export function secretStoreFor(deps: Pick<ShellDeps, 'safeStorage'>, dataDir: string): SecretStore {
  const { safeStorage } = deps;
  if (!safeStorage.isEncryptionAvailable()) return new FileSecretStore(join(dataDir, SECRETS_FILE));
  return new FileSecretStore(join(dataDir, 'secrets.bin'), {
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (cipher) => safeStorage.decryptString(cipher),
  });
}

export async function runShell(deps: ShellDeps): Promise<ShellState> {
  const state: ShellState = {};
  const { app } = deps;
  if (!app.requestSingleInstanceLock()) {
    // Two Loupes on one database would fight over it: hand over to the running one.
    app.quit();
    return state;
  }
  app.on('second-instance', () => {
    if (!state.window) return;
    if (state.window.isMinimized()) state.window.restore();
    state.window.focus();
  });

  const appUrl = appUrlFor(deps.env);
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, appUrl, deps.openExternal));
  await app.whenReady();
  deps.protocol.handle(
    APP_SCHEME,
    appProtocolHandler(join(deps.mainDir, '../renderer'), () => state.holder?.core ?? null),
  );
  denyPermissions(deps.session(), appUrl);
  deps.setApplicationMenu(menuTemplate({ packaged: deps.packaged, platform: deps.platform }));

  const dataDir = shellDataDir(deps);
  const holder = await CoreHolder.start({
    dataDir,
    nativeBinding: deps.env.LOUPE_SQLITE_BINDING,
    secrets: secretStoreFor(deps, dataDir),
    create: deps.createCore,
    logger: deps.logger,
    redactor: deps.redactor,
    version: deps.version,
    updates: deps.updates,
    secretsWarning: secretsWarningFor(deps),
  });
  state.holder = holder;
  // Never a blank window: a damaged database is met with its latest backup, anything else with a message.
  if (!holder.core && !(await recover(deps, holder))) {
    await holder.close();
    app.quit();
    return state;
  }
  state.core = holder.core!;
  holder.onSwap((core) => {
    if (core) state.core = core;
  });
  // Woken from sleep: what changed meanwhile is fetched now, and the badge does not say "Synced" until then.
  deps.powerMonitor?.on('resume', () => holder.core?.replicator.resumed());

  // The window always talks to the current core (a restore replaces it).
  const stopIpc = registerCoreIpc(deps.ipcMain, () => holder.core, appUrl);
  if (deps.updates) {
    deps.updates.beforeInstall = () => {
      stopIpc();
      return holder.close();
    };
    deps.updates.start();
  }
  const window = deps.createWindow(
    mainWindowOptions(join(deps.mainDir, '../preload/index.js'), { packaged: deps.packaged }),
  );
  state.window = window;
  window.once('ready-to-show', () => window.show());
  app.on('window-all-closed', () => {
    stopIpc();
    // Quits once the sync cycle and every worker under way are done and the database is closed.
    void holder.close().finally(() => app.quit());
  });
  await window.loadURL(appUrl);
  return state;
}

import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Core, CoreOptions } from '../core/create-core';
import { registerCoreIpc, type IpcMainLike } from './ipc';
import { hardenContents, mainWindowOptions, type HardenableContents } from './security';

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
  openExternal(url: string): void;
  createCore(options: CoreOptions): Promise<Core>;
  env: NodeJS.ProcessEnv;
  /** The folder of the built main script (out/main). */
  mainDir: string;
}

export interface ShellState {
  core?: Core;
  window?: WindowLike;
}

export function appUrlFor(env: NodeJS.ProcessEnv, mainDir: string): string {
  // electron-vite sets ELECTRON_RENDERER_URL for its dev server; otherwise the built page.
  return env.ELECTRON_RENDERER_URL ?? pathToFileURL(join(mainDir, '../renderer/index.html')).toString();
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

  const appUrl = appUrlFor(deps.env, deps.mainDir);
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, appUrl, deps.openExternal));
  await app.whenReady();

  const dataDir = deps.env.LOUPE_DATA_DIR ?? app.getPath('userData');
  try {
    state.core = await deps.createCore({ dataDir, nativeBinding: deps.env.LOUPE_SQLITE_BINDING });
  } catch (error) {
    // Never a blank window: say what is wrong with the database, then leave it untouched.
    deps.showErrorBox('Loupe could not open its database', (error as Error).message);
    app.quit();
    return state;
  }

  const stopIpc = registerCoreIpc(deps.ipcMain, state.core, appUrl);
  const window = deps.createWindow(mainWindowOptions(join(deps.mainDir, '../preload/index.js')));
  state.window = window;
  window.once('ready-to-show', () => window.show());
  app.on('window-all-closed', () => {
    stopIpc();
    state.core?.close();
    app.quit();
  });
  await window.loadURL(appUrl);
  return state;
}

import type { BridgeEvent } from '../../preload/bridge';
import { createCore } from '../core/create-core';
import type { ShellDeps, WindowLike } from '../shell/app';
import type { IpcEvent, IpcMainLike } from '../shell/ipc';
import type { MenuItem } from '../shell/menu';
import type { HardenableContents, PermissionSession } from '../shell/security';
import { tempDataDir } from './core';

// Fakes of the Electron modules the shell is handed (src/main/shell/app.ts takes them as ShellDeps), for
// the shell's tests: everything but the Electron binary runs for real.

export class FakeContents implements HardenableContents {
  listeners = new Map<string, (event: { preventDefault(): void }, url: string) => void>();
  openHandler?: (details: { url: string }) => { action: 'deny' };
  on(event: string, listener: (event: { preventDefault(): void }, url: string) => void) {
    this.listeners.set(event, listener);
    return this;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }) {
    this.openHandler = handler;
  }
  navigate(url: string) {
    const event = {
      prevented: false,
      preventDefault() {
        this.prevented = true;
      },
    };
    this.listeners.get('will-navigate')!(event, url);
    return event.prevented;
  }
}

export class FakeIpcMain implements IpcMainLike {
  handlers = new Map<string, (event: IpcEvent, ...args: unknown[]) => unknown>();
  listeners = new Map<string, (event: IpcEvent, ...args: unknown[]) => void>();
  handle(channel: string, listener: (event: IpcEvent, ...args: unknown[]) => unknown) {
    this.handlers.set(channel, listener);
  }
  on(channel: string, listener: (event: IpcEvent, ...args: unknown[]) => void) {
    this.listeners.set(channel, listener);
    return this;
  }
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  }
  removeAllListeners(channel: string) {
    this.listeners.delete(channel);
    return this;
  }
}

export function fakeEvent(frameUrl: string | null, id = 1) {
  const sent: BridgeEvent[] = [];
  const event: IpcEvent = {
    sender: { id, send: (_channel, message) => sent.push(message), isDestroyed: () => false, once: () => undefined },
    senderFrame: frameUrl === null ? null : { url: frameUrl },
  };
  return { event, sent };
}

export function fakeShell(overrides: Partial<ShellDeps> = {}) {
  const data = tempDataDir();
  const windows: { options: unknown; loaded: string[] }[] = [];
  const errors: string[] = [];
  const appListeners = new Map<string, (...args: unknown[]) => void>();
  const protocols = new Map<string, (request: Request) => Promise<Response>>();
  const menus: MenuItem[][] = [];
  const permissions = new FakePermissionSession();
  let quit = 0;
  const deps: ShellDeps = {
    app: {
      requestSingleInstanceLock: () => true,
      on: ((event: string, listener: (...args: unknown[]) => void) =>
        appListeners.set(event, listener)) as ShellDeps['app']['on'],
      whenReady: async () => undefined,
      getPath: () => data.dir,
      quit: () => void quit++,
    },
    createWindow: (options) => {
      const record = { options, loaded: [] as string[] };
      windows.push(record);
      const window: WindowLike = {
        webContents: new FakeContents(),
        loadURL: async (url) => void record.loaded.push(url),
        once: () => window,
        show: () => undefined,
        focus: () => undefined,
        isMinimized: () => false,
        restore: () => undefined,
      };
      return window;
    },
    ipcMain: new FakeIpcMain(),
    showErrorBox: (title, content) => void errors.push(`${title}: ${content}`),
    openExternal: () => undefined,
    createCore,
    safeStorage: {
      isEncryptionAvailable: () => false,
      encryptString: (s) => Buffer.from(s),
      decryptString: (b) => b.toString(),
    },
    protocol: { handle: (scheme, handler) => void protocols.set(scheme, handler) },
    session: () => permissions,
    setApplicationMenu: (template) => void menus.push(template),
    packaged: false,
    platform: 'linux',
    env: {},
    mainDir: '/opt/Loupe/out/main',
    ...overrides,
  };
  return { deps, windows, errors, appListeners, quitCount: () => quit, data, protocols, permissions, menus };
}

/** Electron's session as the permission handlers see it. */
export class FakePermissionSession implements PermissionSession {
  request: Parameters<PermissionSession['setPermissionRequestHandler']>[0] | null = null;
  check: Parameters<PermissionSession['setPermissionCheckHandler']>[0] | null = null;
  setPermissionRequestHandler(handler: NonNullable<FakePermissionSession['request']>) {
    this.request = handler;
  }
  setPermissionCheckHandler(handler: NonNullable<FakePermissionSession['check']>) {
    this.check = handler;
  }
  /** What the handler answers a page at `url` asking for `permission`. */
  ask(permission: string, url: string): boolean {
    let granted: boolean | null = null;
    this.request!(null, permission, (answer) => (granted = answer), { requestingUrl: url });
    return granted!;
  }
}

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC, type BridgeEvent } from '../../preload/bridge';
import { createCore } from '../core/create-core';
import { ADMIN, startTestCore, tempDataDir, type TestCore } from '../test-support/core';
import { appUrlFor, runShell, type ShellDeps, type WindowLike } from './app';
import { FOREIGN_FRAME_ERROR, registerCoreIpc, type IpcEvent, type IpcMainLike } from './ipc';
import { externalUrl, hardenContents, isAppUrl, mainWindowOptions, type HardenableContents } from './security';

const APP_URL = 'file:///opt/Loupe/resources/app/out/renderer/index.html';

describe('window preferences', () => {
  it('isolate the page from Node and Electron', () => {
    const prefs = mainWindowOptions('/app/out/preload/index.js').webPreferences;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/app/out/preload/index.js',
    });
  });
});

class FakeContents implements HardenableContents {
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
    const event = { prevented: false, preventDefault() { this.prevented = true; } };
    this.listeners.get('will-navigate')!(event, url);
    return event.prevented;
  }
}

describe('navigation and new windows', () => {
  it('stay inside the app; web links go to the system browser, anything else nowhere', () => {
    const contents = new FakeContents();
    const opened: string[] = [];
    hardenContents(contents, APP_URL, (url) => opened.push(url));

    expect(contents.navigate(APP_URL + '#/inventory')).toBe(false);
    expect(contents.navigate('https://evil.example/phish')).toBe(true);
    expect(contents.navigate('file:///etc/passwd')).toBe(true);
    expect(contents.openHandler!({ url: 'https://www.gia.edu/report-check' })).toEqual({ action: 'deny' });
    expect(contents.openHandler!({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(contents.openHandler!({ url: 'smb://fileserver/share' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://evil.example/phish', 'https://www.gia.edu/report-check']);
  });

  it('judge URLs only after parsing them', () => {
    expect(isAppUrl('http://localhost:5173/#/x', 'http://localhost:5173/')).toBe(true);
    expect(isAppUrl('http://localhost:5173.evil.example/', 'http://localhost:5173/')).toBe(false);
    expect(isAppUrl('not a url', APP_URL)).toBe(false);
    expect(externalUrl('HTTPS://Example.com/a')).toBe('https://example.com/a');
    expect(externalUrl('file:///C:/Windows/calc.exe')).toBeNull();
  });
});

class FakeIpcMain implements IpcMainLike {
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

function fakeEvent(frameUrl: string | null, id = 1) {
  const sent: BridgeEvent[] = [];
  const event: IpcEvent = {
    sender: { id, send: (_channel, message) => sent.push(message), isDestroyed: () => false, once: () => undefined },
    senderFrame: frameUrl === null ? null : { url: frameUrl },
  };
  return { event, sent };
}

describe('tRPC over IPC', () => {
  let t: TestCore;
  beforeEach(async () => (t = await startTestCore()));
  afterEach(() => t.dispose());

  it('answers the app window and refuses any other frame before the core sees it', async () => {
    const ipc = new FakeIpcMain();
    registerCoreIpc(ipc, t.core, APP_URL);
    const request = ipc.handlers.get(IPC.request)!;
    const op = { type: 'mutation', path: 'auth.createFirstAdmin', input: ADMIN };

    expect(await request(fakeEvent('https://evil.example/').event, op)).toEqual({ ok: false, error: FOREIGN_FRAME_ERROR });
    expect(await request(fakeEvent(null).event, op)).toEqual({ ok: false, error: FOREIGN_FRAME_ERROR });
    expect((await t.core.caller('x').auth.status()).needsFirstAdmin).toBe(true);

    const created = (await request(fakeEvent(APP_URL).event, op)) as { ok: boolean; data: { username: string } };
    expect(created).toMatchObject({ ok: true, data: { username: 'amara' } });
  });

  it('returns refusals as typed error values, and keeps each window signed in on its own', async () => {
    const ipc = new FakeIpcMain();
    registerCoreIpc(ipc, t.core, APP_URL);
    const request = ipc.handlers.get(IPC.request)!;
    await request(fakeEvent(APP_URL, 1).event, { type: 'mutation', path: 'auth.createFirstAdmin', input: ADMIN });
    const otherWindow = (await request(fakeEvent(APP_URL, 2).event, { type: 'query', path: 'inventory.list' })) as {
      ok: false;
      error: { message: string; data: { code: string } };
    };
    expect(otherWindow).toMatchObject({ ok: false, error: { message: 'Sign in first.', data: { code: 'UNAUTHORIZED' } } });
    const malformed = await request(fakeEvent(APP_URL).event, { type: 'drop table', path: 'x' });
    expect(malformed).toMatchObject({ ok: false, error: { message: 'Refused: malformed request.' } });
  });

  it('streams change events to a subscribed window until it unsubscribes', async () => {
    const ipc = new FakeIpcMain();
    registerCoreIpc(ipc, t.core, APP_URL);
    const admin = t.core.caller('window:7');
    await admin.auth.createFirstAdmin(ADMIN);
    const { event, sent } = fakeEvent(APP_URL, 7);
    ipc.listeners.get(IPC.subscribe)!(event, 1, { type: 'subscription', path: 'sync.onChange' });
    await new Promise((r) => setTimeout(r, 20));
    await admin.inventory.create({ sku: 'L-1', gemstoneType: 'Opal', caratWeight: 3, clarityGrade: 'Eye Clean', certificateStatus: 'none', location: 'Vault' });
    await vi.waitFor(() => expect(sent).toEqual([{ id: 1, kind: 'data', data: expect.objectContaining({ entities: ['Gemstone'] }) }]));
    ipc.listeners.get(IPC.unsubscribe)!(event, 1);
    await admin.inventory.create({ sku: 'L-2', gemstoneType: 'Opal', caratWeight: 3, clarityGrade: 'Eye Clean', certificateStatus: 'none', location: 'Vault' });
    await new Promise((r) => setTimeout(r, 20));
    expect(sent).toHaveLength(1);

    const foreign = fakeEvent('https://evil.example/', 8);
    ipc.listeners.get(IPC.subscribe)!(foreign.event, 1, { type: 'subscription', path: 'sync.onChange' });
    expect(foreign.sent).toEqual([{ id: 1, kind: 'error', error: FOREIGN_FRAME_ERROR }]);
  });
});

function fakeShell(overrides: Partial<ShellDeps> = {}) {
  const data = tempDataDir();
  const windows: { options: unknown; loaded: string[] }[] = [];
  const errors: string[] = [];
  const appListeners = new Map<string, (...args: unknown[]) => void>();
  let quit = 0;
  const deps: ShellDeps = {
    app: {
      requestSingleInstanceLock: () => true,
      on: ((event: string, listener: (...args: unknown[]) => void) => appListeners.set(event, listener)) as ShellDeps['app']['on'],
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
    env: {},
    mainDir: '/opt/Loupe/out/main',
    ...overrides,
  };
  return { deps, windows, errors, appListeners, quitCount: () => quit, data };
}

describe('the Electron shell', () => {
  it('opens one secure window on the built page, with the data in userData', async () => {
    const shell = fakeShell();
    const state = await runShell(shell.deps);
    expect(shell.windows).toHaveLength(1);
    expect(shell.windows[0]!.loaded).toEqual([appUrlFor({}, '/opt/Loupe/out/main')]);
    expect(shell.windows[0]!.loaded[0]).toBe('file:///opt/Loupe/out/renderer/index.html');
    expect(state.core?.databaseFile).toBe(join(shell.data.dir, 'loupe.db'));
    shell.appListeners.get('window-all-closed')!();
    expect(shell.quitCount()).toBe(1);
    shell.data.remove();
  });

  it('shows a clear error instead of a blank window when the database is damaged', async () => {
    const shell = fakeShell();
    writeFileSync(join(shell.data.dir, 'loupe.db'), 'this is not a database'.repeat(500));
    await runShell(shell.deps);
    expect(shell.windows).toHaveLength(0);
    expect(shell.errors[0]).toMatch(/^Loupe could not open its database: The database at .* is damaged/);
    expect(shell.quitCount()).toBe(1);
    shell.data.remove();
  });

  it('hands over to the running Loupe when one is already open', async () => {
    const shell = fakeShell();
    shell.deps.app.requestSingleInstanceLock = () => false;
    const state = await runShell(shell.deps);
    expect(state.core).toBeUndefined();
    expect(shell.windows).toHaveLength(0);
    expect(shell.quitCount()).toBe(1);
    shell.data.remove();
  });
});

import { EventEmitter } from 'node:events';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC } from '../../preload/bridge';
import { createCore } from '../core/create-core';
import { FakeContents, FakeIpcMain, fakeEvent, fakeShell } from '../test-support/shell';
import { CONTENT_SECURITY_POLICY } from '../host/server';
import { ADMIN, aStone, signedInAdmin, startTestCore, tempDataDir, type TestCore } from '../test-support/core';
import { readRows } from '../test-support/maintenance';
import { appUrlFor, runShell, secretStoreFor, type MessageBoxOptions } from './app';
import { ShellUpdater, type AutoUpdaterLike } from './updater';
import { FOREIGN_FRAME_ERROR, registerCoreIpc } from './ipc';
import { externalUrl, hardenContents, isAppUrl, mainWindowOptions } from './security';

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

  it('refuse <webview> and redirects away from the app', () => {
    const contents = new FakeContents();
    const opened: string[] = [];
    hardenContents(contents, APP_URL, (url) => opened.push(url));
    const attempt = (event: string, url = '') => {
      const e = {
        prevented: false,
        preventDefault() {
          this.prevented = true;
        },
      };
      contents.listeners.get(event)!(e, url);
      return e.prevented;
    };
    expect(attempt('will-attach-webview')).toBe(true);
    expect(attempt('will-redirect', 'https://evil.example/')).toBe(true);
    expect(attempt('will-redirect', APP_URL + '#/settings')).toBe(false);
    expect(attempt('will-navigate', 'file:///opt/Loupe/resources/app/out/renderer/other.html')).toBe(true);
  });

  it('judge URLs only after parsing them', () => {
    expect(isAppUrl('http://localhost:5173/#/x', 'http://localhost:5173/')).toBe(true);
    expect(isAppUrl('http://localhost:5173.evil.example/', 'http://localhost:5173/')).toBe(false);
    expect(isAppUrl('not a url', APP_URL)).toBe(false);
    expect(externalUrl('HTTPS://Example.com/a')).toBe('https://example.com/a');
    expect(externalUrl('file:///C:/Windows/calc.exe')).toBeNull();
  });
});

describe('tRPC over IPC', () => {
  let t: TestCore;
  beforeEach(async () => (t = await startTestCore()));
  afterEach(() => t.dispose());

  it('answers the app window and refuses any other frame before the core sees it', async () => {
    const ipc = new FakeIpcMain();
    registerCoreIpc(ipc, t.core, APP_URL);
    const request = ipc.handlers.get(IPC.request)!;
    const op = { type: 'mutation', path: 'auth.createFirstAdmin', input: ADMIN };

    expect(await request(fakeEvent('https://evil.example/').event, op)).toEqual({
      ok: false,
      error: FOREIGN_FRAME_ERROR,
    });
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
    expect(otherWindow).toMatchObject({
      ok: false,
      error: { message: 'Sign in first.', data: { code: 'UNAUTHORIZED' } },
    });
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
    await admin.inventory.create({
      sku: 'L-1',
      gemstoneType: 'Opal',
      caratWeight: 3,
      clarityGrade: 'Eye Clean',
      certificateStatus: 'none',
      location: 'Vault',
    });
    await vi.waitFor(() =>
      expect(sent).toEqual([{ id: 1, kind: 'data', data: expect.objectContaining({ entities: ['Gemstone'] }) }]),
    );
    ipc.listeners.get(IPC.unsubscribe)!(event, 1);
    await admin.inventory.create({
      sku: 'L-2',
      gemstoneType: 'Opal',
      caratWeight: 3,
      clarityGrade: 'Eye Clean',
      certificateStatus: 'none',
      location: 'Vault',
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(sent).toHaveLength(1);

    const foreign = fakeEvent('https://evil.example/', 8);
    ipc.listeners.get(IPC.subscribe)!(foreign.event, 1, { type: 'subscription', path: 'sync.onChange' });
    expect(foreign.sent).toEqual([{ id: 1, kind: 'error', error: FOREIGN_FRAME_ERROR }]);
  });
});

describe('the Electron shell', () => {
  it('opens one secure window on the built page, with the data in userData', async () => {
    const shell = fakeShell();
    const state = await runShell(shell.deps);
    expect(shell.windows).toHaveLength(1);
    expect(shell.windows[0]!.loaded).toEqual([appUrlFor({})]);
    expect(shell.windows[0]!.loaded[0]).toBe('app://loupe/index.html'); // the app's own protocol, not file://
    expect([...shell.protocols.keys()]).toEqual(['app']);
    expect(state.core?.databaseFile).toBe(join(shell.data.dir, 'loupe.db'));
    shell.appListeners.get('window-all-closed')!();
    // Quits once the core has closed (its sync cycle and workers done), not before.
    expect(state.holder!.core).toBeNull();
    await vi.waitFor(() => expect(shell.quitCount()).toBe(1));
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

  it('keeps backend session tokens encrypted at rest with safeStorage', () => {
    const data = tempDataDir();
    // A reversible stand-in for the OS keychain cipher.
    const cipher = {
      isEncryptionAvailable: () => true,
      encryptString: (plain: string) => Buffer.from(Buffer.from(plain, 'utf8').map((b) => b ^ 0x5a)),
      decryptString: (encrypted: Buffer) => Buffer.from(encrypted.map((b) => b ^ 0x5a)).toString('utf8'),
    };
    const store = secretStoreFor({ safeStorage: cipher }, data.dir);
    store.set('session:connector', 'r:token-that-must-not-be-readable');
    expect(store.get('session:connector')).toBe('r:token-that-must-not-be-readable');
    const onDisk = readFileSync(join(data.dir, 'secrets.bin'));
    expect(onDisk.toString('utf8')).not.toContain('token-that-must-not-be-readable');
    expect(statSync(join(data.dir, 'secrets.bin')).mode & 0o777).toBe(0o600);
    data.remove();
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

/** Parses a CSP into directive → sources. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name!.toLowerCase(), sources]),
  );
}

describe('the content security policy', () => {
  const html = readFileSync(join(__dirname, '../../renderer/index.html'), 'utf8');
  const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html)?.[1];

  it("is present in the page and in the browser host's header, and strict in both", () => {
    expect(meta).toBeDefined();
    for (const policy of [meta!, CONTENT_SECURITY_POLICY]) {
      const csp = directives(policy);
      expect(csp.get('default-src')).toEqual(["'self'"]);
      expect(csp.get('script-src')).toEqual(["'self'"]);
      expect(csp.get('object-src')).toEqual(["'none'"]);
      expect(csp.get('base-uri')).toEqual(["'none'"]);
      expect(csp.get('connect-src')).toEqual(["'self'"]);
      expect(policy).not.toMatch(/unsafe-eval|wasm-unsafe-eval|strict-dynamic|\*|https?:|ws:/);
      // Inline styles (Mantine's) are the one allowance; never for scripts.
      for (const [name, sources] of csp)
        if (name !== 'style-src') expect(sources, name).not.toContain("'unsafe-inline'");
    }
    // The header also forbids framing (a meta tag cannot).
    expect(directives(CONTENT_SECURITY_POLICY).get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('loads no script from anywhere but the app itself', () => {
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(body!.trim(), 'inline script').toBe('');
      const src = /src="([^"]+)"/.exec(attributes!)?.[1];
      expect(src).toMatch(/^\/(?!\/)/);
    }
  });
});

describe('the Electron shell on a damaged database', () => {
  async function damagedWithBackup(shell: ReturnType<typeof fakeShell>) {
    const setup = await startTestCoreIn(shell.data.dir);
    const admin = await signedInAdmin(setup);
    await admin.inventory.create(aStone({ sku: 'BACKED-UP', certificateNumber: null }));
    const backup = await admin.app.backups.backUpNow();
    await setup.close();
    writeFileSync(join(shell.data.dir, 'loupe.db'), 'this is not a database'.repeat(500));
    return backup;
  }

  it('offers the latest backup instead of an error box, restores it and opens the window', async () => {
    const asked: MessageBoxOptions[] = [];
    const shell = fakeShell({ showMessageBox: async (options) => (asked.push(options), { response: 0 }) });
    const backup = await damagedWithBackup(shell);
    const state = await runShell(shell.deps);
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({
      type: 'error',
      buttons: ['Restore the latest backup', 'Quit'],
      defaultId: 0,
      cancelId: 1,
    });
    expect(asked[0]!.detail).toContain(join(shell.data.dir, 'backups'));
    expect(asked[0]!.detail).toMatch(/The latest backup is from \d{4}-\d\d-\d\d \d\d:\d\d \(manual, /);
    expect(backup.kind).toBe('manual');
    expect(shell.errors).toEqual([]);
    expect(shell.windows).toHaveLength(1);
    expect(readRows<{ sku: string }>(state.core!.databaseFile, 'SELECT sku FROM gemstones')).toEqual([
      { sku: 'BACKED-UP' },
    ]);
    shell.appListeners.get('window-all-closed')!();
    shell.data.remove();
  });

  it('offers the backup before when the latest one fails its check', async () => {
    const asked: MessageBoxOptions[] = [];
    const shell = fakeShell({ showMessageBox: async (options) => (asked.push(options), { response: 0 }) });
    await damagedWithBackup(shell);
    // A newer backup that is no good (a truncated copy).
    const folder = join(shell.data.dir, 'backups');
    writeFileSync(join(folder, 'loupe-29991231T000000000Z-daily.db'), 'SQLite format 3\0 truncated');
    const state = await runShell(shell.deps);
    expect(asked.map((a) => a.buttons[0])).toEqual(['Restore the latest backup', 'Restore this backup']);
    expect(asked[1]!.detail).toMatch(/cannot be restored/);
    expect(shell.windows).toHaveLength(1);
    expect(readRows<{ sku: string }>(state.core!.databaseFile, 'SELECT sku FROM gemstones')).toEqual([
      { sku: 'BACKED-UP' },
    ]);
    shell.appListeners.get('window-all-closed')!();
    shell.data.remove();
  });

  it('quits, leaving the file as it is, when the person chooses Quit', async () => {
    const shell = fakeShell({ showMessageBox: async () => ({ response: 1 }) });
    await damagedWithBackup(shell);
    const before = readFileSync(join(shell.data.dir, 'loupe.db'));
    await runShell(shell.deps);
    expect(shell.windows).toHaveLength(0);
    expect(shell.quitCount()).toBe(1);
    expect(readFileSync(join(shell.data.dir, 'loupe.db')).equals(before)).toBe(true);
    shell.data.remove();
  });
});

class FakeAutoUpdater extends EventEmitter implements AutoUpdaterLike {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  feeds: string[] = [];
  checks = 0;
  installs: [boolean | undefined, boolean | undefined][] = [];
  setFeedURL(options: { provider: 'generic'; url: string }) {
    this.feeds.push(options.url);
  }
  async checkForUpdates() {
    this.checks++;
    this.emit('checking-for-update');
    this.emit('update-not-available', { version: '1.0.0' });
    return null;
  }
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean) {
    this.installs.push([isSilent, isForceRunAfter]);
  }
}

describe('auto-update in the shell', () => {
  it('checks at start and daily; available → downloaded reaches the window; "restart to update" closes the core, then installs', async () => {
    const fake = new FakeAutoUpdater();
    const intervals: { fn: () => void; ms: number }[] = [];
    const updates = new ShellUpdater({
      updater: fake,
      currentVersion: '1.0.0',
      packaged: true,
      builtInFeedUrl: 'https://updates.dealer.example/loupe',
      timers: { setInterval: (fn, ms) => intervals.push({ fn, ms }), clearInterval: () => undefined },
    });
    const shell = fakeShell({ updates, version: '1.0.0' });
    const state = await runShell(shell.deps);
    const ipc = shell.deps.ipcMain as FakeIpcMain;
    const request = (path: string, type = 'query', input?: unknown) =>
      ipc.handlers.get(IPC.request)!(fakeEvent(shell.windows[0]!.loaded[0]!).event, { type, path, input });

    // At start: the built-in address, one check, and a daily one scheduled.
    expect(fake.autoDownload).toBe(true);
    expect([...new Set(fake.feeds)]).toEqual(['https://updates.dealer.example/loupe']);
    expect(fake.checks).toBe(1);
    expect(intervals.map((i) => i.ms)).toEqual([24 * 60 * 60 * 1000]);
    intervals[0]!.fn();
    expect(fake.checks).toBe(2);

    await request('auth.createFirstAdmin', 'mutation', ADMIN);
    const { event, sent } = fakeEvent(shell.windows[0]!.loaded[0]!);
    ipc.listeners.get(IPC.subscribe)!(event, 1, { type: 'subscription', path: 'app.updates.onStatus' });

    fake.emit('update-available', { version: '1.1.0' });
    fake.emit('download-progress', { percent: 42.4 });
    expect(await request('app.updates.status')).toMatchObject({
      ok: true,
      data: { phase: 'downloading', version: '1.1.0', percent: 42 },
    });
    // Nothing to install yet.
    expect(await request('app.updates.install', 'mutation')).toMatchObject({
      ok: false,
      error: { data: { code: 'PRECONDITION_FAILED' } },
    });

    fake.emit('update-downloaded', { version: '1.1.0' });
    await vi.waitFor(() =>
      expect(sent.filter((m) => m.kind === 'data').map((m) => (m as { data: { phase: string } }).data.phase)).toEqual(
        expect.arrayContaining(['downloading', 'downloaded']),
      ),
    );
    expect(await request('app.updates.status')).toMatchObject({
      ok: true,
      data: { phase: 'downloaded', version: '1.1.0', currentVersion: '1.0.0' },
    });

    // An address chosen in Settings replaces the built-in one (and is kept in the database).
    // …but never a plain-http one: an installer fetched over http could be swapped on the way.
    const feedsBefore = fake.feeds.length;
    expect(
      await request('app.updates.setFeedUrl', 'mutation', { feedUrl: 'http://mirror.dealer.example/loupe/' }),
    ).toMatchObject({
      ok: false,
      error: {
        data: { code: 'BAD_REQUEST', fieldErrors: { feedUrl: [expect.stringMatching(/must start with https/)] } },
      },
    });
    expect(fake.feeds.length).toBe(feedsBefore);
    expect(
      await request('app.updates.setFeedUrl', 'mutation', { feedUrl: 'https://mirror.dealer.example/loupe/' }),
    ).toMatchObject({ ok: true });
    expect(fake.feeds.at(-1)).toBe('https://mirror.dealer.example/loupe/');

    expect(await request('app.updates.install', 'mutation')).toEqual({ ok: true, data: { restarting: true } });
    await vi.waitFor(() => expect(fake.installs).toEqual([[false, true]]));
    // The core was closed before the installer ran: nothing half-written, the outbox is on disk.
    expect(state.holder!.core).toBeNull();
    shell.data.remove();
  });
});

/** A core on a given data dir (the shell tests build a database before the shell opens it). */
async function startTestCoreIn(dir: string) {
  return createCore({ dataDir: dir, startSync: false });
}

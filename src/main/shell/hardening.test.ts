import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IPC, type BridgeEvent } from '../../preload/bridge';
import { signedInAdmin, startTestCore, tempDataDir, type TestCore } from '../test-support/core';
import { fakeEvent, fakeShell, FakeIpcMain } from '../test-support/shell';
import { runShell, secretsWarningFor } from './app';
import { appProtocolHandler } from './app-protocol';
import { registerCoreIpc } from './ipc';
import { menuTemplate, type MenuItem } from './menu';
import { APP_ORIGIN, isAppUrl, mainWindowOptions, PRIVILEGED_SCHEMES } from './security';

// The Electron checklist items the shell owns: a protocol of the app's own, permissions denied by default,
// no developer tools in an installed Loupe, the IPC channels behind one sender check, and a plain word when
// session tokens are only obfuscated. Electron itself cannot run here; its modules are fakes.

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

describe('the app:// protocol', () => {
  const renderer = () => {
    const dir = tempDataDir('loupe-renderer-');
    cleanups.push(() => dir.remove());
    mkdirSync(join(dir.dir, 'assets'));
    writeFileSync(join(dir.dir, 'index.html'), '<!doctype html><title>Loupe</title>');
    writeFileSync(join(dir.dir, 'assets', 'app.js'), 'console.log(1)');
    return dir.dir;
  };

  it('is standard and secure, and serves the built renderer with the browser host’s security headers', async () => {
    expect(PRIVILEGED_SCHEMES).toEqual([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) },
    ]);
    const serve = appProtocolHandler(renderer());
    const page = await serve({ url: `${APP_ORIGIN}/index.html`, method: 'GET' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(await page.text()).toContain('<title>Loupe</title>');
    expect(await (await serve({ url: `${APP_ORIGIN}/assets/app.js` })).text()).toBe('console.log(1)');
    // A screen's path is the app's page (screens are client-side).
    expect(await (await serve({ url: `${APP_ORIGIN}/inventory` })).text()).toContain('<title>Loupe</title>');
  });

  it('serves nothing outside the renderer folder, nor for another host, and answers malformed paths with a 4xx', async () => {
    const serve = appProtocolHandler(renderer());
    for (const url of [`${APP_ORIGIN}/..%2f..%2f..%2fetc%2fpasswd`, `${APP_ORIGIN}/%2e%2e/%2e%2e/etc/passwd`]) {
      const answer = await serve({ url });
      expect(await answer.text(), url).not.toContain('root:');
    }
    expect((await serve({ url: 'app://evil/index.html' })).status).toBe(404);
    expect((await serve({ url: `${APP_ORIGIN}/%E0%A4%A` })).status).toBe(400);
    expect((await serve({ url: `${APP_ORIGIN}/%00` })).status).toBe(400);
    expect((await serve({ url: `${APP_ORIGIN}/index.html`, method: 'POST' })).status).toBe(404);
    // The window's navigation guard knows the app by this origin.
    expect(isAppUrl(`${APP_ORIGIN}/#/inventory`, `${APP_ORIGIN}/index.html`)).toBe(true);
    expect(isAppUrl('app://other/index.html', `${APP_ORIGIN}/index.html`)).toBe(false);
    expect(isAppUrl('file:///opt/Loupe/out/renderer/index.html', `${APP_ORIGIN}/index.html`)).toBe(false);
  });
});

describe('the window', () => {
  it('loads from app://, denies every permission but writing to the clipboard from the app itself', async () => {
    const shell = fakeShell();
    cleanups.push(() => shell.data.remove());
    const state = await runShell(shell.deps);
    expect(shell.windows[0]!.loaded).toEqual(['app://loupe/index.html']);
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'midi',
      'hid',
      'serial',
      'usb',
      'openExternal',
      'clipboard-read',
    ]) {
      expect(shell.permissions.ask(permission, 'app://loupe/index.html'), permission).toBe(false);
    }
    expect(shell.permissions.ask('clipboard-sanitized-write', 'app://loupe/index.html')).toBe(true);
    expect(shell.permissions.ask('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    expect(shell.permissions.check!(null, 'media', 'app://loupe')).toBe(false);
    expect(shell.permissions.check!(null, 'clipboard-sanitized-write', 'app://loupe')).toBe(true);
    await state.holder!.close();
  });

  it('has no developer tools and no reload in an installed Loupe; a development build keeps them', async () => {
    const roles = (items: MenuItem[]): string[] =>
      items.flatMap((i) => [...(i.role ? [i.role] : []), ...roles(i.submenu ?? [])]);
    expect(roles(menuTemplate({ packaged: true, platform: 'linux' }))).not.toEqual(
      expect.arrayContaining(['toggleDevTools']),
    );
    expect(roles(menuTemplate({ packaged: true, platform: 'win32' }))).not.toContain('reload');
    expect(roles(menuTemplate({ packaged: false, platform: 'linux' }))).toEqual(
      expect.arrayContaining(['toggleDevTools', 'reload']),
    );
    expect(mainWindowOptions('/p.js', { packaged: true }).webPreferences.devTools).toBe(false);

    const shell = fakeShell({ packaged: true });
    cleanups.push(() => shell.data.remove());
    const state = await runShell(shell.deps);
    expect(roles(shell.menus[0]!)).not.toContain('toggleDevTools');
    expect((shell.windows[0]!.options as ReturnType<typeof mainWindowOptions>).webPreferences.devTools).toBe(false);
    await state.holder!.close();
  });

  it('says in Settings and in the doctor when Linux has no keyring and session tokens are only obfuscated', async () => {
    const basicText = {
      isEncryptionAvailable: () => true,
      encryptString: (s: string) => Buffer.from(s),
      decryptString: (b: Buffer) => b.toString(),
      getSelectedStorageBackend: () => 'basic_text',
    };
    expect(secretsWarningFor({ platform: 'linux', safeStorage: basicText })).toMatch(/obfuscated, not encrypted/);
    expect(
      secretsWarningFor({
        platform: 'linux',
        safeStorage: { ...basicText, getSelectedStorageBackend: () => 'gnome_libsecret' },
      }),
    ).toBeNull();
    expect(secretsWarningFor({ platform: 'darwin', safeStorage: basicText })).toBeNull();

    const shell = fakeShell({ safeStorage: basicText });
    cleanups.push(() => shell.data.remove());
    const state = await runShell(shell.deps);
    const core = state.holder!.core!;
    expect(core.maintenance.notices.secretsWarning).toMatch(/no keyring/);
    const report = await core.maintenance.doctor('quick');
    expect(report.findings).toEqual(expect.arrayContaining([expect.stringMatching(/obfuscated, not encrypted/)]));
    await state.holder!.close();
  });
});

describe('the IPC channels', () => {
  let t: TestCore | undefined;
  afterEach(() => t?.dispose());

  it('check the sender on every channel: a foreign frame can neither ask, nor subscribe, nor end the app’s subscriptions', async () => {
    t = await startTestCore();
    await signedInAdmin(t.core, 'window:7'); // the connection of the window whose sender id is 7
    const ipc = new FakeIpcMain();
    const appUrl = `${APP_ORIGIN}/index.html`;
    registerCoreIpc(ipc, t.core, appUrl);
    // The app's frame and a foreign frame in the same window (same sender).
    const app = fakeEvent(appUrl, 7);
    const foreign = { event: { ...app.event, senderFrame: { url: 'https://evil.example/' } }, sent: app.sent };

    expect(await ipc.handlers.get(IPC.request)!(foreign.event, { type: 'query', path: 'auth.status' })).toMatchObject({
      ok: false,
      error: { data: { code: 'FORBIDDEN' } },
    });
    ipc.listeners.get(IPC.subscribe)!(foreign.event, 1, { type: 'subscription', path: 'sync.onChange' });
    expect(app.sent).toEqual([expect.objectContaining({ id: 1, kind: 'error' })]);

    ipc.listeners.get(IPC.subscribe)!(app.event, 2, { type: 'subscription', path: 'sync.onChange' });
    ipc.listeners.get(IPC.unsubscribe)!(foreign.event, 2); // must be ignored
    // Still subscribed: a change reaches the app's frame (emitted until the subscription has started).
    const delivered = () => (app.sent as BridgeEvent[]).filter((m) => m.id === 2 && m.kind === 'data');
    await vi.waitFor(
      () => {
        t!.core.store.changes.emit({ entities: ['Gemstone'], at: Date.now() });
        expect(delivered().length).toBeGreaterThan(0);
      },
      { timeout: 30_000, interval: 20 },
    );
    expect(app.sent.filter((m) => m.id === 2 && m.kind !== 'data')).toEqual([]);
    ipc.listeners.get(IPC.unsubscribe)!(app.event, 2);
  });
});

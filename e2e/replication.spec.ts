import type { Browser } from '@playwright/test';
import { LoupeApp } from './pages/loupe-app';
import { expect, test } from './fixtures';
import { startBackend, type RunningBackend } from '../scripts/backend/spawn-dev';
import { startHost } from './support/host';
import { DEMO_USERS } from '../scripts/backend/demo';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let backend: RunningBackend;
test.beforeAll(async () => {
  test.setTimeout(120_000);
  backend = await startBackend();
});
test.afterAll(async () => backend?.stop());

/** A workstation in a browser host of its own, its administrator named like the backend's; stopped afterwards. */
async function withWorkstation(
  browser: Browser,
  name: string,
  work: (app: LoupeApp) => Promise<void>,
  options: { connect?: boolean; viewport?: { width: number; height: number } } = {},
) {
  const dir = mkdtempSync(join(tmpdir(), `loupe-e2e-${name}-`));
  const host = await startHost(dir);
  try {
    const app = new LoupeApp(
      await (await browser.newContext(options.viewport ? { viewport: options.viewport } : {})).newPage(),
    );
    await app.open(host.url);
    await app.setUpFirstAdmin({
      username: backend.admin.username,
      fullName: 'Demo Admin',
      email: 'admin@example.com',
      password: 'a local password',
    });
    if (options.connect ?? true) await app.connectToBackend(backend, backend.admin.password);
    await work(app);
  } finally {
    await host.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

test('two workstations on one backend: a stone added or edited on one appears on the other without reload', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const dirs = [mkdtempSync(join(tmpdir(), 'loupe-e2e-a-')), mkdtempSync(join(tmpdir(), 'loupe-e2e-b-'))];
  const hosts = await Promise.all(dirs.map((dir) => startHost(dir)));
  try {
    const apps: LoupeApp[] = [];
    for (const host of hosts) {
      const app = new LoupeApp(await (await browser.newContext()).newPage());
      await app.open(host.url);
      // Each workstation starts local-only, its administrator named like their backend account.
      await app.setUpFirstAdmin({
        username: backend.admin.username,
        fullName: 'Demo Admin',
        email: 'admin@example.com',
        password: 'a local password',
      });
      await app.connectToBackend(backend, backend.admin.password);
      await expect(app.page.getByTestId('sync-badge')).toContainText('Synced');
      apps.push(app);
    }
    const [a, b] = apps as [LoupeApp, LoupeApp];
    const sku = `E2E-${Date.now().toString(36).toUpperCase()}`;
    await a.goTo('Inventory');
    await b.goTo('Inventory');
    await a.addStone({ sku, gemstoneType: 'Alexandrite', caratWeight: '88.88', clarityGrade: 'Eye Clean' });
    // The heaviest stone, so it is on B's first page: no reload, no "sync now".
    await expect(b.stoneRows().first()).toContainText(sku, { timeout: 15_000 });

    await a.stoneRows().filter({ hasText: sku }).click();
    await a.page.getByRole('button', { name: 'Edit', exact: true }).click();
    await a.stoneForm.getByLabel('Location').fill('Counter');
    await a.submitStone();
    await expect(b.stoneRows().filter({ hasText: sku })).toContainText('Counter', { timeout: 15_000 });
  } finally {
    await Promise.all(hosts.map((h) => h.stop()));
    dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
  }
});

test('a new stone the server refuses is listed on the Sync screen by its SKU, with the server’s reason and what was typed', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  await withWorkstation(browser, 'refused', async (app) => {
    await expect(app.page.getByTestId('sync-badge')).toContainText('Synced');
    // Another app stored this SKU where this workstation cannot read it (no ACL), so only the server knows.
    const sku = `E2E-HIDDEN-${Date.now().toString(36).toUpperCase()}`;
    const stored = await fetch(`${backend.serverURL}/classes/Gemstone`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-parse-application-id': backend.appId,
        'x-parse-master-key': backend.masterKey,
      },
      body: JSON.stringify({
        sku,
        gemstoneType: 'Ruby',
        caratWeight: 1,
        clarityGrade: 'Eye Clean',
        certificateStatus: 'none',
        location: 'Vault',
        ACL: {},
      }),
    });
    expect(stored.status).toBe(201);

    await app.goTo('Inventory');
    await app.addStone({ sku, gemstoneType: 'Tanzanite', caratWeight: '3.33', clarityGrade: 'Eye Clean' });
    await expect(app.page.getByTestId('my-refused-changes')).toContainText('The backend refused one of your changes', {
      timeout: 15_000,
    });
    await app.goTo('Sync');
    const refused = app.page.getByRole('table', { name: 'Refused changes' }).getByRole('row').filter({ hasText: sku });
    await expect(refused).toContainText(`Stone ${sku}`);
    await expect(refused).toContainText(`SKU ${sku} is already used by another stone.`);
    await expect(refused).toContainText('Carat weight: 3.33');
    await expect(refused).toContainText('Type: Tanzanite');
    await expect(refused).not.toContainText('Assigned buyer'); // left empty when the stone was added
  });
});

test('a stone moved by another app shows here at once, with a custody entry naming who moved it', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  await withWorkstation(browser, 'moved', async (app) => {
    const sku = `E2E-MOVED-${Date.now().toString(36).toUpperCase()}`;
    await app.goTo('Inventory');
    await app.addStone({ sku, gemstoneType: 'Alexandrite', caratWeight: '99.99', clarityGrade: 'Eye Clean' });
    await expect(app.page.getByTestId('sync-badge')).toContainText('Synced · 0 changes waiting', { timeout: 15_000 });

    // The coordinator moves it from a web client, over REST: no custody event comes with the change.
    const headers = {
      'content-type': 'application/json',
      'x-parse-application-id': backend.appId,
      'x-parse-javascript-key': backend.javascriptKey,
    };
    const { username, password } = DEMO_USERS.coordinator;
    const login = (await (
      await fetch(`${backend.serverURL}/login`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ username, password }),
      })
    ).json()) as { sessionToken: string };
    const where = encodeURIComponent(JSON.stringify({ sku }));
    const found = (await (
      await fetch(`${backend.serverURL}/classes/Gemstone?where=${where}`, {
        headers: { ...headers, 'x-parse-session-token': login.sessionToken },
      })
    ).json()) as {
      results: { objectId: string }[];
    };
    const moved = await fetch(`${backend.serverURL}/classes/Gemstone/${found.results[0]!.objectId}`, {
      method: 'PUT',
      headers: { ...headers, 'x-parse-session-token': login.sessionToken },
      body: JSON.stringify({ location: 'Showcase 2' }),
    });
    expect(moved.status).toBe(200);

    const row = app.stoneRows().filter({ hasText: sku });
    await expect(row).toContainText('Showcase 2', { timeout: 15_000 });
    await row.click();
    const log = app.page.getByRole('table', { name: 'Custody log' });
    await expect(log.getByRole('row').filter({ hasText: 'Vault → Showcase 2' })).toContainText(
      DEMO_USERS.coordinator.fullName,
      { timeout: 15_000 },
    );
  });
});

test('staff added while local only: the connect report, the badge and the Sync screen say whose change cannot go, until an admin creates their backend account', async ({
  browser,
}) => {
  test.setTimeout(150_000);
  await withWorkstation(
    browser,
    'stranded',
    async (app) => {
      const username = `olu.${Date.now().toString(36)}`;
      await app.addStaff({
        username,
        fullName: 'Olu Offline',
        email: `${username}@example.com`,
        password: 'olu local password',
        role: 'Coordinator',
      });
      const sku = `E2E-OLU-${Date.now().toString(36).toUpperCase()}`;
      await app.goTo('Inventory');
      await app.addStone({ sku, gemstoneType: 'Spinel', caratWeight: '98.76', clarityGrade: 'Eye Clean' });
      await app.signOut();

      // Olu moves the stone to the counter: a custody entry that names Olu.
      await app.signIn(username, 'olu local password');
      await app.goTo('Inventory');
      await app.stoneRows().filter({ hasText: sku }).click();
      await app.page.getByRole('button', { name: 'Edit', exact: true }).click();
      await app.stoneForm.getByLabel('Location').fill('Counter');
      await app.submitStone();
      await expect(app.page.getByRole('table', { name: 'Custody log' })).toContainText('Olu Offline');
      await app.page.keyboard.press('Escape');
      await app.signOut();

      await app.signIn(backend.admin.username, 'a local password');
      await app.connectToBackend(backend, backend.admin.password);
      await expect(app.page.getByTestId('unmatched-staff')).toContainText(`${username} — 1 change not sent`);
      await expect(app.page.getByTestId('sync-badge')).toContainText('Not all sent');
      await app.page.screenshot({ path: 'test-results/stranded-connect-1366.png', fullPage: true });

      await app.goTo('Sync');
      const stranded = app.page.getByRole('table', { name: 'Changes not sent' });
      await expect(stranded).toContainText('Olu Offline');
      await expect(stranded).toContainText(`Stone move ${sku} to Counter`);
      await app.page.screenshot({ path: 'test-results/stranded-sync-1366.png', fullPage: true });

      await stranded.getByRole('button', { name: 'Create backend account' }).click();
      const dialog = app.page.getByRole('dialog');
      await dialog.getByLabel('First backend password').fill('olu backend password');
      await dialog.getByRole('button', { name: 'Create account' }).click();
      await expect(dialog).toBeHidden();
      await expect(app.page.getByTestId('sync-badge')).toContainText('Synced · 0 changes waiting', { timeout: 15_000 });
      await expect(app.page.getByTestId('stranded')).toBeHidden();

      // Olu now signs in with the backend password, on this workstation or any other.
      await app.signOut();
      await app.signIn(username, 'olu backend password');
      await expect(app.page.getByTestId('signed-in-user')).toHaveText('Olu Offline');
    },
    { connect: false, viewport: { width: 1366, height: 768 } },
  );
});

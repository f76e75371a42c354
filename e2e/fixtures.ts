import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base } from '@playwright/test';
import { LoupeApp } from './pages/loupe-app';
import { startHost, type RunningHost } from './support/host';

interface Fixtures {
  /** A data dir of this test's own. */
  dataDir: string;
  /** Starts (or restarts) the browser host on the test's data dir. */
  launch: () => Promise<RunningHost>;
  loupe: LoupeApp;
}

export const test = base.extend<Fixtures>({
  dataDir: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'loupe-e2e-'));
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
  launch: async ({ dataDir }, use) => {
    const hosts: RunningHost[] = [];
    await use(async () => {
      const host = await startHost(dataDir);
      hosts.push(host);
      return host;
    });
    for (const host of hosts) await host.stop();
  },
  loupe: async ({ page }, use) => use(new LoupeApp(page)),
});

export { expect } from '@playwright/test';

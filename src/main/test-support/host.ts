import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startBrowserHost, type BrowserHost } from '../host/server';
import { startTestCore, tempDataDir, type TestCore } from './core';

/** A browser host on a fresh core, serving a two-file renderer: what the host's own tests talk to. */
export async function startTestHost(): Promise<{ t: TestCore; host: BrowserHost; stop(): Promise<void> }> {
  const t = await startTestCore();
  const renderer = tempDataDir('loupe-renderer-');
  mkdirSync(join(renderer.dir, 'assets'));
  writeFileSync(join(renderer.dir, 'index.html'), '<!doctype html><title>Loupe</title>');
  writeFileSync(join(renderer.dir, 'assets', 'app.js'), 'console.log(1)');
  const host = await startBrowserHost({ core: t.core, rendererDir: renderer.dir });
  return {
    t,
    host,
    stop: async () => {
      await host.close();
      t.dispose();
      renderer.remove();
    },
  };
}

import { mkdirSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CoreHolder } from '../core/core-holder';
import { aStone, signedInAdmin, tempDataDir } from '../test-support/core';
import { startBrowserHost, type BrowserHost } from './server';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f();
});

function send(host: BrowserHost, method: string, path: string, headers: Record<string, string> = {}, body?: string) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>(
    (resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port: host.port, method, path, headers: { host: `127.0.0.1:${host.port}`, ...headers } },
        (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
        },
      );
      req.on('error', reject);
      req.end(body);
    },
  );
}

async function damagedWorkstation() {
  const data = tempDataDir();
  cleanups.push(() => data.remove());
  const first = await CoreHolder.start({ dataDir: data.dir, startSync: false, background: false });
  const admin = await signedInAdmin(first.core!);
  await admin.inventory.create(aStone({ sku: 'RESCUED', certificateNumber: null }));
  const backup = await admin.app.backups.backUpNow();
  await first.close();
  writeFileSync(join(data.dir, 'loupe.db'), 'not a database any more'.repeat(400));

  const holder = await CoreHolder.start({ dataDir: data.dir, startSync: false, background: false });
  cleanups.push(() => holder.close());
  const renderer = tempDataDir('loupe-renderer-');
  cleanups.push(() => renderer.remove());
  mkdirSync(join(renderer.dir, 'assets'));
  writeFileSync(join(renderer.dir, 'index.html'), '<!doctype html><title>Loupe</title>');
  const host = await startBrowserHost({ core: holder, rendererDir: renderer.dir });
  cleanups.push(() => host.close());
  return { host, holder, backup };
}

describe('the browser host on a damaged database', () => {
  it('serves a recovery screen offering the latest backup, and restores it', async () => {
    const { host, holder, backup } = await damagedWorkstation();
    const auth = { authorization: `Bearer ${host.token}` };

    // Still behind the launch token.
    expect((await send(host, 'GET', '/')).status).toBe(401);
    expect(
      (
        await send(
          host,
          'POST',
          '/recovery/restore',
          { 'content-type': 'application/x-www-form-urlencoded' },
          `name=${backup.name}`,
        )
      ).status,
    ).toBe(401);

    const page = await send(host, 'GET', '/', auth);
    expect(page.status).toBe(503);
    expect(page.headers['content-security-policy']).toMatch(/default-src 'none'/);
    expect(page.body).toContain('Loupe cannot open its database');
    expect(page.body).toContain('is damaged or is not a Loupe database');
    expect(page.body).toContain(`value="${backup.name}"`);
    expect(page.body).toContain('Restore the latest backup');
    expect(page.body).not.toMatch(/<script/i);
    expect((await send(host, 'GET', '/trpc/auth.status', auth)).status).toBe(503);

    const unknown = await send(
      host,
      'POST',
      '/recovery/restore',
      { ...auth, 'content-type': 'application/x-www-form-urlencoded' },
      'name=..%2F..%2Fsecrets.json',
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body).toContain('That backup is not in the backup folder any more.');

    const restored = await send(
      host,
      'POST',
      '/recovery/restore',
      { ...auth, 'content-type': 'application/x-www-form-urlencoded' },
      `name=${encodeURIComponent(backup.name)}`,
    );
    expect(restored.status).toBe(303);
    expect(restored.headers.location).toBe('/');
    expect(holder.state).toEqual({ kind: 'ready' });

    // The app is back, on the restored data.
    const status = await send(host, 'GET', '/trpc/auth.status', auth);
    expect(JSON.parse(status.body)).toEqual({ result: { data: { needsFirstAdmin: false, user: null } } });
    expect((await send(host, 'GET', '/', auth)).body).toContain('<title>Loupe</title>');
  });
});

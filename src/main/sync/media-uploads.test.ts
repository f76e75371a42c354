import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../core/create-core';
import { ADMIN, aStone, tempDataDir } from '../test-support/core';
import { fakeParse, type FakeParseHandlers } from '../test-support/fake-parse';
import { ManualTimers } from '../test-support/timers';

// Photos go up on a queue of their own: a slow or failing upload never holds up the sync of other changes,
// other stones' or the same stone's other fields; the stone's list goes once its files are up.

const opened: { core: Core; remove(): void }[] = [];
afterEach(async () => {
  for (const { core, remove } of opened.splice(0)) {
    await core.close();
    remove();
  }
});

const backendUser = {
  objectId: 'u-amara',
  username: ADMIN.username,
  email: ADMIN.email,
  role: 'admin',
  fullName: ADMIN.fullName,
  createdAt: '2026-11-01T08:00:00.000Z',
  updatedAt: '2026-11-01T08:00:00.000Z',
};

async function workstation(file: FakeParseHandlers['file']) {
  const server = fakeParse({
    login: (username) => (username === ADMIN.username ? { ...backendUser, sessionToken: 'session-token' } : null),
    find: (className) => (className === '_User' ? [backendUser] : []),
    file,
  });
  const data = tempDataDir();
  const clock = { now: Date.parse('2026-11-02T09:00:00.000Z') };
  const timers = new ManualTimers();
  const core = await createCore({
    dataDir: data.dir,
    fetch: server.fetch,
    startSync: false,
    clock: () => clock.now,
    replicator: { illegalTransitions: 'throw', timers },
  });
  opened.push({ core, remove: data.remove });
  const admin = core.caller('admin');
  await admin.auth.createFirstAdmin(ADMIN);
  const ruby = await admin.inventory.create(aStone({ sku: 'R-1' }));
  const sapphire = await admin.inventory.create(aStone({ sku: 'S-1', gemstoneType: 'Sapphire' }));
  await admin.sync.connect({ ...server.settings, username: ADMIN.username, password: 'backend pw' });
  server.batches.length = 0;
  const jpeg = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#b03a2e' } })
    .jpeg()
    .toBuffer();
  return { core, admin, server, ruby, sapphire, jpeg, clock, timers };
}

const sent = (server: { batches: { method: string; path: string; body?: Record<string, unknown> }[][] }) =>
  server.batches.flat().filter((r) => r.method !== 'GET');

describe('photo uploads', () => {
  it('a slow upload holds up neither another stone nor the same stone’s other fields', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { core, admin, server, ruby, sapphire, jpeg } = await workstation(async (fileName) => {
      await gate;
      return { name: `0123456789abcdef0123456789abcdef_${fileName}` };
    });
    await admin.media.attach({ stone: ruby.id, files: [{ fileName: 'ruby.jpg', base64: jpeg.toString('base64') }] });
    await admin.inventory.update({ id: ruby.id, changes: { caratWeight: 2.5 } });
    await admin.inventory.update({ id: sapphire.id, changes: { caratWeight: 3.25 } });

    const report = await admin.sync.syncNow(); // returns while the upload is still under way
    const puts = sent(server);
    expect(puts.find((r) => r.body?.caratWeight === 2.5)?.body).not.toHaveProperty('photos');
    expect(puts.some((r) => r.body?.caratWeight === 3.25)).toBe(true);
    expect(report.pushed).toBe(2);
    expect(core.replicator.status().media).toEqual({ waiting: 1, problem: null });
    expect(core.store.sqlite.prepare('SELECT fields FROM outbox').all()).toEqual([{ fields: '["photos"]' }]);

    release();
    await core.replicator.media.settled();
    server.batches.length = 0;
    await admin.sync.syncNow();
    expect(sent(server).map((r) => r.body)).toEqual([
      {
        photos: [
          {
            __type: 'File',
            name: '0123456789abcdef0123456789abcdef_ruby.jpg',
            url: 'http://parse.test/parse/files/loupe-test/0123456789abcdef0123456789abcdef_ruby.jpg',
          },
        ],
      },
    ]);
    expect(core.replicator.status().media).toEqual({ waiting: 0, problem: null });
    expect(core.replicator.status().pendingChanges).toBe(0);
    expect((await admin.media.list({ stone: ruby.id }))[0]!.uploaded).toBe(true);
  });

  it('a failing upload is retried with backoff and said on the Sync screen, while a new stone goes up without it', async () => {
    let failing = true;
    const { core, admin, server, jpeg, clock, timers } = await workstation(async (fileName) => {
      if (failing) return { error: { code: 1, error: 'Internal server error' } };
      return { name: `fedcba9876543210fedcba9876543210_${fileName}` };
    });
    const emerald = await admin.inventory.create(aStone({ sku: 'E-1', gemstoneType: 'Emerald' }));
    await admin.media.attach({ stone: emerald.id, files: [{ fileName: 'e.jpg', base64: jpeg.toString('base64') }] });
    await admin.sync.syncNow();
    await core.replicator.media.settled();
    const created = sent(server).find((r) => r.method === 'POST' && r.body?.sku === 'E-1');
    expect(created?.body).not.toHaveProperty('photos');
    expect(core.replicator.status().media).toMatchObject({
      waiting: 1,
      problem: expect.stringContaining('e.jpg could not be uploaded yet'),
    });

    failing = false;
    clock.now += 10 * 60_000;
    timers.runNext(); // the backoff's wake-up
    await core.replicator.media.settled();
    server.batches.length = 0;
    await admin.sync.syncNow();
    expect(sent(server).map((r) => [r.method, Object.keys(r.body ?? {})])).toEqual([['PUT', ['photos']]]);
    expect(core.replicator.status().media).toEqual({ waiting: 0, problem: null });
  });
});

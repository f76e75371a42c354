import { spawn } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createCore } from '../core/create-core';
import { seeded, startFaultProxy } from '../test-support/fault-proxy';
import {
  asLocalShape,
  backend,
  connectedWorkstation,
  localStones,
  master,
  serverStones,
  stone,
  uniqueSku,
  type Workstation,
} from '../test-support/remote';

const opened: Workstation[] = [];
afterAll(() => opened.forEach((w) => w.dispose()));

/** Syncs until nothing is waiting (retries without waiting out the backoff), at most `rounds` times. */
async function drain(ws: Workstation, rounds = 60) {
  for (let i = 0; i < rounds; i++) {
    ws.core.store.sqlite.prepare('UPDATE outbox SET nextAttemptAt = 0').run();
    const report = await ws.core.replicator.syncNow();
    if (report.ok && ws.core.replicator.status().pendingChanges === 0) return i + 1;
  }
  throw new Error(
    `still ${ws.core.replicator.status().pendingChanges} change(s) waiting: ${ws.core.replicator.status().lastError}`,
  );
}

async function connectThrough(url: string): Promise<Workstation> {
  const ws = await connectedWorkstation({ connect: false });
  opened.push(ws);
  const { username, password } = backend.demoUsers.admin;
  for (let attempt = 0; ; attempt++) {
    try {
      await ws.admin.sync.connect({
        serverURL: url,
        appId: backend.appId,
        clientKey: backend.javascriptKey,
        username,
        password,
      });
      return ws;
    } catch (error) {
      if (attempt > 30) throw error; // the proxy also breaks sign-ins; a person would simply try again
    }
  }
}

describe('replication through a faulty network', () => {
  it('converges with no duplicate and no lost edit when 30% of requests drop, fail, lag or lose their answer', async () => {
    const proxy = await startFaultProxy({ target: backend.serverURL, rate: 0, random: seeded(20261123) });
    try {
      const a = await connectThrough(proxy.url);
      const b = await connectThrough(proxy.url);
      await drain(a);
      await drain(b);
      proxy.setRate(0.3);

      const prefix = uniqueSku('FLT');
      const made: { sku: string; location: string }[] = [];
      for (let i = 0; i < 40; i++) {
        const ws = i % 2 === 0 ? a : b;
        const created = await ws.admin.inventory.create(stone(`${prefix}-${i}`, { caratWeight: 1 + i / 100 }));
        const location = i % 3 === 0 ? 'Counter' : 'Vault';
        if (location !== 'Vault') await ws.admin.inventory.update({ id: created.id, changes: { location } });
        made.push({ sku: `${prefix}-${i}`, location });
        if (i % 10 === 9) await ws.core.replicator.syncNow(); // some syncs happen mid-way, under faults
      }
      await drain(a);
      await drain(b);
      await drain(a);
      proxy.setRate(0);
      await drain(b);
      await drain(a);

      expect(proxy.counts.lostResponse + proxy.counts.drop + proxy.counts.error500).toBeGreaterThan(5);
      const onServer = await serverStones({ sku: { $regex: `^${prefix}-` } });
      // Zero duplicates: one server object per stone and per clientId.
      expect(onServer).toHaveLength(made.length);
      expect(new Set(onServer.map((s) => s.clientId)).size).toBe(made.length);
      // Zero lost edits.
      expect(Object.fromEntries(onServer.map((s) => [s.sku, s.location]))).toEqual(
        Object.fromEntries(made.map((m) => [m.sku, m.location])),
      );
      // A create retried after its answer was lost is adopted, never set aside as "SKU already used".
      for (const ws of [a, b])
        expect(ws.core.store.sqlite.prepare('SELECT message FROM sync_dead_letters').all()).toEqual([]);
      // Both workstations hold exactly what the server holds.
      const server = new Map((await serverStones()).map((s) => [s.objectId, asLocalShape(s)]));
      expect(localStones(a.core)).toEqual(server);
      expect(localStones(b.core)).toEqual(server);
    } finally {
      await proxy.close();
    }
  }, 240_000);
});

describe('crash safety', () => {
  it('loses and duplicates nothing when the pushing process is killed 20 times', async () => {
    const ws = await connectedWorkstation();
    const adminId = (await ws.admin.auth.status()).user!.id;
    await ws.core.close(); // the child owns the database from now on
    const prefix = uniqueSku('CRASH');
    const STONES = 1000;
    const EDITS = 10_000;
    // About 600 edits a second (50, then a 80 ms pause): twenty kills 0.1–1.2 s after each start land
    // while edits and their background pushes are still going on, on a fast machine as on a slow one.
    const PAUSE_MS = 80;
    const run = (killAfterMs: number | null) =>
      new Promise<{ code: number | null; killed: boolean; output: string }>((resolve) => {
        // tsx as a loader in the child's own process: its command-line runner would start the script in a
        // second process, which a SIGKILL of the first leaves running (nothing would have crashed).
        const child = spawn(
          process.execPath,
          [
            '--import',
            'tsx',
            join(__dirname, '../test-support/crash-child.ts'),
            ws.dir,
            prefix,
            String(STONES),
            String(EDITS),
            adminId,
            String(killAfterMs === null ? 0 : PAUSE_MS),
          ],
          { stdio: ['ignore', 'pipe', 'pipe'] },
        );
        let output = '';
        let timer: NodeJS.Timeout | null = null;
        let killed = false;
        child.stdout.on('data', (c) => {
          output += c;
          // Timed from the moment its database is open, not from the spawn (starting Node varies most).
          if (killAfterMs !== null && !timer && output.includes('READY')) {
            timer = setTimeout(() => {
              killed = true;
              child.kill('SIGKILL');
            }, killAfterMs);
          }
        });
        child.stderr.on('data', (c) => (output += c));
        child.on('exit', (code) => {
          if (timer) clearTimeout(timer);
          resolve({ code, killed, output });
        });
      });

    const random = seeded(42);
    for (let kill = 0; kill < 20; kill++) {
      const result = await run(100 + Math.floor(random() * 1100));
      // Killed by us, while it still had work to do: not finished, not failed on its own.
      expect(result.output).not.toContain('DRAINED');
      expect(result.killed, result.output).toBe(true);
    }
    const last = await run(null);
    expect(last.output).toContain('DRAINED 0');

    const db = new Database(join(ws.dir, 'loupe.db'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare("SELECT value FROM settings WHERE key = 'crash-progress'").get()).toEqual({
      value: String(EDITS),
    });
    const local = new Map(
      (
        db.prepare('SELECT sku, caratWeight, objectId FROM gemstones WHERE sku LIKE ?').all(`${prefix}-%`) as {
          sku: string;
          caratWeight: number;
          objectId: string;
        }[]
      ).map((r) => [r.sku, r]),
    );
    db.close();
    const onServer = await serverStones({ sku: { $regex: `^${prefix}-` } });
    expect(onServer).toHaveLength(STONES);
    expect(new Set(onServer.map((s) => s.clientId)).size).toBe(STONES);
    for (let j = 0; j < STONES; j++) {
      // The last edit of stone j wins everywhere: nothing lost on the way.
      let lastEdit = -1;
      for (let k = STONES; k < EDITS; k++) if (k % STONES === j) lastEdit = k;
      const expected = lastEdit < 0 ? 1 + (j % 50) / 100 : Number(((lastEdit % 5000) / 100 + 0.01).toFixed(2));
      const server = onServer.find((s) => s.sku === `${prefix}-${j}`);
      expect(server?.caratWeight, `${prefix}-${j} on the server`).toBe(expected);
      expect(local.get(`${prefix}-${j}`)?.caratWeight, `${prefix}-${j} here`).toBe(expected);
      expect(local.get(`${prefix}-${j}`)?.objectId).toBe(server?.objectId);
    }
    const reopened = await createCore({ dataDir: ws.dir, startSync: false });
    expect(reopened.replicator.status().pendingChanges).toBe(0);
    await reopened.close();
  }, 600_000);
});

type PushBody = { requests: { method: string; path: string }[]; transaction?: boolean };
/** What a test does with a push's /batch call: change it on its way, answer it instead of the server, or lose the server's answer. */
type Intercept = (body: PushBody) => Response | 'loseAnswer' | void;

/** A workstation whose pushes of new stones are seen (and, for a test, changed or answered) on their way to the server. */
async function watched(batchSize: number, intercept: Intercept = () => undefined) {
  const pushes: { size: number; together: boolean }[] = [];
  const ws = await connectedWorkstation({
    connect: false,
    fetch: async (input, init) => {
      if (new URL(String(input)).pathname.endsWith('/batch') && typeof init?.body === 'string') {
        const body = JSON.parse(init.body) as PushBody;
        if (body.requests.some((r) => r.method === 'POST' && r.path.endsWith('/classes/Gemstone'))) {
          pushes.push({ size: body.requests.length, together: body.transaction === true });
          const answer = intercept(body);
          if (answer instanceof Response) return answer;
          const response = await fetch(input, { ...init, body: JSON.stringify(body) });
          if (answer !== 'loseAnswer') return response;
          await response.text();
          throw new TypeError('socket hang up');
        }
      }
      return fetch(input, init);
    },
  });
  opened.push(ws);
  const { username, password } = backend.demoUsers.admin;
  await ws.admin.sync.connect({
    serverURL: backend.serverURL,
    appId: backend.appId,
    clientKey: backend.javascriptKey,
    username,
    password,
    batchSize,
  });
  return { ws, pushes };
}

describe('batches the server refuses as a whole', () => {
  it('sends changes in batches the server takes when Settings ask for more, and sets none aside', async () => {
    // This backend takes at most 100 sub-requests per /batch (requestComplexity.batchRequestLimit).
    const { ws, pushes } = await watched(250);
    const prefix = uniqueSku('BIG');
    for (let i = 0; i < 260; i++) await ws.admin.inventory.create(stone(`${prefix}-${i}`));
    const report = await ws.core.replicator.syncNow();
    expect(report.ok).toBe(true);
    expect(report.deadLettered).toBe(0);
    expect(await ws.admin.sync.deadLetters.list()).toEqual([]);
    expect(ws.core.replicator.status().pendingChanges).toBe(0);
    const onServer = await serverStones({ sku: { $regex: `^${prefix}-` } });
    expect(onServer).toHaveLength(260);
    expect(
      [...localStones(ws.core).values()]
        .filter((s) => String(s.sku).startsWith(`${prefix}-`))
        .every((s) => typeof s.objectId === 'string'),
    ).toBe(true);
    // Refused once for its size; every batch after that within the server's limit.
    expect(pushes.filter((p) => p.size > 100)).toHaveLength(1);

    // Learnt: the next push asks for no more than the server takes.
    pushes.length = 0;
    for (let i = 0; i < 150; i++) await ws.admin.inventory.create(stone(`${prefix}-more-${i}`));
    expect((await ws.core.replicator.syncNow()).ok).toBe(true);
    expect(pushes.length).toBeGreaterThan(0);
    expect(Math.max(...pushes.map((p) => p.size))).toBeLessThanOrEqual(100);
    expect(await serverStones({ sku: { $regex: `^${prefix}-more-` } })).toHaveLength(150);
  });

  it('keeps every change of a batch refused as a whole for another reason waiting, and sends them later', async () => {
    let corrupt = true;
    // A request spoilt on its way (a path outside the server's mount): Parse Server refuses the whole call.
    const { ws } = await watched(100, (body) => {
      if (corrupt) body.requests[0]!.path = '/elsewhere/classes/Gemstone';
    });
    const prefix = uniqueSku('WHOLE');
    const made = [];
    for (let i = 0; i < 5; i++)
      made.push(await ws.admin.inventory.create(stone(`${prefix}-${i}`, { caratWeight: 2 + i / 10 })));
    const refused = await ws.core.replicator.syncNow();
    expect(refused.ok).toBe(false);
    expect(refused.deadLettered).toBe(0);
    expect(await ws.admin.sync.deadLetters.list()).toEqual([]);
    expect(ws.core.replicator.status().pendingChanges).toBe(5);
    expect(ws.core.replicator.status()).toMatchObject({
      state: 'error',
      lastError: expect.stringMatching(/refused a batch of changes as a whole/),
    });
    for (const [i, created] of made.entries())
      expect((await ws.admin.inventory.get({ id: created.id })).caratWeight).toBe(2 + i / 10);
    expect(await serverStones({ sku: { $regex: `^${prefix}-` } })).toEqual([]);

    corrupt = false;
    await drain(ws);
    expect((await serverStones({ sku: { $regex: `^${prefix}-` } })).map((s) => s.caratWeight).sort()).toEqual([
      2, 2.1, 2.2, 2.3, 2.4,
    ]);
  });
});

describe('new stones in one transaction per batch', () => {
  const sorted = (stones: Record<string, unknown>[]) => stones.map((s) => String(s.sku)).sort();

  it('stores the others and sets aside the one the server refuses, when that refusal fails the whole transaction', async () => {
    const { ws, pushes } = await watched(100);
    const prefix = uniqueSku('TOGETHER');
    const bad = await ws.admin.inventory.create(stone(`${prefix}-bad`));
    // A value this version's core would refuse, as an older or damaged workstation might queue it.
    ws.core.store.sqlite
      .prepare("UPDATE gemstones SET certificateStatus = 'lost in the post' WHERE id = ?")
      .run(bad.id);
    for (let i = 0; i < 4; i++) await ws.admin.inventory.create(stone(`${prefix}-${i}`));

    const report = await ws.core.replicator.syncNow();
    expect(report).toMatchObject({ pushed: 4, deadLettered: 1 });
    const [letter] = await ws.admin.sync.deadLetters.list();
    expect(letter).toMatchObject({
      entity: 'Gemstone',
      recordId: bad.id,
      values: { certificateStatus: 'lost in the post' },
    });
    expect(letter!.message).toMatch(
      /certificateStatus \(Certificate\) must be one of none, pending, verified, mismatch/,
    );
    expect(sorted(await serverStones({ sku: { $regex: `^${prefix}-` } }))).toEqual(
      [0, 1, 2, 3].map((i) => `${prefix}-${i}`),
    );
    expect(ws.core.replicator.status().pendingChanges).toBe(0);
    // All five in one transaction, refused as a whole; then each on its own, which found the one.
    expect(pushes).toEqual([
      { size: 5, together: true },
      { size: 5, together: false },
    ]);

    // That refusal was a record's, not the transaction's: new stones still go together.
    pushes.length = 0;
    for (let i = 0; i < 3; i++) await ws.admin.inventory.create(stone(`${prefix}-next-${i}`));
    expect((await ws.core.replicator.syncNow()).ok).toBe(true);
    expect(pushes).toEqual([{ size: 3, together: true }]);
    expect(await serverStones({ sku: { $regex: `^${prefix}-next-` } })).toHaveLength(3);
  });

  it('sends new stones each on its own to a server that cannot run transactions, and stops asking it to', async () => {
    // As a server answers whose database cannot run transactions (MongoDB without a replica set, say).
    const { ws, pushes } = await watched(100, (body) =>
      body.transaction ? Response.json({ code: 1, error: 'Internal server error.' }, { status: 500 }) : undefined,
    );
    const prefix = uniqueSku('NOTX');
    for (let i = 0; i < 6; i++) await ws.admin.inventory.create(stone(`${prefix}-${i}`));
    const report = await ws.core.replicator.syncNow();
    expect(report).toMatchObject({ ok: true, pushed: 6, deadLettered: 0 });
    expect(await ws.admin.sync.deadLetters.list()).toEqual([]);
    expect(await serverStones({ sku: { $regex: `^${prefix}-` } })).toHaveLength(6);
    expect(pushes).toEqual([
      { size: 6, together: true },
      { size: 6, together: false },
    ]);

    pushes.length = 0;
    for (let i = 0; i < 4; i++) await ws.admin.inventory.create(stone(`${prefix}-more-${i}`));
    expect((await ws.core.replicator.syncNow()).ok).toBe(true);
    expect(pushes).toEqual([{ size: 4, together: false }]);
  });

  it('creates nothing twice when the answer to a transaction is lost after the server committed it', async () => {
    let lose = true;
    const { ws, pushes } = await watched(100, (body) => {
      if (!body.transaction || !lose) return undefined;
      lose = false;
      return 'loseAnswer';
    });
    const prefix = uniqueSku('TXLOST');
    for (let i = 0; i < 3; i++) await ws.admin.inventory.create(stone(`${prefix}-${i}`));
    expect((await ws.core.replicator.syncNow()).ok).toBe(false);
    expect(await serverStones({ sku: { $regex: `^${prefix}-` } })).toHaveLength(3); // it did commit

    await drain(ws);
    const onServer = await serverStones({ sku: { $regex: `^${prefix}-` } });
    expect(sorted(onServer)).toEqual([0, 1, 2].map((i) => `${prefix}-${i}`));
    const local = localStones(ws.core);
    for (const s of onServer) expect(local.get(String(s.objectId))).toBeDefined();
    expect(await ws.admin.sync.deadLetters.list()).toEqual([]);
    // Never sent again: the next sync's pull met the three first and took them as these stones (by clientId).
    expect(pushes).toEqual([{ size: 3, together: true }]);
    expect(ws.core.replicator.status().pendingChanges).toBe(0);
  });
});

describe('a front proxy that limits request size', () => {
  it('sends the changes in smaller batches when the proxy answers 413, and sets none aside', async () => {
    // 100 new stones make a body of about 30 kB; the proxy takes 12 kB.
    const proxy = await startFaultProxy({
      target: backend.serverURL,
      rate: 0,
      random: seeded(7),
      maxBodyBytes: 12_000,
    });
    try {
      const ws = await connectThrough(proxy.url);
      const prefix = uniqueSku('PROXY');
      for (let i = 0; i < 120; i++) await ws.admin.inventory.create(stone(`${prefix}-${i}`));
      const report = await ws.core.replicator.syncNow();
      expect(report.deadLettered).toBe(0);
      expect(report.ok).toBe(true);
      expect(ws.core.replicator.status().pendingChanges).toBe(0);
      expect(await serverStones({ sku: { $regex: `^${prefix}-` } })).toHaveLength(120);
    } finally {
      await proxy.close();
    }
  });
});

describe('a backend that takes few sub-requests per /batch (a hosted plan)', () => {
  it('downloads, pushes and pulls everything, setting nothing aside', async () => {
    // Five per call: fewer than a first download asks for at once (every class's first page and count).
    const proxy = await startFaultProxy({ target: backend.serverURL, rate: 0, random: seeded(5), maxBatchRequests: 5 });
    try {
      const elsewhere = uniqueSku('ELSEWHERE');
      await master('POST', '/classes/Gemstone', { ...stone(elsewhere), clientId: `elsewhere-${elsewhere}` });
      const ws = await connectThrough(proxy.url); // its first download
      expect(ws.core.replicator.status().lastError).toBeNull();
      expect([...localStones(ws.core).values()].some((s) => s.sku === elsewhere)).toBe(true);
      expect(proxy.counts.refusedBatch).toBeGreaterThan(0);

      const prefix = uniqueSku('FEW');
      for (let i = 0; i < 30; i++) await ws.admin.inventory.create(stone(`${prefix}-${i}`));
      const report = await ws.core.replicator.syncNow();
      expect(report).toMatchObject({ ok: true, deadLettered: 0, error: null });
      expect(await serverStones({ sku: { $regex: `^${prefix}-` } })).toHaveLength(30);
      expect(ws.core.replicator.status().pendingChanges).toBe(0);
    } finally {
      await proxy.close();
    }
  });
});

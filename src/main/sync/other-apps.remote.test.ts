import Parse from 'parse/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { syncHeadline } from '../../shared/sync';
import {
  backend,
  workstationsForThisFile,
  master,
  serverSql,
  serverStones,
  stone,
  uniqueSku,
  type Workstation,
} from '../test-support/remote';

// The backend is shared with the dealer's other apps (seed 001–004's clients, the Parse Dashboard, older
// scripts). One test per way they were seen to break a workstation: each failed before, and shows what a
// dealer now sees instead.

const workstation = workstationsForThisFile();

beforeAll(() => {
  Parse.initialize(backend.appId, backend.javascriptKey);
  (Parse as unknown as { serverURL: string }).serverURL = backend.serverURL;
});

/** A mobile client as seeds 002–004 write it: the Parse SDK, signed in. */
async function mobile(role: 'coordinator' | 'admin') {
  const { username, password } = backend.demoUsers[role];
  const user = await Parse.User.logIn(username, password);
  return { sessionToken: user.getSessionToken()!, user };
}

/** REST as a signed-in user (a web client or a script). */
async function asUser(role: 'coordinator' | 'admin', method: string, path: string, body?: unknown) {
  const { sessionToken } = await mobile(role);
  const response = await fetch(`${backend.serverURL}${path}`, {
    method,
    headers: {
      'x-parse-application-id': backend.appId,
      'x-parse-rest-api-key': backend.restAPIKey,
      'x-parse-session-token': sessionToken,
      'content-type': 'application/json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json()) as Record<string, any>;
  if (!response.ok) throw new Error(`${method} ${path}: ${json.error}`);
  return json;
}

const pointer = (className: string, objectId: string) => ({ __type: 'Pointer', className, objectId });
const nowIso = () => new Date().toISOString();
const localRow = (ws: Workstation, sql: string, ...params: unknown[]) =>
  ws.core.store.sqlite.prepare(sql).get(...params) as Record<string, any> | undefined;
const heldBack = async (ws: Workstation) => (await ws.admin.sync.deadLetters.list()).filter((l) => l.op === 'pull');

async function aBuyerAndStone() {
  const buyer = await master('POST', '/classes/Buyer', {
    buyerCode: uniqueSku('B'),
    companyName: 'Mobile Gems',
    contactName: 'Ana',
    email: 'ana@example.com',
    salesStatus: 'active',
    accountManager: pointer('_User', backend.demoUsers.coordinator.objectId),
  });
  const stoneRow = await master('POST', '/classes/Gemstone', stone(uniqueSku('APP')));
  return { buyer: buyer.objectId as string, stone: stoneRow.objectId as string };
}

describe('what other apps write, and what a workstation does with it', () => {
  it('takes in a price with three decimals in USD, exactly, and every workstation keeps syncing and connecting', async () => {
    const { buyer, stone: stoneId } = await aBuyerAndStone();
    const { sessionToken } = await mobile('coordinator');
    const inquiry = new Parse.Object('PurchaseInquiry');
    inquiry.set({
      buyer: Parse.Object.fromJSON({ className: 'Buyer', objectId: buyer }),
      gemstone: Parse.Object.fromJSON({ className: 'Gemstone', objectId: stoneId }),
      inquiryStatus: 'quoted',
      requestedCaratWeight: 1.25,
      quotedPrice: 1234.567,
      currency: 'USD',
      handledBy: Parse.Object.fromJSON({ className: '_User', objectId: backend.demoUsers.coordinator.objectId }),
    });
    await inquiry.save(null, { sessionToken });

    const ws = await workstation(); // connecting pulls it: before, this failed with "USD amounts have at most 2 decimals"
    const report = await ws.admin.sync.syncNow();
    expect(report).toMatchObject({ ok: true, error: null });
    const local = localRow(
      ws,
      'SELECT id, quotedPrice, currency FROM purchase_inquiries WHERE objectId = ?',
      inquiry.id,
    )!;
    expect(local).toMatchObject({ quotedPrice: 123456.7, currency: 'USD' });
    const detail = await ws.admin.inquiries.get({ id: local.id });
    expect(detail.quotedPrice).toBe(123456.7);
    expect(await heldBack(ws)).toEqual([]);
  });

  it('stores clarity VS and lab "GIA Lab" as written: Cloud Code and the pull accept what the seed allows', async () => {
    const made = await asUser(
      'coordinator',
      'POST',
      '/classes/Gemstone',
      stone(uniqueSku('VS'), { clarityGrade: 'VS', gemstoneType: 'Diamond' }),
    );
    await asUser('admin', 'POST', '/classes/CertificateLog', {
      gemstone: pointer('Gemstone', made.objectId),
      certificateNumber: '2141234567',
      issuedBy: 'GIA Lab',
      verifiedBy: pointer('_User', backend.demoUsers.admin.objectId),
      verifiedAt: { __type: 'Date', iso: nowIso() },
      verificationResult: 'verified',
    });
    const ws = await workstation();
    expect(
      localRow(ws, 'SELECT clarityGrade, certificateStatus FROM gemstones WHERE objectId = ?', made.objectId),
    ).toEqual({ clarityGrade: 'VS', certificateStatus: 'verified' });
    expect(
      localRow(
        ws,
        'SELECT issuedBy FROM certificate_logs c JOIN gemstones g ON g.id = c.gemstone WHERE g.objectId = ?',
        made.objectId,
      ),
    ).toEqual({ issuedBy: 'GIA Lab' });
  });

  it('holds back and lists rows left without a required value or with one Loupe cannot work with, coercing none, and says so', async () => {
    const planted: string[] = [];
    const plant = async (set: string, params: unknown[]) => {
      const row = await master('POST', '/classes/Gemstone', stone(uniqueSku('PLANT')));
      planted.push(row.objectId);
      await serverSql(`UPDATE "Gemstone" SET ${set}, "updatedAt" = now() WHERE "objectId" = $${params.length + 1}`, [
        ...params,
        row.objectId,
      ]);
      return row.objectId as string;
    };
    try {
      const noSku = await plant('sku = NULL', []);
      const blank1 = await plant("sku = ''", []);
      const blank2 = await plant("sku = ''", []);
      const noWeight = await plant('"caratWeight" = NULL', []);
      const noLocation = await plant('location = NULL', []);
      const negative = await plant('"caratWeight" = $1', [-3]);
      const certified = await plant('"certificateStatus" = $1', ['Certified']);
      const ws = await workstation();
      const report = await ws.admin.sync.syncNow();
      expect(report.ok).toBe(true); // the cycle completes
      const byId = new Map((await heldBack(ws)).map((l) => [l.recordId, l.message]));
      expect(
        Object.fromEntries(
          [noSku, blank1, blank2, noWeight, noLocation, negative, certified].map((id) => [id, byId.get(id)]),
        ),
      ).toEqual({
        [noSku]: 'Not taken in from the server: SKU is missing. It is tried again at every sync.',
        [blank1]: 'Not taken in from the server: SKU is empty. It is tried again at every sync.',
        [blank2]: 'Not taken in from the server: SKU is empty. It is tried again at every sync.',
        [noWeight]: 'Not taken in from the server: Carat weight is missing. It is tried again at every sync.',
        [noLocation]: 'Not taken in from the server: Location is missing. It is tried again at every sync.',
        [negative]:
          'Not taken in from the server: Carat weight must be greater than 0 (it is -3). It is tried again at every sync.',
        [certified]:
          'Not taken in from the server: Certificate “Certified” is not one Loupe works with (No certificate, Pending, Verified, Mismatch). It is tried again at every sync.',
      });
      for (const id of planted)
        expect(localRow(ws, 'SELECT 1 AS here FROM gemstones WHERE objectId = ?', id)).toBeUndefined();
      const doctor = await ws.admin.app.doctor.run();
      expect(doctor.report.heldBack.open).toBe(7);
      expect(doctor.text).toMatch(/Held back +7 record\(s\) from the backend/);
      expect(doctor.report.verdict).not.toBe('ok');

      // Corrected on the server (the dashboard): it comes in at the next sync, and leaves the list.
      await serverSql(`UPDATE "Gemstone" SET "caratWeight" = 1.5, "updatedAt" = now() WHERE "objectId" = $1`, [
        negative,
      ]);
      await ws.admin.sync.syncNow();
      expect(localRow(ws, 'SELECT caratWeight FROM gemstones WHERE objectId = ?', negative)).toEqual({
        caratWeight: 1.5,
      });
      expect((await heldBack(ws)).map((l) => l.recordId)).not.toContain(negative);
    } finally {
      await serverSql('DELETE FROM "Gemstone" WHERE "objectId" = ANY($1)', [planted]); // other tests' workstations share this server
    }
  });

  it('settles a move waiting for a stone a mobile admin deleted meanwhile: set aside with the reason, nothing waits forever', async () => {
    const ws = await workstation();
    const sku = uniqueSku('GONE');
    const made = await ws.admin.inventory.create(stone(sku));
    await ws.admin.sync.syncNow();
    await ws.admin.inventory.custody.move({ skus: [sku], toLocation: 'Safe', reason: 'Night' });
    const objectId = localRow(ws, 'SELECT objectId FROM gemstones WHERE id = ?', made.id)!.objectId as string;
    const { sessionToken } = await mobile('admin');
    await Parse.Object.fromJSON({ className: 'Gemstone', objectId }).destroy({ sessionToken });

    const first = await ws.admin.sync.syncNow();
    expect(first).toMatchObject({ ok: true, error: null });
    expect((await ws.admin.sync.syncNow()).ok).toBe(true); // and the next, and every later one
    expect(localRow(ws, 'SELECT 1 AS here FROM gemstones WHERE id = ?', made.id)).toBeUndefined();
    expect((await ws.admin.sync.status()).pendingChanges).toBe(0);
    const letters = (await ws.admin.sync.deadLetters.mine()).filter(
      (l) => l.recordId === made.id || l.entity === 'CustodyEvent',
    );
    expect(letters.map((l) => [l.entity, l.message])).toEqual(
      expect.arrayContaining([
        ['Gemstone', 'Deleted on the server by Ada Admin while it was being edited here.'],
        ['CustodyEvent', `Stone ${sku} was deleted on the server by Ada Admin before this was sent.`],
      ]),
    );
  });

  it('settles a change an older Loupe left waiting for a stone it had unlinked after a deletion', async () => {
    const ws = await workstation();
    const sku = uniqueSku('ZOMBIE');
    const made = await ws.admin.inventory.create(stone(sku));
    await ws.admin.sync.syncNow();
    await ws.admin.inventory.custody.move({ skus: [sku], toLocation: 'Safe', reason: 'Night' });
    // As the older Loupe left it after the stone's deletion on the server: the stone kept with no objectId
    // and no change of its own, its move waiting.
    const objectId = localRow(ws, 'SELECT objectId FROM gemstones WHERE id = ?', made.id)!.objectId as string;
    await master('DELETE', `/classes/Gemstone/${objectId}`);
    ws.core.store.sqlite.prepare('UPDATE gemstones SET objectId = NULL WHERE id = ?').run(made.id);
    ws.core.store.sqlite.prepare("DELETE FROM outbox WHERE entity = 'Gemstone'").run();
    const report = await ws.admin.sync.syncNow();
    expect(report).toMatchObject({ ok: true, error: null });
    expect((await ws.admin.sync.status()).pendingChanges).toBe(0);
    expect(localRow(ws, 'SELECT 1 AS here FROM gemstones WHERE id = ?', made.id)).toBeUndefined();
    expect((await ws.admin.sync.deadLetters.mine()).map((l) => l.message)).toContain(
      `Stone ${sku}, which it belongs to, was deleted on the server before this was sent.`,
    );
  });

  it('records a move made by another app in the custody log, naming who made it, and none twice for a move made here', async () => {
    const ws = await workstation();
    const sku = uniqueSku('MOVE');
    await ws.admin.inventory.create(stone(sku, { location: 'Vault' }));
    await ws.admin.inventory.custody.move({ skus: [sku], toLocation: 'Safe', reason: 'Night' });
    await ws.admin.sync.syncNow();
    const [onServer] = await serverStones({ sku });
    const moves = async () =>
      (
        await master(
          'GET',
          `/classes/CustodyEvent?where=${encodeURIComponent(JSON.stringify({ gemstone: pointer('Gemstone', onServer.objectId) }))}`,
        )
      ).results as any[];
    expect((await moves()).map((m) => `${m.fromLocation} → ${m.toLocation}`)).toEqual(['Vault → Safe']);

    await asUser('coordinator', 'PUT', `/classes/Gemstone/${onServer.objectId}`, { location: 'Showcase 2' });
    await ws.admin.sync.syncNow();
    const detail = await ws.admin.inventory.detail({
      id: localRow(ws, 'SELECT id FROM gemstones WHERE sku = ?', sku)!.id,
    });
    expect(detail.stone.location).toBe('Showcase 2');
    expect(
      detail.custody.map((m: { fromLocation: string; toLocation: string; movedByName: string | null }) => [
        m.fromLocation,
        m.toLocation,
        m.movedByName,
      ]),
    ).toEqual(
      expect.arrayContaining([
        ['Vault', 'Safe', expect.any(String)],
        ['Safe', 'Showcase 2', 'Cole Coordinator'],
      ]),
    );
  });

  it('says plainly that changes naming staff without a backend account cannot go, and sends them once an admin creates the account', async () => {
    const ws = await workstation({ connect: false });
    const username = `offline.${uniqueSku('c').toLowerCase()}`;
    const local = await ws.admin.auth.staff.create({
      username,
      fullName: 'Offline Coordinator',
      email: `${username}@example.com`,
      password: 'a local password 1',
      role: 'coordinator',
    });
    const coordinator = ws.core.caller('offline-coordinator');
    await coordinator.auth.signIn({ username, password: 'a local password 1' });
    const buyer = await ws.admin.buyers.create({
      buyerCode: uniqueSku('OB'),
      companyName: 'Offline Gems',
      contactName: 'Oli',
      email: 'oli@example.com',
      salesStatus: 'active',
    });
    const sku = uniqueSku('OFF');
    const made = await ws.admin.inventory.create(stone(sku));
    const inquiry = await coordinator.inquiries.create({
      buyer: buyer.id,
      gemstone: made.id,
      requestedCaratWeight: 1.25,
      currency: 'USD',
      quotedPrice: 900,
    });
    await coordinator.inventory.custody.move({ skus: [sku], toLocation: 'Counter', reason: 'Showing' });

    const { username: adminName, password } = backend.demoUsers.admin;
    const connected = await ws.admin.sync.connect({
      serverURL: backend.serverURL,
      appId: backend.appId,
      clientKey: backend.javascriptKey,
      username: adminName,
      password,
    });
    expect(connected.unmatched).toContain(username);
    expect(connected.stranded).toEqual([{ userId: local.id, username, fullName: 'Offline Coordinator', changes: 2 }]);
    expect(connected.report.ok).toBe(false);
    expect((await ws.admin.sync.staff.waiting()).map((w) => [w.userId, w.record]).sort()).toEqual(
      [
        [local.id, `Inquiry Offline Gems for ${sku}`],
        [local.id, `Stone move ${sku} to Counter`],
      ].sort(),
    );
    const status = await ws.admin.sync.status();
    expect(syncHeadline(status).label).toBe('Not all sent'); // before: "Synced · 2 changes waiting"
    expect(syncHeadline(status).help).toMatch(
      /^2 changes cannot be sent: they name staff with no backend account — Offline Coordinator \(2\)/,
    );
    const doctor = await ws.admin.app.doctor.run();
    expect(doctor.text).toMatch(/Cannot go +2 change\(s\) naming staff with no backend account/);
    expect(doctor.report.findings.join('\n')).toMatch(/Offline Coordinator: 2/);
    // They still sign in here, with their password here.
    await ws.core.caller('again').auth.signIn({ username, password: 'a local password 1' });

    await ws.admin.sync.staff.createBackendAccount({ userId: local.id, password: 'first backend password' });
    const report = await ws.admin.sync.syncNow();
    expect(report).toMatchObject({ ok: true, error: null });
    expect((await ws.admin.sync.status()).stranded).toEqual([]);
    const objectId = localRow(ws, 'SELECT objectId FROM users WHERE id = ?', local.id)!.objectId as string;
    const onServer = await master(
      'GET',
      `/classes/PurchaseInquiry/${localRow(ws, 'SELECT objectId FROM purchase_inquiries WHERE id = ?', inquiry.id)!.objectId}`,
    );
    expect(onServer.handledBy.objectId).toBe(objectId);
    const user = await master('GET', `/users/${objectId}`);
    expect(user).toMatchObject({ username, role: 'coordinator', clientId: local.id });
  });

  it('says "Receiving" only once the server answers again, and sends what waited for it in that same cycle', async () => {
    // The backend as a workstation meets it when it comes back: first unreachable, then accepting requests
    // it does not answer yet (starting), then answering.
    // It went away while changes were being sent, so they backed off.
    let phase: 'going' | 'down' | 'starting' | 'up' = 'up';
    const held: (() => void)[] = [];
    const gate: typeof fetch = async (input, init) => {
      const sending = typeof init?.body === 'string' && init.body.includes('"method":"POST"');
      if (phase === 'down' || (phase === 'going' && sending))
        throw new TypeError('fetch failed (connect ECONNREFUSED)');
      if (phase === 'starting') await new Promise<void>((release) => held.push(release));
      return fetch(input, init);
    };
    const ws = await workstation({ fetch: gate });
    phase = 'going';
    await ws.admin.inventory.create(stone(uniqueSku('AWAY')));
    for (let i = 0; i < 3; i++) {
      ws.core.store.sqlite.prepare('UPDATE outbox SET nextAttemptAt = 0').run(); // each try as its backoff ends
      expect((await ws.admin.sync.syncNow()).ok).toBe(false);
    }
    const waiting = localRow(ws, 'SELECT attempts, nextAttemptAt FROM outbox')!;
    expect(waiting.attempts).toBe(3);
    expect(waiting.nextAttemptAt).toBeGreaterThan(Date.now()); // backed off
    phase = 'down';
    await ws.admin.sync.syncNow();
    expect((await ws.admin.sync.status()).state).toBe('offline');

    phase = 'starting';
    const cycle = ws.admin.sync.syncNow();
    while (held.length === 0) await new Promise((r) => setImmediate(r)); // the request is out, unanswered
    expect(syncHeadline(await ws.admin.sync.status()).label).toBe('Offline'); // before: "Receiving", until it timed out
    phase = 'up';
    held.splice(0).forEach((release) => release());
    expect(await cycle).toMatchObject({ ok: true, pushed: 1 }); // before: the change waited out its backoff
    const status = await ws.admin.sync.status();
    expect(status).toMatchObject({ state: 'idle', pendingChanges: 0 });
    expect(syncHeadline(status).label).toBe('Synced');
  });

  it("hands a person's waiting changes to a backend user when the admin chooses that instead", async () => {
    const ws = await workstation({ connect: false });
    const username = `temp.${uniqueSku('p').toLowerCase()}`;
    const local = await ws.admin.auth.staff.create({
      username,
      fullName: 'Temp Practitioner',
      email: `${username}@example.com`,
      password: 'a local password 1',
      role: 'admin',
    });
    const temp = ws.core.caller('temp');
    await temp.auth.signIn({ username, password: 'a local password 1' });
    const sku = uniqueSku('HAND');
    await temp.inventory.create(stone(sku));
    await temp.inventory.custody.move({ skus: [sku], toLocation: 'Safe', reason: 'Night' });
    const { username: adminName, password } = backend.demoUsers.admin;
    await ws.admin.sync.connect({
      serverURL: backend.serverURL,
      appId: backend.appId,
      clientKey: backend.javascriptKey,
      username: adminName,
      password,
    });
    expect((await ws.admin.sync.status()).stranded.map((s) => s.changes)).toEqual([1]);

    const adminId = localRow(ws, 'SELECT id FROM users WHERE username = ?', adminName)!.id as string;
    expect(await ws.admin.sync.staff.handOver({ fromUserId: local.id, toUserId: adminId })).toEqual({ changes: 1 });
    await ws.admin.sync.syncNow();
    const status = await ws.admin.sync.status();
    expect(status.stranded).toEqual([]);
    expect(status.pendingChanges).toBe(0);
    const [onServer] = await serverStones({ sku });
    const moves = (
      await master(
        'GET',
        `/classes/CustodyEvent?where=${encodeURIComponent(JSON.stringify({ gemstone: pointer('Gemstone', onServer.objectId) }))}`,
      )
    ).results as any[];
    expect(moves.map((m) => m.movedBy.objectId)).toEqual([backend.demoUsers.admin.objectId]);
  });
});

import { TRPCError } from '@trpc/server';
import fc from 'fast-check';
import Parse from 'parse/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPLICATED_CLASSES, type ReplicatedClass } from '../../shared/enums';
import { syncHeadline } from '../../shared/sync';
import { CLASS_MAPPINGS, fromParse } from '../db/parse-mapping';
import { pointerResolver, sameValue } from './bookkeeping';
import { backend, connectedWorkstation, master, serverSql, type Workstation } from '../test-support/remote';

// Foreign writes, as the dealer's other apps make them, interleaved with work on a workstation, in random
// sequences: the Parse SDK creating, editing and destroying records with any value the seed's schema allows
// (odd text, three-decimal prices, currencies and grades Loupe does not list, optional fields left out),
// rows planted straight in PostgreSQL without a required value or with one Loupe cannot work with, local
// edits of the same stones, deletions on both sides, and staff made here without a backend account. After
// every sync: the cycle completed; every local change is on the server, or listed with its reason, or
// waiting for a staff member's backend account (and said so); every server record is stored exactly or held
// back and listed, never coerced; the badge and the doctor agree with the outbox.
//
// LOUPE_PROPERTY_RUNS sets how many sequences (default 200); LOUPE_PROPERTY_SEED another seed than the
// default, which keeps a CI run the same from one run to the next (LOUPE_PROPERTY_SEED=random explores).

const RUNS = Number(process.env.LOUPE_PROPERTY_RUNS ?? 200);
const DEFAULT_SEED = 20261207;
const SEED =
  process.env.LOUPE_PROPERTY_SEED === 'random' ? undefined : Number(process.env.LOUPE_PROPERTY_SEED ?? DEFAULT_SEED);

let coordinator: string;
let admin: string;
beforeAll(async () => {
  Parse.initialize(backend.appId, backend.javascriptKey);
  (Parse as unknown as { serverURL: string }).serverURL = backend.serverURL;
  coordinator = (
    await Parse.User.logIn(backend.demoUsers.coordinator.username, backend.demoUsers.coordinator.password)
  ).getSessionToken()!;
  admin = (
    await Parse.User.logIn(backend.demoUsers.admin.username, backend.demoUsers.admin.password)
  ).getSessionToken()!;
});

// ── what other apps write ──────────────────────────────────────────────────────────────────────────────

/** Text a person or an older app might type: spaces, accents, symbols, emoji, another script. */
const oddText = fc.stringMatching(/^[A-Za-z0-9 ._/#&'()éüß€·💎漢-]{1,16}$/u).filter((s) => s.trim() !== '');
const threeDecimals = fc.integer({ min: 1, max: 50_000 }).map((n) => n / 1000);
const clarity = fc.constantFrom('VS1', 'Eye Clean', 'VS', 'Loupe clean', 'SI 2');
const status = fc.constantFrom('none', 'pending', 'verified', 'mismatch');
const location = fc.oneof(fc.constantFrom('Vault', 'Safe', 'Counter'), oddText);
const stoneFields = fc.record(
  {
    gemstoneType: fc.constantFrom('Ruby', 'Sapphire', 'Moissanite', 'Opal 💎'),
    caratWeight: threeDecimals,
    clarityGrade: clarity,
    certificateNumber: oddText,
    certificateStatus: status,
    location,
  },
  { requiredKeys: ['gemstoneType', 'caratWeight', 'clarityGrade', 'certificateStatus', 'location'] },
);
const breakage = fc.constantFrom(
  ['sku', null],
  ['sku', ''],
  ['"caratWeight"', null],
  ['"caratWeight"', -3],
  ['location', null],
  ['"certificateStatus"', 'Certified'],
) as fc.Arbitrary<[string, unknown]>;

type Op =
  | { kind: 'sdkStone'; sku: string; fields: Record<string, unknown> }
  | { kind: 'sdkEdit'; target: number; field: 'location' | 'clarityGrade' | 'caratWeight'; value: unknown }
  | { kind: 'sdkDestroy'; target: number }
  | { kind: 'sdkInquiry'; target: number; price: number; currency: string }
  | { kind: 'sdkLog'; target: number; lab: string; result: string }
  | { kind: 'plant'; target: number; breakage: [string, unknown] }
  | { kind: 'repair'; target: number }
  | { kind: 'localStone'; weight: number; byLocalOnly: boolean }
  | { kind: 'localMove'; target: number; to: string; byLocalOnly: boolean }
  | { kind: 'localEdit'; target: number; weight: number }
  | { kind: 'localInquiry'; target: number; byLocalOnly: boolean }
  | { kind: 'bothMove'; target: number; here: string; there: unknown }
  | { kind: 'movedThenDestroyed'; target: number }
  | { kind: 'localBuyer' }
  | { kind: 'localDeleteBuyer'; target: number }
  | { kind: 'sdkDestroyBuyer'; target: number }
  | { kind: 'sync' };

const target = fc.nat({ max: 1000 });
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('sdkStone' as const), sku: oddText, fields: stoneFields }) },
  {
    weight: 3,
    arbitrary: fc.oneof(
      fc.record({
        kind: fc.constant('sdkEdit' as const),
        target,
        field: fc.constant('location' as const),
        value: location,
      }),
      fc.record({
        kind: fc.constant('sdkEdit' as const),
        target,
        field: fc.constant('clarityGrade' as const),
        value: clarity,
      }),
      fc.record({
        kind: fc.constant('sdkEdit' as const),
        target,
        field: fc.constant('caratWeight' as const),
        value: threeDecimals,
      }),
    ),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('sdkDestroy' as const), target }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('sdkInquiry' as const),
      target,
      price: threeDecimals.map((n) => n * 100),
      currency: fc.constantFrom('USD', 'US$', 'EUR', 'JPY'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('sdkLog' as const),
      target,
      lab: fc.constantFrom('GIA', 'GIA Lab', 'IGI'),
      result: fc.constantFrom('verified', 'mismatch', 'not_found'),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('plant' as const), target, breakage }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('repair' as const), target }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('localStone' as const),
      weight: fc.integer({ min: 1, max: 9999 }).map((n) => n / 100),
      byLocalOnly: fc.boolean(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('localMove' as const),
      target,
      to: fc.constantFrom('Vault', 'Safe', 'Counter', 'Showcase 1'),
      byLocalOnly: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('localEdit' as const),
      target,
      weight: fc.integer({ min: 1, max: 9999 }).map((n) => n / 100),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('localInquiry' as const), target, byLocalOnly: fc.boolean() }),
  },
  // The same stone moved here and elsewhere before either side synced.
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('bothMove' as const),
      target,
      here: fc.constantFrom('Safe', 'Counter'),
      there: location,
    }),
  },
  // A stone moved here, destroyed elsewhere before the move was sent.
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('movedThenDestroyed' as const), target }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'localBuyer' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('localDeleteBuyer' as const), target }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('sdkDestroyBuyer' as const), target }) },
  { weight: 4, arbitrary: fc.constant({ kind: 'sync' as const }) },
);
const sequence = fc.record({ withLocalOnlyStaff: fc.boolean(), ops: fc.array(op, { minLength: 4, maxLength: 12 }) });

// ── one sequence ───────────────────────────────────────────────────────────────────────────────────────

const pointer = (className: string, objectId: string) => Parse.Object.fromJSON({ className, objectId });

interface Run {
  ws: Workstation;
  /** Who works here: the admin, and staff made before connecting (no backend account) when there are any. */
  actors: { admin: Workstation['admin']; localOnly: Workstation['admin'] | null };
  /** When the sequence began (ISO): what the server holds from then on is this sequence's. */
  since: string;
  /** In SKUs: unique to this sequence. */
  tag: string;
  buyer: { objectId: string; localId: string | null };
  /** Stones this sequence knows of, by server objectId when they have one, else by local id. */
  stones: { objectId: string | null; localId: string | null }[];
  /** Buyers made here. */
  buyers: string[];
  /** Local edits since the last sync: each must end on the server, or listed, or waiting for an account. */
  edits: { entity: ReplicatedClass; recordId: string; field: string; value: unknown; at: number }[];
}

const local = (run: Run, sql: string, ...params: unknown[]) =>
  run.ws.core.store.sqlite.prepare(sql).get(...params) as Record<string, any> | undefined;

function pick(run: Run, index: number) {
  if (run.stones.length === 0) return null;
  const known = run.stones[index % run.stones.length]!;
  const row = known.objectId
    ? local(run, 'SELECT id, objectId, sku FROM gemstones WHERE objectId = ?', known.objectId)
    : local(run, 'SELECT id, objectId, sku FROM gemstones WHERE id = ?', known.localId);
  return {
    objectId: row?.objectId ?? known.objectId,
    localId: row?.id ?? known.localId,
    sku: row?.sku as string | undefined,
  };
}

/** A refusal a person would see (typed, in words) is an outcome like any other here; anything else fails. */
async function tolerated<T>(work: Promise<T>): Promise<T | null> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof TRPCError && error.code !== 'INTERNAL_SERVER_ERROR') return null; // the core refused, in words
    if (error instanceof Parse.Error) return null; // the server refused (a rule of Cloud Code's)
    throw error;
  }
}

async function apply(run: Run, o: Op) {
  const stone = 'target' in o ? pick(run, o.target) : null;
  switch (o.kind) {
    case 'sdkStone': {
      const created = new Parse.Object('Gemstone');
      created.set({ ...o.fields, sku: `${o.sku} ${run.tag}-${run.stones.length}` });
      if (await tolerated(created.save(null, { sessionToken: coordinator })))
        run.stones.push({ objectId: created.id!, localId: null });
      return;
    }
    case 'sdkEdit':
      if (!stone?.objectId) return;
      await tolerated(pointer('Gemstone', stone.objectId).save({ [o.field]: o.value }, { sessionToken: coordinator }));
      return;
    case 'sdkDestroy':
      if (!stone?.objectId) return;
      await tolerated(pointer('Gemstone', stone.objectId).destroy({ sessionToken: admin }));
      return;
    case 'sdkInquiry': {
      if (!stone?.objectId) return;
      const inquiry = new Parse.Object('PurchaseInquiry');
      inquiry.set({
        buyer: pointer('Buyer', run.buyer.objectId),
        gemstone: pointer('Gemstone', stone.objectId),
        inquiryStatus: 'quoted',
        requestedCaratWeight: 1.5,
        quotedPrice: o.price,
        currency: o.currency,
        handledBy: pointer('_User', backend.demoUsers.coordinator.objectId),
      });
      await tolerated(inquiry.save(null, { sessionToken: coordinator }));
      return;
    }
    case 'sdkLog': {
      if (!stone?.objectId) return;
      const log = new Parse.Object('CertificateLog');
      log.set({
        gemstone: pointer('Gemstone', stone.objectId),
        certificateNumber: '2141234567',
        issuedBy: o.lab,
        verifiedBy: pointer('_User', backend.demoUsers.admin.objectId),
        verifiedAt: new Date(),
        verificationResult: o.result,
      });
      await tolerated(log.save(null, { sessionToken: admin }));
      return;
    }
    case 'plant':
      if (!stone?.objectId) return;
      await serverSql(`UPDATE "Gemstone" SET ${o.breakage[0]} = $1, "updatedAt" = now() WHERE "objectId" = $2`, [
        o.breakage[1],
        stone.objectId,
      ]);
      return;
    case 'repair':
      if (!stone?.objectId) return;
      await serverSql(
        `UPDATE "Gemstone" SET sku = coalesce(nullif(sku, ''), $1), "caratWeight" = greatest(coalesce("caratWeight", 1), 0.5),
           location = coalesce(location, 'Vault'), "certificateStatus" = 'pending', "updatedAt" = now() WHERE "objectId" = $2`,
        [`REPAIRED ${run.tag}-${o.target}`, stone.objectId],
      );
      return;
    case 'localStone': {
      const by = (o.byLocalOnly && run.actors.localOnly) || run.actors.admin;
      const made = await tolerated(
        by.inventory.create({
          sku: `L-${run.tag}-${run.stones.length}`,
          gemstoneType: 'Ruby',
          caratWeight: o.weight,
          clarityGrade: 'Eye Clean',
          certificateStatus: 'none',
          location: 'Vault',
        }),
      );
      if (made) run.stones.push({ objectId: null, localId: made.id });
      return;
    }
    case 'localMove': {
      if (!stone?.localId || !stone.sku) return;
      const by = (o.byLocalOnly && run.actors.localOnly) || run.actors.admin;
      const moved = await tolerated(
        by.inventory.custody.move({ skus: [stone.sku], toLocation: o.to, reason: 'Property test' }),
      );
      if (moved?.moved.length)
        run.edits.push({ entity: 'Gemstone', recordId: stone.localId, field: 'location', value: o.to, at: Date.now() });
      return;
    }
    case 'localEdit': {
      if (!stone?.localId) return;
      const edited = await tolerated(
        run.actors.admin.inventory.update({ id: stone.localId, changes: { caratWeight: o.weight } }),
      );
      if (edited)
        run.edits.push({
          entity: 'Gemstone',
          recordId: stone.localId,
          field: 'caratWeight',
          value: edited.caratWeight,
          at: Date.now(),
        });
      return;
    }
    case 'localInquiry': {
      if (!stone?.localId || !run.buyer.localId) return;
      const by = (o.byLocalOnly && run.actors.localOnly) || run.actors.admin;
      await tolerated(
        by.inquiries.create({
          buyer: run.buyer.localId,
          gemstone: stone.localId,
          requestedCaratWeight: 1.25,
          currency: 'USD',
          quotedPrice: 1200,
        }),
      );
      return;
    }
    case 'bothMove': {
      if (!stone?.localId || !stone.objectId || !stone.sku) return;
      const moved = await tolerated(
        run.actors.admin.inventory.custody.move({ skus: [stone.sku], toLocation: o.here, reason: 'Property test' }),
      );
      if (moved?.moved.length)
        run.edits.push({
          entity: 'Gemstone',
          recordId: stone.localId,
          field: 'location',
          value: o.here,
          at: Date.now(),
        });
      await tolerated(pointer('Gemstone', stone.objectId).save({ location: o.there }, { sessionToken: coordinator }));
      return;
    }
    case 'movedThenDestroyed': {
      if (!stone?.localId || !stone.objectId || !stone.sku) return;
      const moved = await tolerated(
        run.actors.admin.inventory.custody.move({ skus: [stone.sku], toLocation: 'Counter', reason: 'Property test' }),
      );
      if (moved?.moved.length)
        run.edits.push({
          entity: 'Gemstone',
          recordId: stone.localId,
          field: 'location',
          value: 'Counter',
          at: Date.now(),
        });
      await tolerated(pointer('Gemstone', stone.objectId).destroy({ sessionToken: admin }));
      return;
    }
    case 'localBuyer': {
      const made = await tolerated(
        run.actors.admin.buyers.create({
          buyerCode: `LB-${run.tag}-${run.buyers.length}`,
          companyName: `Local ${run.tag} ${run.buyers.length}`,
          contactName: 'Lee',
          email: `lee${run.buyers.length}@example.com`,
          salesStatus: 'active',
          confirmSimilarName: true,
        }),
      );
      if (made) run.buyers.push(made.id);
      return;
    }
    case 'localDeleteBuyer': {
      const id = run.buyers[o.target % Math.max(1, run.buyers.length)];
      if (id) await tolerated(run.actors.admin.buyers.delete({ id }));
      return;
    }
    case 'sdkDestroyBuyer': {
      const id = run.buyers[o.target % Math.max(1, run.buyers.length)];
      const objectId = id
        ? (local(run, 'SELECT objectId FROM buyers WHERE id = ?', id)?.objectId as string | null)
        : null;
      if (objectId) await tolerated(pointer('Buyer', objectId).destroy({ sessionToken: admin }));
      return;
    }
    case 'sync':
      await syncAndCheck(run);
  }
}

// ── what must hold ─────────────────────────────────────────────────────────────────────────────────────

/** How often each case came up over all sequences: a property that never met a case would prove nothing about it. */
const seen = { stranded: 0, heldBack: 0, setAside: 0, conflicts: 0, offList: 0 };

async function syncAndCheck(run: Run) {
  const report = await run.ws.admin.sync.syncNow();
  const status = await run.ws.admin.sync.status();
  const stranded = status.stranded.reduce((n, s) => n + s.changes, 0);
  // The cycle completed: nothing left but what waits for a backend account, and it says so.
  expect(status.state).toBe('idle');
  expect(status.pendingChanges).toBe(stranded);
  expect(report.ok).toBe(stranded === 0);
  const headline = syncHeadline(status).label;
  expect(headline).toBe(stranded > 0 ? 'Not all sent' : 'Synced');
  for (const table of REPLICATED_CLASSES.filter((c) => c !== '_User').map((c) => CLASS_MAPPINGS[c].table)) {
    // A record made here that is neither on the server nor queued would be a change lost.
    // A certificate status change entry travels with its stone's change (Cloud Code writes the server's copy),
    // and one noted here for another app's change is never sent.
    const travelsOtherwise =
      table === 'certificate_logs'
        ? ` AND NOT (t.verificationResult = 'status_change' AND (t.recordedHere = 1 OR EXISTS (SELECT 1 FROM outbox o WHERE o.recordId = t.gemstone)))`
        : '';
    const lost = local(
      run,
      `SELECT count(*) AS n FROM ${table} t WHERE objectId IS NULL AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.recordId = t.id)${travelsOtherwise}`,
    )!.n;
    expect(lost, `${table}: records made here, neither sent nor waiting`).toBe(0);
  }

  // What the server's own rules add after a push (a verification's stone status) arrives with the next pull.
  await run.ws.admin.sync.syncNow();
  const letters = run.ws.core.store.sqlite
    .prepare('SELECT entity, recordId, op, createdAt FROM sync_dead_letters')
    .all() as { entity: string; recordId: string; op: string; createdAt: number }[];
  const heldBack = new Set(letters.filter((l) => l.op === 'pull').map((l) => `${l.entity}:${l.recordId}`));
  seen.stranded += stranded > 0 ? 1 : 0;
  seen.heldBack += heldBack.size > 0 ? 1 : 0;
  seen.setAside += letters.some((l) => l.op !== 'pull') ? 1 : 0;
  seen.conflicts += local(run, 'SELECT count(*) AS n FROM sync_conflicts')!.n > 0 ? 1 : 0;
  seen.offList +=
    local(run, "SELECT count(*) AS n FROM gemstones WHERE clarityGrade IN ('VS', 'Loupe clean', 'SI 2')")!.n > 0
      ? 1
      : 0;
  const setAside = (recordId: string, since: number) =>
    letters.some((l) => l.recordId === recordId && l.createdAt >= since);
  const conflict = (recordId: string, field: string, since: number) =>
    local(
      run,
      'SELECT 1 AS yes FROM sync_conflicts WHERE recordId = ? AND field = ? AND detectedAt >= ?',
      recordId,
      field,
      since,
    ) !== undefined;

  // Every local change is on the server, or listed (a conflict, a refusal, a deletion elsewhere), or waiting.
  const latest = new Map(run.edits.map((e) => [`${e.recordId}:${e.field}`, e]));
  for (const edit of latest.values()) {
    const row = local(run, 'SELECT * FROM gemstones WHERE id = ?', edit.recordId);
    const waiting = local(run, 'SELECT 1 AS yes FROM outbox WHERE recordId = ?', edit.recordId) !== undefined;
    if (conflict(edit.recordId, edit.field, edit.at) || setAside(edit.recordId, edit.at) || waiting) continue;
    expect(row, `stone ${edit.recordId} edited here is gone without a word`).toBeDefined();
    expect(row![edit.field], `${edit.field} typed here`).toEqual(edit.value);
    const onServer = await master('GET', `/classes/Gemstone/${row!.objectId}`);
    expect(onServer[edit.field], `${edit.field} on the server`).toEqual(edit.value);
  }
  run.edits = [];

  // Every server record of this sequence is stored exactly, or held back and listed: never coerced.
  const resolver = pointerResolver(run.ws.core.store);
  for (const entity of ['Gemstone', 'PurchaseInquiry', 'CertificateLog', 'CustodyEvent'] as const) {
    const { results } = (await master(
      'GET',
      `/classes/${entity}?limit=1000&where=${encodeURIComponent(JSON.stringify({ createdAt: { $gte: { __type: 'Date', iso: run.since } } }))}`,
    )) as {
      results: Record<string, unknown>[];
    };
    for (const json of results) {
      const id = `${entity}:${String(json.objectId)}`;
      const row = local(run, `SELECT * FROM ${CLASS_MAPPINGS[entity].table} WHERE objectId = ?`, json.objectId);
      if (row && local(run, 'SELECT 1 AS yes FROM outbox WHERE recordId = ?', row.id)) continue; // a change of ours still waiting
      const mapped = fromParse(entity, json, resolver);
      if (!mapped.row) {
        expect(
          heldBack.has(id),
          `${id} cannot be stored (${mapped.problems.map((p) => p.message).join('; ')}) yet is not listed`,
        ).toBe(true);
        continue;
      }
      if (heldBack.has(id) && !row) continue; // listed; it comes in at a later sync (what it needs arrives after it)
      expect(row, `${id} is on the server, fits, and is neither here nor listed`).toBeDefined();
      for (const [field, value] of Object.entries(mapped.row)) {
        expect(
          sameValue(row![field], value, CLASS_MAPPINGS[entity].fields[field]?.kind),
          `${id}.${field}: here ${JSON.stringify(row![field])}, server ${JSON.stringify(value)}`,
        ).toBe(true);
      }
    }
  }
}

async function checkDoctor(run: Run) {
  const status = await run.ws.admin.sync.status();
  const { report } = await run.ws.admin.app.doctor.run();
  expect(report.outbox.pending).toBe(status.pendingChanges);
  expect(report.stranded.changes).toBe(status.stranded.reduce((n, s) => n + s.changes, 0));
  const open = run.ws.core.store.sqlite
    .prepare("SELECT count(*) AS n FROM sync_dead_letters WHERE resolvedAt IS NULL AND op = 'pull'")
    .get() as { n: number };
  expect(report.heldBack.open).toBe(open.n);
  if (report.verdict === 'ok') expect(status.pendingChanges + open.n).toBe(0);
}

async function runSequence(input: { withLocalOnlyStaff: boolean; ops: Op[] }) {
  const since = new Date().toISOString();
  const tag = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`.toUpperCase();
  const ws = await connectedWorkstation({ connect: false, startSync: false });
  try {
    let localOnly: Workstation['admin'] | null = null;
    if (input.withLocalOnlyStaff) {
      const username = `local.${Date.now().toString(36)}${Math.floor(Math.random() * 1e6)}`;
      await ws.admin.auth.staff.create({
        username,
        fullName: 'Made Here',
        email: `${username}@example.com`,
        password: 'a local password 1',
        role: 'coordinator',
      });
      localOnly = ws.core.caller(`local-only-${username}`);
      await localOnly.auth.signIn({ username, password: 'a local password 1' });
    }
    const buyer = await master('POST', '/classes/Buyer', {
      buyerCode: `P-${Date.now().toString(36)}${Math.floor(Math.random() * 1e6)}`,
      companyName: 'Property Gems',
      contactName: 'Pat',
      email: 'pat@example.com',
      salesStatus: 'active',
      accountManager: { __type: 'Pointer', className: '_User', objectId: backend.demoUsers.admin.objectId },
    });
    const { username, password } = backend.demoUsers.admin;
    await ws.admin.sync.connect({
      serverURL: backend.serverURL,
      appId: backend.appId,
      clientKey: backend.javascriptKey,
      username,
      password,
    });
    const run: Run = {
      ws,
      actors: { admin: ws.admin, localOnly },
      since,
      tag,
      buyer: {
        objectId: buyer.objectId,
        localId:
          (
            ws.core.store.sqlite.prepare('SELECT id FROM buyers WHERE objectId = ?').get(buyer.objectId) as
              { id: string } | undefined
          )?.id ?? null,
      },
      stones: [],
      buyers: [],
      edits: [],
    };
    for (const o of input.ops) {
      await apply(run, o);
      // Stones made here get their server id at the sync that sends them.
      for (const s of run.stones)
        if (!s.objectId && s.localId)
          s.objectId =
            (local(run, 'SELECT objectId FROM gemstones WHERE id = ?', s.localId)?.objectId as string | null) ?? null;
    }
    await syncAndCheck(run);
    await checkDoctor(run);
  } finally {
    ws.dispose();
    // The next sequences (and the other test files) share this server: what this one wrote goes.
    for (const table of [
      'CustodyEvent',
      'CertificateLog',
      'PurchaseInquiry',
      'Activity',
      'Gemstone',
      'Buyer',
      'Tombstone',
      '_Session',
    ]) {
      await serverSql(`DELETE FROM "${table}" WHERE "createdAt" >= $1`, [since]);
    }
  }
}

describe('foreign writes, interleaved with work here (property-based)', () => {
  it(
    `after every sync, every change is on the server or listed, every record stored exactly or held back, and the status true (${RUNS} sequences)`,
    async () => {
      await fc.assert(
        fc.asyncProperty(sequence, runSequence),
        // A failure prints its seed and sequence; shrinking would replay dozens of slow sequences, so it stops there.
        { numRuns: RUNS, seed: SEED, endOnFailure: true, verbose: 1 },
      );
      console.log(`Foreign-writes property: ${RUNS} sequences; syncs that met each case: ${JSON.stringify(seen)}`);
      // The default seed's sequences meet every case (a random seed may not: it explores).
      if (SEED === DEFAULT_SEED && RUNS >= 200)
        for (const [kind, count] of Object.entries(seen)) expect(count, `no sequence met: ${kind}`).toBeGreaterThan(0);
    },
    40 * 60_000,
  );
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  aStone,
  refusal,
  refusalShape,
  signedInAdmin,
  signedInAs,
  startTestCore,
  type TestCore,
} from '../test-support/core';

let t: TestCore;
beforeEach(async () => (t = await startTestCore()));
afterEach(() => t.dispose());

const count = (table: string) =>
  (t.core.store.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
const outbox = () =>
  t.core.store.sqlite.prepare('SELECT entity, recordId, op, fields, seq FROM outbox ORDER BY id').all();

describe('stones', () => {
  it('lists the heaviest stone first by default, with the count and total carats', async () => {
    const admin = await signedInAdmin(t.core);
    await admin.inventory.create(aStone({ sku: 'A-1', caratWeight: 1.5 }));
    await admin.inventory.create(aStone({ sku: 'A-2', caratWeight: 3.02 }));
    await admin.inventory.create(aStone({ sku: 'A-3', caratWeight: 0.75 }));
    const page = await admin.inventory.list();
    expect(page.rows.map((s) => s.sku)).toEqual(['A-2', 'A-1', 'A-3']);
    expect(page.total).toBe(3);
    expect(page.totalCarats).toBe(5.27);
    const bySku = await admin.inventory.list({ sort: 'sku', direction: 'asc' });
    expect(bySku.rows.map((s) => s.sku)).toEqual(['A-1', 'A-2', 'A-3']);
  });

  it('writes each stone and its outbox entry in one transaction', async () => {
    const admin = await signedInAdmin(t.core);
    const stone = await admin.inventory.create(aStone());
    expect(outbox()).toEqual([{ entity: 'Gemstone', recordId: stone.id, op: 'create', fields: null, seq: 1 }]);
  });

  it('keeps every field of the seed, trimmed, and rounds a 0.001 ct reading the trade way', async () => {
    const admin = await signedInAdmin(t.core);
    const down = await admin.inventory.create(aStone({ sku: '  RB-7  ', caratWeight: 1.018, location: ' Safe ' }));
    const up = await admin.inventory.create(aStone({ sku: 'RB-8', caratWeight: 1.019, certificateNumber: '' }));
    expect(down).toMatchObject({
      sku: 'RB-7',
      caratWeight: 1.01,
      location: 'Safe',
      gemstoneType: 'Ruby',
      clarityGrade: 'Eye Clean',
    });
    expect(up).toMatchObject({
      caratWeight: 1.02,
      certificateNumber: null,
      certificateStatus: 'pending',
      assignedBuyer: null,
    });
  });

  it.each([
    ['zero', 0, /greater than 0/],
    ['negative', -2, /greater than 0/],
    ['finer than 0.001 ct', 1.0001, /at most 0.001 ct/],
    ['not a number', 'heavy', /must be a number/],
    ['absurdly large', 1e9, /at most 100000/],
  ])('refuses a carat weight that is %s on the carat field and saves nothing', async (_label, caratWeight, message) => {
    await signedInAdmin(t.core, 'w');
    const shape = await refusalShape(t.core, 'w', {
      type: 'mutation',
      path: 'inventory.create',
      input: aStone({ caratWeight }),
    });
    expect(shape.data.code).toBe('BAD_REQUEST');
    expect(shape.data.fieldErrors?.caratWeight?.[0]).toMatch(message);
    expect(count('gemstones')).toBe(0);
    expect(count('outbox')).toBe(0);
  });

  it('refuses a duplicate sku by name, on the sku field, and writes nothing', async () => {
    const admin = await signedInAdmin(t.core, 'w');
    await admin.inventory.create(aStone({ sku: 'EM-42' }));
    const shape = await refusalShape(t.core, 'w', {
      type: 'mutation',
      path: 'inventory.create',
      input: aStone({ sku: 'EM-42', caratWeight: 9 }),
    });
    expect(shape.data).toMatchObject({
      code: 'CONFLICT',
      reason: 'DUPLICATE_SKU',
      fieldErrors: { sku: ['A stone with SKU EM-42 already exists.'] },
    });
    expect(count('gemstones')).toBe(1);
    expect(count('outbox')).toBe(1);
  });

  it('edits only the changed fields and coalesces them into one pending change per stone', async () => {
    const admin = await signedInAdmin(t.core);
    const a = await admin.inventory.create(aStone({ sku: 'S-1' }));
    const b = await admin.inventory.create(aStone({ sku: 'S-2' }));
    t.core.store.sqlite.prepare('DELETE FROM outbox WHERE recordId = ?').run(b.id); // as if S-2 was pushed
    await admin.inventory.update({ id: a.id, changes: { location: 'Counter' } });
    await admin.inventory.update({ id: b.id, changes: { location: 'Counter', caratWeight: 2.15 } });
    await admin.inventory.update({ id: b.id, changes: { clarityGrade: 'Slightly Included' } });
    expect(outbox().filter((o) => (o as { entity: string }).entity === 'Gemstone')).toEqual([
      { entity: 'Gemstone', recordId: a.id, op: 'create', fields: null, seq: 2 },
      { entity: 'Gemstone', recordId: b.id, op: 'update', fields: '["clarityGrade","location"]', seq: 2 },
    ]);
    // A new location on the form is a custody move: logged, and queued like the stone.
    expect(outbox().filter((o) => (o as { entity: string }).entity === 'CustodyEvent')).toHaveLength(2);
    expect((await admin.inventory.get({ id: b.id })).location).toBe('Counter');

    const clash = await refusal(admin.inventory.update({ id: b.id, changes: { sku: 'S-1' } }));
    expect(clash.message).toBe('A stone with SKU S-1 already exists.');
    const missing = await refusal(admin.inventory.update({ id: 'no-such-stone', changes: { location: 'Safe' } }));
    expect(missing.code).toBe('NOT_FOUND');
  });

  it('lets every staff role view, but only coordinators and admins edit', async () => {
    const admin = await signedInAdmin(t.core);
    const stone = await admin.inventory.create(aStone());
    const practitioner = await signedInAs(t.core, 'practitioner');
    const coordinator = await signedInAs(t.core, 'coordinator');
    expect((await practitioner.inventory.list()).total).toBe(1);
    const refused = await refusal(practitioner.inventory.create(aStone({ sku: 'P-1' })));
    expect(refused.code).toBe('FORBIDDEN');
    expect(refused.message).toMatch(
      /Only administrators or coordinators can do this; you are signed in as a practitioner\./,
    );
    expect((await refusal(practitioner.inventory.update({ id: stone.id, changes: { location: 'Safe' } }))).code).toBe(
      'FORBIDDEN',
    );
    await coordinator.inventory.update({ id: stone.id, changes: { location: 'Safe' } });

    const signedOut = await refusal(t.core.caller('nobody').inventory.list());
    expect(signedOut.code).toBe('UNAUTHORIZED');
    expect(count('gemstones')).toBe(1);
  });

  it('are still there after a restart', async () => {
    const admin = await signedInAdmin(t.core, 'w');
    await admin.inventory.create(aStone({ sku: 'KEEP-1', caratWeight: 4.4 }));
    const core = await t.restart();
    const caller = core.caller('w');
    await caller.auth.signIn({ username: 'amara', password: 'correct horse battery' });
    expect((await caller.inventory.list()).rows.map((s) => s.sku)).toEqual(['KEEP-1']);
  });

  it('tell open screens what changed after commit, and nothing when a write is refused', async () => {
    const admin = await signedInAdmin(t.core);
    const seen: string[][] = [];
    const stop = t.core.store.changes.subscribe((e) => seen.push(e.entities));
    await admin.inventory.create(aStone({ sku: 'N-1' }));
    await refusal(admin.inventory.create(aStone({ sku: 'N-1' })));
    stop();
    expect(seen).toEqual([['Gemstone']]);
  });
});

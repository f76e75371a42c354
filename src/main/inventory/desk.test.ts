import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { roundCaratWeight, stoneFields } from '../../shared/schemas';
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

const count = (table: string, where = '1') =>
  (t.core.store.sqlite.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${where}`).get() as { n: number }).n;
const outboxOf = (entity: string) =>
  t.core.store.sqlite.prepare('SELECT recordId, op, fields FROM outbox WHERE entity = ? ORDER BY id').all(entity) as {
    recordId: string;
    op: string;
    fields: string | null;
  }[];

function insertBuyer(id: string, companyName: string, preferred: string[], buyerCode = `B-${id}`) {
  t.core.store.sqlite
    .prepare(
      `INSERT INTO buyers (id, localUpdatedAt, buyerCode, companyName, contactName, email, phone, preferredGemstoneTypes, salesStatus)
       VALUES (?, 0, ?, ?, 'Ada Lovelace', 'ada@example.com', '+1 555 0100', ?, 'active')`,
    )
    .run(id, buyerCode, companyName, JSON.stringify(preferred));
}

describe('stone intake rules', () => {
  it('rounds a 0.001 ct reading down to 0.01 ct unless the third decimal is 9', () => {
    expect([1.018, 1.019, 0.999, 2.5, 0.011].map(roundCaratWeight)).toEqual([1.01, 1.02, 1, 2.5, 0.01]);
    expect(stoneFields.safeParse(aStone({ caratWeight: 0.004 })).error?.issues[0]?.message).toMatch(
      /rounds to 0.00 ct/,
    );
  });

  it('takes the clarity grade from the scale of the type: diamonds FL … I3 (SI3 too), coloured stones by GIA type', async () => {
    const admin = await signedInAdmin(t.core, 'w');
    await admin.inventory.create(aStone({ sku: 'D-1', gemstoneType: 'Diamond', clarityGrade: 'SI3' }));
    const wrong = await refusalShape(t.core, 'w', {
      type: 'mutation',
      path: 'inventory.create',
      input: aStone({ sku: 'D-2', gemstoneType: 'diamond', clarityGrade: 'Eye Clean' }),
    });
    expect(wrong.data).toMatchObject({ code: 'BAD_REQUEST', reason: 'WRONG_CLARITY_SCALE' });
    expect(wrong.data.fieldErrors?.clarityGrade?.[0]).toMatch(/Diamond is graded on the diamond scale/);
    const coloured = await refusal(
      admin.inventory.create(aStone({ sku: 'R-2', gemstoneType: 'Ruby', clarityGrade: 'VS1' })),
    );
    expect(coloured.message).toMatch(/Ruby is graded by GIA's coloured-stone types/);
    // Changing only the type re-checks the grade the stone already has.
    const ruby = await admin.inventory.create(aStone({ sku: 'R-1' }));
    expect(
      (await refusal(admin.inventory.update({ id: ruby.id, changes: { gemstoneType: 'Diamond' } }))).message,
    ).toMatch(/diamond scale/);
    expect(count('gemstones')).toBe(2);
  });

  it('takes gemstone types and locations from the managed lists, in the list’s spelling; admins extend them', async () => {
    const admin = await signedInAdmin(t.core, 'w');
    const stone = await admin.inventory.create(aStone({ sku: 'S-1', gemstoneType: 'sapphire', location: 'vault' }));
    expect(stone).toMatchObject({ gemstoneType: 'Sapphire', location: 'Vault' });

    const unknownType = await refusalShape(t.core, 'w', {
      type: 'mutation',
      path: 'inventory.create',
      input: aStone({ sku: 'M-1', gemstoneType: 'Moonstone' }),
    });
    expect(unknownType.data).toMatchObject({
      reason: 'UNKNOWN_GEMSTONE_TYPE',
      fieldErrors: { gemstoneType: [expect.stringMatching(/not on the list/)] },
    });
    const unknownPlace = await refusal(admin.inventory.create(aStone({ sku: 'M-1', location: 'Kitchen' })));
    expect(unknownPlace.message).toMatch(/Kitchen is not on the list of locations/);

    const coordinator = await signedInAs(t.core, 'coordinator');
    expect(
      (await refusal(coordinator.inventory.lists.saveGemstoneType({ name: 'Moonstone', clarityScale: 'coloured' })))
        .code,
    ).toBe('FORBIDDEN');
    await admin.inventory.lists.saveGemstoneType({ name: 'Moonstone', clarityScale: 'coloured' });
    await admin.inventory.lists.saveGemstoneType({ name: 'Lab-grown diamond', clarityScale: 'diamond' });
    await admin.inventory.lists.saveLocation({ name: 'Showcase 2', kind: 'floor', retired: false });
    await coordinator.inventory.create(aStone({ sku: 'M-1', gemstoneType: 'moonstone', location: 'Showcase 2' }));
    await coordinator.inventory.create(aStone({ sku: 'L-1', gemstoneType: 'Lab-grown diamond', clarityGrade: 'VVS1' }));

    // A retired location is no longer offered, but stones there keep it.
    await admin.inventory.lists.saveLocation({ name: 'Showcase 2', kind: 'floor', retired: true });
    expect(
      (await refusal(coordinator.inventory.create(aStone({ sku: 'M-2', location: 'Showcase 2' })))).message,
    ).toMatch(/retired/);
    const options = await coordinator.inventory.formOptions();
    expect(options.locations).not.toContain('Showcase 2');
    expect(options.gemstoneTypes).toEqual(expect.arrayContaining(['Diamond', 'Moonstone', 'Lab-grown diamond']));
  });

  it('offers values already on stones (written by another workstation) alongside the managed list', async () => {
    const admin = await signedInAdmin(t.core);
    // As the replicator would write a pulled stone: straight into the table.
    t.core.store.sqlite
      .prepare(
        `INSERT INTO gemstones (id, localUpdatedAt, sku, gemstoneType, caratWeight, clarityGrade, certificateStatus, location)
         VALUES ('remote-1', 0, 'KZ-1', 'Kunzite', 4.2, 'Eye Clean', 'none', 'Branch safe')`,
      )
      .run();
    const types = await admin.inventory.lists.gemstoneTypes();
    expect(types.find((x) => x.name === 'Kunzite')).toEqual({
      name: 'Kunzite',
      clarityScale: 'coloured',
      source: 'on stones',
    });
    expect((await admin.inventory.lists.locations()).find((l) => l.name === 'Branch safe')).toMatchObject({
      source: 'on stones',
    });
    await admin.inventory.create(aStone({ sku: 'KZ-2', gemstoneType: 'Kunzite', location: 'Branch safe' }));
  });
});

describe('scan, detail and search', () => {
  it('opens a scanned SKU with its certificate history, inquiries, custody log and the buyers who prefer its type', async () => {
    const admin = await signedInAdmin(t.core);
    insertBuyer('b1', 'Antwerp Facets', ['Ruby', 'Spinel']);
    insertBuyer('b2', 'Geneva Lustre', ['Emerald']);
    const stone = await admin.inventory.create(
      aStone({ sku: 'RB-77', assignedBuyer: 'b1', certificateStatus: 'none' }),
    );
    const s = t.core.store.sqlite;
    s.prepare(
      `INSERT INTO certificate_logs (id, localUpdatedAt, gemstone, certificateNumber, issuedBy, verifiedAt, verificationResult)
       VALUES ('c1', 0, ?, '1234567890', 'GIA', '2026-11-01T10:00:00.000Z', 'verified')`,
    ).run(stone.id);
    s.prepare(
      `INSERT INTO purchase_inquiries (id, localUpdatedAt, buyer, gemstone, inquiryStatus, requestedCaratWeight, quotedPrice, currency)
       VALUES ('i1', 0, 'b1', ?, 'quoted', 2.1, 1250000, 'USD')`,
    ).run(stone.id);
    await admin.inventory.custody.move({ skus: ['RB-77'], toLocation: 'Counter', reason: 'Shown to Antwerp Facets' });

    const scanned = await admin.inventory.scan({ code: 'rb-77' }); // a scanner in lower case still finds it
    if (!scanned.found) throw new Error('expected the stone');
    const d = scanned.detail;
    expect(d.stone).toMatchObject({ sku: 'RB-77', location: 'Counter', assignedBuyerName: 'Antwerp Facets' });
    expect(d.certificates).toMatchObject([{ issuedBy: 'GIA', verificationResult: 'verified' }]);
    expect(d.inquiries).toMatchObject([{ buyerName: 'Antwerp Facets', inquiryStatus: 'quoted', quotedPrice: 1250000 }]);
    expect(d.custody).toMatchObject([
      { fromLocation: 'Vault', toLocation: 'Counter', movedByName: 'Amara Okafor', reason: 'Shown to Antwerp Facets' },
    ]);
    expect(d.preferringBuyers.map((b) => b.companyName)).toEqual(['Antwerp Facets']);

    // Practitioners see the stone but not prices (field privacy in the core).
    const practitioner = await signedInAs(t.core, 'practitioner');
    const seen = await practitioner.inventory.detail({ id: stone.id });
    expect(seen.inquiries[0]).not.toHaveProperty('quotedPrice');

    expect(await admin.inventory.scan({ code: 'NOPE-1' })).toEqual({ found: false, code: 'NOPE-1' });
  });

  it('shows the first 8 buyers who prefer the stone’s type with the exact number of them, and all of them on asking', async () => {
    const admin = await signedInAdmin(t.core);
    // 130 buyers prefer rubies (some wrote it in lower case), and one prefers emeralds only.
    for (let i = 1; i <= 130; i++)
      insertBuyer(`r${i}`, `Ruby House ${String(i).padStart(3, '0')}`, [i % 2 ? 'Ruby' : 'ruby', 'Spinel']);
    insertBuyer('e1', 'Emerald Only', ['Emerald']);
    const stone = await admin.inventory.create(aStone({ sku: 'RB-88' }));

    const detail = await admin.inventory.detail({ id: stone.id });
    expect(detail.preferringBuyerCount).toBe(130);
    expect(detail.preferringBuyers.map((b) => b.companyName)).toEqual(
      Array.from({ length: 8 }, (_, i) => `Ruby House ${String(i + 1).padStart(3, '0')}`),
    );

    const all = await admin.buyers.preferringType({ gemstoneType: 'Ruby' });
    expect(all.total).toBe(130);
    expect(all.buyers).toHaveLength(130);
    expect(all.buyers.at(-1)).toEqual({
      id: 'r130',
      buyerCode: 'B-r130',
      companyName: 'Ruby House 130',
      contactName: 'Ada Lovelace',
      salesStatus: 'active',
    });
  });

  it('searches SKUs and certificate numbers by their start, and buyers by name or code', async () => {
    const admin = await signedInAdmin(t.core);
    insertBuyer('b1', 'Antwerp Facets', [], 'AF-001');
    await admin.inventory.create(aStone({ sku: 'EM-100', certificateNumber: '555000111' }));
    await admin.inventory.create(aStone({ sku: 'EM-200', certificateNumber: '777000222' }));
    expect(
      (await admin.inventory.search({ q: 'em-1' })).map(
        (h) => `${h.kind}:${h.id ? ('sku' in h ? h.sku : h.companyName) : ''}`,
      ),
    ).toEqual(['stone:EM-100']);
    expect(await admin.inventory.search({ q: '7770' })).toMatchObject([
      { kind: 'certificate', sku: 'EM-200', certificateNumber: '777000222' },
    ]);
    expect(await admin.inventory.search({ q: 'antw' })).toMatchObject([
      { kind: 'buyer', companyName: 'Antwerp Facets' },
    ]);
    expect(await admin.inventory.search({ q: 'AF-0' })).toMatchObject([{ kind: 'buyer', buyerCode: 'AF-001' }]);
    expect(await admin.inventory.search({ q: '%' })).toEqual([]);
  });
});

describe('custody', () => {
  it('moves a tray in one transaction: each stone’s location and an append-only event, both queued for replication', async () => {
    const admin = await signedInAdmin(t.core);
    const a = await admin.inventory.create(aStone({ sku: 'T-1' }));
    const b = await admin.inventory.create(aStone({ sku: 'T-2', location: 'Safe' }));
    const c = await admin.inventory.create(aStone({ sku: 'T-3', location: 'Counter' }));
    t.core.store.sqlite.prepare('DELETE FROM outbox').run(); // as if pushed
    const moved = await admin.inventory.custody.move({
      skus: ['T-1', 'T-2', 'T-3', 'T-1'],
      toLocation: 'counter',
      reason: 'Viewing',
    });
    expect(moved).toMatchObject({ toLocation: 'Counter', alreadyThere: ['T-3'] });
    expect(moved.moved.map((m) => [m.sku, m.fromLocation])).toEqual([
      ['T-1', 'Vault'],
      ['T-2', 'Safe'],
    ]);
    expect(outboxOf('Gemstone')).toEqual([
      { recordId: a.id, op: 'update', fields: '["location"]' },
      { recordId: b.id, op: 'update', fields: '["location"]' },
    ]);
    const events = t.core.store.sqlite
      .prepare('SELECT id, gemstone, fromLocation, toLocation, movedBy, movedAt, reason FROM custody_events')
      .all() as {
      id: string;
      gemstone: string;
      movedAt: string;
    }[];
    expect(events).toHaveLength(2);
    expect(outboxOf('CustodyEvent').map((o) => [o.recordId, o.op])).toEqual(events.map((e) => [e.id, 'create']));
    expect(new Date(events[0]!.movedAt).toISOString()).toBe(events[0]!.movedAt);
    expect((await admin.inventory.get({ id: c.id })).location).toBe('Counter');
  });

  it('refuses the whole tray when one SKU is unknown, a destination not on the list, or a missing reason; nothing moves', async () => {
    const admin = await signedInAdmin(t.core, 'w');
    await admin.inventory.create(aStone({ sku: 'T-1' }));
    const before = count('outbox');
    expect(
      (await refusal(admin.inventory.custody.move({ skus: ['T-1', 'GHOST-9'], toLocation: 'Counter', reason: 'x' })))
        .message,
    ).toBe('No stone with SKU GHOST-9; nothing was moved.');
    const place = await refusalShape(t.core, 'w', {
      type: 'mutation',
      path: 'inventory.custody.move',
      input: { skus: ['T-1'], toLocation: 'Attic', reason: 'x' },
    });
    expect(place.data).toMatchObject({
      reason: 'UNKNOWN_LOCATION',
      fieldErrors: { toLocation: [expect.stringMatching(/Attic/)] },
    });
    const noReason = await refusalShape(t.core, 'w', {
      type: 'mutation',
      path: 'inventory.custody.move',
      input: { skus: ['T-1'], toLocation: 'Counter', reason: ' ' },
    });
    expect(noReason.data.fieldErrors?.reason).toEqual(['Say why the stones move']);
    expect(count('custody_events')).toBe(0);
    expect(count('gemstones', "location = 'Vault'")).toBe(1);
    expect(count('outbox')).toBe(before);
  });

  it('lets coordinators and admins move stones, not practitioners; there is no way to change or delete an event', async () => {
    const admin = await signedInAdmin(t.core);
    await admin.inventory.create(aStone({ sku: 'T-1' }));
    const practitioner = await signedInAs(t.core, 'practitioner');
    expect(
      (await refusal(practitioner.inventory.custody.move({ skus: ['T-1'], toLocation: 'Counter', reason: 'x' }))).code,
    ).toBe('FORBIDDEN');
    const coordinator = await signedInAs(t.core, 'coordinator');
    await coordinator.inventory.custody.move({ skus: ['T-1'], toLocation: 'Counter', reason: 'Viewing' });
    expect(Object.keys(t.core.router._def.procedures).filter((p) => p.startsWith('inventory.custody.'))).toEqual([
      'inventory.custody.move',
      'inventory.custody.signedOut',
    ]);
  });

  it('lists at closing time the stones signed out of secure storage and not back (not the sold ones)', async () => {
    const admin = await signedInAdmin(t.core);
    for (const sku of ['C-1', 'C-2', 'C-3', 'C-4']) await admin.inventory.create(aStone({ sku }));
    await admin.inventory.custody.move({
      skus: ['C-1', 'C-2', 'C-3', 'C-4'],
      toLocation: 'Showcase 1',
      reason: 'Morning display',
    });
    await admin.inventory.custody.move({ skus: ['C-2'], toLocation: 'Safe', reason: 'Back' });
    await admin.inventory.custody.move({ skus: ['C-3'], toLocation: 'Sold', reason: 'Sold to a walk-in' });
    await admin.inventory.custody.move({ skus: ['C-4'], toLocation: 'Out on memo', reason: 'Memo to Antwerp' });
    const out = await admin.inventory.custody.signedOut();
    expect(out.map((s) => [s.sku, s.location, s.signedOutFrom, s.signedOutByName])).toEqual([
      ['C-1', 'Showcase 1', 'Vault', 'Amara Okafor'],
      ['C-4', 'Out on memo', 'Vault', 'Amara Okafor'],
    ]);
  });
});

describe('stock counts', () => {
  async function vaultWithStones() {
    const admin = await signedInAdmin(t.core);
    await admin.inventory.create(aStone({ sku: 'V-1', caratWeight: 1.5 }));
    await admin.inventory.create(aStone({ sku: 'V-2', caratWeight: 2.25 }));
    await admin.inventory.create(aStone({ sku: 'V-3', caratWeight: 0.75 }));
    await admin.inventory.create(aStone({ sku: 'S-9', caratWeight: 3, location: 'Safe' }));
    return admin;
  }

  it('freezes the expected list at start, ignores duplicate scans and reports matched, missing and unexpected in carats', async () => {
    await vaultWithStones();
    // Practitioners may count: counting changes nothing on the stones.
    const clerk = await signedInAs(t.core, 'practitioner');
    const started = await clerk.inventory.counts.start({ location: 'Vault' });
    expect(started).toMatchObject({ location: 'Vault', status: 'open', expectedStones: 3, expectedCarats: 4.5 });
    // A stone moved into the vault after the start is not expected by this count.
    const admin = t.core.caller('test-admin');
    await admin.inventory.custody.move({ skus: ['S-9'], toLocation: 'Vault', reason: 'Restock' });

    const scan = (code: string) => clerk.inventory.counts.scan({ countId: started.id, code });
    expect(await scan('V-2')).toMatchObject({
      outcome: 'matched',
      caratWeight: 2.25,
      scannedExpected: 1,
      expectedStones: 3,
    });
    expect(await scan('v-1')).toMatchObject({ outcome: 'matched', sku: 'V-1', scannedExpected: 2 });
    expect(await scan('V-2')).toMatchObject({ outcome: 'duplicate', scannedExpected: 2 });
    expect(await scan('S-9')).toMatchObject({ outcome: 'unexpected', recordedLocation: 'Vault', caratWeight: 3 });
    expect(await scan('NOT-A-STONE')).toMatchObject({ outcome: 'unknown', caratWeight: null });

    const report = await clerk.inventory.counts.finish({ countId: started.id });
    expect(report.count).toMatchObject({
      status: 'finished',
      matchedStones: 2,
      matchedCarats: 3.75,
      missingStones: 1,
      missingCarats: 0.75,
      unexpectedStones: 2,
      unexpectedCarats: 3,
      finishedByName: 'Test practitioner',
    });
    expect(report.missing.map((l) => l.sku)).toEqual(['V-3']);
    expect(report.unexpected.map((l) => l.sku)).toEqual(['S-9', 'NOT-A-STONE']);
    expect(report.matched.map((l) => l.sku)).toEqual(['V-1', 'V-2']);
    // Saved as a report; the stones themselves are untouched.
    expect((await clerk.inventory.counts.report({ countId: started.id })).count.missingStones).toBe(1);
    expect((await clerk.inventory.counts.list())[0]).toMatchObject({ id: started.id, status: 'finished' });
    expect(outboxOf('Gemstone').every((o) => o.op === 'create' || o.fields === '["location"]')).toBe(true);

    const closed = await refusal(scan('V-3'));
    expect(closed).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/finished; start a new count/) });
  });

  it('allows one open count per location and can be cancelled', async () => {
    const admin = await vaultWithStones();
    const first = await admin.inventory.counts.start({ location: 'Vault' });
    expect((await refusal(admin.inventory.counts.start({ location: 'vault' }))).message).toMatch(/already open/);
    await admin.inventory.counts.start({ location: 'Safe' });
    await admin.inventory.counts.cancel({ countId: first.id });
    await admin.inventory.counts.start({ location: 'Vault' });
    expect((await refusal(admin.inventory.counts.start({ location: 'Nowhere' }))).message).toMatch(/not on the list/);
  });
});

const CSV_HEADER =
  'sku,gemstoneType,caratWeight,clarityGrade,certificateNumber,certificateStatus,location,assignedBuyerCode';

describe('CSV import and export', () => {
  it('reports every row before writing anything: valid, invalid with the reason, duplicate SKU', async () => {
    const admin = await signedInAdmin(t.core);
    insertBuyer('b1', 'Antwerp Facets', [], 'AF-001');
    await admin.inventory.create(aStone({ sku: 'OLD-1' }));
    const csv = [
      CSV_HEADER,
      'NEW-1,Ruby,1.019,Eye Clean,111,pending,Vault,AF-001',
      'NEW-2,diamond,0.5,VS1,,,safe,',
      'NEW-3,Ruby,0,Eye Clean,,,Vault,',
      'NEW-4,Diamond,1.2,Eye Clean,,,Vault,',
      'OLD-1,Ruby,1.2,Eye Clean,,,Vault,',
      'NEW-1,Ruby,1.2,Eye Clean,,,Vault,',
      'NEW-5,Moonstone,1.2,Eye Clean,,,Vault,',
      'NEW-6,Ruby,1.2,Eye Clean,,,Vault,ZZ-9',
      'NEW-7,Ruby,1.2,Eye Clean,,lost,Vault,',
    ].join('\n');
    const before = count('outbox');
    const check = await admin.inventory.csv.preview({ csv, jobId: 'job-preview-1' });
    expect(check).toMatchObject({ totalRows: 9, valid: 2, invalid: 5, duplicates: 2 });
    const byLine = Object.fromEntries(check.rows.map((r) => [r.line, [r.status, r.reason ?? '']]));
    expect(byLine[2]).toEqual(['valid', '']);
    expect(byLine[3]).toEqual(['valid', '']);
    expect(byLine[4]![1]).toBe('Carat weight must be greater than 0');
    expect(byLine[5]![1]).toMatch(/^Clarity grade: Diamond is graded on the diamond scale/);
    expect(byLine[6]).toEqual(['duplicate', 'A stone with SKU OLD-1 already exists']);
    expect(byLine[7]).toEqual(['duplicate', 'SKU NEW-1 is already on line 2 of this file']);
    expect(byLine[8]![1]).toMatch(/^Gemstone type: Moonstone is not on the list/);
    expect(byLine[9]![1]).toBe('Assigned buyer code: no buyer has the code ZZ-9');
    expect(byLine[10]![1]).toMatch(/^Certificate status: /);
    expect(count('gemstones')).toBe(1);
    expect(count('outbox')).toBe(before);

    const result = await admin.inventory.csv.commit({ csv, jobId: 'job-commit-1' });
    expect(result.imported).toBe(2);
    const stones = (await admin.inventory.list({ sort: 'sku', direction: 'asc' })).rows;
    expect(
      stones.map((s) => [s.sku, s.gemstoneType, s.caratWeight, s.location, s.certificateStatus, s.assignedBuyer]),
    ).toEqual([
      ['NEW-1', 'Ruby', 1.02, 'Vault', 'pending', 'b1'],
      ['NEW-2', 'Diamond', 0.5, 'Safe', 'none', null],
      ['OLD-1', 'Ruby', 2.15, 'Vault', 'pending', null],
    ]);
    expect(outboxOf('Gemstone').filter((o) => o.op === 'create')).toHaveLength(3);
  });

  it('writes nothing when no row is valid or the columns are wrong, and only editors import', async () => {
    const admin = await signedInAdmin(t.core);
    const none = await refusal(
      admin.inventory.csv.commit({ csv: `${CSV_HEADER}\nX-1,Ruby,-1,Eye Clean,,,Vault,`, jobId: 'job-none-1' }),
    );
    expect(none.message).toBe('No row of the file is valid, so nothing was imported.');
    const columns = await refusal(admin.inventory.csv.preview({ csv: 'sku,type\nX-1,Ruby', jobId: 'job-cols-1' }));
    expect(columns.message).toMatch(/no column named gemstoneType, caratWeight, clarityGrade, location/);
    const practitioner = await signedInAs(t.core, 'practitioner');
    expect((await refusal(practitioner.inventory.csv.preview({ csv: CSV_HEADER, jobId: 'job-prac-1' }))).code).toBe(
      'FORBIDDEN',
    );
    expect(count('gemstones')).toBe(0);
  });

  it('publishes progress while checking a long file', async () => {
    const admin = await signedInAdmin(t.core);
    const rows = Array.from({ length: 5000 }, (_, i) => `P-${i},Ruby,1.5,Eye Clean,,,Vault,`);
    const { importProgress } = await import('./csv');
    const seen: string[] = [];
    const stream = (async () => {
      for await (const p of importProgress('job-progress-1')) seen.push(`${p.phase}:${p.done}`);
    })();
    await admin.inventory.csv.commit({ csv: [CSV_HEADER, ...rows].join('\n'), jobId: 'job-progress-1' });
    await stream;
    expect(seen).toEqual(['reading:0', 'checking:2000', 'checking:4000', 'checking:5000', 'writing:0', 'done:0']);
    expect(count('gemstones')).toBe(5000);
  });

  it('exports the current filter in grid order with the import’s columns, so the file imports again', async () => {
    const admin = await signedInAdmin(t.core);
    insertBuyer('b1', 'Antwerp Facets', [], 'AF-001');
    await admin.inventory.create(aStone({ sku: 'E-1', caratWeight: 1.5, assignedBuyer: 'b1' }));
    await admin.inventory.create(
      aStone({ sku: 'E-2', caratWeight: 3, certificateNumber: null, certificateStatus: 'none' }),
    );
    await admin.inventory.create(aStone({ sku: 'E-3', gemstoneType: 'Emerald', caratWeight: 2 }));
    const practitioner = await signedInAs(t.core, 'practitioner');
    const file = await practitioner.inventory.csv.export({ filter: { gemstoneType: 'Ruby' } });
    expect(file.rows).toBe(2);
    // The grading columns follow, empty here; a practitioner's file has no price columns (see grading.test.ts).
    const grading =
      ',colour,hue,tone,saturation,shape,cutGrade,lengthMm,widthMm,depthMm,origin,treatment,fluorescence,reportUrl,priceCurrency';
    const none = ','.repeat(14);
    expect(file.csv.split('\r\n')).toEqual([
      CSV_HEADER + grading,
      `E-2,Ruby,3.00,Eye Clean,,none,Vault,${none}`,
      `E-1,Ruby,1.50,Eye Clean,1234567890,pending,Vault,AF-001${none}`,
      '',
    ]);
    const again = await admin.inventory.csv.preview({ csv: file.csv, jobId: 'job-again-1' });
    expect(again).toMatchObject({ totalRows: 2, duplicates: 2 });
  });
});

describe('labels', () => {
  it('makes a Code128 PNG and a one-label-a-page PDF for the stones', async () => {
    const admin = await signedInAdmin(t.core);
    const a = await admin.inventory.create(aStone({ sku: 'LB-1' }));
    const b = await admin.inventory.create(aStone({ sku: 'LB-2' }));
    const png = await admin.inventory.labels.png({ id: a.id });
    expect(png).toMatchObject({ fileName: 'label-LB-1.png', mimeType: 'image/png' });
    expect(Buffer.from(png.data, 'base64').subarray(0, 8)).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    );
    const pdf = await admin.inventory.labels.pdf({ ids: [a.id, b.id] });
    const bytes = Buffer.from(pdf.data, 'base64');
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const { PDFDocument } = await import('pdf-lib');
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBe(2);
    expect(Math.round(doc.getPage(0).getWidth())).toBe(176); // 62 mm
    expect((await refusal(admin.inventory.labels.png({ id: 'gone' }))).code).toBe('NOT_FOUND');
  });
});

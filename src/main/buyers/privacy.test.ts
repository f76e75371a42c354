import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import type { Role } from '../../shared/enums';
import { PROTECTED_FIELDS } from '../../shared/privacy';
import type { Caller } from '../core/create-core';
import { aStone, startTestCore, type TestCore } from '../test-support/core';
import { aBuyer, salesDesk, type SalesDesk } from '../test-support/sales';

// Field privacy through the tRPC router: practitioners must not receive a buyer's email or phone, nor an
// inquiry's quotedPrice (nor totals made of prices), from ANY procedure — absent, not blanked.

let t: TestCore;
let desk: SalesDesk;
let ids: { buyer: string; stone: string; inquiry: string };

beforeAll(async () => {
  t = await startTestCore();
  desk = await salesDesk(t.core);
  const buyer = await desk.admin.buyers.create(aBuyer({ accountManager: desk.coordinatorId }));
  const stone = await desk.admin.inventory.create(
    aStone({ costPrice: 8000, askingPrice: 13650.5, priceCurrency: 'USD', shape: 'Oval', colour: 'Pigeon blood' }),
  );
  const other = await desk.admin.inventory.create(aStone({ sku: 'RB-2', caratWeight: 2.2 }));
  const inquiry = await desk.admin.inquiries.create({
    buyer: buyer.id,
    gemstone: stone.id,
    requestedCaratWeight: 2.15,
    currency: 'USD',
    quotedPrice: 12500,
  });
  await desk.admin.inquiries.transition({ id: inquiry.id, to: 'quoted' });
  const sold = await desk.admin.inquiries.create({
    buyer: buyer.id,
    gemstone: other.id,
    requestedCaratWeight: 2.2,
    currency: 'EUR',
    quotedPrice: 900,
  });
  await desk.admin.inquiries.transition({ id: sold.id, to: 'closed', outcome: 'sold', reason: 'Paid' });
  ids = { buyer: buyer.id, stone: stone.id, inquiry: inquiry.id };
});
afterAll(() => t.dispose());

const window = () => {
  const now = new Date();
  return {
    todayStart: new Date(now.getFullYear(), now.getMonth(), now.getDate()).toISOString(),
    monthStart: new Date(now.getFullYear(), now.getMonth(), 1).toISOString(),
  };
};

/** Every procedure that returns buyers' contact details, prices or sums of prices. */
const PROCEDURES: [string, (c: Caller) => Promise<unknown>][] = [
  ['buyers.list', (c) => c.buyers.list()],
  ['buyers.get', (c) => c.buyers.get({ id: ids.buyer })],
  ['buyers.profile', (c) => c.buyers.profile({ id: ids.buyer })],
  ['buyers.matchingStone', (c) => c.buyers.matchingStone({ gemstoneId: ids.stone })],
  ['inquiries.list', (c) => c.inquiries.list({})],
  ['inquiries.get', (c) => c.inquiries.get({ id: ids.inquiry })],
  ['inquiries.board', (c) => c.inquiries.board()],
  ['inquiries.dashboard', (c) => c.inquiries.dashboard(window())],
  ['inventory.list', (c) => c.inventory.list({ filter: { shape: 'Oval' } })],
  ['inventory.get', (c) => c.inventory.get({ id: ids.stone })],
  ['inventory.detail', (c) => c.inventory.detail({ id: ids.stone })],
  ['inventory.scan', (c) => c.inventory.scan({ code: 'rb-1001' })],
  ['inventory.search', (c) => c.inventory.search({ q: 'RB' })],
  ['inventory.search (certificate)', (c) => c.inventory.search({ q: '123456' })],
];

const PRIVATE_KEYS = [
  'email',
  'phone',
  'quotedPrice',
  'totals',
  'wonTotals',
  'costPrice',
  'askingPrice',
  'stoneAskingPrice',
  'margin',
  'perCarat',
];

/** Every private key present anywhere in a result. */
function privateKeysIn(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => privateKeysIn(v, found));
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (PRIVATE_KEYS.includes(key)) found.add(key);
      privateKeysIn(v, found);
    }
  }
  return found;
}

const callerFor = (role: Role) =>
  ({ admin: desk.admin, coordinator: desk.coordinator, practitioner: desk.practitioner })[role];

describe('field privacy', () => {
  it('is the documented matrix', () => {
    expect(PROTECTED_FIELDS).toEqual({
      Buyer: { practitioner: ['email', 'phone'] },
      Gemstone: { practitioner: ['costPrice', 'askingPrice'] },
      PurchaseInquiry: { practitioner: ['quotedPrice'] },
      Invoice: { practitioner: ['lines', 'subtotal', 'taxLines', 'taxTotal', 'total'] },
      MemoLine: { practitioner: ['price'] },
      Payment: { practitioner: ['amount'] },
      Consignment: { practitioner: ['agreedPrice'] },
    });
  });

  it.each(PROCEDURES)('%s gives practitioners no email, phone, price or price total', async (_path, call) => {
    const result = await call(callerFor('practitioner'));
    expect([...privateKeysIn(result)]).toEqual([]);
  });

  it.each(
    PROCEDURES.flatMap(([path, call]) =>
      (['admin', 'coordinator'] as const).map((role) => [path, role, call] as const),
    ),
  )('%s gives %s the contact details and prices it holds', async (path, role, call) => {
    const keys = privateKeysIn(await call(callerFor(role)));
    const expected: Record<string, string[]> = {
      'buyers.list': ['email', 'phone'],
      'buyers.get': ['email', 'phone'],
      'buyers.profile': ['email', 'phone', 'quotedPrice', 'stoneAskingPrice', 'totals'],
      'buyers.matchingStone': ['quotedPrice', 'stoneAskingPrice'],
      'inquiries.list': ['quotedPrice', 'stoneAskingPrice'],
      'inquiries.get': ['quotedPrice', 'stoneAskingPrice'],
      'inquiries.board': ['quotedPrice', 'stoneAskingPrice', 'totals'],
      'inquiries.dashboard': ['totals', 'wonTotals'],
      'inventory.list': ['askingPrice', 'costPrice'],
      'inventory.get': ['askingPrice', 'costPrice'],
      'inventory.detail': ['askingPrice', 'costPrice', 'quotedPrice'],
      'inventory.scan': ['askingPrice', 'costPrice', 'quotedPrice'],
      // The palette shows the asking price, never the cost.
      'inventory.search': ['askingPrice'],
      'inventory.search (certificate)': ['askingPrice'],
    };
    expect([...keys].sort()).toEqual(expected[path]!.sort());
  });

  it('still lets practitioners see who the buyer is and where the inquiry stands', async () => {
    const buyer = await desk.practitioner.buyers.get({ id: ids.buyer });
    expect(buyer).toMatchObject({ companyName: 'Aurora Gems Ltd', contactName: 'Lena Varga', buyerCode: 'B-0001' });
    const inquiry = await desk.practitioner.inquiries.get({ id: ids.inquiry });
    expect(inquiry).toMatchObject({ inquiryStatus: 'quoted', currency: 'USD', sku: 'RB-1001' });
    expect(inquiry).not.toHaveProperty('quotedPrice');
  });
});

describe('field privacy on the Sync screen', () => {
  // Conflicts and refused changes keep the values typed on this workstation, by whoever was signed in: a
  // practitioner signing in later must not read a price or a buyer's contact details there either.
  const newEmail = 'lena.varga@new-address.example';
  beforeAll(() => {
    const sqlite = t.core.store.sqlite;
    const conflict = sqlite.prepare(
      `INSERT INTO sync_conflicts (entity, recordId, field, winner, localValue, remoteValue, localBy, remoteAt, detectedAt)
       VALUES (?, ?, ?, 'remote', ?, ?, ?, '2026-12-01T10:00:00.000Z', 1)`,
    );
    conflict.run('PurchaseInquiry', ids.inquiry, 'quotedPrice', '1250000', '1300000', desk.coordinatorId);
    conflict.run(
      'Buyer',
      ids.buyer,
      'email',
      JSON.stringify(newEmail),
      JSON.stringify('lena@auroragems.example'),
      desk.coordinatorId,
    );
    conflict.run('Gemstone', ids.stone, 'askingPrice', '1365050', '1400000', desk.coordinatorId);
    conflict.run(
      'Gemstone',
      ids.stone,
      'location',
      JSON.stringify('Safe'),
      JSON.stringify('Counter'),
      desk.coordinatorId,
    );
    const letter = sqlite.prepare(
      `INSERT INTO sync_dead_letters (entity, recordId, op, fields, "values", code, message, userId, createdAt) VALUES (?, ?, 'update', ?, ?, 142, ?, ?, 2)`,
    );
    letter.run(
      'Buyer',
      ids.buyer,
      '["email","contactName"]',
      JSON.stringify({ email: newEmail, contactName: 'Lena V.' }),
      `Email "${newEmail}" is not valid: use a valid email address.`,
      desk.coordinatorId,
    );
    letter.run(
      'PurchaseInquiry',
      ids.inquiry,
      '["quotedPrice"]',
      JSON.stringify({ quotedPrice: 1300000 }),
      'Quoted price must be at most 1000000000000.',
      desk.coordinatorId,
    );
  });

  it('lists no conflict about a field hidden from practitioners, and names the rest in their words', async () => {
    expect(await desk.practitioner.sync.conflicts.list()).toEqual([
      expect.objectContaining({
        record: 'Stone RB-1001',
        field: 'location',
        fieldLabel: 'Location',
        localText: 'Safe',
        remoteText: 'Counter',
      }),
    ]);
    const seen = await desk.coordinator.sync.conflicts.list();
    expect(seen.map((c) => c.field).sort()).toEqual(['askingPrice', 'email', 'location', 'quotedPrice']);
    expect(JSON.stringify(await desk.practitioner.sync.conflicts.list())).not.toMatch(/13,650|14,000/);
    expect(seen.find((c) => c.field === 'quotedPrice')).toMatchObject({
      record: 'Inquiry Aurora Gems Ltd for RB-1001',
      fieldLabel: 'Quoted price',
    });
    expect(seen.find((c) => c.field === 'quotedPrice')!.remoteText).toMatch(/13,000\.00/);
  });

  it('shows practitioners refused changes without the hidden values, in the list and in the server’s message', async () => {
    for (const list of [await desk.practitioner.sync.deadLetters.list(), await desk.admin.sync.deadLetters.list()])
      expect(list).toHaveLength(2);
    const letters = await desk.practitioner.sync.deadLetters.list();
    const text = JSON.stringify(letters);
    expect(text).not.toContain(newEmail);
    expect(text).not.toMatch(/1300000|13,000/);
    expect([...privateKeysIn(letters)]).toEqual([]);
    const buyerLetter = letters.find((l) => l.entity === 'Buyer')!;
    expect(buyerLetter).toMatchObject({
      record: 'Buyer B-0001 · Aurora Gems Ltd',
      fields: ['contactName'],
      refused: [{ field: 'contactName', label: 'Contact', text: 'Lena V.' }],
    });
    expect(buyerLetter.message).toBe('Email "(hidden)" is not valid: use a valid email address.');

    const own = await desk.coordinator.sync.deadLetters.mine();
    expect(own.find((l) => l.entity === 'Buyer')).toMatchObject({
      values: { email: newEmail },
      message: expect.stringContaining(newEmail),
    });
    expect(own.find((l) => l.entity === 'PurchaseInquiry')!.refused).toEqual([
      { field: 'quotedPrice', label: 'Quoted price', text: expect.stringMatching(/13,000\.00/) },
    ]);
  });
});

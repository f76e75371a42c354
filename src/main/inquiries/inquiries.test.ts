import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toParse } from '../db/parse-mapping';
import { aStone, refusal, refusalShape, startTestCore, type TestCore } from '../test-support/core';
import { aBuyer, count, salesDesk, salesSnapshot, type SalesDesk } from '../test-support/sales';

let t: TestCore;
let desk: SalesDesk;
beforeEach(async () => {
  t = await startTestCore();
  desk = await salesDesk(t.core);
});
afterEach(() => t.dispose());

async function stoneAndBuyer(stone: Record<string, unknown> = {}, buyer: Record<string, unknown> = {}) {
  return {
    stone: await desk.admin.inventory.create(aStone(stone)),
    buyer: await desk.admin.buyers.create({ ...aBuyer(buyer), confirmSimilarName: true }),
  };
}

const createShape = (input: Record<string, unknown>) =>
  refusalShape(t.core, 'test-admin', { type: 'mutation', path: 'inquiries.create', input });

describe('creating an inquiry', () => {
  it('keeps the seed fields, handled by whoever took it, with the price in exact minor units', async () => {
    const { stone, buyer } = await stoneAndBuyer();
    const followUpAt = '2026-12-01T09:00:00+01:00';
    const inquiry = await desk.coordinator.inquiries.create({
      buyer: buyer.id,
      gemstone: stone.id,
      requestedCaratWeight: 2.019,
      currency: 'usd',
      quotedPrice: 19.99,
      followUpAt,
    });
    expect(inquiry).toMatchObject({
      buyer: buyer.id,
      buyerName: 'Aurora Gems Ltd',
      gemstone: stone.id,
      sku: 'RB-1001',
      inquiryStatus: 'new',
      requestedCaratWeight: 2.02,
      currency: 'USD',
      quotedPrice: 1999,
      handledBy: desk.coordinatorId,
      handledByName: 'Test coordinator',
      followUpAt: '2026-12-01T08:00:00.000Z',
    });
    const row = t.core.store.sqlite.prepare('SELECT * FROM purchase_inquiries WHERE id = ?').get(inquiry.id) as Record<
      string,
      unknown
    >;
    expect(row.quotedPrice).toBe(1999);
    // At the Parse boundary the price is a Number in major units, exactly.
    const resolver = { objectIdOf: () => 'x', localIdOf: () => 'x' };
    expect(toParse('PurchaseInquiry', row, resolver, ['quotedPrice', 'currency'])).toEqual({
      quotedPrice: 19.99,
      currency: 'USD',
    });
  });

  it.each([
    ['JPY', 125000, 125000],
    ['BHD', 1.234, 1234],
    ['EUR', 12500.5, 1250050],
  ])('stores %s %d as %d minor units', async (currency, price, minor) => {
    const { stone, buyer } = await stoneAndBuyer();
    const inquiry = await desk.admin.inquiries.create({
      buyer: buyer.id,
      gemstone: stone.id,
      requestedCaratWeight: 1,
      currency,
      quotedPrice: price,
    });
    expect(inquiry.quotedPrice).toBe(minor);
  });

  it.each([
    ['currency', { currency: 'US' }, 'Currency is a 3-letter ISO 4217 code, e.g. USD'],
    ['currency', { currency: 'XYZ' }, 'Not an ISO 4217 currency code'],
    ['quotedPrice', { quotedPrice: -5 }, 'Quoted price must be greater than 0'],
    ['quotedPrice', { quotedPrice: 2e12 }, 'Quoted price must be at most 1,000,000,000,000'],
    ['quotedPrice', { quotedPrice: 10.5, currency: 'JPY' }, 'JPY amounts have at most 0 decimals'],
    ['quotedPrice', { quotedPrice: 1.005 }, 'USD amounts have at most 2 decimals'],
    ['requestedCaratWeight', { requestedCaratWeight: 0 }, 'Carat weight must be greater than 0'],
    ['followUpAt', { followUpAt: 'next tuesday' }, 'Enter a valid date'],
  ])('refuses a bad %s by name and writes nothing', async (field, overrides, message) => {
    const { stone, buyer } = await stoneAndBuyer();
    const before = salesSnapshot(t.core);
    const shape = await createShape({
      buyer: buyer.id,
      gemstone: stone.id,
      requestedCaratWeight: 2,
      currency: 'USD',
      ...overrides,
    });
    expect(shape.data.code).toBe('BAD_REQUEST');
    expect(shape.data.fieldErrors?.[field]).toEqual([message]);
    expect(salesSnapshot(t.core)).toEqual(before);
  });

  it('refuses an unknown buyer or stone, a blocked buyer and a practitioner as handler', async () => {
    const { stone, buyer } = await stoneAndBuyer();
    const base = { buyer: buyer.id, gemstone: stone.id, requestedCaratWeight: 2, currency: 'USD' };
    expect((await createShape({ ...base, buyer: 'nobody' })).data).toMatchObject({
      reason: 'INVALID_REFERENCE',
      fieldErrors: { buyer: expect.any(Array) },
    });
    expect((await createShape({ ...base, gemstone: 'nothing' })).data).toMatchObject({
      reason: 'INVALID_REFERENCE',
      fieldErrors: { gemstone: expect.any(Array) },
    });
    const pim = t.core.store.sqlite.prepare("SELECT id FROM users WHERE username = 'pim'").get() as { id: string };
    expect((await createShape({ ...base, handledBy: pim.id })).data).toMatchObject({
      reason: 'INVALID_REFERENCE',
      fieldErrors: { handledBy: expect.any(Array) },
    });
    const noHandler = await refusalShape(t.core, 'test-admin', {
      type: 'mutation',
      path: 'inquiries.create',
      input: { ...base, handledBy: null },
    });
    expect(noHandler.data.code).toBe('BAD_REQUEST');
    await desk.admin.buyers.update({ id: buyer.id, changes: { salesStatus: 'blocked' } });
    const blocked = await createShape(base);
    expect(blocked).toMatchObject({
      message: 'Aurora Gems Ltd is blocked; unblock the buyer before taking an inquiry.',
      data: { reason: 'BUYER_BLOCKED' },
    });
    expect(count(t.core, 'purchase_inquiries')).toBe(0);
  });
});

describe('editing an inquiry', () => {
  it('re-expresses the price in a new currency, or asks for it when it does not fit', async () => {
    const { stone, buyer } = await stoneAndBuyer();
    const inquiry = await desk.admin.inquiries.create({
      buyer: buyer.id,
      gemstone: stone.id,
      requestedCaratWeight: 2,
      currency: 'USD',
      quotedPrice: 12500,
    });
    expect(await desk.admin.inquiries.update({ id: inquiry.id, changes: { currency: 'JPY' } })).toMatchObject({
      currency: 'JPY',
      quotedPrice: 12500,
    });
    await desk.admin.inquiries.update({ id: inquiry.id, changes: { currency: 'EUR', quotedPrice: 99.99 } });
    const refused = await refusal(desk.admin.inquiries.update({ id: inquiry.id, changes: { currency: 'JPY' } }));
    expect(refused).toMatchObject({ reason: 'PRICE_REQUIRED', message: 'Enter the price again in JPY.' });
    const priceWithoutCurrency = await refusalShape(t.core, 'test-admin', {
      type: 'mutation',
      path: 'inquiries.update',
      input: { id: inquiry.id, changes: { quotedPrice: 5 } },
    });
    expect(priceWithoutCurrency.data.fieldErrors).toEqual({ currency: ['Give the currency with the price'] });
    expect((await desk.admin.inquiries.get({ id: inquiry.id })).quotedPrice).toBe(9999);
  });
});

describe('the list and the board', () => {
  async function pipeline() {
    const { admin } = desk;
    const a = await stoneAndBuyer(
      { sku: 'L-1' },
      { buyerCode: 'B-1', companyName: 'Aurora Gems', email: 'a@x.example' },
    );
    const b = await stoneAndBuyer(
      { sku: 'L-2', gemstoneType: 'Spinel' },
      { buyerCode: 'B-2', companyName: 'Kestrel Fine Gems', email: 'k@x.example' },
    );
    const i1 = await admin.inquiries.create({
      buyer: a.buyer.id,
      gemstone: a.stone.id,
      requestedCaratWeight: 2,
      currency: 'USD',
      quotedPrice: 1000,
      followUpAt: '2026-12-03T09:00:00Z',
    });
    const i2 = await desk.coordinator.inquiries.create({
      buyer: b.buyer.id,
      gemstone: b.stone.id,
      requestedCaratWeight: 1,
      currency: 'EUR',
      quotedPrice: 250.5,
      followUpAt: '2026-12-01T09:00:00Z',
    });
    const i3 = await admin.inquiries.create({
      buyer: b.buyer.id,
      gemstone: a.stone.id,
      requestedCaratWeight: 2,
      currency: 'USD',
      quotedPrice: 2000,
    });
    await admin.inquiries.transition({ id: i3.id, to: 'quoted' });
    const i4 = await admin.inquiries.create({
      buyer: a.buyer.id,
      gemstone: b.stone.id,
      requestedCaratWeight: 1,
      currency: 'USD',
      quotedPrice: 300,
    });
    await admin.inquiries.transition({ id: i4.id, to: 'quoted' });
    await admin.inquiries.transition({ id: i4.id, to: 'reserved' });
    return { a, b, i1, i2, i3, i4 };
  }

  it('filters by status, handler, buyer, currency and follow-up date; soonest follow-up first', async () => {
    const { a, i1, i2, i3, i4 } = await pipeline();
    const ids = async (input: Record<string, unknown> = {}) =>
      (await desk.admin.inquiries.list(input)).map((i) => i.id);
    expect(await ids()).toEqual([i2.id, i1.id, i4.id, i3.id]);
    expect(await ids({ status: 'quoted' })).toEqual([i3.id]);
    expect(await ids({ status: 'open' })).toHaveLength(4);
    expect(await ids({ handledBy: desk.coordinatorId })).toEqual([i2.id]);
    expect(await ids({ buyer: a.buyer.id })).toEqual([i1.id, i4.id]);
    expect(await ids({ currency: 'eur' })).toEqual([i2.id]);
    expect(await ids({ followUpFrom: '2026-12-02T00:00:00Z', followUpTo: '2026-12-04T00:00:00Z' })).toEqual([i1.id]);
  });

  it('groups open inquiries by status with counts and value per currency', async () => {
    const { i1, i2, i3, i4 } = await pipeline();
    const board = await desk.coordinator.inquiries.board();
    expect(board.columns.map((c) => [c.status, c.count, c.totals, c.cards.map((x) => x.id)])).toEqual([
      [
        'new',
        2,
        [
          { currency: 'EUR', amount: 25050 },
          { currency: 'USD', amount: 100000 },
        ],
        [i1.id, i2.id],
      ],
      ['quoted', 1, [{ currency: 'USD', amount: 200000 }], [i3.id]],
      ['reserved', 1, [{ currency: 'USD', amount: 30000 }], [i4.id]],
    ]);
    expect(board.thresholds).toEqual({ amberDays: 7, redDays: 14 });
    expect(board.columns[0]!.cards[0]!.statusChangedAt).toEqual(expect.any(String));
  });

  it('lets only administrators set the aging thresholds, red after amber', async () => {
    expect((await refusal(desk.coordinator.inquiries.setAgingThresholds({ amberDays: 3, redDays: 5 }))).code).toBe(
      'FORBIDDEN',
    );
    const bad = await refusalShape(t.core, 'test-admin', {
      type: 'mutation',
      path: 'inquiries.setAgingThresholds',
      input: { amberDays: 10, redDays: 5 },
    });
    expect(bad.data.fieldErrors).toEqual({ redDays: ['Red must be later than amber'] });
    await desk.admin.inquiries.setAgingThresholds({ amberDays: 3, redDays: 5 });
    expect(await desk.practitioner.inquiries.agingThresholds()).toEqual({ amberDays: 3, redDays: 5 });
    const restarted = await t.restart();
    await restarted.caller('again').auth.signIn({ username: 'amara', password: 'correct horse battery' });
    expect((await restarted.caller('again').inquiries.board()).thresholds).toEqual({ amberDays: 3, redDays: 5 });
  });

  it('sums the dashboard: pipeline by stage and currency, won and lost this month, follow-ups, per handler', async () => {
    const { i1, i2 } = await pipeline();
    await desk.admin.inquiries.transition({ id: i1.id, to: 'closed', outcome: 'lost', reason: 'Too pricey' });
    const extra = await stoneAndBuyer(
      { sku: 'L-3' },
      { buyerCode: 'B-3', companyName: 'Lotus Carat House', email: 'l@x.example' },
    );
    const won = await desk.admin.inquiries.create({
      buyer: extra.buyer.id,
      gemstone: extra.stone.id,
      requestedCaratWeight: 2,
      currency: 'GBP',
      quotedPrice: 4000,
    });
    await desk.admin.inquiries.transition({ id: won.id, to: 'closed', outcome: 'sold', reason: 'Paid' });
    const now = new Date();
    const todayStart = new Date(now.getFullYear(), now.getMonth(), now.getDate()).toISOString();
    const monthStart = new Date(now.getFullYear(), now.getMonth(), 1).toISOString();
    await desk.admin.inquiries.update({
      id: i2.id,
      changes: { followUpAt: new Date(Date.now() - 86_400_000 * 2).toISOString() },
    });

    const dashboard = await desk.admin.inquiries.dashboard({ todayStart, monthStart });
    expect(dashboard.pipeline).toEqual([
      { status: 'new', count: 1, totals: [{ currency: 'EUR', amount: 25050 }] },
      { status: 'quoted', count: 1, totals: [{ currency: 'USD', amount: 200000 }] },
      { status: 'reserved', count: 1, totals: [{ currency: 'USD', amount: 30000 }] },
    ]);
    expect(dashboard.month).toEqual({
      sold: 1,
      lost: 1,
      withdrawn: 0,
      wonTotals: [{ currency: 'GBP', amount: 400000 }],
    });
    expect(dashboard.followUps).toMatchObject({ overdue: 1, due: 1 });
    expect(dashboard.perHandler).toEqual([
      { handledBy: desk.adminId, name: 'Amara Okafor', open: 2, new: 0, quoted: 1, reserved: 1 },
      { handledBy: desk.coordinatorId, name: 'Test coordinator', open: 1, new: 1, quoted: 0, reserved: 0 },
    ]);
  });
});

describe('finding the stone for an inquiry by scanning it', () => {
  it('looks a stone up by its exact SKU (any case) and says who holds it', async () => {
    const { stone, buyer } = await stoneAndBuyer({ sku: 'SC-77' });
    expect(await desk.coordinator.inquiries.stoneBySku({ sku: 'SC-77' })).toMatchObject({
      id: stone.id,
      sku: 'SC-77',
      reservedFor: null,
    });
    expect(await desk.coordinator.inquiries.stoneBySku({ sku: 'sc-77' })).toMatchObject({ id: stone.id });
    expect(await desk.coordinator.inquiries.stoneBySku({ sku: 'SC-7' })).toBeNull();
    const inquiry = await desk.admin.inquiries.create({
      buyer: buyer.id,
      gemstone: stone.id,
      requestedCaratWeight: 2,
      currency: 'USD',
      quotedPrice: 1,
    });
    await desk.admin.inquiries.transition({ id: inquiry.id, to: 'quoted' });
    await desk.admin.inquiries.transition({ id: inquiry.id, to: 'reserved' });
    expect(await desk.coordinator.inquiries.stoneBySku({ sku: 'SC-77' })).toMatchObject({
      reservedFor: 'Aurora Gems Ltd',
      assignedBuyerName: 'Aurora Gems Ltd',
    });
  });

  it('warns who holds a stone before an inquiry is taken: the buyer and the stage of their inquiry', async () => {
    const { stone, buyer } = await stoneAndBuyer(
      { sku: 'RU-0110053' },
      { companyName: 'Antwerp Gem 1', buyerCode: 'B-ANT1' },
    );
    const scan = () => desk.coordinator.inquiries.stoneBySku({ sku: 'RU-0110053' });
    expect((await scan())!.hold).toBeNull();

    const held = await desk.admin.inquiries.create({
      buyer: buyer.id,
      gemstone: stone.id,
      requestedCaratWeight: 2,
      currency: 'USD',
      quotedPrice: 12000,
    });
    await desk.admin.inquiries.transition({ id: held.id, to: 'quoted' });
    await desk.admin.inquiries.transition({ id: held.id, to: 'reserved' });
    expect((await scan())!.hold).toEqual({
      kind: 'reserved',
      buyerName: 'Antwerp Gem 1',
      buyerCode: 'B-ANT1',
      stage: 'reserved',
      handledByName: 'Amara Okafor',
    });
    // A warning, not a refusal: another buyer may still ask about a reserved stone.
    const other = await desk.admin.buyers.create(
      aBuyer({ buyerCode: 'B-BKK4', companyName: 'Bangkok Gem 4', email: 'b4@example.com' }),
    );
    const rival = await desk.coordinator.inquiries.create({
      buyer: other.id,
      gemstone: stone.id,
      requestedCaratWeight: 2,
      currency: 'USD',
    });
    expect(rival.inquiryStatus).toBe('new');

    await desk.admin.inquiries.transition({ id: held.id, to: 'closed', outcome: 'sold', reason: 'Paid' });
    expect((await scan())!.hold).toEqual({
      kind: 'sold',
      buyerName: 'Antwerp Gem 1',
      buyerCode: 'B-ANT1',
      stage: 'closed',
      handledByName: 'Amara Okafor',
    });
    // A sold stone takes no new inquiry (the rule the core already held).
    expect(
      await refusal(
        desk.coordinator.inquiries.create({
          buyer: other.id,
          gemstone: stone.id,
          requestedCaratWeight: 2,
          currency: 'USD',
        }),
      ),
    ).toMatchObject({
      reason: 'STONE_NOT_FREE',
    });
  });

  it('names the buyer a stone is set aside for without an inquiry', async () => {
    const { stone, buyer } = await stoneAndBuyer(
      { sku: 'SP-4410' },
      { companyName: 'Memo Holders', buyerCode: 'B-MEMO' },
    );
    await desk.admin.inventory.update({ id: stone.id, changes: { assignedBuyer: buyer.id } });
    expect((await desk.coordinator.inquiries.stoneBySku({ sku: 'SP-4410' }))!.hold).toEqual({
      kind: 'assigned',
      buyerName: 'Memo Holders',
      buyerCode: 'B-MEMO',
      stage: null,
      handledByName: null,
    });
  });
});

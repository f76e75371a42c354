import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { refusal, startTestCore, type TestCore } from '../test-support/core';
import { aBuyer, count, outboxOf, salesDesk, salesSnapshot, type SalesDesk } from '../test-support/sales';
import { handleRefusedConsignment } from './refusals';

// Closing a consignment: settled (we bought the stone, which then sells like any stone we own) or returned
// to the supplier (the stone leaves the stock), each once, and never for a stone that is not free to go.

let t: TestCore;
let desk: SalesDesk;
beforeEach(async () => {
  t = await startTestCore();
  desk = await salesDesk(t.core);
});
afterEach(() => t.dispose());

const HOUR = 60 * 60 * 1000;

async function consigned(sku = 'SA-2001', agreedPrice = 12500) {
  const [made] = await desk.coordinator.consignments.receive({
    supplier: 'Ceylon Blue Ltd',
    currency: 'USD',
    dueDate: new Date(Date.now() + 30 * 24 * HOUR).toISOString(),
    stones: [
      {
        kind: 'new',
        stone: { sku, gemstoneType: 'Sapphire', caratWeight: 3.02, clarityGrade: 'Eye Clean', location: 'Vault' },
        agreedPrice,
      },
    ],
  });
  return made!;
}

/** A buyer's inquiry on the stone, quoted: ready to close as sold. */
async function quotedInquiry(stoneId: string, buyerOver: Record<string, unknown> = {}) {
  const buyer = await desk.admin.buyers.create(aBuyer(buyerOver));
  const inquiry = await desk.admin.inquiries.create({
    buyer: buyer.id,
    gemstone: stoneId,
    requestedCaratWeight: 3.02,
    currency: 'USD',
    quotedPrice: 15000,
  });
  await desk.admin.inquiries.transition({ id: inquiry.id, to: 'quoted' });
  return { buyer, inquiry };
}

const sell = (id: string) => desk.admin.inquiries.transition({ id, to: 'closed', outcome: 'sold', reason: 'Wire' });

describe('settling a consignment', () => {
  it('refuses the sale of a consigned stone until its settlement is recorded, and sells it after', async () => {
    const c = await consigned();
    const { inquiry } = await quotedInquiry(c.gemstone);
    const before = salesSnapshot(t.core);
    const error = await refusal(sell(inquiry.id));
    expect(error).toMatchObject({ code: 'CONFLICT', reason: 'CONSIGNMENT_UNSETTLED' });
    expect(error.message).toBe(
      'Stone SA-2001 is on consignment from Ceylon Blue Ltd; record the settlement with the supplier before selling it.',
    );
    expect(salesSnapshot(t.core)).toEqual(before);

    const settled = await desk.coordinator.consignments.settle({ id: c.id, settlementReference: 'Wire 2026-114' });
    expect(settled).toMatchObject({
      status: 'settled',
      settlementReference: 'Wire 2026-114',
      closedByName: 'Test coordinator',
    });
    expect(Date.parse(settled.settledAt!)).toBeLessThanOrEqual(Date.now());
    // Bought: the agreed price is what the stone cost us.
    expect(await desk.admin.inventory.get({ id: c.gemstone })).toMatchObject({
      costPrice: 1250000,
      priceCurrency: 'USD',
    });
    expect(outboxOf(t.core)).toContainEqual(expect.objectContaining({ entity: 'Consignment', recordId: c.id }));
    expect(await desk.practitioner.consignments.onStones({ gemstones: [c.gemstone] })).toEqual([]);

    expect(await sell(inquiry.id)).toMatchObject({ inquiryStatus: 'closed', outcome: 'sold', stoneLocation: 'Sold' });
  });

  it('keeps a cost price the stone already has', async () => {
    const stone = await desk.admin.inventory.create({
      sku: 'RB-1',
      gemstoneType: 'Ruby',
      caratWeight: 1.1,
      clarityGrade: 'Eye Clean',
      certificateStatus: 'none',
      location: 'Safe',
      costPrice: 700,
      priceCurrency: 'USD',
    });
    const [c] = await desk.admin.consignments.receive({
      supplier: 'Ceylon Blue Ltd',
      currency: 'USD',
      stones: [{ kind: 'existing', gemstone: stone.id, agreedPrice: 900 }],
    });
    await desk.admin.consignments.settle({ id: c!.id });
    expect((await desk.admin.inventory.get({ id: stone.id })).costPrice).toBe(70000);
  });

  it('closes once: a settled consignment is neither settled again nor returned', async () => {
    const c = await consigned();
    await desk.admin.consignments.settle({ id: c.id });
    const before = salesSnapshot(t.core);
    for (const again of [
      desk.admin.consignments.settle({ id: c.id }),
      desk.admin.consignments.returnToSupplier({ id: c.id }),
    ]) {
      expect(await refusal(again)).toMatchObject({
        reason: 'CONSIGNMENT_CLOSED',
        message: 'This consignment is closed: the stone was already bought from Ceylon Blue Ltd.',
      });
    }
    expect(salesSnapshot(t.core)).toEqual(before);
    expect((await refusal(desk.practitioner.consignments.settle({ id: c.id }))).code).toBe('FORBIDDEN');
  });
});

describe('returning a stone to its supplier', () => {
  it('moves the stone out of the stock with a custody entry; it can then be neither sold nor returned again', async () => {
    const c = await consigned();
    const { inquiry } = await quotedInquiry(c.gemstone);
    const returned = await desk.coordinator.consignments.returnToSupplier({ id: c.id, reason: 'Not for us' });
    expect(returned).toMatchObject({ status: 'returned', closedByName: 'Test coordinator', settledAt: null });
    expect(returned.returnedAt).not.toBeNull();
    expect((await desk.admin.inventory.get({ id: c.gemstone })).location).toBe('Returned to supplier');
    const move = t.core.store.sqlite
      .prepare('SELECT fromLocation, toLocation, reason FROM custody_events WHERE gemstone = ? ORDER BY rowid DESC')
      .get(c.gemstone);
    expect(move).toEqual({
      fromLocation: 'Vault',
      toLocation: 'Returned to supplier',
      reason: 'Returned to supplier Ceylon Blue Ltd (Not for us)',
    });
    expect(await refusal(sell(inquiry.id))).toMatchObject({
      reason: 'CONSIGNMENT_CLOSED',
      message: 'Stone SA-2001 was returned to its supplier Ceylon Blue Ltd; it is no longer in the stock.',
    });
    expect(await refusal(desk.admin.consignments.returnToSupplier({ id: c.id }))).toMatchObject({
      reason: 'CONSIGNMENT_CLOSED',
    });
    // The location "Returned to supplier" is on the list, as a place stones leave for good.
    const locations = await desk.admin.inventory.lists.locations();
    expect(locations.find((l) => l.name === 'Returned to supplier')).toMatchObject({ kind: 'gone', retired: false });
  });

  it('refuses returning a stone out on memo, held or reserved for a buyer, saying why, and writes nothing', async () => {
    const c = await consigned();
    const buyer = await desk.admin.buyers.create(aBuyer({ companyName: 'Zenith Jewels' }));
    // Out on memo with a buyer (the memo's own screens write this; the rule reads it).
    const memoId = 'memo-1';
    const db = t.core.store.sqlite;
    db.prepare(
      `INSERT INTO memos (id, localUpdatedAt, buyer, issuedAt, dueBack, currency, status)
       VALUES (?, 0, ?, ?, ?, 'USD', 'open')`,
    ).run(memoId, buyer.id, new Date().toISOString(), '2026-12-24T00:00:00.000Z');
    db.prepare(
      `INSERT INTO memo_lines (id, localUpdatedAt, memo, gemstone, price, currency, status)
       VALUES ('line-1', 0, ?, ?, 100, 'USD', 'out')`,
    ).run(memoId, c.gemstone);
    const before = salesSnapshot(t.core);
    const onMemo = await refusal(desk.admin.consignments.returnToSupplier({ id: c.id }));
    expect(onMemo.reason).toBe('STONE_ON_MEMO');
    expect(onMemo.message).toMatch(
      /^Stone SA-2001 is out on memo with Zenith Jewels due back .+; it cannot be returned to the supplier until it comes back or the memo records the sale\.$/,
    );
    expect(salesSnapshot(t.core)).toEqual(before);
    db.prepare("UPDATE memo_lines SET status = 'returned'").run();

    const hold = await desk.coordinator.holds.place({
      gemstone: c.gemstone,
      buyer: buyer.id,
      heldUntil: new Date(Date.now() + 2 * HOUR).toISOString(),
    });
    const held = await refusal(desk.admin.consignments.returnToSupplier({ id: c.id }));
    expect(held.reason).toBe('STONE_HELD');
    expect(held.message).toMatch(
      /^Stone SA-2001 is held for Zenith Jewels until .+; release the hold before returning it\.$/,
    );
    await desk.coordinator.holds.release({ id: hold.id });

    const { inquiry } = await quotedInquiry(c.gemstone, {
      buyerCode: 'B-0009',
      companyName: 'Acme Gems',
      email: 'sales@acme.example',
    });
    await desk.admin.inquiries.transition({ id: inquiry.id, to: 'reserved' });
    expect(await refusal(desk.admin.consignments.returnToSupplier({ id: c.id }))).toMatchObject({
      reason: 'STONE_NOT_FREE',
      message: 'Stone SA-2001 is reserved for Acme Gems; close that inquiry before returning the stone.',
    });
    expect(count(t.core, 'consignments', "status = 'in'")).toBe(1);
    expect((await desk.admin.inventory.get({ id: c.gemstone })).location).toBe('Vault');
  });
});

describe('a consignment the server refused', () => {
  it('is taken back here when it was never stored there, and only then', async () => {
    const refused = await consigned('SA-1');
    handleRefusedConsignment(t.core.store, refused.id, { status: 'in' });
    expect(count(t.core, 'consignments', 'id = ?', refused.id)).toBe(0);
    expect(await desk.admin.consignments.onStones({ gemstones: [refused.gemstone] })).toEqual([]);

    const stored = await consigned('SA-2');
    t.core.store.sqlite.prepare("UPDATE consignments SET objectId = 'srv1' WHERE id = ?").run(stored.id);
    handleRefusedConsignment(t.core.store, stored.id, { status: 'in' });
    const settledHere = await consigned('SA-3');
    await desk.admin.consignments.settle({ id: settledHere.id });
    handleRefusedConsignment(t.core.store, settledHere.id, { status: 'settled' });
    expect(count(t.core, 'consignments')).toBe(2);
  });
});

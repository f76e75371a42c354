import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aStone, refusal, signedInAs, startTestCore, type TestCore } from '../test-support/core';
import { aBuyer, count, outboxOf, salesDesk, salesSnapshot, type SalesDesk } from '../test-support/sales';
import { activeHoldOnStone, activeHoldsOnStones } from './queries';

let t: TestCore;
let desk: SalesDesk;
beforeEach(async () => {
  t = await startTestCore();
  desk = await salesDesk(t.core);
});
afterEach(() => t.dispose());

const HOUR = 60 * 60 * 1000;
const inHours = (h: number) => new Date(Date.now() + h * HOUR).toISOString();

async function stoneAndBuyers() {
  const stone = await desk.admin.inventory.create(aStone());
  const acme = await desk.admin.buyers.create(aBuyer({ buyerCode: 'B-0001', companyName: 'Acme Gems' }));
  const zenith = await desk.admin.buyers.create({
    ...aBuyer({ buyerCode: 'B-0002', companyName: 'Zenith Jewels', email: 'z@zenith.example' }),
    confirmSimilarName: true,
  });
  return { stone, acme, zenith };
}

describe('placing a hold', () => {
  it('holds the stone for the buyer, placed by the caller, with its outbox entry in the same write', async () => {
    const { stone, acme } = await stoneAndBuyers();
    const until = inHours(24);
    const hold = await desk.coordinator.holds.place({ gemstone: stone.id, buyer: acme.id, heldUntil: until });
    expect(hold).toMatchObject({
      sku: 'RB-1001',
      buyerName: 'Acme Gems',
      placedBy: desk.coordinatorId,
      placedByName: 'Test coordinator',
      heldUntil: until,
      status: 'active',
      holding: true,
    });
    expect(outboxOf(t.core)).toContainEqual(
      expect.objectContaining({ entity: 'StoneHold', recordId: hold.id, op: 'create' }),
    );
    expect((await desk.practitioner.holds.forStone({ gemstone: stone.id })).current?.id).toBe(hold.id);
    expect((await desk.practitioner.holds.onStones({ gemstones: [stone.id] })).map((h) => h.id)).toEqual([hold.id]);
    expect((await desk.coordinator.holds.list({ which: 'mine' })).map((h) => h.id)).toEqual([hold.id]);
    expect(await desk.admin.holds.list({ which: 'mine' })).toEqual([]);
    expect((await desk.admin.holds.list({ which: 'all' })).map((h) => h.id)).toEqual([hold.id]);
  });

  it('refuses a second hold on a held stone, naming who holds it for whom until when, and writes nothing', async () => {
    const { stone, acme, zenith } = await stoneAndBuyers();
    await desk.coordinator.holds.place({ gemstone: stone.id, buyer: acme.id, heldUntil: inHours(3) });
    const before = salesSnapshot(t.core);
    const error = await refusal(
      desk.admin.holds.place({ gemstone: stone.id, buyer: zenith.id, heldUntil: inHours(5) }),
    );
    expect(error).toMatchObject({ code: 'CONFLICT', reason: 'STONE_HELD' });
    expect(error.message).toMatch(/^Stone RB-1001 is held by Test coordinator for Acme Gems until .+\.$/);
    expect(salesSnapshot(t.core)).toEqual(before);
    expect(count(t.core, 'stone_holds')).toBe(1);
  });

  it('refuses a sold stone and a stone reserved for another buyer', async () => {
    const { stone, acme, zenith } = await stoneAndBuyers();
    const inquiry = await desk.admin.inquiries.create({
      buyer: zenith.id,
      gemstone: stone.id,
      requestedCaratWeight: 2.15,
      currency: 'USD',
      quotedPrice: 9000,
    });
    await desk.admin.inquiries.transition({ id: inquiry.id, to: 'quoted' });
    await desk.admin.inquiries.transition({ id: inquiry.id, to: 'reserved' });
    expect(
      await refusal(desk.coordinator.holds.place({ gemstone: stone.id, buyer: acme.id, heldUntil: inHours(2) })),
    ).toMatchObject({ reason: 'STONE_NOT_FREE', message: 'Stone RB-1001 is reserved for Zenith Jewels.' });
    // The buyer it is reserved for may still be given a hold.
    await desk.coordinator.holds.place({ gemstone: stone.id, buyer: zenith.id, heldUntil: inHours(2) });

    const sold = await desk.admin.inventory.create(aStone({ sku: 'RB-2002', location: 'Sold' }));
    expect(
      await refusal(desk.coordinator.holds.place({ gemstone: sold.id, buyer: acme.id, heldUntil: inHours(2) })),
    ).toMatchObject({ reason: 'STONE_NOT_FREE', message: 'Stone RB-2002 is sold.' });
  });

  it('wants a time in the future, at most 30 days ahead', async () => {
    const { stone, acme } = await stoneAndBuyers();
    const place = (heldUntil: string) =>
      refusal(desk.coordinator.holds.place({ gemstone: stone.id, buyer: acme.id, heldUntil }));
    expect(await place(inHours(-1))).toMatchObject({ reason: 'INVALID_VALUE', field: 'heldUntil' });
    expect((await place(inHours(-1))).message).toBe('Choose a time in the future.');
    expect((await place(inHours(31 * 24))).message).toBe('A hold lasts at most 30 days.');
    expect(count(t.core, 'stone_holds')).toBe(0);
  });
});

describe('who may do what', () => {
  it('lets practitioners see holds but not place, release or extend them', async () => {
    const { stone, acme } = await stoneAndBuyers();
    expect(
      await refusal(desk.practitioner.holds.place({ gemstone: stone.id, buyer: acme.id, heldUntil: inHours(2) })),
    ).toMatchObject({ code: 'FORBIDDEN', reason: 'FORBIDDEN_ROLE' });
    const hold = await desk.coordinator.holds.place({ gemstone: stone.id, buyer: acme.id, heldUntil: inHours(2) });
    expect(await refusal(desk.practitioner.holds.release({ id: hold.id }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusal(desk.practitioner.holds.extend({ id: hold.id, heldUntil: inHours(4) }))).toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('lets only the placer or an administrator release or extend a hold', async () => {
    const { stone, acme } = await stoneAndBuyers();
    const other = await signedInAs(t.core, 'coordinator', 'otto');
    const hold = await desk.coordinator.holds.place({ gemstone: stone.id, buyer: acme.id, heldUntil: inHours(2) });
    expect(await refusal(other.holds.release({ id: hold.id }))).toMatchObject({
      reason: 'NOT_HOLD_OWNER',
      message: 'Only Test coordinator or an administrator can release this hold.',
    });
    expect(await refusal(other.holds.extend({ id: hold.id, heldUntil: inHours(6) }))).toMatchObject({
      reason: 'NOT_HOLD_OWNER',
    });
    const later = inHours(6);
    expect((await desk.coordinator.holds.extend({ id: hold.id, heldUntil: later })).heldUntil).toBe(later);
    expect(outboxOf(t.core).find((o) => o.recordId === hold.id)).toMatchObject({ op: 'create' });
    const released = await desk.admin.holds.release({ id: hold.id });
    expect(released).toMatchObject({ status: 'released', holding: false, endedByName: 'Amara Okafor' });
    expect(await refusal(desk.admin.holds.release({ id: hold.id }))).toMatchObject({ reason: 'HOLD_ENDED' });
    // Released, the stone can be held again.
    await other.holds.place({ gemstone: stone.id, buyer: acme.id, heldUntil: inHours(1) });
  });
});

describe('a hold and the pipeline', () => {
  it('keeps another buyer from reserving or buying the stone while the hold lasts, and lets the held buyer', async () => {
    const { stone, acme, zenith } = await stoneAndBuyers();
    await desk.coordinator.holds.place({ gemstone: stone.id, buyer: acme.id, heldUntil: inHours(2) });
    const quoted = async (buyer: string) => {
      const inquiry = await desk.admin.inquiries.create({
        buyer,
        gemstone: stone.id,
        requestedCaratWeight: 2.15,
        currency: 'USD',
        quotedPrice: 9000,
      });
      await desk.admin.inquiries.transition({ id: inquiry.id, to: 'quoted' });
      return inquiry.id;
    };
    const forZenith = await quoted(zenith.id);
    const before = salesSnapshot(t.core);
    const reserving = await refusal(desk.admin.inquiries.transition({ id: forZenith, to: 'reserved' }));
    expect(reserving).toMatchObject({ reason: 'STONE_HELD' });
    expect(reserving.message).toMatch(/held for Acme Gems until/);
    const selling = await refusal(
      desk.admin.inquiries.transition({ id: forZenith, to: 'closed', outcome: 'sold', reason: 'Paid' }),
    );
    expect(selling).toMatchObject({ reason: 'STONE_HELD' });
    expect(salesSnapshot(t.core)).toEqual(before);

    const forAcme = await quoted(acme.id);
    await desk.admin.inquiries.transition({ id: forAcme, to: 'reserved' });
    expect((await desk.admin.inquiries.get({ id: forAcme })).inquiryStatus).toBe('reserved');
  });
});

describe('making a hold a reservation', () => {
  it('takes a new inquiry through quoted to reserved with the price given, and ends the hold as converted', async () => {
    const { stone, acme } = await stoneAndBuyers();
    const hold = await desk.coordinator.holds.place({ gemstone: stone.id, buyer: acme.id, heldUntil: inHours(2) });
    expect(await refusal(desk.coordinator.holds.makeReservation({ id: hold.id }))).toMatchObject({
      reason: 'PRICE_REQUIRED',
    });
    const { hold: converted, inquiryId } = await desk.coordinator.holds.makeReservation({
      id: hold.id,
      quotedPrice: 12500,
      currency: 'USD',
    });
    expect(converted).toMatchObject({ status: 'converted', reservation: inquiryId, holding: false });
    const inquiry = await desk.coordinator.inquiries.get({ id: inquiryId });
    expect(inquiry).toMatchObject({ inquiryStatus: 'reserved', quotedPrice: 1250000, buyer: acme.id });
    expect((await desk.coordinator.inventory.get({ id: stone.id })).assignedBuyer).toBe(acme.id);
  });

  it("moves the buyer's open inquiry on the stone along instead of taking another", async () => {
    const { stone, acme } = await stoneAndBuyers();
    const inquiry = await desk.admin.inquiries.create({
      buyer: acme.id,
      gemstone: stone.id,
      requestedCaratWeight: 2.15,
      currency: 'EUR',
      quotedPrice: 8000,
    });
    const hold = await desk.coordinator.holds.place({ gemstone: stone.id, buyer: acme.id, heldUntil: inHours(2) });
    const { inquiryId } = await desk.coordinator.holds.makeReservation({ id: hold.id });
    expect(inquiryId).toBe(inquiry.id);
    expect(count(t.core, 'purchase_inquiries')).toBe(1);
    expect((await desk.admin.inquiries.get({ id: inquiry.id })).inquiryStatus).toBe('reserved');
  });

  it('leaves nothing behind when the pipeline refuses the reservation', async () => {
    const { stone, acme } = await stoneAndBuyers();
    const hold = await desk.coordinator.holds.place({ gemstone: stone.id, buyer: acme.id, heldUntil: inHours(2) });
    t.core.store.sqlite.prepare("UPDATE gemstones SET certificateStatus = 'mismatch' WHERE id = ?").run(stone.id);
    const before = salesSnapshot(t.core);
    expect(
      await refusal(desk.coordinator.holds.makeReservation({ id: hold.id, quotedPrice: 100, currency: 'USD' })),
    ).toMatchObject({ reason: 'CERTIFICATE_MISMATCH' });
    expect(salesSnapshot(t.core)).toEqual(before);
    expect((await desk.coordinator.holds.forStone({ gemstone: stone.id })).current?.id).toBe(hold.id);
  });
});

describe('the grid and the stone panel ask for holds by index', () => {
  it("looks up each stone's hold through the (gemstone, status, heldUntil) index, never scanning holds", () => {
    const ids = ['a', 'b', 'c'];
    let seen = '';
    const spy = { statement: (sql: string) => ((seen = sql), t.core.store.statement(sql)) };
    activeHoldsOnStones(spy as never, ids, new Date().toISOString());
    for (const sql of [seen, activeHoldOnStone.sql]) {
      const plan = (
        t.core.store.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...ids.slice(0, sql === seen ? 3 : 1), 'x') as {
          detail: string;
        }[]
      )
        .map((r) => r.detail)
        .join(' | ');
      expect(plan).toMatch(/SEARCH h USING INDEX stone_holds_gemstone/);
      expect(plan).not.toMatch(/SCAN h\b/);
    }
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aStone, refusal, startTestCore, type TestCore } from '../test-support/core';
import { aBuyer, salesDesk, type SalesDesk } from '../test-support/sales';
import { isNearWeight } from './matching';

let t: TestCore;
let desk: SalesDesk;
beforeEach(async () => {
  t = await startTestCore();
  desk = await salesDesk(t.core);
});
afterEach(() => t.dispose());

const stone = (sku: string, gemstoneType: string, caratWeight: number, extra: Record<string, unknown> = {}) =>
  desk.admin.inventory.create(aStone({ sku, gemstoneType, caratWeight, ...extra }));

describe('near carat weights', () => {
  it('are within ±20%, at least ±0.10 ct', () => {
    expect(isNearWeight(2.4, 2)).toBe(true);
    expect(isNearWeight(2.41, 2)).toBe(false);
    expect(isNearWeight(1.6, 2)).toBe(true);
    expect(isNearWeight(0.4, 0.3)).toBe(true);
    expect(isNearWeight(0.41, 0.3)).toBe(false);
  });
});

describe('stones that fit a buyer', () => {
  it('are available stones of their preferred types', async () => {
    const buyer = await desk.admin.buyers.create(aBuyer({ preferredGemstoneTypes: ['Ruby', 'Spinel'] }));
    await stone('R-1', 'Ruby', 1.2);
    await stone('R-2', 'Ruby', 3.5);
    await stone('S-1', 'Spinel', 2);
    await stone('E-1', 'Emerald', 2);
    await stone('R-SOLD', 'Ruby', 2, { location: 'Sold' });
    const other = await desk.admin.buyers.create(
      aBuyer({ buyerCode: 'B-2', companyName: 'Kestrel Fine Gems', email: 'k@k.example' }),
    );
    await stone('R-HELD', 'Ruby', 2, { assignedBuyer: other.id });
    const fits = await desk.practitioner.buyers.stonesThatFit({ buyerId: buyer.id });
    expect(fits.map((s) => s.sku)).toEqual(['R-2', 'S-1', 'R-1']);
    expect(fits[0]).toMatchObject({ why: 'prefers Ruby', nearRequested: null });
  });

  it('narrow to weights near what their open inquiries request, closest first, leaving out reserved stones', async () => {
    const buyer = await desk.admin.buyers.create(aBuyer({ preferredGemstoneTypes: ['Ruby'] }));
    const asked = await stone('R-ASKED', 'Ruby', 2);
    await stone('R-210', 'Ruby', 2.1);
    await stone('R-180', 'Ruby', 1.8);
    await stone('R-350', 'Ruby', 3.5);
    await stone('SA-205', 'Sapphire', 2.05);
    const reservedElsewhere = await stone('R-201', 'Ruby', 2.01);
    await desk.admin.inquiries.create({
      buyer: buyer.id,
      gemstone: asked.id,
      requestedCaratWeight: 2,
      currency: 'USD',
    });
    const other = await desk.admin.buyers.create(
      aBuyer({ buyerCode: 'B-2', companyName: 'Kestrel Fine Gems', email: 'k@k.example' }),
    );
    const hold = await desk.admin.inquiries.create({
      buyer: other.id,
      gemstone: reservedElsewhere.id,
      requestedCaratWeight: 2,
      currency: 'USD',
      quotedPrice: 1,
    });
    await desk.admin.inquiries.transition({ id: hold.id, to: 'quoted' });
    await desk.admin.inquiries.transition({ id: hold.id, to: 'reserved' });

    const fits = await desk.admin.buyers.stonesThatFit({ buyerId: buyer.id });
    expect(fits.map((s) => s.sku)).toEqual(['R-210', 'R-180']);
    expect(fits[0]).toMatchObject({ nearRequested: 2, why: 'prefers Ruby · near 2.00 ct requested' });
  });

  it('uses the types they asked about when they have no preferences, and is empty with neither', async () => {
    const buyer = await desk.admin.buyers.create(aBuyer({ preferredGemstoneTypes: [] }));
    expect(await desk.admin.buyers.stonesThatFit({ buyerId: buyer.id })).toEqual([]);
    const asked = await stone('T-1', 'Tanzanite', 5);
    await stone('T-2', 'Tanzanite', 5.5);
    await desk.admin.inquiries.create({
      buyer: buyer.id,
      gemstone: asked.id,
      requestedCaratWeight: 5,
      currency: 'USD',
    });
    expect(await desk.admin.buyers.stonesThatFit({ buyerId: buyer.id })).toEqual([
      expect.objectContaining({ sku: 'T-2', why: 'asked about Tanzanite · near 5.00 ct requested' }),
    ]);
    expect((await refusal(desk.admin.buyers.stonesThatFit({ buyerId: 'nobody' }))).code).toBe('NOT_FOUND');
  });
});

describe('buyers who want a stone', () => {
  it('are those with an inquiry on it, a near request of its type, or a preference — with their open inquiries', async () => {
    const target = await stone('RB-9', 'Ruby', 2);
    const sibling = await stone('RB-10', 'Ruby', 2.2);
    const onIt = await desk.admin.buyers.create(
      aBuyer({ buyerCode: 'B-1', companyName: 'Aurora Gems', email: 'a@a.example', preferredGemstoneTypes: [] }),
    );
    const near = await desk.admin.buyers.create(
      aBuyer({
        buyerCode: 'B-2',
        companyName: 'Kestrel Fine Gems',
        email: 'k@k.example',
        preferredGemstoneTypes: ['Emerald'],
      }),
    );
    const prefers = await desk.admin.buyers.create(
      aBuyer({
        buyerCode: 'B-3',
        companyName: 'Lotus Carat House',
        email: 'l@l.example',
        preferredGemstoneTypes: ['ruby'],
      }),
    );
    await desk.admin.buyers.create(
      aBuyer({ buyerCode: 'B-4', companyName: 'Nobody Cares', email: 'n@n.example', preferredGemstoneTypes: ['Opal'] }),
    );
    const blocked = await desk.admin.buyers.create(
      aBuyer({
        buyerCode: 'B-5',
        companyName: 'Blocked Traders',
        email: 'b@b.example',
        preferredGemstoneTypes: ['Ruby'],
      }),
    );
    await desk.admin.buyers.update({ id: blocked.id, changes: { salesStatus: 'blocked' } });
    const onItInquiry = await desk.admin.inquiries.create({
      buyer: onIt.id,
      gemstone: target.id,
      requestedCaratWeight: 2,
      currency: 'USD',
      quotedPrice: 100,
    });
    const nearInquiry = await desk.admin.inquiries.create({
      buyer: near.id,
      gemstone: sibling.id,
      requestedCaratWeight: 2.2,
      currency: 'USD',
      quotedPrice: 200,
    });

    const buyers = await desk.coordinator.buyers.matchingStone({ gemstoneId: target.id });
    expect(buyers.map((b) => [b.companyName, b.why])).toEqual([
      ['Aurora Gems', ['has an open inquiry on this stone']],
      ['Kestrel Fine Gems', ['asked for a Ruby near this weight']],
      ['Lotus Carat House', ['prefers Ruby']],
    ]);
    expect(buyers[0]!.openInquiries.map((i) => [i.id, i.quotedPrice])).toEqual([[onItInquiry.id, 10000]]);
    expect(buyers[1]!.openInquiries.map((i) => i.id)).toEqual([nearInquiry.id]);
    expect(buyers[2]!.openInquiries).toEqual([]);
    expect(buyers[0]).not.toHaveProperty('email');
    expect(prefers.preferredGemstoneTypes).toEqual(['Ruby']);

    // At intake, before the stone is saved: its type and weight.
    const atIntake = await desk.coordinator.buyers.matchingStone({ gemstoneType: 'Ruby', caratWeight: 2.3 });
    expect(atIntake.map((b) => [b.companyName, b.why])).toEqual([
      ['Aurora Gems', ['asked for a Ruby near this weight']],
      ['Kestrel Fine Gems', ['asked for a Ruby near this weight']],
      ['Lotus Carat House', ['prefers Ruby']],
    ]);
    expect((await refusal(desk.coordinator.buyers.matchingStone({ gemstoneId: 'gone' }))).code).toBe('NOT_FOUND');
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INQUIRY_STATUSES, type InquiryStatus } from '../../shared/enums';
import { isLegalTransition } from '../../shared/sales';
import { createCore } from '../core/create-core';
import { ADMIN, aStone, refusal, refusalShape, startTestCore, type TestCore } from '../test-support/core';
import { aBuyer, count, outboxOf, salesDesk, salesSnapshot, type SalesDesk } from '../test-support/sales';

let t: TestCore;
let desk: SalesDesk;
beforeEach(async () => {
  t = await startTestCore();
  desk = await salesDesk(t.core);
});
afterEach(() => t.dispose());

let skuSeq = 0;
/** A fresh stone and buyer, and an inquiry brought (legally) to `status`; quoted at 12,500.50 USD. */
async function inquiryIn(status: InquiryStatus, stone: Record<string, unknown> = {}) {
  const n = ++skuSeq;
  const { admin } = desk;
  const gem = await admin.inventory.create(aStone({ sku: `PL-${n}`, ...stone }));
  const buyer = await admin.buyers.create({
    ...aBuyer({ buyerCode: `B-${n}`, companyName: `Buyer number ${n}`, email: `b${n}@example.com` }),
    confirmSimilarName: true,
  });
  let inquiry = await admin.inquiries.create({
    buyer: buyer.id,
    gemstone: gem.id,
    requestedCaratWeight: 2.15,
    currency: 'USD',
    quotedPrice: 12500.5,
  });
  if (status !== 'new') inquiry = await admin.inquiries.transition({ id: inquiry.id, to: 'quoted' });
  if (status === 'reserved') inquiry = await admin.inquiries.transition({ id: inquiry.id, to: 'reserved' });
  if (status === 'closed')
    inquiry = await admin.inquiries.transition({
      id: inquiry.id,
      to: 'closed',
      outcome: 'lost',
      reason: 'Bought elsewhere',
    });
  return { stone: gem, buyer, inquiry };
}

const closing = { outcome: 'withdrawn' as const, reason: 'Client changed their mind' };

describe('the inquiry state machine', () => {
  const pairs = INQUIRY_STATUSES.flatMap((from) => INQUIRY_STATUSES.map((to) => [from, to] as const));
  const legal = pairs.filter(([from, to]) => isLegalTransition(from, to));
  const illegal = pairs.filter(([from, to]) => !isLegalTransition(from, to));

  it('has exactly the documented legal moves', () => {
    expect(legal).toEqual([
      ['new', 'quoted'],
      ['new', 'closed'],
      ['quoted', 'reserved'],
      ['quoted', 'closed'],
      ['reserved', 'closed'],
    ]);
  });

  it.each(legal)('moves %s → %s and records who, when and from → to in the history', async (from, to) => {
    const { inquiry } = await inquiryIn(from);
    const before = inquiry.statusHistory.length;
    const moved = await desk.coordinator.inquiries.transition({
      id: inquiry.id,
      to,
      ...(to === 'closed' ? closing : {}),
    });
    expect(moved.inquiryStatus).toBe(to);
    expect(moved.statusHistory).toHaveLength(before + 1);
    const entry = moved.statusHistory.at(-1)!;
    expect(entry).toMatchObject({ from, to, by: desk.coordinatorId, byName: 'Test coordinator' });
    expect(Date.now() - new Date(entry.at).getTime()).toBeLessThan(60_000);
    expect(moved.statusChangedAt).toBe(entry.at);
    if (to === 'closed')
      expect(moved).toMatchObject({ outcome: 'withdrawn', outcomeReason: 'Client changed their mind' });
  });

  it.each(illegal)('refuses %s → %s with a reason and writes nothing', async (from, to) => {
    const { inquiry } = await inquiryIn(from);
    const before = salesSnapshot(t.core);
    const shape = await refusalShape(t.core, 'test-admin', {
      type: 'mutation',
      path: 'inquiries.transition',
      input: { id: inquiry.id, to, ...(to === 'closed' ? closing : {}) },
    });
    expect(shape.data).toMatchObject({ code: 'CONFLICT', reason: 'ILLEGAL_TRANSITION' });
    expect(shape.message).toMatch(
      from === to
        ? /already/
        : from === 'closed'
          ? /closed; nothing moves out/
          : /new → quoted → reserved|does not move back/,
    );
    expect(salesSnapshot(t.core)).toEqual(before);
  });

  it('starts every inquiry at new, with its creation in the history', async () => {
    const { inquiry } = await inquiryIn('new');
    expect(inquiry.inquiryStatus).toBe('new');
    expect(inquiry.statusHistory).toEqual([
      { from: null, to: 'new', by: desk.adminId, byName: 'Amara Okafor', at: inquiry.statusChangedAt },
    ]);
  });

  it('refuses to quote an inquiry without a price, on the price field, until one is set', async () => {
    const { admin } = desk;
    const stone = await admin.inventory.create(aStone({ sku: 'NP-1' }));
    const buyer = await admin.buyers.create(aBuyer());
    const inquiry = await admin.inquiries.create({
      buyer: buyer.id,
      gemstone: stone.id,
      requestedCaratWeight: 2,
      currency: 'EUR',
    });
    const before = salesSnapshot(t.core);
    const shape = await refusalShape(t.core, 'test-admin', {
      type: 'mutation',
      path: 'inquiries.transition',
      input: { id: inquiry.id, to: 'quoted' },
    });
    expect(shape.data).toMatchObject({
      code: 'BAD_REQUEST',
      reason: 'PRICE_REQUIRED',
      fieldErrors: { quotedPrice: ['Set a quoted price before moving this inquiry to quoted.'] },
    });
    expect(salesSnapshot(t.core)).toEqual(before);

    await admin.inquiries.update({ id: inquiry.id, changes: { quotedPrice: 8900, currency: 'EUR' } });
    const quoted = await admin.inquiries.transition({ id: inquiry.id, to: 'quoted' });
    expect(quoted).toMatchObject({ inquiryStatus: 'quoted', quotedPrice: 890000, currency: 'EUR' });
  });

  it('keeps the price of a quoted inquiry: clearing it is refused', async () => {
    const { inquiry } = await inquiryIn('quoted');
    const refused = await refusal(desk.admin.inquiries.update({ id: inquiry.id, changes: { quotedPrice: null } }));
    expect(refused).toMatchObject({ code: 'BAD_REQUEST', reason: 'PRICE_REQUIRED' });
    expect((await desk.admin.inquiries.get({ id: inquiry.id })).quotedPrice).toBe(1250050);
  });

  it('needs an outcome from the list and a reason to close', async () => {
    const { inquiry } = await inquiryIn('quoted');
    const noOutcome = await refusalShape(t.core, 'test-admin', {
      type: 'mutation',
      path: 'inquiries.transition',
      input: { id: inquiry.id, to: 'closed' },
    });
    expect(noOutcome.data.fieldErrors).toEqual({
      outcome: ['Choose how the inquiry ended'],
      reason: ['Give a reason for closing'],
    });
    const badOutcome = await refusalShape(t.core, 'test-admin', {
      type: 'mutation',
      path: 'inquiries.transition',
      input: { id: inquiry.id, to: 'closed', outcome: 'maybe', reason: 'x' },
    });
    expect(badOutcome.data.fieldErrors?.outcome).toEqual(['Choose an outcome: sold, lost or withdrawn']);
    expect((await desk.admin.inquiries.get({ id: inquiry.id })).inquiryStatus).toBe('quoted');
  });

  it('edits nothing on a closed inquiry', async () => {
    const { inquiry } = await inquiryIn('closed');
    const refused = await refusal(
      desk.admin.inquiries.update({ id: inquiry.id, changes: { requestedCaratWeight: 3 } }),
    );
    expect(refused).toMatchObject({ code: 'CONFLICT', reason: 'INQUIRY_CLOSED' });
  });

  it('lets coordinators and administrators move inquiries, not practitioners', async () => {
    const { inquiry } = await inquiryIn('new');
    const refused = await refusal(desk.practitioner.inquiries.transition({ id: inquiry.id, to: 'quoted' }));
    expect(refused.code).toBe('FORBIDDEN');
    expect((await desk.practitioner.inquiries.get({ id: inquiry.id })).inquiryStatus).toBe('new');
    expect(
      (
        await refusal(
          desk.practitioner.inquiries.create({
            buyer: inquiry.buyer,
            gemstone: inquiry.gemstone,
            requestedCaratWeight: 1,
            currency: 'USD',
          }),
        )
      ).code,
    ).toBe('FORBIDDEN');
  });

  it('queues the inquiry change (and the stone change) for replication in the same transaction', async () => {
    const { inquiry, stone } = await inquiryIn('quoted');
    t.core.store.sqlite.prepare('DELETE FROM outbox').run(); // as if everything so far was pushed
    await desk.admin.inquiries.transition({ id: inquiry.id, to: 'reserved' });
    expect(outboxOf(t.core)).toEqual([
      { entity: 'Gemstone', recordId: stone.id, op: 'update', fields: '["assignedBuyer"]' },
      {
        entity: 'PurchaseInquiry',
        recordId: inquiry.id,
        op: 'update',
        fields: '["inquiryStatus","statusChangedAt","statusHistory"]',
      },
    ]);
  });
});

describe('reserving a stone', () => {
  it('assigns the stone to the buyer, as the inventory shows', async () => {
    const { inquiry, stone, buyer } = await inquiryIn('quoted');
    await desk.coordinator.inquiries.transition({ id: inquiry.id, to: 'reserved' });
    expect(await desk.practitioner.inventory.get({ id: stone.id })).toMatchObject({
      assignedBuyer: buyer.id,
      assignedBuyerName: buyer.companyName,
    });
  });

  it('refuses a stone another inquiry holds reserved, naming the buyer, and writes nothing', async () => {
    const first = await inquiryIn('reserved');
    const buyer2 = await desk.admin.buyers.create(
      aBuyer({ buyerCode: 'B-OTHER', companyName: 'Meridian Jewels', email: 'm@meridian.example' }),
    );
    const second = await desk.admin.inquiries.create({
      buyer: buyer2.id,
      gemstone: first.stone.id,
      requestedCaratWeight: 2,
      currency: 'USD',
      quotedPrice: 13000,
    });
    await desk.admin.inquiries.transition({ id: second.id, to: 'quoted' });
    const before = salesSnapshot(t.core);
    const refused = await refusal(desk.admin.inquiries.transition({ id: second.id, to: 'reserved' }));
    expect(refused).toMatchObject({ code: 'CONFLICT', reason: 'STONE_NOT_FREE' });
    expect(refused.message).toBe(
      `Stone ${first.stone.sku} is already reserved for ${first.buyer.companyName}; it can be reserved again once that inquiry is closed.`,
    );
    expect(salesSnapshot(t.core)).toEqual(before);
  });

  it('gives one reservation and one refusal to two concurrent requests for the same stone', async () => {
    const { admin, coordinator } = desk;
    const stone = await admin.inventory.create(aStone({ sku: 'RACE-1' }));
    const [a, b] = await Promise.all(
      ['Nord Gem Trading', 'Sapphire Coast Jewellers'].map(async (companyName, i) => {
        const buyer = await admin.buyers.create(
          aBuyer({ buyerCode: `R-${i}`, companyName, email: `r${i}@example.com` }),
        );
        const inquiry = await admin.inquiries.create({
          buyer: buyer.id,
          gemstone: stone.id,
          requestedCaratWeight: 2,
          currency: 'USD',
          quotedPrice: 5000,
        });
        return admin.inquiries.transition({ id: inquiry.id, to: 'quoted' });
      }),
    );
    // Two people, two connections, the same instant.
    const results = await Promise.allSettled([
      admin.inquiries.transition({ id: a!.id, to: 'reserved' }),
      coordinator.inquiries.transition({ id: b!.id, to: 'reserved' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ reason: 'STONE_NOT_FREE' });
    expect(count(t.core, 'purchase_inquiries', "gemstone = ? AND inquiryStatus = 'reserved'", stone.id)).toBe(1);
    const winner = (results.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{ buyer: string }>).value;
    expect((await admin.inventory.get({ id: stone.id })).assignedBuyer).toBe(winner.buyer);
  });

  it('stays exclusive across two database connections to the same workstation file', async () => {
    const { admin } = desk;
    const stone = await admin.inventory.create(aStone({ sku: 'RACE-2' }));
    const ids: string[] = [];
    for (const [i, companyName] of ['Kestrel Fine Gems', 'Lotus Carat House'].entries()) {
      const buyer = await admin.buyers.create(aBuyer({ buyerCode: `C-${i}`, companyName, email: `c${i}@example.com` }));
      const inquiry = await admin.inquiries.create({
        buyer: buyer.id,
        gemstone: stone.id,
        requestedCaratWeight: 2,
        currency: 'USD',
        quotedPrice: 5000,
      });
      ids.push((await admin.inquiries.transition({ id: inquiry.id, to: 'quoted' })).id);
    }
    const second = await createCore({ dataDir: t.dir });
    try {
      const other = second.caller('second-window');
      await other.auth.signIn({ username: ADMIN.username, password: ADMIN.password });
      const results = await Promise.allSettled([
        admin.inquiries.transition({ id: ids[0]!, to: 'reserved' }),
        other.inquiries.transition({ id: ids[1]!, to: 'reserved' }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect(count(t.core, 'purchase_inquiries', "gemstone = ? AND inquiryStatus = 'reserved'", stone.id)).toBe(1);
    } finally {
      await second.close();
    }
  });

  it('refuses a sold stone and a stone assigned to another buyer', async () => {
    const sold = await inquiryIn('quoted');
    await desk.admin.inventory.update({ id: sold.stone.id, changes: { location: 'Sold' } });
    expect(await refusal(desk.admin.inquiries.transition({ id: sold.inquiry.id, to: 'reserved' }))).toMatchObject({
      reason: 'STONE_NOT_FREE',
      message: `Stone ${sold.stone.sku} is sold.`,
    });
    const other = await desk.admin.buyers.create(
      aBuyer({ buyerCode: 'B-MEMO', companyName: 'Memo Holders', email: 'memo@example.com' }),
    );
    const held = await inquiryIn('quoted');
    await desk.admin.inventory.update({ id: held.stone.id, changes: { assignedBuyer: other.id } });
    expect(await refusal(desk.admin.inquiries.transition({ id: held.inquiry.id, to: 'reserved' }))).toMatchObject({
      reason: 'STONE_NOT_FREE',
      message: `Stone ${held.stone.sku} is assigned to Memo Holders.`,
    });
  });

  it('refuses a stone whose certificate is in mismatch unless an administrator overrides it, with the override in the history', async () => {
    const { inquiry, stone } = await inquiryIn('quoted', { certificateStatus: 'mismatch' });
    const plain = await refusal(desk.admin.inquiries.transition({ id: inquiry.id, to: 'reserved' }));
    expect(plain).toMatchObject({ code: 'CONFLICT', reason: 'CERTIFICATE_MISMATCH' });
    expect(plain.message).toMatch(new RegExp(`Stone ${stone.sku} has a certificate mismatch`));

    const byCoordinator = await refusal(
      desk.coordinator.inquiries.transition({
        id: inquiry.id,
        to: 'reserved',
        mismatchOverride: true,
        reason: 'Lab re-issued it',
      }),
    );
    expect(byCoordinator).toMatchObject({ code: 'FORBIDDEN', reason: 'FORBIDDEN_ROLE' });
    const noReason = await refusalShape(t.core, 'test-admin', {
      type: 'mutation',
      path: 'inquiries.transition',
      input: { id: inquiry.id, to: 'reserved', mismatchOverride: true },
    });
    expect(noReason.data.fieldErrors).toEqual({ reason: ['Say why the certificate mismatch is overridden'] });
    expect((await desk.admin.inquiries.get({ id: inquiry.id })).inquiryStatus).toBe('quoted');

    const overridden = await desk.admin.inquiries.transition({
      id: inquiry.id,
      to: 'reserved',
      mismatchOverride: true,
      reason: 'Lab re-issued it',
    });
    expect(overridden).toMatchObject({ inquiryStatus: 'reserved', mismatchOverride: true });
    expect(overridden.statusHistory.at(-1)).toMatchObject({
      from: 'quoted',
      to: 'reserved',
      by: desk.adminId,
      override: 'certificate-mismatch',
      reason: 'Lab re-issued it',
    });
  });
});

describe('closing an inquiry', () => {
  it('releases the stone it reserved, so another buyer can reserve it', async () => {
    const first = await inquiryIn('reserved');
    await desk.admin.inquiries.transition({
      id: first.inquiry.id,
      to: 'closed',
      outcome: 'lost',
      reason: 'Price too high',
    });
    const stone = await desk.admin.inventory.get({ id: first.stone.id });
    expect(stone).toMatchObject({ assignedBuyer: null, location: 'Vault' });

    const buyer2 = await desk.admin.buyers.create(
      aBuyer({ buyerCode: 'B-NEXT', companyName: 'Topaz Partners', email: 't@topaz.example' }),
    );
    const next = await desk.admin.inquiries.create({
      buyer: buyer2.id,
      gemstone: stone.id,
      requestedCaratWeight: 2,
      currency: 'USD',
      quotedPrice: 9000,
    });
    await desk.admin.inquiries.transition({ id: next.id, to: 'quoted' });
    expect((await desk.admin.inquiries.transition({ id: next.id, to: 'reserved' })).inquiryStatus).toBe('reserved');
  });

  it('as sold moves the stone to the sold location and releases it', async () => {
    const { inquiry, stone } = await inquiryIn('reserved');
    const closed = await desk.coordinator.inquiries.transition({
      id: inquiry.id,
      to: 'closed',
      outcome: 'sold',
      reason: 'Paid by wire',
    });
    expect(closed).toMatchObject({ inquiryStatus: 'closed', outcome: 'sold', stoneLocation: 'Sold' });
    expect(await desk.admin.inventory.get({ id: stone.id })).toMatchObject({ location: 'Sold', assignedBuyer: null });
    // The sale is in the stone's custody log, and queued to replicate like any move.
    const moves = t.core.store.sqlite
      .prepare('SELECT fromLocation, toLocation, reason FROM custody_events WHERE gemstone = ?')
      .all(stone.id);
    expect(moves).toEqual([
      expect.objectContaining({ toLocation: 'Sold', reason: expect.stringMatching(/^Sold to .* \(Paid by wire\)$/) }),
    ]);
    expect(count(t.core, 'outbox', "entity = 'CustodyEvent'")).toBe(1);
  });

  it('as sold is refused while another buyer holds the stone, and a sold stone takes no new inquiry', async () => {
    const first = await inquiryIn('reserved');
    const buyer2 = await desk.admin.buyers.create(
      aBuyer({ buyerCode: 'B-LATE', companyName: 'Latecomer Gems', email: 'late@example.com' }),
    );
    const late = await desk.admin.inquiries.create({
      buyer: buyer2.id,
      gemstone: first.stone.id,
      requestedCaratWeight: 2,
      currency: 'USD',
    });
    const refused = await refusal(
      desk.admin.inquiries.transition({ id: late.id, to: 'closed', outcome: 'sold', reason: 'Cash' }),
    );
    expect(refused).toMatchObject({ reason: 'STONE_NOT_FREE' });
    expect(refused.message).toBe(
      `Stone ${first.stone.sku} is reserved for ${first.buyer.companyName}; it cannot be sold to Latecomer Gems.`,
    );
    // Losing it is fine and leaves the other reservation alone.
    await desk.admin.inquiries.transition({ id: late.id, to: 'closed', outcome: 'lost', reason: 'Stone was held' });
    expect((await desk.admin.inventory.get({ id: first.stone.id })).assignedBuyer).toBe(first.buyer.id);

    await desk.admin.inquiries.transition({ id: first.inquiry.id, to: 'closed', outcome: 'sold', reason: 'Paid' });
    const again = await refusal(
      desk.admin.inquiries.create({
        buyer: buyer2.id,
        gemstone: first.stone.id,
        requestedCaratWeight: 2,
        currency: 'USD',
      }),
    );
    expect(again).toMatchObject({ reason: 'STONE_NOT_FREE', message: `Stone ${first.stone.sku} is sold.` });
  });
});

describe('a sale settles the stone', () => {
  const monthWindow = () => {
    const now = new Date();
    return {
      todayStart: new Date(now.getFullYear(), now.getMonth(), now.getDate()).toISOString(),
      monthStart: new Date(now.getFullYear(), now.getMonth(), 1).toISOString(),
    };
  };

  /** Antwerp Gem 1 holds the stone reserved; Bangkok Gem 4 is quoted $13,000 on it and Colombo Gem 7 just asked. */
  async function contestedStone() {
    const winner = await inquiryIn('reserved', { sku: 'RU-0110053' });
    const rival = async (code: string, companyName: string, quotedPrice?: number) => {
      const buyer = await desk.admin.buyers.create(
        aBuyer({ buyerCode: code, companyName, email: `${code}@example.com` }),
      );
      const inquiry = await desk.admin.inquiries.create({
        buyer: buyer.id,
        gemstone: winner.stone.id,
        requestedCaratWeight: 2,
        currency: 'USD',
        quotedPrice,
      });
      return quotedPrice ? desk.admin.inquiries.transition({ id: inquiry.id, to: 'quoted' }) : inquiry;
    };
    const quoted = await rival('B-BKK4', 'Bangkok Gem 4', 13000);
    const fresh = await rival('B-CMB7', 'Colombo Gem 7');
    const gone = await rival('B-DXB2', 'Dubai Gem 2');
    await desk.admin.inquiries.transition({
      id: gone.id,
      to: 'closed',
      outcome: 'withdrawn',
      reason: 'Client travelling',
    });
    return { winner, quoted, fresh, gone };
  }

  it('closes the stone’s other open inquiries as lost, with the reason and a history entry each', async () => {
    const { winner, quoted, fresh, gone } = await contestedStone();
    const goneBefore = await desk.admin.inquiries.get({ id: gone.id });
    // A refused sale closes nothing: Bangkok Gem 4 cannot buy it while Antwerp Gem 1 holds it reserved.
    const before = salesSnapshot(t.core);
    expect(
      await refusal(desk.admin.inquiries.transition({ id: quoted.id, to: 'closed', outcome: 'sold', reason: 'Cash' })),
    ).toMatchObject({ reason: 'STONE_NOT_FREE' });
    expect(salesSnapshot(t.core)).toEqual(before);

    const sale = await desk.coordinator.inquiries.transition({
      id: winner.inquiry.id,
      to: 'closed',
      outcome: 'sold',
      reason: 'Paid by wire',
    });

    for (const [rival, from] of [
      [quoted, 'quoted'],
      [fresh, 'new'],
    ] as const) {
      const after = await desk.admin.inquiries.get({ id: rival.id });
      expect(after).toMatchObject({
        inquiryStatus: 'closed',
        outcome: 'lost',
        outcomeReason: 'Stone sold to another buyer',
      });
      expect(after.statusHistory.at(-1)).toEqual({
        from,
        to: 'closed',
        by: desk.coordinatorId,
        byName: 'Test coordinator',
        at: sale.statusChangedAt,
        reason: 'Stone sold to another buyer',
        outcome: 'lost',
      });
      expect(after.statusChangedAt).toBe(sale.statusChangedAt);
    }
    // An inquiry closed before keeps its own outcome; the sale lists the rivals it closed.
    expect(await desk.admin.inquiries.get({ id: gone.id })).toEqual({ ...goneBefore, stoneLocation: 'Sold' });
    expect(sale.statusHistory.at(-1)!.rivalsClosed!.sort()).toEqual([quoted.id, fresh.id].sort());
    expect(count(t.core, 'purchase_inquiries', "gemstone = ? AND inquiryStatus <> 'closed'", winner.stone.id)).toBe(0);
  });

  it('queues every closed rival for replication in the sale’s transaction', async () => {
    const { winner, quoted, fresh } = await contestedStone();
    t.core.store.sqlite.prepare('DELETE FROM outbox').run(); // as if everything so far was pushed
    await desk.admin.inquiries.transition({
      id: winner.inquiry.id,
      to: 'closed',
      outcome: 'sold',
      reason: 'Paid by wire',
    });
    const closing = '["inquiryStatus","outcome","outcomeReason","statusChangedAt","statusHistory"]';
    const outbox = outboxOf(t.core);
    expect(
      outbox.filter((o) => o.entity === 'PurchaseInquiry').sort((a, b) => a.recordId.localeCompare(b.recordId)),
    ).toEqual(
      [winner.inquiry.id, quoted.id, fresh.id]
        .sort()
        .map((recordId) => ({ entity: 'PurchaseInquiry', recordId, op: 'update', fields: closing })),
    );
    expect(outbox.filter((o) => o.entity === 'Gemstone')).toEqual([
      { entity: 'Gemstone', recordId: winner.stone.id, op: 'update', fields: '["assignedBuyer","location"]' },
    ]);
  });

  it('takes the closed rivals out of the dashboard’s open pipeline and counts them as lost this month', async () => {
    const { winner } = await contestedStone();
    const before = await desk.admin.inquiries.dashboard(monthWindow());
    expect(before.pipeline).toEqual([
      { status: 'new', count: 1, totals: [] },
      { status: 'quoted', count: 1, totals: [{ currency: 'USD', amount: 1300000 }] },
      { status: 'reserved', count: 1, totals: [{ currency: 'USD', amount: 1250050 }] },
    ]);
    await desk.admin.inquiries.transition({
      id: winner.inquiry.id,
      to: 'closed',
      outcome: 'sold',
      reason: 'Paid by wire',
    });
    const after = await desk.admin.inquiries.dashboard(monthWindow());
    expect(after.pipeline).toEqual([
      { status: 'new', count: 0, totals: [] },
      { status: 'quoted', count: 0, totals: [] },
      { status: 'reserved', count: 0, totals: [] },
    ]);
    expect(after.month).toMatchObject({ sold: 1, lost: 2, withdrawn: 1 });
    expect(after.perHandler).toEqual([]);
    expect((await desk.admin.inquiries.board()).columns.every((c) => c.count === 0)).toBe(true);
  });
});

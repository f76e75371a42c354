import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memoReference } from '../../shared/memos';
import { aStone, refusal, startTestCore, type TestCore } from '../test-support/core';
import { pdfLines } from '../test-support/pdf-text';
import { aBuyer, count, outboxOf, salesDesk, type SalesDesk } from '../test-support/sales';

let t: TestCore;
let desk: SalesDesk;
beforeEach(async () => {
  t = await startTestCore();
  desk = await salesDesk(t.core);
});
afterEach(() => t.dispose());

const DAY = 24 * 60 * 60 * 1000;
const inDays = (d: number) => new Date(Date.now() + d * DAY).toISOString();
const all = (sql: string, ...params: unknown[]) => t.core.store.sqlite.prepare(sql).all(...params);
const tables = () => ({
  memos: all('SELECT * FROM memos ORDER BY id'),
  lines: all('SELECT * FROM memo_lines ORDER BY id'),
  stones: all('SELECT * FROM gemstones ORDER BY id'),
  custody: all('SELECT * FROM custody_events ORDER BY id'),
  invoices: all('SELECT * FROM invoices ORDER BY id'),
  outbox: all('SELECT entity, recordId, op, fields FROM outbox ORDER BY id'),
});

async function stonesAndBuyers() {
  const stones = [];
  for (const [i, location] of ['Vault', 'Safe', 'Showcase 1'].entries()) {
    stones.push(
      await desk.admin.inventory.create(
        aStone({ sku: `RB-100${i + 1}`, location, askingPrice: 1000 * (i + 1), priceCurrency: 'USD' }),
      ),
    );
  }
  const acme = await desk.admin.buyers.create(aBuyer({ buyerCode: 'B-0001', companyName: 'Acme Gems' }));
  const zenith = await desk.admin.buyers.create({
    ...aBuyer({ buyerCode: 'B-0002', companyName: 'Zenith Jewels', email: 'z@zenith.example' }),
    confirmSimilarName: true,
  });
  return { stones, acme, zenith };
}

const memoOf = (buyer: string, stones: { id: string }[], over: Record<string, unknown> = {}) => ({
  buyer,
  dueBack: inDays(14),
  terms: 'Return within 14 days, insured by the buyer.',
  currency: 'USD',
  stones: stones.map((s, i) => ({ gemstone: s.id, price: 500_000 * (i + 1) })),
  ...over,
});

describe('memo out', () => {
  it('sends the stones out to the buyer: lines out, stones "Out on memo", custody logged, all in one write', async () => {
    const { stones, acme } = await stonesAndBuyers();
    const memo = await desk.coordinator.memos.create(memoOf(acme.id, stones));
    expect(memo).toMatchObject({
      buyerName: 'Acme Gems',
      issuedByName: 'Test coordinator',
      status: 'open',
      stonesOut: 3,
      valueOut: 3_000_000,
      overdue: false,
    });
    expect(memo.lines.map((l) => [l.sku, l.status, l.fromLocation, l.location])).toEqual([
      ['RB-1001', 'out', 'Vault', 'Out on memo'],
      ['RB-1002', 'out', 'Safe', 'Out on memo'],
      ['RB-1003', 'out', 'Showcase 1', 'Out on memo'],
    ]);
    const custody = all("SELECT reason, fromLocation, toLocation FROM custody_events WHERE toLocation = 'Out on memo'");
    expect(custody).toHaveLength(3);
    expect(custody[0]).toMatchObject({ reason: expect.stringMatching(/^Out on memo to Acme Gems, due back /) });
    const entities = outboxOf(t.core).map((o) => o.entity);
    expect(entities.filter((e) => e === 'Memo')).toHaveLength(1);
    expect(entities.filter((e) => e === 'MemoLine')).toHaveLength(3);
    // The stones show it: the grid's mark, the stone panel.
    const marks = await desk.practitioner.memos.onStones({ gemstones: stones.map((s) => s.id) });
    expect(marks.map((m) => [m.buyerName, m.memo])).toEqual(Array(3).fill(['Acme Gems', memo.id]));
    expect((await desk.practitioner.memos.forStone({ gemstone: stones[0]!.id })).current).toMatchObject({
      memo: memo.id,
      buyerName: 'Acme Gems',
    });
  });

  it('refuses a stone already out on another memo, naming the buyer, and writes nothing', async () => {
    const { stones, acme, zenith } = await stonesAndBuyers();
    await desk.coordinator.memos.create(memoOf(acme.id, [stones[0]!]));
    const before = tables();
    const error = await refusal(desk.admin.memos.create(memoOf(zenith.id, [stones[1]!, stones[0]!])));
    expect(error).toMatchObject({ code: 'CONFLICT', reason: 'STONE_ON_MEMO' });
    expect(error.message).toMatch(/^Stone RB-1001 is out on memo with Acme Gems due back .+; it cannot be memoed/);
    expect(tables()).toEqual(before);
  });

  it('refuses a sold stone, one held or reserved for another buyer, a blocked buyer and a bad due date', async () => {
    const { stones, acme, zenith } = await stonesAndBuyers();
    await desk.admin.holds.place({ gemstone: stones[0]!.id, buyer: zenith.id, heldUntil: inDays(1) });
    expect(await refusal(desk.admin.memos.create(memoOf(acme.id, [stones[0]!])))).toMatchObject({
      reason: 'STONE_HELD',
      message: expect.stringMatching(/^Stone RB-1001 is held for Zenith Jewels until /),
    });
    // A hold for the memo's own buyer does not stand in the way.
    await desk.admin.memos.create(memoOf(zenith.id, [stones[0]!]));

    const inquiry = await desk.admin.inquiries.create({
      buyer: zenith.id,
      gemstone: stones[1]!.id,
      requestedCaratWeight: 2.15,
      currency: 'USD',
      quotedPrice: 9000,
    });
    await desk.admin.inquiries.transition({ id: inquiry.id, to: 'quoted' });
    await desk.admin.inquiries.transition({ id: inquiry.id, to: 'reserved' });
    expect(await refusal(desk.admin.memos.create(memoOf(acme.id, [stones[1]!])))).toMatchObject({
      reason: 'STONE_NOT_FREE',
      message: 'Stone RB-1002 is reserved for Zenith Jewels.',
    });
    await desk.admin.inquiries.transition({ id: inquiry.id, to: 'closed', outcome: 'sold', reason: 'Paid' });
    expect(await refusal(desk.admin.memos.create(memoOf(acme.id, [stones[1]!])))).toMatchObject({
      reason: 'STONE_NOT_FREE',
      message: 'Stone RB-1002 is sold.',
    });

    expect(
      await refusal(desk.admin.memos.create(memoOf(acme.id, [stones[2]!], { dueBack: inDays(-1) }))),
    ).toMatchObject({ reason: 'INVALID_VALUE', field: 'dueBack' });
    expect(
      await refusal(desk.admin.memos.create(memoOf(acme.id, [stones[2]!], { dueBack: inDays(91) }))),
    ).toMatchObject({ reason: 'INVALID_VALUE', message: 'A memo is due back within 90 days.' });
    await desk.admin.buyers.update({ id: acme.id, changes: { salesStatus: 'blocked' } });
    expect(await refusal(desk.admin.memos.create(memoOf(acme.id, [stones[2]!])))).toMatchObject({
      reason: 'BUYER_BLOCKED',
    });
    expect(count(t.core, 'memo_lines', "gemstone = ? AND status = 'out'", stones[2]!.id)).toBe(0);
  });

  it('a stone on memo can be neither held nor reserved for anyone else', async () => {
    const { stones, acme, zenith } = await stonesAndBuyers();
    await desk.admin.memos.create(memoOf(acme.id, [stones[0]!]));
    expect(
      await refusal(desk.admin.holds.place({ gemstone: stones[0]!.id, buyer: zenith.id, heldUntil: inDays(1) })),
    ).toMatchObject({ reason: 'STONE_ON_MEMO' });
  });

  it('a stone on memo comes back through its memo: a move or the stone form is refused and moves nothing', async () => {
    const { stones, acme } = await stonesAndBuyers();
    await desk.admin.memos.create(memoOf(acme.id, [stones[0]!]));
    const before = tables();
    expect(
      await refusal(
        desk.admin.inventory.custody.move({ skus: ['RB-1002', 'RB-1001'], toLocation: 'Vault', reason: 'Back' }),
      ),
    ).toMatchObject({ reason: 'STONE_ON_MEMO', message: expect.stringContaining('Acme Gems') });
    expect(
      await refusal(desk.admin.inventory.update({ id: stones[0]!.id, changes: { location: 'Counter' } })),
    ).toMatchObject({ reason: 'STONE_ON_MEMO' });
    expect(tables()).toEqual(before);
  });
});

describe('stones coming back and being bought', () => {
  it('a partial return puts each stone back where it came from; the rest sold make one invoice and close the memo', async () => {
    const { stones, acme } = await stonesAndBuyers();
    const memo = await desk.coordinator.memos.create(memoOf(acme.id, stones));
    const [first, second, third] = memo.lines;

    const afterReturn = await desk.coordinator.memos.returnLines({ memo: memo.id, lines: [second!.id] });
    expect(afterReturn).toMatchObject({ status: 'open', stonesOut: 2 });
    expect(afterReturn.lines.find((l) => l.id === second!.id)).toMatchObject({
      status: 'returned',
      location: 'Safe',
      returnedAt: expect.any(String),
    });
    expect(all("SELECT reason FROM custody_events WHERE toLocation = 'Safe'")).toEqual([
      { reason: 'Returned from memo by Acme Gems' },
    ]);

    const sold = await desk.coordinator.memos.sellLines({
      memo: memo.id,
      lines: [{ id: first!.id }, { id: third!.id, price: 1_400_000 }],
    });
    expect(sold).toMatchObject({ status: 'closed', closedAt: expect.any(String), stonesOut: 0 });
    const invoices = all('SELECT id, memo, buyer, subtotal, lines, provisionalNumber FROM invoices') as {
      id: string;
      memo: string;
      subtotal: number;
      lines: string;
      provisionalNumber: string;
    }[];
    expect(invoices).toHaveLength(1);
    expect(invoices[0]).toMatchObject({ memo: memo.id, buyer: acme.id, subtotal: 500_000 + 1_400_000 });
    expect(JSON.parse(invoices[0]!.lines).map((l: { sku: string; amount: number }) => [l.sku, l.amount])).toEqual([
      ['RB-1001', 5000],
      ['RB-1003', 14000],
    ]);
    for (const id of [first!.id, third!.id]) {
      expect(sold.lines.find((l) => l.id === id)).toMatchObject({
        status: 'sold',
        location: 'Sold',
        invoice: invoices[0]!.id,
        invoiceNumber: invoices[0]!.provisionalNumber,
      });
    }
    expect(all("SELECT reason FROM custody_events WHERE toLocation = 'Sold'")).toEqual([
      { reason: 'Sold to Acme Gems from memo' },
      { reason: 'Sold to Acme Gems from memo' },
    ]);
    expect(outboxOf(t.core).filter((o) => o.entity === 'Invoice')).toHaveLength(1);
    // Closed memos are listed as closed, and are final.
    expect((await desk.admin.memos.list({ which: 'closed' })).map((m) => m.id)).toEqual([memo.id]);
    expect(await refusal(desk.admin.memos.extend({ memo: memo.id, dueBack: inDays(20) }))).toMatchObject({
      reason: 'MEMO_CLOSED',
    });
  });

  it('a line already settled is not returned or sold again; a sale needs a price; nothing is written', async () => {
    const { stones, acme } = await stonesAndBuyers();
    const memo = await desk.admin.memos.create({
      ...memoOf(acme.id, stones.slice(0, 2)),
      stones: [{ gemstone: stones[0]!.id }, { gemstone: stones[1]!.id, price: 100 }],
    });
    const [noPrice, priced] = memo.lines;
    await desk.admin.memos.returnLines({ memo: memo.id, lines: [priced!.id] });
    const before = tables();
    expect(await refusal(desk.admin.memos.sellLines({ memo: memo.id, lines: [{ id: priced!.id }] }))).toMatchObject({
      reason: 'MEMO_LINE_SETTLED',
      message: expect.stringMatching(/^Stone RB-1002 was already returned on /),
    });
    expect(await refusal(desk.admin.memos.sellLines({ memo: memo.id, lines: [{ id: noPrice!.id }] }))).toMatchObject({
      reason: 'PRICE_REQUIRED',
      message: expect.stringContaining('RB-1001'),
    });
    expect(tables()).toEqual(before);
  });

  it('a consigned stone goes out on memo, but is not sold before the settlement with its supplier', async () => {
    const { stones, acme } = await stonesAndBuyers();
    t.core.store.sqlite
      .prepare(
        `INSERT INTO consignments (id, localUpdatedAt, gemstone, supplier, currency, receivedAt, status)
         VALUES ('c-1', 1, ?, 'Lanka Stones', 'USD', '2026-01-01T00:00:00.000Z', 'in')`,
      )
      .run(stones[0]!.id);
    const memo = await desk.admin.memos.create(memoOf(acme.id, [stones[0]!]));
    const before = tables();
    expect(
      await refusal(desk.admin.memos.sellLines({ memo: memo.id, lines: [{ id: memo.lines[0]!.id }] })),
    ).toMatchObject({ reason: 'CONSIGNMENT_UNSETTLED', message: expect.stringContaining('Lanka Stones') });
    expect(tables()).toEqual(before);
  });
});

describe('a stone kept from a memo and its inquiries', () => {
  it("closes the buyer's own inquiry as sold and every other buyer's as lost, and releases the stone", async () => {
    const { stones, acme, zenith } = await stonesAndBuyers();
    const stone = stones[0]!;
    const inquiry = (buyer: string) =>
      desk.admin.inquiries.create({
        buyer,
        gemstone: stone.id,
        requestedCaratWeight: stone.caratWeight,
        currency: 'USD',
        quotedPrice: 450_000,
      });
    const own = await inquiry(acme.id);
    await desk.admin.inquiries.transition({ id: own.id, to: 'quoted' });
    await desk.admin.inquiries.transition({ id: own.id, to: 'reserved' });
    const rival = await inquiry(zenith.id);
    const memo = await desk.admin.memos.create(memoOf(acme.id, [stone]));

    await desk.admin.memos.sellLines({ memo: memo.id, lines: [{ id: memo.lines[0]!.id }] });
    const ownNow = await desk.admin.inquiries.get({ id: own.id });
    const rivalNow = await desk.admin.inquiries.get({ id: rival.id });
    expect(ownNow).toMatchObject({
      inquiryStatus: 'closed',
      outcome: 'sold',
      outcomeReason: `Bought on memo ${memoReference(memo.id)}`,
    });
    expect(ownNow.statusHistory.at(-1)).toMatchObject({
      from: 'reserved',
      to: 'closed',
      outcome: 'sold',
      rivalsClosed: [rival.id],
    });
    expect(rivalNow).toMatchObject({
      inquiryStatus: 'closed',
      outcome: 'lost',
      outcomeReason: 'Stone sold to another buyer',
    });
    expect(await desk.admin.inventory.get({ id: stone.id })).toMatchObject({ location: 'Sold', assignedBuyer: null });
    // Every change goes to the server with the sale.
    const queued = outboxOf(t.core)
      .filter((o) => o.entity === 'PurchaseInquiry')
      .map((o) => o.recordId);
    expect(queued.sort()).toEqual([own.id, rival.id].sort());
  });
});

describe('who changes a memo, and who sees its prices', () => {
  it('only the issuer or an administrator returns, sells or extends; practitioners write nothing', async () => {
    const { stones, acme } = await stonesAndBuyers();
    const memo = await desk.admin.memos.create(memoOf(acme.id, stones.slice(0, 1)));
    const line = memo.lines[0]!.id;
    expect(await refusal(desk.coordinator.memos.returnLines({ memo: memo.id, lines: [line] }))).toMatchObject({
      code: 'FORBIDDEN',
      message: 'Only Amara Okafor or an administrator can take stones back on this memo.',
    });
    expect(await refusal(desk.coordinator.memos.extend({ memo: memo.id, dueBack: inDays(30) }))).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await refusal(desk.practitioner.memos.create(memoOf(acme.id, stones.slice(1, 2))))).toMatchObject({
      code: 'FORBIDDEN',
    });
    const due = inDays(30);
    const coordinatorsMemo = await desk.coordinator.memos.create(memoOf(acme.id, stones.slice(1, 2)));
    expect((await desk.admin.memos.extend({ memo: coordinatorsMemo.id, dueBack: due })).dueBack).toBe(due);
  });

  it('practitioners see memos and their stones, never their prices', async () => {
    const { stones, acme } = await stonesAndBuyers();
    const memo = await desk.admin.memos.create(memoOf(acme.id, stones));
    const seen = await desk.practitioner.memos.get({ id: memo.id });
    expect(seen.valueOut).toBeNull();
    expect(seen.lines.map((l) => l.price)).toEqual([null, null, null]);
    expect((await desk.practitioner.memos.list({ which: 'open' }))[0]).toMatchObject({ id: memo.id, valueOut: null });
    expect((await desk.admin.memos.get({ id: memo.id })).lines.map((l) => l.price)).toEqual([
      500_000, 1_000_000, 1_500_000,
    ]);
  });
});

describe('overdue memos and the memo on paper', () => {
  it('lists an open memo whose due date has passed as overdue', async () => {
    const { stones, acme } = await stonesAndBuyers();
    const memo = await desk.admin.memos.create(memoOf(acme.id, stones.slice(0, 1), { dueBack: inDays(2) }));
    expect(await desk.admin.memos.list({ which: 'overdue' })).toEqual([]);
    t.core.store.sqlite.prepare('UPDATE memos SET dueBack = ? WHERE id = ?').run(inDays(-1), memo.id);
    expect((await desk.admin.memos.list({ which: 'overdue' })).map((m) => [m.id, m.overdue])).toEqual([
      [memo.id, true],
    ]);
    expect((await desk.admin.memos.onStones({ gemstones: [stones[0]!.id] }))[0]!.overdue).toBe(true);
    expect(await desk.practitioner.memos.summary()).toEqual({ open: 1, overdue: 1, stonesOut: 1 });
    // Follow-ups list it as overdue, for everyone, counted in the badge and the dashboard.
    const today = new Date();
    today.setHours(0, 0, 0, 0);
    const todayStart = today.toISOString();
    const followUps = await desk.practitioner.activities.followUps({ todayStart });
    expect(followUps.overdue).toEqual([
      expect.objectContaining({
        kind: 'memo',
        id: memo.id,
        title: 'Memo due back: 1 stone out',
        buyerName: 'Acme Gems',
        ownerName: 'Amara Okafor',
      }),
    ]);
    expect((await desk.admin.activities.followUpCount({ todayStart })).overdue).toBe(1);
    // Once the stone is back the memo closes and leaves the follow-ups.
    await desk.admin.memos.returnLines({ memo: memo.id, lines: [memo.lines[0]!.id] });
    expect((await desk.admin.activities.followUps({ todayStart })).overdue).toEqual([]);
    expect(await desk.practitioner.memos.summary()).toEqual({ open: 0, overdue: 0, stonesOut: 0 });
  });

  it('prints the memo for signature: reference, buyer, dates in words, stones with prices, total, signature', async () => {
    const { stones, acme } = await stonesAndBuyers();
    const memo = await desk.admin.memos.create(
      memoOf(acme.id, stones.slice(0, 2), { dueBack: '2026-12-24T12:00:00.000Z' }),
    );
    const file = await desk.admin.memos.pdf({ id: memo.id });
    expect(file).toMatchObject({ mimeType: 'application/pdf', fileName: `memo-${memoReference(memo.id)}.pdf` });
    const text = await pdfLines(file.data);
    expect(text[0]).toBe(`Memorandum ${memoReference(memo.id)}`);
    expect(text).toContain('To Acme Gems (B-0001)');
    expect(text).toContain('Due back 24 December 2026');
    expect(text).toContain('Return within 14 days, insured by the buyer.');
    expect(text).toContain('RB-1001 | Ruby | 2.15 ct | $5,000.00');
    expect(text).toContain('RB-1002 | Ruby | 2.15 ct | $10,000.00');
    expect(text).toContain('2 stones | Total | $15,000.00');
    expect(text.some((l) => l.startsWith('Received by (buyer)'))).toBe(true);
    expect(await refusal(desk.practitioner.memos.pdf({ id: memo.id }))).toMatchObject({ code: 'FORBIDDEN' });
  });
});

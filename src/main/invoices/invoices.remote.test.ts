import { describe, expect, it } from 'vitest';
import { master, stone, uniqueSku, workstationsForThisFile, type Workstation } from '../test-support/remote';

// Two workstations each sell a stone while they cannot reach the server: each invoice carries a provisional
// number until it is pushed; the server then numbers both in this year's sequence, no number twice, and each
// workstation learns its own number from the push and the other's from the pull.

const workstation = workstationsForThisFile();

async function saleReady(ws: Workstation, prefix: string) {
  const sku = uniqueSku(prefix);
  const code = uniqueSku('IB');
  const gem = await ws.admin.inventory.create(stone(sku));
  const buyer = await ws.admin.buyers.create({
    buyerCode: code,
    companyName: `Invoice Gems ${code}`,
    contactName: 'Ines',
    email: `${code}@example.com`.toLowerCase(),
  });
  const inquiry = await ws.admin.inquiries.create({
    buyer: buyer.id,
    gemstone: gem.id,
    requestedCaratWeight: 1.2,
    currency: 'USD',
    quotedPrice: 2500,
  });
  await ws.admin.inquiries.transition({ id: inquiry.id, to: 'quoted' });
  return { sku, inquiry };
}

const sell = async (ws: Workstation, inquiry: string) => {
  await ws.admin.inquiries.transition({ id: inquiry, to: 'closed', outcome: 'sold', reason: 'Agreed on the phone' });
  return (await ws.admin.invoices.forInquiry({ inquiry }))!.id;
};

describe('invoices sold offline on two workstations', () => {
  it('are provisional until pushed, then get distinct consecutive numbers of this year, seen on both', async () => {
    const a = await workstation();
    const b = await workstation();
    const saleA = await saleReady(a, 'INVA');
    const saleB = await saleReady(b, 'INVB');
    await a.admin.sync.syncNow();
    await b.admin.sync.syncNow();

    // Offline: each closes its inquiry as sold; each invoice is provisional.
    const invoiceA = await sell(a, saleA.inquiry.id);
    const invoiceB = await sell(b, saleB.inquiry.id);
    const onA = await a.admin.invoices.get({ id: invoiceA });
    const onB = await b.admin.invoices.get({ id: invoiceB });
    expect(onA).toMatchObject({ invoiceNumber: null, provisionalNumber: expect.stringMatching(/^P-[0-9A-F]{8}$/) });
    expect(onB).toMatchObject({ invoiceNumber: null, provisionalNumber: expect.stringMatching(/^P-[0-9A-F]{8}$/) });
    expect(onA.provisionalNumber).not.toBe(onB.provisionalNumber);

    // Back online: the push's answer brings each workstation its own number.
    expect((await a.admin.sync.syncNow()).deadLettered).toBe(0);
    expect((await b.admin.sync.syncNow()).deadLettered).toBe(0);
    const year = new Date().getUTCFullYear();
    const numberA = (await a.admin.invoices.get({ id: invoiceA })).invoiceNumber!;
    const numberB = (await b.admin.invoices.get({ id: invoiceB })).invoiceNumber!;
    expect(numberA).toMatch(new RegExp(`^${year}-\\d{4}$`));
    expect(numberB).toMatch(new RegExp(`^${year}-\\d{4}$`));
    expect(Number(numberB.slice(5))).toBe(Number(numberA.slice(5)) + 1);

    // The server holds them under those numbers.
    const server = (
      await master(
        'GET',
        `/classes/Invoice?where=${encodeURIComponent(JSON.stringify({ clientId: { $in: [invoiceA, invoiceB] } }))}`,
      )
    ).results as { clientId: string; invoiceNumber: string; invoiceYear: number }[];
    expect(Object.fromEntries(server.map((i) => [i.clientId, i.invoiceNumber]))).toEqual({
      [invoiceA]: numberA,
      [invoiceB]: numberB,
    });
    expect(server.every((i) => i.invoiceYear === year)).toBe(true);

    // After the next pull each workstation sees both numbers.
    await a.admin.sync.syncNow();
    await b.admin.sync.syncNow();
    for (const ws of [a, b]) {
      const numbers = (await ws.admin.invoices.list({}))
        .filter((i) => i.id === invoiceA || i.id === invoiceB)
        .map((i) => i.invoiceNumber)
        .sort();
      expect(numbers).toEqual([numberA, numberB]);
    }
  });
});

describe('the same invoice paid on two workstations while offline', () => {
  it('keeps the payment that reached the server first; the other is refused and leaves the desk that made it', async () => {
    const a = await workstation();
    const b = await workstation();
    const sale = await saleReady(a, 'INVP');
    const invoice = await sell(a, sale.inquiry.id);
    await a.admin.sync.syncNow();
    await b.admin.sync.syncNow();
    expect((await b.admin.invoices.get({ id: invoice })).balanceDue).toBe(250000);

    // Offline: each desk records the whole balance.
    const receivedAt = new Date(Date.now() - 60_000).toISOString();
    await a.admin.invoices.recordPayment({ invoice, amount: 2500, method: 'bank_transfer', receivedAt });
    const onB = await b.admin.invoices.recordPayment({ invoice, amount: 2500, method: 'cash', receivedAt });
    expect(onB.statusWord).toBe('Paid');

    expect((await a.admin.sync.syncNow()).deadLettered).toBe(0);
    expect((await b.admin.sync.syncNow()).deadLettered).toBe(1);
    const mine = await b.admin.sync.deadLetters.mine();
    expect(mine).toEqual([expect.objectContaining({ entity: 'Payment' })]);
    expect(mine[0]!.message).toMatch(/more than invoice \d{4}-\d{4} still owes \(0 USD\)/);

    // After the next pull both desks show A's payment alone: paid once, nothing due.
    await b.admin.sync.syncNow();
    for (const ws of [a, b]) {
      const seen = await ws.admin.invoices.get({ id: invoice });
      expect(seen.payments.map((p) => [p.amount, p.method])).toEqual([[250000, 'bank_transfer']]);
      expect(seen).toMatchObject({ paid: 250000, balanceDue: 0, statusWord: 'Paid' });
    }
  });
});

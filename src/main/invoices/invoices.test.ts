import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { invoiceNumberText, invoiceShortNumber, invoiceStatusWord } from '../../shared/invoice-inputs';
import { invoiceTotals, provisionalNumberFor } from '../../shared/invoices';
import { formatMoney } from '../../shared/money';
import { refusal, startTestCore, type TestCore } from '../test-support/core';
import { aBuyer, outboxOf, salesDesk, type SalesDesk } from '../test-support/sales';
import { aStone } from '../test-support/core';

// Invoices on a real store: what a sale issues (totals, taxes, the provisional number), payments against
// it, voiding, and who may do what. The server's numbering is tested in scripts/backend/invoices.test.ts
// and, end to end across two workstations, in invoices.remote.test.ts.

let t: TestCore;
let desk: SalesDesk;
beforeEach(async () => {
  t = await startTestCore();
  desk = await salesDesk(t.core);
});
afterEach(() => t.dispose());

let n = 0;
/** A stone sold to a new buyer at `price` (major units) in `currency`; returns the sale's invoice id. */
async function sold(price: number, currency = 'CHF') {
  n++;
  const { coordinator, admin } = desk;
  const stone = await admin.inventory.create(aStone({ sku: `INV-${n}`, gemstoneType: 'Ruby', caratWeight: 1.52 }));
  const buyer = await admin.buyers.create({
    ...aBuyer({ buyerCode: `IB-${n}`, companyName: `Invoice Buyer ${n}`, email: `ib${n}@example.com` }),
    confirmSimilarName: true,
  });
  const inquiry = await coordinator.inquiries.create({
    buyer: buyer.id,
    gemstone: stone.id,
    requestedCaratWeight: 1.5,
    currency,
    quotedPrice: price,
  });
  await coordinator.inquiries.transition({ id: inquiry.id, to: 'quoted' });
  await coordinator.inquiries.transition({ id: inquiry.id, to: 'closed', outcome: 'sold', reason: 'Agreed' });
  const link = await coordinator.invoices.forInquiry({ inquiry: inquiry.id });
  return { id: link!.id, buyer, stone, inquiry };
}

describe('totals and taxes', () => {
  it('7.7 % of CHF 4,293.00 is CHF 330.56 (rounded half up to the centime)', () => {
    const totals = invoiceTotals([429300], [{ label: 'VAT', ratePercent: 7.7 }], 'CHF');
    expect(totals).toEqual({
      subtotal: 429300,
      taxLines: [{ label: 'VAT', ratePercent: 7.7, amount: 330.56 }],
      taxTotal: 33056,
      total: 462356,
    });
  });

  it('rounds JPY taxes to the whole yen', () => {
    const totals = invoiceTotals([1_234_567], [{ label: 'Consumption tax', ratePercent: 10 }], 'JPY');
    expect(totals.taxLines[0]!.amount).toBe(123457);
    expect(totals.total).toBe(1_358_024);
  });

  it('charges each tax line on the subtotal, each rounded on its own', () => {
    const totals = invoiceTotals(
      [10005, 20010],
      [
        { label: 'GST', ratePercent: 5 },
        { label: 'PST', ratePercent: 7 },
      ],
      'CAD',
    );
    expect(totals.subtotal).toBe(30015);
    expect(totals.taxLines.map((l) => l.amount)).toEqual([15.01, 21.01]);
    expect(totals.total).toBe(30015 + 1501 + 2101);
  });

  it('a sale issues an invoice with the configured taxes, lines as sold and a provisional number', async () => {
    await desk.admin.invoices.settings.setTaxRates({ rates: [{ label: 'VAT', ratePercent: 7.7 }] });
    const { id, stone } = await sold(4293);
    const invoice = await desk.coordinator.invoices.get({ id });
    expect(invoice).toMatchObject({
      invoiceNumber: null,
      provisionalNumber: provisionalNumberFor(id),
      currency: 'CHF',
      subtotal: 429300,
      taxTotal: 33056,
      total: 462356,
      paid: 0,
      balanceDue: 462356,
      status: 'issued',
      statusWord: 'Unpaid',
    });
    expect(invoice.lines).toEqual([
      { sku: stone.sku, description: expect.stringMatching(/^Ruby, 1\.52 ct/), caratWeight: 1.52, amount: 4293 },
    ]);
    expect(invoice.taxLines).toEqual([{ label: 'VAT', ratePercent: 7.7, amount: 330.56 }]);
    expect(outboxOf(t.core).filter((o) => o.entity === 'Invoice')).toEqual([
      { entity: 'Invoice', recordId: id, op: 'create', fields: null },
    ]);
  });

  it('tax settings are an admin’s, validated, and change only invoices issued afterwards', async () => {
    expect(
      await refusal(desk.coordinator.invoices.settings.setTaxRates({ rates: [{ label: 'VAT', ratePercent: 8 }] })),
    ).toMatchObject({ reason: 'FORBIDDEN_ROLE' });
    expect(
      await refusal(desk.admin.invoices.settings.setTaxRates({ rates: [{ label: '', ratePercent: 120 }] })),
    ).toMatchObject({ code: 'BAD_REQUEST' });
    const before = await sold(1000);
    await desk.admin.invoices.settings.setTaxRates({ rates: [{ label: 'VAT', ratePercent: 8.1 }] });
    expect((await desk.admin.invoices.get({ id: before.id })).total).toBe(100000);
    expect((await desk.admin.invoices.get({ id: (await sold(1000)).id })).total).toBe(108100);
  });
});

describe('numbers on screen', () => {
  it('shows the server’s number, or the provisional one and why', () => {
    const provisional = provisionalNumberFor('3f9a2c1b-0000-4000-8000-000000000000');
    expect(provisional).toBe('P-3F9A2C1B');
    expect(invoiceNumberText({ invoiceNumber: null, provisionalNumber: provisional })).toBe(
      'Provisional P-3F9A2C1B (numbered when it reaches the server)',
    );
    expect(invoiceNumberText({ invoiceNumber: '2026-0007', provisionalNumber: provisional })).toBe('2026-0007');
    expect(invoiceShortNumber({ invoiceNumber: null, provisionalNumber: provisional })).toBe('P-3F9A2C1B');
  });

  it('says how an invoice stands in staff’s words', () => {
    expect(invoiceStatusWord('issued', 1000, 0)).toBe('Unpaid');
    expect(invoiceStatusWord('issued', 1000, 400)).toBe('Part paid');
    expect(invoiceStatusWord('issued', 1000, 1000)).toBe('Paid');
    expect(invoiceStatusWord('void', 1000, 400)).toBe('Void');
  });
});

describe('payments', () => {
  const received = () => new Date(Date.now() - 60_000).toISOString();

  it('add up to Paid, and never beyond the balance due', async () => {
    const { id } = await sold(4293);
    const part = await desk.coordinator.invoices.recordPayment({
      invoice: id,
      amount: 1000,
      method: 'bank_transfer',
      receivedAt: received(),
      reference: 'UBS 4471',
    });
    expect(part).toMatchObject({ paid: 100000, balanceDue: 329300, statusWord: 'Part paid' });
    const over = await refusal(
      desk.coordinator.invoices.recordPayment({ invoice: id, amount: 3293.01, method: 'cash', receivedAt: received() }),
    );
    expect(over).toMatchObject({
      reason: 'OVERPAYMENT',
      message: `That is more than the balance due (${formatMoney(329300, 'CHF', 'en-GB')}).`,
    });
    const rest = await desk.coordinator.invoices.recordPayment({
      invoice: id,
      amount: 3293,
      method: 'card',
      receivedAt: received(),
    });
    expect(rest).toMatchObject({ paid: 429300, balanceDue: 0, statusWord: 'Paid' });
    expect(rest.payments.map((p) => [p.amount, p.method, p.reference])).toEqual([
      [100000, 'bank_transfer', 'UBS 4471'],
      [329300, 'card', null],
    ]);
    expect(
      await refusal(
        desk.coordinator.invoices.recordPayment({ invoice: id, amount: 1, method: 'cash', receivedAt: received() }),
      ),
    ).toMatchObject({ reason: 'OVERPAYMENT', message: 'This invoice is paid in full; there is nothing left to pay.' });
    expect(outboxOf(t.core).filter((o) => o.entity === 'Payment')).toHaveLength(2);
  });

  it('are refused in the future, with a method not on the list, or with too many decimals', async () => {
    const { id } = await sold(100, 'JPY');
    const future = new Date(Date.now() + 3 * 24 * 3600_000).toISOString();
    expect(
      await refusal(
        desk.coordinator.invoices.recordPayment({ invoice: id, amount: 10, method: 'cash', receivedAt: future }),
      ),
    ).toMatchObject({ reason: 'INVALID_VALUE', message: 'A payment cannot be received in the future.' });
    expect(
      await refusal(
        desk.coordinator.invoices.recordPayment({
          invoice: id,
          amount: 10,
          method: 'barter' as 'cash',
          receivedAt: received(),
        }),
      ),
    ).toMatchObject({ code: 'BAD_REQUEST' });
    expect(
      await refusal(
        desk.coordinator.invoices.recordPayment({ invoice: id, amount: 10.5, method: 'cash', receivedAt: received() }),
      ),
    ).toMatchObject({ reason: 'INVALID_VALUE' });
    expect((await desk.coordinator.invoices.get({ id })).payments).toEqual([]);
  });

  it('are refused on a void invoice; only an admin voids, with a reason kept in the note', async () => {
    const { id, buyer } = await sold(500);
    expect(await refusal(desk.coordinator.invoices.void({ id, reason: 'Wrong buyer' }))).toMatchObject({
      reason: 'FORBIDDEN_ROLE',
    });
    const voided = await desk.admin.invoices.void({ id, reason: 'Wrong buyer' });
    expect(voided).toMatchObject({ status: 'void', statusWord: 'Void', note: 'Void: Wrong buyer', balanceDue: 0 });
    expect(
      await refusal(
        desk.coordinator.invoices.recordPayment({ invoice: id, amount: 1, method: 'cash', receivedAt: received() }),
      ),
    ).toMatchObject({ reason: 'INVOICE_VOID' });
    expect(await refusal(desk.admin.invoices.void({ id, reason: 'Again' }))).toMatchObject({ reason: 'INVOICE_VOID' });
    expect(outboxOf(t.core).filter((o) => o.entity === 'Invoice' && o.op === 'update')).toHaveLength(0); // folded into the create
    expect((await desk.admin.invoices.list({ buyer: buyer.id, unpaidOnly: true })).map((i) => i.id)).toEqual([]);
  });
});

describe('lists and the buyer’s profile', () => {
  it('filter by buyer, period and what is unpaid; the profile lists purchases and payments', async () => {
    const a = await sold(100);
    const b = await sold(200);
    await desk.coordinator.invoices.recordPayment({
      invoice: b.id,
      amount: 200,
      method: 'cash',
      receivedAt: new Date(Date.now() - 1000).toISOString(),
    });
    const ids = async (filter: Parameters<typeof desk.admin.invoices.list>[0]) =>
      (await desk.admin.invoices.list(filter)).map((i) => i.id).sort();
    expect(await ids({})).toEqual([a.id, b.id].sort());
    expect(await ids({ unpaidOnly: true })).toEqual([a.id]);
    expect(await ids({ buyer: b.buyer.id })).toEqual([b.id]);
    expect(await ids({ from: '2000-01-01', to: '2000-12-31' })).toEqual([]);
    const profile = await desk.coordinator.invoices.forBuyer({ buyer: b.buyer.id });
    expect(profile.invoices).toMatchObject([
      { id: b.id, total: 20000, paid: 20000, balanceDue: 0, statusWord: 'Paid' },
    ]);
    expect(profile.payments).toMatchObject([{ invoice: b.id, amount: 20000, method: 'cash' }]);
  });

  it('are not for practitioners: invoices carry prices', async () => {
    const { id, buyer } = await sold(100);
    for (const call of [
      desk.practitioner.invoices.get({ id }),
      desk.practitioner.invoices.list({}),
      desk.practitioner.invoices.forBuyer({ buyer: buyer.id }),
      desk.practitioner.invoices.pdf({ id }),
    ]) {
      expect(await refusal(call)).toMatchObject({ reason: 'FORBIDDEN_ROLE' });
    }
  });
});

import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { aStone, refusal, signedInAs } from '../test-support/core';
import { pdfLines } from '../test-support/pdf-text';
import { DAY, NOW, exec, newId, reportsDesk, sql, stock } from '../test-support/reports';
import { aBuyer } from '../test-support/sales';

// The paperwork reports (memo outstanding, sales by period, stock counts) against the same sums computed
// here in plain SQL, over memo lines out (some overdue), invoices over several months (one void) with
// payments, and finished counts; their CSV and PDF carry the same totals.

const desk = reportsDesk();

describe('memo outstanding', () => {
  it('sums the stones out per buyer and currency, overdue when the memo was due back before now', async () => {
    const s = await stock();
    const north = await desk.admin.buyers.create(aBuyer({ buyerCode: 'B-1', companyName: 'Northgate Jewels' }));
    const lotus = await desk.admin.buyers.create(
      aBuyer({ buyerCode: 'B-2', companyName: 'Lotus Carat', email: 'l@x.example' }),
    );
    const memo = (buyer: string, dueInDays: number, currency: string) => {
      const id = newId();
      exec(
        `INSERT INTO memos (id, localUpdatedAt, buyer, issuedAt, dueBack, currency, status)
         VALUES (?, ?, ?, ?, ?, ?, 'open')`,
        id,
        NOW,
        buyer,
        new Date(NOW - 20 * DAY).toISOString(),
        new Date(NOW + dueInDays * DAY).toISOString(),
        currency,
      );
      return id;
    };
    const line = (memoId: string, gemstone: string, price: number, currency: string, status = 'out') =>
      exec(
        `INSERT INTO memo_lines (id, localUpdatedAt, memo, gemstone, price, currency, status) VALUES (?, ?, ?, ?, ?, ?, ?)`,
        newId(),
        NOW,
        memoId,
        gemstone,
        price,
        currency,
        status,
      );
    const late = memo(north.id, -3, 'USD');
    line(late, s.r1.id, 180000, 'USD');
    line(late, s.r2.id, 400000, 'USD', 'returned');
    const onTime = memo(north.id, 10, 'USD');
    line(onTime, s.r2.id, 390000, 'USD');
    const euro = memo(lotus.id, 5, 'EUR');
    line(euro, s.s1.id, 520000, 'EUR');

    const report = await desk.admin.reports.memosOut();
    const expected = sql<{ currency: string; stones: number; value: number; overdueValue: number }>(
      `SELECT l.currency, count(*) AS stones, sum(l.price) AS value,
              coalesce(sum(CASE WHEN m.dueBack < ? THEN l.price END), 0) AS overdueValue
         FROM memo_lines l JOIN memos m ON m.id = l.memo WHERE l.status = 'out' GROUP BY l.currency ORDER BY l.currency`,
      new Date(NOW).toISOString(),
    );
    expect(
      report.totals.map(({ currency, stones, value, overdueValue }) => ({ currency, stones, value, overdueValue })),
    ).toEqual(expected);
    expect(report.lines).toEqual([
      expect.objectContaining({ buyerName: 'Lotus Carat', currency: 'EUR', stones: 1, overdue: false }),
      expect.objectContaining({
        buyerName: 'Northgate Jewels',
        currency: 'USD',
        stones: 2,
        value: 570000,
        overdueStones: 1,
        overdueValue: 180000,
        overdue: true,
        oldestDue: new Date(NOW - 3 * DAY).toISOString(),
      }),
    ]);

    // The dashboard's memo exposure: the same value per buyer, split into on time and overdue.
    const charts = await desk.admin.reports.dashboardCharts({ currency: 'USD' });
    expect(charts.money!.memoExposure).toEqual([
      { buyer: north.id, buyerName: 'Northgate Jewels', stones: 2, onTime: 390000, overdue: 180000 },
    ]);

    const csv = await desk.admin.reports.memosOutFile({ format: 'csv' });
    const rows = Papa.parse<Record<string, string>>(csv.text!, { header: true, skipEmptyLines: true }).data;
    expect(rows.find((r) => r.Buyer === 'Total in USD')).toMatchObject({
      'Memo value': '5700.00',
      'Overdue value': '1800.00',
    });
    const pdf = await pdfLines((await desk.admin.reports.memosOutFile({ format: 'pdf' })).base64!);
    expect(pdf.find((l) => l.startsWith('Northgate Jewels'))).toContain('5,700.00 USD | 1,800.00 USD');
  });
});

describe('sales by period', () => {
  async function invoices() {
    const buyer = await desk.admin.buyers.create(aBuyer());
    const invoice = (issuedAt: string, currency: string, subtotal: number, tax: number, status = 'issued') => {
      const id = newId();
      exec(
        `INSERT INTO invoices (id, localUpdatedAt, buyer, issuedAt, currency, lines, subtotal, taxTotal, total, status)
         VALUES (?, ?, ?, ?, ?, '[]', ?, ?, ?, ?)`,
        id,
        NOW,
        buyer.id,
        issuedAt,
        currency,
        subtotal,
        tax,
        subtotal + tax,
        status,
      );
      return id;
    };
    const pay = (invoiceId: string, receivedAt: string, amount: number, currency: string) =>
      exec(
        `INSERT INTO payments (id, localUpdatedAt, invoice, buyer, amount, currency, method, receivedAt)
         VALUES (?, ?, ?, ?, ?, ?, 'bank_transfer', ?)`,
        newId(),
        NOW,
        invoiceId,
        buyer.id,
        amount,
        currency,
        receivedAt,
      );
    const jan = invoice(new Date(2026, 0, 10).toISOString(), 'USD', 100000, 8000);
    pay(jan, new Date(2026, 1, 2).toISOString(), 50000, 'USD');
    invoice(new Date(2026, 0, 28).toISOString(), 'EUR', 200000, 0);
    const mar = invoice(new Date(2026, 2, 31, 23, 30).toISOString(), 'USD', 300000, 24000);
    pay(mar, new Date(2026, 3, 1).toISOString(), 324000, 'USD');
    const voided = invoice(new Date(2026, 1, 14).toISOString(), 'USD', 999999, 0, 'void');
    pay(voided, new Date(2026, 1, 15).toISOString(), 1000, 'USD');
    invoice(new Date(2026, 4, 3).toISOString(), 'EUR', 50000, 10000);
    invoice(new Date(2025, 11, 31).toISOString(), 'USD', 7777, 0); // before the range
  }

  it('sums invoices (void left out) and payments per period and currency as SQL does', async () => {
    await invoices();
    const from = new Date(2026, 0, 1).toISOString();
    const to = new Date(2026, 6, 1).toISOString();
    const report = await desk.admin.reports.sales({ from, to, period: 'month' });
    const expected = sql<{ currency: string; invoices: number; subtotal: number; tax: number; total: number }>(
      `SELECT currency, count(*) AS invoices, sum(subtotal) AS subtotal, sum(taxTotal) AS tax, sum(total) AS total
         FROM invoices WHERE status <> 'void' AND issuedAt >= ? AND issuedAt < ? GROUP BY currency ORDER BY currency`,
      from,
      to,
    );
    const received = sql<{ currency: string; received: number }>(
      `SELECT p.currency, sum(p.amount) AS received FROM payments p JOIN invoices i ON i.id = p.invoice
        WHERE i.status <> 'void' AND p.receivedAt >= ? AND p.receivedAt < ? GROUP BY p.currency`,
      from,
      to,
    );
    expect(report.totals).toEqual(
      expected.map((e) => ({ ...e, received: received.find((r) => r.currency === e.currency)?.received ?? 0 })),
    );
    expect(report.lines.map((l) => `${l.period} ${l.currency} ${l.invoices} ${l.total} ${l.received}`)).toEqual([
      'January 2026 EUR 1 200000 0',
      'January 2026 USD 1 108000 0',
      'February 2026 USD 0 0 50000',
      'March 2026 USD 1 324000 0',
      'April 2026 USD 0 0 324000',
      'May 2026 EUR 1 60000 0',
    ]);

    const quarters = await desk.admin.reports.sales({ from, to, period: 'quarter' });
    expect(quarters.lines.map((l) => `${l.period} ${l.currency} ${l.invoices}`)).toEqual([
      'Q1 2026 EUR 1',
      'Q1 2026 USD 2',
      'Q2 2026 EUR 1',
      'Q2 2026 USD 0',
    ]);
    expect(quarters.totals).toEqual(report.totals);

    // The dashboard's sales by month: the last twelve months' invoiced totals in the chosen currency.
    const charts = await desk.admin.reports.dashboardCharts({ currency: 'USD' });
    const since = new Date(2025, 6, 1).toISOString();
    const usd = sql<{ total: number }>(
      `SELECT sum(total) AS total FROM invoices WHERE status <> 'void' AND currency = 'USD' AND issuedAt >= ?`,
      since,
    )[0]!;
    expect(charts.money!.salesByMonth[0]!.monthStart).toBe(since);
    expect(charts.money!.salesByMonth.reduce((n, m) => n + m.total, 0)).toBe(usd.total);
    expect(charts.money!.salesByMonth.find((m) => m.month === 'Mar 2026')).toMatchObject({
      invoices: 1,
      total: 324000,
    });

    const csv = await desk.admin.reports.salesFile({ format: 'csv', filters: { from, to, period: 'quarter' } });
    const rows = Papa.parse<Record<string, string>>(csv.text!, { header: true, skipEmptyLines: true }).data;
    expect(rows.find((r) => r.Quarter === 'Total in USD')).toMatchObject({
      Invoices: '2',
      Total: '4320.00',
      'Payments received': '3740.00',
    });
    const pdf = await pdfLines(
      (await desk.admin.reports.salesFile({ format: 'pdf', filters: { from, to, period: 'month' } })).base64!,
    );
    expect(pdf).toContain('Total in USD | USD | 2 | 4,000.00 USD | 320.00 USD | 4,320.00 USD | 3,740.00 USD');
  });

  it('refuses an end before the start, on the field', async () => {
    const refused = await refusal(
      desk.admin.reports.sales({
        from: new Date(2026, 5, 1).toISOString(),
        to: new Date(2026, 0, 1).toISOString(),
        period: 'month',
      }),
    );
    expect(refused.message).toMatch(/end date must be after the start/);
  });
});

describe('stock counts', () => {
  it('lists finished counts with their totals, for every staff role', async () => {
    await desk.admin.inventory.create(aStone({ sku: 'V-1' }));
    await desk.admin.inventory.create(aStone({ sku: 'V-2', caratWeight: 1 }));
    const clerk = await signedInAs(desk.core, 'practitioner');
    const count = await clerk.inventory.counts.start({ location: 'Vault' });
    await clerk.inventory.counts.scan({ countId: count.id, code: 'V-1' });
    await clerk.inventory.counts.finish({ countId: count.id });
    await clerk.inventory.counts.start({ location: 'Safe' }); // still open: not in the report

    const report = await clerk.reports.stockCounts();
    expect(report.lines).toEqual([
      expect.objectContaining({
        id: count.id,
        location: 'Vault',
        expectedStones: 2,
        matchedStones: 1,
        missingStones: 1,
      }),
    ]);
    expect(report.totals).toEqual({
      counts: 1,
      expectedStones: 2,
      matchedStones: 1,
      missingStones: 1,
      unexpectedStones: 0,
    });
    const pdf = await pdfLines((await clerk.reports.stockCountsFile({ format: 'pdf' })).base64!);
    expect(pdf).toContain('1 count | 2 | 1 | 1 | 0');
  });
});

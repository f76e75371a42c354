import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toMajorUnits } from '../../shared/money';
import { createCore, type Caller, type Core } from '../core/create-core';
import { aStone, refusal, signedInAdmin, signedInAs, tempDataDir } from '../test-support/core';
import { pdfLines } from '../test-support/pdf-text';
import { aBuyer } from '../test-support/sales';

// Every report's totals against the same sums computed here in plain SQL, over stones priced in two
// currencies, consigned and returned stones, memo lines out (some overdue), invoices over several months
// (one void) with payments, and stones added at different times by an injected clock.

const DAY = 86_400_000;
const NOW = Date.parse('2026-06-15T12:00:00.000Z');
let now = NOW;
let core: Core;
let data: ReturnType<typeof tempDataDir>;
let admin: Caller;

beforeEach(async () => {
  now = NOW;
  data = tempDataDir();
  core = await createCore({ dataDir: data.dir, clock: () => now, startSync: false });
  admin = await signedInAdmin(core);
});
afterEach(async () => {
  await core.close();
  data.remove();
});

const sql = <T>(text: string, ...params: unknown[]) => core.store.sqlite.prepare(text).all(...params) as T[];
const exec = (text: string, ...params: unknown[]) => core.store.sqlite.prepare(text).run(...params);
const major = (minor: number, currency: string) => toMajorUnits(minor, currency);

/** A stone added `daysAgo` days before NOW (the clock stands there while it is created). */
async function stoneAdded(daysAgo: number, overrides: Record<string, unknown>) {
  now = NOW - daysAgo * DAY - DAY / 2;
  const stone = await admin.inventory.create(
    aStone({ certificateNumber: null, certificateStatus: 'none', ...overrides }),
  );
  now = NOW;
  return stone;
}

let rowId = 0;
const newId = () => `row-${++rowId}`;

async function stock() {
  const s = {
    r1: await stoneAdded(5, {
      sku: 'R-1',
      caratWeight: 1.25,
      costPrice: 1000,
      askingPrice: 1800,
      priceCurrency: 'USD',
    }),
    r2: await stoneAdded(45, {
      sku: 'R-2',
      caratWeight: 2.5,
      costPrice: 2500.5,
      askingPrice: 4000,
      priceCurrency: 'USD',
    }),
    s1: await stoneAdded(120, {
      sku: 'S-1',
      gemstoneType: 'Sapphire',
      caratWeight: 3.1,
      costPrice: 3000,
      askingPrice: 5200,
      priceCurrency: 'EUR',
      location: 'Safe',
    }),
    s2: await stoneAdded(200, { sku: 'S-2', gemstoneType: 'Sapphire', caratWeight: 0.9, location: 'Showcase 1' }),
    e1: await stoneAdded(400, {
      sku: 'E-1',
      gemstoneType: 'Emerald',
      caratWeight: 1.7,
      costPrice: 800,
      askingPrice: 1500,
      priceCurrency: 'EUR',
    }),
    // Consigned to us (in stock, not ours), returned to its supplier (not in stock), and sold.
    c1: await stoneAdded(10, { sku: 'C-1', caratWeight: 4, costPrice: 9000, askingPrice: 12000, priceCurrency: 'USD' }),
    c2: await stoneAdded(20, { sku: 'C-2', caratWeight: 5, costPrice: 7000, askingPrice: 9000, priceCurrency: 'USD' }),
    sold: await stoneAdded(30, {
      sku: 'X-1',
      caratWeight: 2,
      costPrice: 500,
      askingPrice: 900,
      priceCurrency: 'USD',
      location: 'Sold',
    }),
  };
  // A stone synced long ago: its age is the server's createdAt, not its last local change.
  exec('UPDATE gemstones SET createdAt = ? WHERE id = ?', new Date(NOW - 700 * DAY).toISOString(), s.r1.id);
  const consign = (gemstone: string, status: string) =>
    exec(
      `INSERT INTO consignments (id, localUpdatedAt, gemstone, supplier, agreedPrice, currency, receivedAt, status)
       VALUES (?, ?, ?, 'Colombo Gem Traders', 700000, 'USD', ?, ?)`,
      newId(),
      NOW,
      gemstone,
      new Date(NOW - 30 * DAY).toISOString(),
      status,
    );
  consign(s.c1.id, 'in');
  consign(s.c2.id, 'returned');
  return s;
}

/** The stock's totals per currency as plain SQL has them: not sold, not returned to a supplier. */
const IN_STOCK_SQL = `location <> 'Sold' AND id NOT IN (SELECT gemstone FROM consignments WHERE status = 'returned')`;

describe('stock valuation', () => {
  it('totals count, carats, cost and asking per currency as SQL sums them, by type, location and ownership', async () => {
    await stock();
    const expected = sql<{ currency: string | null; stones: number; carats: number; cost: number; asking: number }>(
      `SELECT priceCurrency AS currency, count(*) AS stones, sum(caratWeight) AS carats,
              coalesce(sum(costPrice), 0) AS cost, coalesce(sum(askingPrice), 0) AS asking
         FROM gemstones WHERE ${IN_STOCK_SQL} GROUP BY priceCurrency ORDER BY priceCurrency IS NULL, priceCurrency`,
    );
    expect(expected.map((e) => e.currency)).toEqual(['EUR', 'USD', null]);

    for (const groupBy of ['type', 'location', 'ownership'] as const) {
      const report = await admin.reports.valuation({ groupBy });
      expect(report.totals.map(({ carats, ...t }) => ({ ...t, carats: Number(carats.toFixed(2)) }))).toEqual(
        expected.map((e) => ({ ...e, carats: Number(e.carats.toFixed(2)) })),
      );
      expect(report.stones).toBe(6);
    }

    const byType = await admin.reports.valuation({ groupBy: 'type' });
    const rubyUsd = sql<{ cost: number; asking: number; stones: number }>(
      `SELECT count(*) AS stones, sum(costPrice) AS cost, sum(askingPrice) AS asking FROM gemstones
        WHERE ${IN_STOCK_SQL} AND gemstoneType = 'Ruby' AND priceCurrency = 'USD'`,
    )[0]!;
    expect(byType.lines.find((l) => l.group === 'Ruby' && l.currency === 'USD')).toMatchObject(rubyUsd);

    const byLocation = await admin.reports.valuation({ groupBy: 'location' });
    expect(byLocation.lines.map((l) => l.group)).not.toContain('Sold');

    const owned = await admin.reports.valuation({ groupBy: 'ownership' });
    const consigned = sql<{ stones: number; cost: number; asking: number }>(
      `SELECT count(*) AS stones, sum(costPrice) AS cost, sum(askingPrice) AS asking FROM gemstones
        WHERE ${IN_STOCK_SQL} AND id IN (SELECT gemstone FROM consignments WHERE status = 'in')`,
    )[0]!;
    expect(owned.lines.filter((l) => l.group.startsWith('Consigned'))).toEqual([
      expect.objectContaining({ currency: 'USD', ...consigned }),
    ]);
  });

  it('writes the same totals to its CSV (major units, currency column) and its PDF', async () => {
    await stock();
    const report = await admin.reports.valuation({ groupBy: 'type' });
    const usd = report.totals.find((t) => t.currency === 'USD')!;

    const csv = await admin.reports.valuationFile({ groupBy: 'type', format: 'csv' });
    expect(csv.fileName).toBe('stock-valuation-2026-06-15.csv');
    const rows = Papa.parse<Record<string, string>>(csv.text!, { header: true, skipEmptyLines: true }).data;
    expect(Object.keys(rows[0]!)).toEqual(['Gemstone type', 'Currency', 'Stones', 'Carats', 'Cost', 'Asking']);
    expect(rows.find((r) => r['Gemstone type'] === 'Total in USD')).toEqual({
      'Gemstone type': 'Total in USD',
      Currency: 'USD',
      Stones: String(usd.stones),
      Carats: usd.carats.toFixed(2),
      Cost: major(usd.cost, 'USD').toFixed(2),
      Asking: major(usd.asking, 'USD').toFixed(2),
    });
    expect(rows.at(-1)).toMatchObject({ 'Gemstone type': 'All stones', Stones: '6' });

    const pdf = await admin.reports.valuationFile({ groupBy: 'type', format: 'pdf' });
    const lines = await pdfLines(pdf.base64!);
    expect(lines[0]).toBe('Stock valuation');
    expect(lines).toContain(
      `Total in USD | USD | ${usd.stones} | ${usd.carats.toFixed(2)} ct | 12,500.50 USD | 17,800.00 USD`,
    );
    expect(usd).toMatchObject({ cost: 1250050, asking: 1780000 });
  });

  it('neutralises a type that looks like a formula in its CSV', async () => {
    const stone = await admin.inventory.create(aStone({ sku: 'F-1' }));
    exec(`UPDATE gemstones SET gemstoneType = '=cmd|calc' WHERE id = ?`, stone.id); // as another app might write it
    const csv = await admin.reports.valuationFile({ groupBy: 'type', format: 'csv' });
    expect(csv.text).toContain("'=cmd|calc");
  });
});

describe('aging', () => {
  it('buckets stones by days in stock (createdAt once synced, else the local change) as SQL does', async () => {
    await stock();
    const report = await admin.reports.aging();
    const expected = sql<{ bucket: string; currency: string | null; stones: number; cost: number }>(
      `SELECT CASE WHEN days <= 30 THEN '0–30 days' WHEN days <= 90 THEN '31–90 days' WHEN days <= 180 THEN '91–180 days'
                   WHEN days <= 365 THEN '181–365 days' ELSE 'Over 365 days' END AS bucket,
              priceCurrency AS currency, count(*) AS stones, coalesce(sum(costPrice), 0) AS cost
         FROM (SELECT *, (? - coalesce(strftime('%s', createdAt) * 1000, localUpdatedAt)) / 86400000 AS days
                 FROM gemstones WHERE ${IN_STOCK_SQL})
        GROUP BY 1, 2`,
      NOW,
    );
    const key = (l: { group?: string; bucket?: string; currency: string | null }) =>
      `${l.group ?? l.bucket}/${l.currency}`;
    expect(
      report.lines
        .map((l) => ({ key: key(l), stones: l.stones, cost: l.cost }))
        .sort((a, b) => a.key.localeCompare(b.key)),
    ).toEqual(
      expected.map((e) => ({ key: key(e), stones: e.stones, cost: e.cost })).sort((a, b) => a.key.localeCompare(b.key)),
    );
    // R-1 was created here 5 days ago but the server has it from 700 days ago.
    expect(report.lines.find((l) => l.group === 'Over 365 days' && l.currency === 'USD')?.stones).toBe(1);
    expect(report.stones).toBe(6);
  });

  it('gives a practitioner counts and carats only, in the report and its files', async () => {
    await stock();
    const clerk = await signedInAs(core, 'practitioner');
    const report = await clerk.reports.aging();
    expect(report.withMoney).toBe(false);
    expect(report.lines.every((l) => l.currency === null && l.cost === 0 && l.asking === 0)).toBe(true);
    expect(report.stones).toBe(6);
    const csv = await clerk.reports.agingFile({ format: 'csv' });
    expect(csv.text!.split('\r\n')[0]).toBe('Days in stock,Stones,Carats');
    expect(csv.text).not.toMatch(/USD|EUR/);
  });
});

describe('memo outstanding', () => {
  it('sums the stones out per buyer and currency, overdue when the memo was due back before now', async () => {
    const s = await stock();
    const north = await admin.buyers.create(aBuyer({ buyerCode: 'B-1', companyName: 'Northgate Jewels' }));
    const lotus = await admin.buyers.create(
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

    const report = await admin.reports.memosOut();
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
    const charts = await admin.reports.dashboardCharts({ currency: 'USD' });
    expect(charts.money!.memoExposure).toEqual([
      { buyer: north.id, buyerName: 'Northgate Jewels', stones: 2, onTime: 390000, overdue: 180000 },
    ]);

    const csv = await admin.reports.memosOutFile({ format: 'csv' });
    const rows = Papa.parse<Record<string, string>>(csv.text!, { header: true, skipEmptyLines: true }).data;
    expect(rows.find((r) => r.Buyer === 'Total in USD')).toMatchObject({
      'Memo value': '5700.00',
      'Overdue value': '1800.00',
    });
    const pdf = await pdfLines((await admin.reports.memosOutFile({ format: 'pdf' })).base64!);
    expect(pdf.find((l) => l.startsWith('Northgate Jewels'))).toContain('5,700.00 USD | 1,800.00 USD');
  });
});

describe('sales by period', () => {
  async function invoices() {
    const buyer = await admin.buyers.create(aBuyer());
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
    const report = await admin.reports.sales({ from, to, period: 'month' });
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

    const quarters = await admin.reports.sales({ from, to, period: 'quarter' });
    expect(quarters.lines.map((l) => `${l.period} ${l.currency} ${l.invoices}`)).toEqual([
      'Q1 2026 EUR 1',
      'Q1 2026 USD 2',
      'Q2 2026 EUR 1',
      'Q2 2026 USD 0',
    ]);
    expect(quarters.totals).toEqual(report.totals);

    // The dashboard's sales by month: the last twelve months' invoiced totals in the chosen currency.
    const charts = await admin.reports.dashboardCharts({ currency: 'USD' });
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

    const csv = await admin.reports.salesFile({ format: 'csv', filters: { from, to, period: 'quarter' } });
    const rows = Papa.parse<Record<string, string>>(csv.text!, { header: true, skipEmptyLines: true }).data;
    expect(rows.find((r) => r.Quarter === 'Total in USD')).toMatchObject({
      Invoices: '2',
      Total: '4320.00',
      'Payments received': '3740.00',
    });
    const pdf = await pdfLines(
      (await admin.reports.salesFile({ format: 'pdf', filters: { from, to, period: 'month' } })).base64!,
    );
    expect(pdf).toContain('Total in USD | USD | 2 | 4,000.00 USD | 320.00 USD | 4,320.00 USD | 3,740.00 USD');
  });

  it('refuses an end before the start, on the field', async () => {
    const refused = await refusal(
      admin.reports.sales({
        from: new Date(2026, 5, 1).toISOString(),
        to: new Date(2026, 0, 1).toISOString(),
        period: 'month',
      }),
    );
    expect(refused.message).toMatch(/end date must be after the start/);
  });
});

describe('stock counts and privacy', () => {
  it('lists finished counts with their totals, for every staff role', async () => {
    await admin.inventory.create(aStone({ sku: 'V-1' }));
    await admin.inventory.create(aStone({ sku: 'V-2', caratWeight: 1 }));
    const clerk = await signedInAs(core, 'practitioner');
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

  it('refuses the money reports to a practitioner and gives the dashboard counts only', async () => {
    await stock();
    const clerk = await signedInAs(core, 'practitioner');
    for (const call of [
      clerk.reports.valuation({ groupBy: 'type' }),
      clerk.reports.valuationFile({ groupBy: 'type', format: 'pdf' }),
      clerk.reports.memosOut(),
      clerk.reports.sales({
        from: new Date(2026, 0, 1).toISOString(),
        to: new Date(2026, 1, 1).toISOString(),
        period: 'month',
      }),
    ]) {
      expect((await refusal(call)).message).toMatch(/^Only administrators or coordinators can do this/);
    }
    const charts = await clerk.reports.dashboardCharts({});
    expect(charts.money).toBeUndefined();
    expect(charts.pipeline.every((p) => !('quoted' in p))).toBe(true);
    expect(charts.aging.reduce((n, a) => n + a.stones, 0)).toBe(6);
    const coordinator = await signedInAs(core, 'coordinator');
    expect((await coordinator.reports.valuation({ groupBy: 'type' })).stones).toBe(6);
  });
});

describe('dashboard charts', () => {
  it('draws stock value by type in the currency most stones are priced in, or the one asked for', async () => {
    await stock();
    const charts = await admin.reports.dashboardCharts({});
    expect(charts.money!.currencies).toEqual(['USD', 'EUR']);
    expect(charts.money!.currency).toBe('USD');
    const rubyUsd = sql<{ cost: number; asking: number }>(
      `SELECT sum(costPrice) AS cost, sum(askingPrice) AS asking FROM gemstones
        WHERE ${IN_STOCK_SQL} AND gemstoneType = 'Ruby' AND priceCurrency = 'USD'`,
    )[0]!;
    expect(charts.money!.stockByType).toEqual([{ type: 'Ruby', stones: 3, ...rubyUsd }]);
    const euros = await admin.reports.dashboardCharts({ currency: 'EUR' });
    expect(euros.money!.stockByType.map((t) => [t.type, t.asking])).toEqual([
      ['Sapphire', 520000],
      ['Emerald', 150000],
    ]);
    expect(charts.aging.map((a) => a.stones)).toEqual([1, 1, 1, 1, 2]);
    expect(charts.money!.salesByMonth).toHaveLength(12);
    expect(charts.money!.salesByMonth.at(-1)!.monthStart).toBe(new Date(2026, 5, 1).toISOString());
  });
});

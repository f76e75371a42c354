import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { toMajorUnits } from '../../shared/money';
import { aStone, refusal, signedInAs } from '../test-support/core';
import { pdfLines } from '../test-support/pdf-text';
import { NOW, exec, reportsDesk, sql, stock } from '../test-support/reports';

// The stock reports' totals (valuation, aging, the dashboard's charts) against the same sums computed here
// in plain SQL, over stones priced in two currencies, consigned, returned and sold ones, added on different
// days by an injected clock; their CSV and PDF carry the same totals; practitioners see no money.

const desk = reportsDesk();
const major = (minor: number, currency: string) => toMajorUnits(minor, currency);

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
      const report = await desk.admin.reports.valuation({ groupBy });
      expect(report.totals.map(({ carats, ...t }) => ({ ...t, carats: Number(carats.toFixed(2)) }))).toEqual(
        expected.map((e) => ({ ...e, carats: Number(e.carats.toFixed(2)) })),
      );
      expect(report.stones).toBe(6);
    }

    const byType = await desk.admin.reports.valuation({ groupBy: 'type' });
    const rubyUsd = sql<{ cost: number; asking: number; stones: number }>(
      `SELECT count(*) AS stones, sum(costPrice) AS cost, sum(askingPrice) AS asking FROM gemstones
        WHERE ${IN_STOCK_SQL} AND gemstoneType = 'Ruby' AND priceCurrency = 'USD'`,
    )[0]!;
    expect(byType.lines.find((l) => l.group === 'Ruby' && l.currency === 'USD')).toMatchObject(rubyUsd);

    const byLocation = await desk.admin.reports.valuation({ groupBy: 'location' });
    expect(byLocation.lines.map((l) => l.group)).not.toContain('Sold');

    const owned = await desk.admin.reports.valuation({ groupBy: 'ownership' });
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
    const report = await desk.admin.reports.valuation({ groupBy: 'type' });
    const usd = report.totals.find((t) => t.currency === 'USD')!;

    const csv = await desk.admin.reports.valuationFile({ groupBy: 'type', format: 'csv' });
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

    const pdf = await desk.admin.reports.valuationFile({ groupBy: 'type', format: 'pdf' });
    const lines = await pdfLines(pdf.base64!);
    expect(lines[0]).toBe('Stock valuation');
    expect(lines).toContain(
      `Total in USD | USD | ${usd.stones} | ${usd.carats.toFixed(2)} ct | 12,500.50 USD | 17,800.00 USD`,
    );
    expect(usd).toMatchObject({ cost: 1250050, asking: 1780000 });
  });

  it('neutralises a type that looks like a formula in its CSV', async () => {
    const stone = await desk.admin.inventory.create(aStone({ sku: 'F-1' }));
    exec(`UPDATE gemstones SET gemstoneType = '=cmd|calc' WHERE id = ?`, stone.id); // as another app might write it
    const csv = await desk.admin.reports.valuationFile({ groupBy: 'type', format: 'csv' });
    expect(csv.text).toContain("'=cmd|calc");
  });
});

describe('aging', () => {
  it('buckets stones by days in stock (createdAt once synced, else the local change) as SQL does', async () => {
    await stock();
    const report = await desk.admin.reports.aging();
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
    const clerk = await signedInAs(desk.core, 'practitioner');
    const report = await clerk.reports.aging();
    expect(report.withMoney).toBe(false);
    expect(report.lines.every((l) => l.currency === null && l.cost === 0 && l.asking === 0)).toBe(true);
    expect(report.stones).toBe(6);
    const csv = await clerk.reports.agingFile({ format: 'csv' });
    expect(csv.text!.split('\r\n')[0]).toBe('Days in stock,Stones,Carats');
    expect(csv.text).not.toMatch(/USD|EUR/);
  });
});

describe('privacy', () => {
  it('refuses the money reports to a practitioner and gives the dashboard counts only', async () => {
    await stock();
    const clerk = await signedInAs(desk.core, 'practitioner');
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
    const coordinator = await signedInAs(desk.core, 'coordinator');
    expect((await coordinator.reports.valuation({ groupBy: 'type' })).stones).toBe(6);
  });
});

describe('dashboard charts', () => {
  it('draws stock value by type in the currency most stones are priced in, or the one asked for', async () => {
    await stock();
    const charts = await desk.admin.reports.dashboardCharts({});
    expect(charts.money!.currencies).toEqual(['USD', 'EUR']);
    expect(charts.money!.currency).toBe('USD');
    const rubyUsd = sql<{ cost: number; asking: number }>(
      `SELECT sum(costPrice) AS cost, sum(askingPrice) AS asking FROM gemstones
        WHERE ${IN_STOCK_SQL} AND gemstoneType = 'Ruby' AND priceCurrency = 'USD'`,
    )[0]!;
    expect(charts.money!.stockByType).toEqual([{ type: 'Ruby', stones: 3, ...rubyUsd }]);
    const euros = await desk.admin.reports.dashboardCharts({ currency: 'EUR' });
    expect(euros.money!.stockByType.map((t) => [t.type, t.asking])).toEqual([
      ['Sapphire', 520000],
      ['Emerald', 150000],
    ]);
    expect(charts.aging.map((a) => a.stones)).toEqual([1, 1, 1, 1, 2]);
    expect(charts.money!.salesByMonth).toHaveLength(12);
    expect(charts.money!.salesByMonth.at(-1)!.monthStart).toBe(new Date(2026, 5, 1).toISOString());
  });
});

// The stock is read on a worker thread (stock-read.ts); asks made while a read is under way share it, but
// only while nothing has been written since: a report asked for after a change always shows that change.
describe('reading the stock off the main thread', () => {
  it('shares a read under way between simultaneous asks, never across a write', async () => {
    await stock();
    const [first, second] = await Promise.all([
      desk.admin.reports.valuation({ groupBy: 'type' }),
      desk.admin.reports.valuation({ groupBy: 'type' }),
    ]);
    expect(second.totals).toEqual(first.totals);

    // A read is asked for; a stone is added meanwhile; the ask after the stone sees it.
    const meanwhile = desk.admin.reports.valuation({ groupBy: 'type' });
    await desk.admin.inventory.create(aStone({ sku: 'RB-WORKER', location: 'Vault' }));
    const after = await desk.admin.reports.valuation({ groupBy: 'type' });
    expect(after.stones).toBe(first.stones + 1);
    expect([first.stones, first.stones + 1]).toContain((await meanwhile).stones);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CERTIFICATE_STATUSES } from '../../shared/enums';
import { STONE_SORT_COLUMNS, type StoneFilter, type StoneSortColumn } from '../../shared/schemas';
import { signedInAdmin, startTestCore, type TestCore } from '../test-support/core';
import { explain, listStones, pageQuery, stoneTotals, totalsQuery } from './queries/grid';

// The grid's query layer on a few thousand generated stones: filters and sorts give the right rows and
// totals, and every filter × sort uses an index (EXPLAIN QUERY PLAN): no full-table scan, and no sort
// step on the paths an index serves in order.

let t: TestCore;
interface Row {
  id: string;
  sku: string;
  gemstoneType: string;
  caratWeight: number;
  clarityGrade: string;
  certificateNumber: string | null;
  certificateStatus: string;
  location: string;
  assignedBuyer: string | null;
  shape: string | null;
  colour: string | null;
  treatment: string | null;
  hue: string | null;
  tone: string | null;
  saturation: string | null;
  cutGrade: string | null;
  lengthMm: number | null;
  widthMm: number | null;
  depthMm: number | null;
  origin: string | null;
  fluorescence: string | null;
  reportUrl: string | null;
  costPrice: number | null;
  askingPrice: number | null;
  priceCurrency: string | null;
}
const rows: Row[] = [];
const SHAPES = ['Round', 'Oval', 'Cushion', 'Pear', 'Emerald cut'];
/** Grading is optional: about one stone in n has none of it. */
const some = <T>(i: number, n: number, value: T): T | null => (i % n === 0 ? null : value);
const mm = (i: number, k: number) => some(i, 3 + k, Math.round((3 + ((i * (31 + k)) % 900) / 100) * 100) / 100);
const TYPES = ['Diamond', 'Ruby', 'Sapphire', 'Emerald'];
// The vault holds most stones (so "filter by Vault, sort by SKU" walks the SKU index) and the counter few.
const LOCATIONS = ['Vault', 'Vault', 'Vault', 'Vault', 'Vault', 'Vault', 'Vault', 'Vault', 'Safe', 'Counter'];

beforeAll(async () => {
  t = await startTestCore();
  await signedInAdmin(t.core);
  const s = t.core.store.sqlite;
  s.prepare(
    `INSERT INTO buyers (id, localUpdatedAt, buyerCode, companyName, contactName, email, salesStatus) VALUES ('b1', 0, 'B-1', 'Antwerp Facets', 'Ada', 'a@example.com', 'active')`,
  ).run();
  const insert = s.prepare(
    `INSERT INTO gemstones (id, localUpdatedAt, sku, gemstoneType, caratWeight, clarityGrade, certificateNumber, certificateStatus, location, assignedBuyer,
       shape, colour, treatment, hue, tone, saturation, cutGrade, lengthMm, widthMm, depthMm, origin, fluorescence, reportUrl, costPrice, askingPrice, priceCurrency)
     VALUES (@id, 0, @sku, @gemstoneType, @caratWeight, @clarityGrade, @certificateNumber, @certificateStatus, @location, @assignedBuyer,
       @shape, @colour, @treatment, @hue, @tone, @saturation, @cutGrade, @lengthMm, @widthMm, @depthMm, @origin, @fluorescence, @reportUrl, @costPrice, @askingPrice, @priceCurrency)`,
  );
  s.transaction(() => {
    for (let i = 0; i < 3000; i++) {
      const gemstoneType = TYPES[i % 4]!;
      const row: Row = {
        id: `id-${i}`,
        sku: `${gemstoneType.slice(0, 2).toUpperCase()}-${String(i).padStart(5, '0')}`,
        gemstoneType,
        caratWeight: Math.round((0.2 + ((i * 7919) % 1000) / 100) * 100) / 100,
        clarityGrade:
          gemstoneType === 'Diamond' ? ['VS1', 'VS2', 'SI1'][i % 3]! : ['Eye Clean', 'Slightly Included'][i % 2]!,
        certificateNumber: i % 5 === 0 ? null : String(2_000_000_000 + ((i * 104729) % 1_000_000)),
        certificateStatus: CERTIFICATE_STATUSES[i % 4]!,
        location: LOCATIONS[(i * 3) % 10]!,
        assignedBuyer: i % 25 === 0 ? 'b1' : null,
        shape: some(i, 7, SHAPES[i % 5]!),
        colour: some(i, 5, gemstoneType === 'Diamond' ? 'DEFGHI'[i % 6]! : ['Blue', 'Pigeon blood', 'Green'][i % 3]!),
        treatment: some(i, 4, ['None', 'Heated', 'Oiled'][i % 3]!),
        hue: some(i, 2, ['blue', 'violetish blue'][(i % 4) >> 1]!),
        tone: some(i, 3, ['Light', 'Medium', 'Dark'][i % 3]!),
        saturation: some(i, 3, ['Strong', 'Vivid'][i % 2]!),
        cutGrade: some(i, 4, ['Excellent', 'Very good', 'Good'][i % 3]!),
        lengthMm: mm(i, 0),
        widthMm: mm(i, 1),
        depthMm: mm(i, 2),
        origin: some(i, 3, ['Sri Lanka', 'Myanmar', 'Colombia'][i % 3]!),
        fluorescence: gemstoneType === 'Diamond' ? some(i, 2, ['None', 'Faint'][i % 2]!) : null,
        reportUrl: some(i, 2, `https://www.gia.edu/report-check?reportno=${2_000_000_000 + i}`),
        costPrice: some(i, 5, 60_000 + ((i * 104_729) % 700_000)),
        askingPrice: some(i, 6, 100_000 + ((i * 7919) % 900_000)),
        priceCurrency: some(i, 6, 'USD') ?? some(i, 5, 'USD'),
      };
      rows.push(row);
      insert.run(row);
    }
  })();
});
afterAll(() => t.dispose());

function matches(r: Row, f: StoneFilter): boolean {
  if (f.gemstoneType !== undefined && r.gemstoneType !== f.gemstoneType) return false;
  if (f.clarityGrade !== undefined && r.clarityGrade !== f.clarityGrade) return false;
  if (f.certificateStatus !== undefined && r.certificateStatus !== f.certificateStatus) return false;
  if (f.location !== undefined && r.location !== f.location) return false;
  if (
    f.assignedBuyer !== undefined &&
    (f.assignedBuyer === 'none' ? r.assignedBuyer !== null : r.assignedBuyer !== f.assignedBuyer)
  )
    return false;
  for (const k of ['shape', 'colour', 'treatment', 'priceCurrency'] as const)
    if (f[k] !== undefined && r[k] !== f[k]) return false;
  if (f.askingMin !== undefined && (r.askingPrice === null || r.askingPrice < f.askingMin * 100)) return false;
  if (f.askingMax !== undefined && (r.askingPrice === null || r.askingPrice > f.askingMax * 100)) return false;
  if (f.caratMin !== undefined && r.caratWeight < f.caratMin) return false;
  if (f.caratMax !== undefined && r.caratWeight > f.caratMax) return false;
  if (f.text !== undefined) {
    const p = [f.text, f.text.toUpperCase()];
    if (!p.some((x) => r.sku.startsWith(x) || (r.certificateNumber ?? '').startsWith(x))) return false;
  }
  return true;
}

const FILTERS: [string, StoneFilter][] = [
  ['none', {}],
  ['gemstone type', { gemstoneType: 'Ruby' }],
  ['carat range', { caratMin: 2, caratMax: 4.5 }],
  ['clarity grade', { clarityGrade: 'VS1' }],
  ['certificate status', { certificateStatus: 'verified' }],
  ['location (most of the stock)', { location: 'Vault' }],
  ['location (few stones)', { location: 'Counter' }],
  ['assigned buyer', { assignedBuyer: 'b1' }],
  ['no assigned buyer', { assignedBuyer: 'none' }],
  ['free text on sku', { text: 'ru-000' }],
  ['free text on certificate number', { text: '20000' }],
  ['type + location + carat', { gemstoneType: 'Diamond', location: 'Vault', caratMin: 1 }],
  ['type + status + clarity', { gemstoneType: 'Diamond', certificateStatus: 'pending', clarityGrade: 'VS2' }],
  ['shape', { shape: 'Oval' }],
  ['colour', { colour: 'G' }],
  ['treatment', { treatment: 'Heated' }],
  ['shape + type', { shape: 'Round', gemstoneType: 'Ruby' }],
  ['asking price range', { priceCurrency: 'USD', askingMin: 2000, askingMax: 2500 }],
  ['asking price range + type', { priceCurrency: 'USD', askingMin: 5000, gemstoneType: 'Emerald' }],
  ['priced in a currency', { priceCurrency: 'USD' }],
];

describe('grid filters, sorts and totals', () => {
  it.each(FILTERS)('filter: %s gives the right stones, count and total carats', (_name, filter) => {
    const expected = rows.filter((r) => matches(r, filter));
    const page = listStones(t.core.store, { filter, sort: 'sku', direction: 'asc', limit: 500 });
    expect(page.total).toBe(expected.length);
    expect(page.totalCarats).toBeCloseTo(
      expected.reduce((s, r) => s + r.caratWeight, 0),
      2,
    );
    expect(page.rows.map((r) => r.sku)).toEqual(
      expected
        .map((r) => r.sku)
        .sort()
        .slice(0, 500),
    );
  });

  it.each(STONE_SORT_COLUMNS.flatMap((c) => [[c, 'asc'] as const, [c, 'desc'] as const]))(
    'sorts by %s %s across pages',
    (sort, direction) => {
      const filter = { gemstoneType: 'Sapphire' };
      const all = [0, 1, 2, 3, 4, 5, 6, 7].flatMap(
        (p) => listStones(t.core.store, { filter, sort, direction, limit: 100, offset: p * 100 }).rows,
      );
      expect(all).toHaveLength(750);
      expect(new Set(all.map((r) => r.id)).size).toBe(750);
      const values = all.map((r) => r[sort] ?? null);
      const sorted = [...values].sort((a, b) => {
        if (a === b) return 0;
        // Unassigned stones come last either way; a missing certificate number sorts as the lowest.
        if (a === null) return sort === 'certificateNumber' ? (direction === 'asc' ? -1 : 1) : 1;
        if (b === null) return sort === 'certificateNumber' ? (direction === 'asc' ? 1 : -1) : -1;
        return (a < b ? -1 : 1) * (direction === 'asc' ? 1 : -1);
      });
      expect(values).toEqual(sorted);
    },
  );

  it('reads deep pages (past the first 2,000 stones) in the same order as the first ones', () => {
    for (const [sort, direction] of [
      ['sku', 'asc'],
      ['caratWeight', 'desc'],
      ['location', 'asc'],
    ] as const) {
      const filter = sort === 'location' ? { certificateStatus: 'none' as const } : {};
      const expected = rows.filter((r) => matches(r, filter));
      // Ties in carat: type, clarity, status, location (the indexes' trailing columns), then insertion order.
      const ties = (['gemstoneType', 'clarityGrade', 'certificateStatus', 'location'] as const).filter(
        (c) => c !== sort,
      );
      const key = (r: Row) =>
        sort === 'sku' ? [r.sku] : [r[sort], r.caratWeight, ...ties.map((c) => r[c]), Number(r.id.slice(3))];
      expected.sort((a, b) => {
        const [x, y] = [key(a), key(b)];
        for (let i = 0; i < x.length; i++)
          if (x[i] !== y[i]) return (x[i]! < y[i]! ? -1 : 1) * (direction === 'asc' ? 1 : -1);
        return 0;
      });
      const offset = sort === 'location' ? 0 : 2500;
      const page = listStones(t.core.store, { filter, sort, direction, limit: 100, offset });
      expect(
        page.rows.map((r) => r.sku),
        sort,
      ).toEqual(expected.slice(offset, offset + 100).map((r) => r.sku));
      expect(page.rows[0]).not.toHaveProperty('_rowid');
    }
    const deep = explain(
      t.core.store,
      pageQuery(
        t.core.store,
        { filter: {}, sort: 'caratWeight', direction: 'desc', limit: 100, offset: 2500 },
        undefined,
        'rowids',
      ),
    );
    expect(deep.join(' | ')).toMatch(/SCAN g USING COVERING INDEX gemstones_caratWeight/);
  });

  it('counts the stock from the tallies the triggers keep, through inserts, updates and deletes', async () => {
    const s = t.core.store.sqlite;
    const before = stoneTotals(t.core.store, { location: 'Safe' });
    s.prepare("UPDATE gemstones SET location = 'Safe' WHERE id = 'id-1'").run();
    s.prepare("UPDATE gemstones SET caratWeight = caratWeight + 1 WHERE id = 'id-1'").run();
    t.core.store.changes.emit({ entities: ['Gemstone'], at: Date.now() });
    const after = stoneTotals(t.core.store, { location: 'Safe' });
    const row = rows.find((r) => r.id === 'id-1')!;
    expect(after.total).toBe(before.total + (row.location === 'Safe' ? 0 : 1));
    const brute = s
      .prepare("SELECT count(*) AS n, sum(caratWeight) AS ct FROM gemstones WHERE location = 'Safe'")
      .get() as { n: number; ct: number };
    expect(after).toEqual({ total: brute.n, totalCarats: Math.round(brute.ct * 100) / 100 });
    // Put it back for the other tests.
    s.prepare('UPDATE gemstones SET location = ?, caratWeight = ? WHERE id = ?').run(
      row.location,
      row.caratWeight,
      row.id,
    );
    t.core.store.changes.emit({ entities: ['Gemstone'], at: Date.now() });
    expect(stoneTotals(t.core.store, { location: 'Safe' })).toEqual(before);
  });
});

const FULL_SCAN = /^SCAN (g|gemstones)$|^SCAN (g|gemstones) (?!USING)/;
const plan = (filter: StoneFilter, sort: StoneSortColumn, direction: 'asc' | 'desc', offset = 0) =>
  explain(t.core.store, pageQuery(t.core.store, { filter, sort, direction, limit: 100, offset }));

describe('query plans (EXPLAIN QUERY PLAN)', () => {
  it.each(FILTERS)('filter %s: every sort reads an index, never the whole table', (_name, filter) => {
    for (const sort of STONE_SORT_COLUMNS) {
      for (const direction of ['asc', 'desc'] as const) {
        const lines = plan(filter, sort, direction);
        expect(
          lines.filter((l) => FULL_SCAN.test(l)),
          `${sort} ${direction}: ${lines.join(' | ')}`,
        ).toEqual([]);
        expect(lines.some((l) => /^(SCAN|SEARCH) g USING (COVERING )?INDEX/.test(l) || l === 'MULTI-INDEX OR')).toBe(
          true,
        );
      }
    }
    const totals = explain(t.core.store, totalsQuery(t.core.store, filter));
    expect(
      totals.filter((l) => FULL_SCAN.test(l)),
      totals.join(' | '),
    ).toEqual([]);
  });

  it('walks an index in order, with no sort step, on the indexed paths', () => {
    for (const sort of STONE_SORT_COLUMNS) {
      const lines = plan({}, sort, 'desc', 500).join(' | ');
      expect(lines, sort).toMatch(/SCAN g USING INDEX/);
      expect(lines, sort).not.toMatch(/TEMP B-TREE/);
    }
    // The default sort (carat) with any one column filter walks (column, caratWeight).
    const byIndex: [StoneFilter, string][] = [
      [{ gemstoneType: 'Ruby' }, 'gemstones_type_carat'],
      [{ clarityGrade: 'VS1' }, 'gemstones_clarity_carat'],
      [{ certificateStatus: 'none' }, 'gemstones_status_carat'],
      [{ location: 'Safe' }, 'gemstones_location_carat'],
      [{ assignedBuyer: 'b1' }, 'gemstones_buyer_carat'],
      [{ gemstoneType: 'Ruby', caratMin: 1, caratMax: 2 }, 'gemstones_type_carat'],
      [{ caratMin: 1, caratMax: 2 }, 'gemstones_caratWeight'],
      [{ shape: 'Oval' }, 'gemstones_shape_carat'],
      [{ colour: 'G' }, 'gemstones_colour_carat'],
      [{ treatment: 'Heated' }, 'gemstones_treatment_carat'],
    ];
    for (const [filter, index] of byIndex) {
      const lines = plan(filter, 'caratWeight', 'desc').join(' | ');
      expect(lines).toMatch(new RegExp(`SEARCH g USING (COVERING )?INDEX ${index}`));
      expect(lines).not.toMatch(/TEMP B-TREE/);
    }
    // Several column filters, heaviest first: the narrowest column's index (here the counter's few stones).
    expect(plan({ gemstoneType: 'Ruby', location: 'Counter' }, 'caratWeight', 'desc').join(' | ')).toMatch(
      /INDEX gemstones_location_carat/,
    );
    // Sorting by the filtered column itself stays on its index.
    expect(plan({ location: 'Safe' }, 'location', 'asc').join(' | ')).not.toMatch(/TEMP B-TREE/);
  });

  it('sorts and filters by grading and prices on their own indexes (migration 0013)', () => {
    const uses = (filter: StoneFilter, sort: StoneSortColumn, index: string, dir: 'asc' | 'desc' = 'asc') => {
      const lines = plan(filter, sort, dir).join(' | ');
      expect(lines, `${sort} ${JSON.stringify(filter)}`).toMatch(new RegExp(`USING (COVERING )?INDEX ${index}\\b`));
      expect(lines, `${sort} ${JSON.stringify(filter)}`).not.toMatch(/TEMP B-TREE/);
    };
    for (const dir of ['asc', 'desc'] as const) {
      uses({}, 'askingPrice', 'gemstones_askingPrice', dir);
      uses({ priceCurrency: 'USD' }, 'askingPrice', 'gemstones_currency_asking', dir);
      uses({}, 'costPrice', 'gemstones_costPrice', dir);
      uses({}, 'shape', 'gemstones_shape_carat', dir);
      uses({}, 'lengthMm', 'gemstones_lengthMm', dir);
      uses({}, 'fluorescence', 'gemstones_fluorescence', dir);
    }
    // An asking price range in a currency, cheapest first: one range of the price index, in order.
    const range = plan({ priceCurrency: 'USD', askingMin: 2000, askingMax: 2500 }, 'askingPrice', 'asc').join(' | ');
    expect(range).toMatch(
      /SEARCH g USING INDEX gemstones_currency_asking \(priceCurrency=\? AND askingPrice>\? AND askingPrice<\?\)/,
    );
    expect(range).not.toMatch(/TEMP B-TREE/);
    // Sorting by a shape filtered on stays on the shape index.
    uses({ shape: 'Oval' }, 'shape', 'gemstones_shape_carat');
    // Unpriced stones come last whichever way prices are sorted.
    for (const direction of ['asc', 'desc'] as const) {
      const last = listStones(t.core.store, { sort: 'askingPrice', direction, limit: 100, offset: 2900 }).rows;
      expect(last.at(-1)!.askingPrice, direction).toBeNull();
      const first = listStones(t.core.store, { sort: 'askingPrice', direction, limit: 1 }).rows[0]!;
      const priced = rows.filter((r) => r.askingPrice !== null).map((r) => r.askingPrice!);
      expect(first.askingPrice).toBe(direction === 'asc' ? Math.min(...priced) : Math.max(...priced));
    }
  });

  it('sorts by assigned buyer with unassigned stones last both ways, walking the buyer index from the first page to deep ones', () => {
    const assigned = rows.filter((r) => r.assignedBuyer !== null).length;
    for (const direction of ['asc', 'desc'] as const) {
      const lines = plan({}, 'assignedBuyer', direction).join(' | ');
      expect(lines, direction).toMatch(/SCAN g USING INDEX gemstones_buyer_carat/);
      expect(lines, direction).not.toMatch(/TEMP B-TREE/);
      const first = listStones(t.core.store, { sort: 'assignedBuyer', direction, limit: 100 }).rows;
      expect(
        first.every((r) => r.assignedBuyer === 'b1'),
        direction,
      ).toBe(true);
      const boundary = listStones(t.core.store, { sort: 'assignedBuyer', direction, limit: 100, offset: 100 }).rows;
      expect(boundary.map((r) => r.assignedBuyer !== null)).toEqual(
        Array.from({ length: 100 }, (_, i) => i < assigned - 100),
      );
      // Deep pages skip along the same index: unassigned stones in carat order.
      const deep = listStones(t.core.store, { sort: 'assignedBuyer', direction, limit: 100, offset: 2500 }).rows;
      const carats = deep.map((r) => r.caratWeight);
      expect(deep.every((r) => r.assignedBuyer === null)).toBe(true);
      expect(carats).toEqual([...carats].sort((a, b) => (direction === 'asc' ? a - b : b - a)));
    }
  });

  it('carries every tallied column in the carat indexes, so a walk checks several filters without reading stones', () => {
    const columns = (index: string) =>
      (t.core.store.sqlite.prepare(`PRAGMA index_info(${index})`).all() as { name: string }[])
        .map((c) => c.name)
        .sort();
    const tallied = ['caratWeight', 'certificateStatus', 'clarityGrade', 'gemstoneType', 'location'];
    for (const index of [
      'gemstones_caratWeight',
      'gemstones_type_carat',
      'gemstones_clarity_carat',
      'gemstones_status_carat',
      'gemstones_location_carat',
    ]) {
      expect(columns(index), index).toEqual(tallied);
    }
    expect(columns('gemstones_buyer_carat')).toEqual(['assignedBuyer', ...tallied].sort());
    // Three filters, heaviest first: one index walked in carat order, no sort step, and the rows come back
    // in the same total order as with one filter.
    const lines = plan(
      { gemstoneType: 'Ruby', location: 'Counter', certificateStatus: 'none' },
      'caratWeight',
      'desc',
    ).join(' | ');
    expect(lines).toMatch(/SEARCH g USING INDEX gemstones_(location|type|status)_carat/);
    expect(lines).not.toMatch(/TEMP B-TREE/);
  });

  it('walks the sort index when the filter keeps most of the stock, and filters first when it keeps few', () => {
    const broad = plan({ location: 'Vault' }, 'sku', 'asc').join(' | ');
    expect(broad).toMatch(/SCAN g USING INDEX gemstones_sku/);
    expect(broad).not.toMatch(/TEMP B-TREE/);
    const narrow = plan({ assignedBuyer: 'b1' }, 'sku', 'asc').join(' | ');
    expect(narrow).toMatch(/SEARCH g USING (COVERING )?INDEX gemstones_buyer_carat/);
  });

  it('counts type/clarity/status/location filters from the tallies, not the stones', () => {
    expect(
      explain(
        t.core.store,
        totalsQuery(t.core.store, { gemstoneType: 'Ruby', location: 'Vault', certificateStatus: 'none' }),
      ).join(),
    ).toMatch(/gemstone_tallies/);
    expect(explain(t.core.store, totalsQuery(t.core.store, { gemstoneType: 'Ruby', caratMin: 1 })).join()).toMatch(
      /SEARCH g USING COVERING INDEX gemstones_type_carat/,
    );
  });
});

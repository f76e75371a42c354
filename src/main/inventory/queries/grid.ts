import type { z } from 'zod';
import { listStonesInput, type ListStonesInput, type StoneFilter, type StoneSortColumn } from '../../../shared/schemas';
import { currencyExponent } from '../../../shared/money';
import type { Store } from '../../db/store';

// The inventory grid's query layer: filtering, sorting and paging happen here, in SQLite, so the grid
// scrolls through a million stones with only the visible pages in the renderer.
//
// Indexes (schema.ts): every filterable column X has an index (X, caratWeight); sku, caratWeight and
// certificateNumber have their own. So:
//   * the default sort (carat) with any one filter walks (X, caratWeight) in order and stops at the page;
//   * sorting by X walks (X, caratWeight) in order (ties within X follow carat in the same direction);
//   * a filter on one column and a sort on another: the query either reads the narrowest filter index
//     and sorts what it keeps, or walks the sort's index and checks the filter row by row (the unary
//     `+` stops SQLite from choosing a filter index). It walks when that reads fewer rows: about
//     (offset + limit) × stones / matches, against the size of the narrowest filter (from the tallies).
// Counts and carat totals: for type/clarity/status/location filters they come from gemstone_tallies
// (kept by triggers, a few hundred rows); other filters count with the narrowest index, once per
// filter and data version (cached), never per page or re-sort.

export interface Stone {
  id: string;
  objectId: string | null;
  sku: string;
  gemstoneType: string;
  caratWeight: number;
  clarityGrade: string;
  certificateNumber: string | null;
  certificateStatus: string;
  location: string;
  assignedBuyer: string | null;
  /** The assigned buyer's company, for display. */
  assignedBuyerName: string | null;
  colour: string | null;
  hue: string | null;
  tone: string | null;
  saturation: string | null;
  shape: string | null;
  cutGrade: string | null;
  lengthMm: number | null;
  widthMm: number | null;
  depthMm: number | null;
  origin: string | null;
  treatment: string | null;
  fluorescence: string | null;
  reportUrl: string | null;
  /** Minor units of priceCurrency; absent for roles that may not see prices (src/shared/privacy.ts). */
  costPrice?: number | null;
  askingPrice?: number | null;
  priceCurrency: string | null;
  /** Names the stone's cover photo (it changes when the cover does); null without photos. See media/. */
  cover: string | null;
  localUpdatedAt: number;
}

export interface Totals {
  total: number;
  totalCarats: number;
}

export interface StonePage extends Totals {
  rows: Stone[];
}

export const SELECT_STONE = `
  SELECT g.id, g.objectId, g.sku, g.gemstoneType, g.caratWeight, g.clarityGrade, g.certificateNumber,
         g.certificateStatus, g.location, g.assignedBuyer, b.companyName AS assignedBuyerName,
         g.colour, g.hue, g.tone, g.saturation, g.shape, g.cutGrade, g.lengthMm, g.widthMm, g.depthMm, g.origin,
         g.treatment, g.fluorescence, g.reportUrl, g.costPrice, g.askingPrice, g.priceCurrency, g.localUpdatedAt,
         coalesce(json_extract(g.photos, '$[0].sha256'), json_extract(g.photos, '$[0].name')) AS cover
  FROM gemstones g LEFT JOIN buyers b ON b.id = g.assignedBuyer`;

// Sort columns come from a fixed list (validated by zod), never from the user's text. The order is the
// order of an index, so the first page is a walk, not a sort.
// Ties in carat follow the indexes' trailing columns (schema.ts), in this one fixed order, then the rowid,
// so every page order is total (paging never repeats or skips a stone) and still an index's own order.
const TIE_BREAK = ['gemstoneType', 'clarityGrade', 'certificateStatus', 'location'] as const;

/**
 * Grading and prices (optional, often empty): a grading column with a filter is indexed like the others,
 * (X, caratWeight, ties); the rest by (X) alone; prices by (price, priceCurrency), and a currency filter
 * by (priceCurrency, askingPrice). Stones without the value come last in both directions.
 */
const CARAT_INDEXED_GRADING = ['shape', 'colour', 'treatment'] as const;
const PLAIN_INDEXED: readonly StoneSortColumn[] = [
  'hue',
  'tone',
  'saturation',
  'cutGrade',
  'lengthMm',
  'widthMm',
  'depthMm',
  'origin',
  'fluorescence',
  'reportUrl',
];

function orderBy(sort: StoneSortColumn, dir: 'ASC' | 'DESC', indexLead?: string): string {
  // Walking (X, caratWeight, …) for a filter on X, the ORDER BY names that index's columns exactly, so
  // SQLite sees the walk is already in order. X is constant under the filter: the order is the same.
  const ties = TIE_BREAK.filter((c) => c !== sort && c !== indexLead).map((c) => `g.${c} ${dir}`);
  if (PLAIN_INDEXED.includes(sort)) return `g.${sort} ${dir} NULLS LAST, g.rowid ${dir}`;
  if ((CARAT_INDEXED_GRADING as readonly string[]).includes(sort))
    return [`g.${sort} ${dir} NULLS LAST`, `g.caratWeight ${dir}`, ...ties, `g.rowid ${dir}`].join(', ');
  switch (sort) {
    case 'askingPrice':
    case 'costPrice':
      // By amount, unpriced stones last (SQLite walks the index in two ranges for NULLS LAST on the first
      // term only). Amounts in different currencies are not converted: filter by currency to compare them.
      return `g.${sort} ${dir} NULLS LAST, g.priceCurrency ${dir}, g.rowid ${dir}`;
    case 'priceCurrency':
      return `g.priceCurrency ${dir} NULLS LAST, g.askingPrice ${dir}, g.rowid ${dir}`;
    case 'sku':
      return `g.sku ${dir}`;
    case 'caratWeight':
      return [`g.caratWeight ${dir}`, ...ties, `g.rowid ${dir}`].join(', ');
    case 'certificateNumber':
      return `g.certificateNumber ${dir}, g.rowid ${dir}`;
    case 'assignedBuyer':
      // Unassigned stones last in both directions. SQLite walks (assignedBuyer, caratWeight, …) in two
      // ranges for NULLS LAST (the buyers, then the NULLs), so this is still an index walk with no sort.
      return [`g.assignedBuyer ${dir} NULLS LAST`, `g.caratWeight ${dir}`, ...ties, `g.rowid ${dir}`].join(', ');
    default:
      return [`g.${sort} ${dir}`, `g.caratWeight ${dir}`, ...ties, `g.rowid ${dir}`].join(', ');
  }
}

const EQUALITY_FILTERS = [
  'gemstoneType',
  'clarityGrade',
  'certificateStatus',
  'location',
  'assignedBuyer',
  'shape',
  'colour',
  'treatment',
  'priceCurrency',
] as const;
type EqualityFilter = (typeof EQUALITY_FILTERS)[number];
const TALLIED: readonly EqualityFilter[] = ['gemstoneType', 'clarityGrade', 'certificateStatus', 'location'];
const INDEX_OF: Record<EqualityFilter, string> = {
  gemstoneType: 'gemstones_type_carat',
  clarityGrade: 'gemstones_clarity_carat',
  certificateStatus: 'gemstones_status_carat',
  location: 'gemstones_location_carat',
  assignedBuyer: 'gemstones_buyer_carat',
  shape: 'gemstones_shape_carat',
  colour: 'gemstones_colour_carat',
  treatment: 'gemstones_treatment_carat',
  priceCurrency: 'gemstones_currency_asking',
};
/** Filters that, like a buyer, keep few stones and are not tallied: their matches are what filtering reads. */
const UNTALLIED = (filter: StoneFilter) =>
  (filter.assignedBuyer !== undefined && filter.assignedBuyer !== 'none') ||
  filter.askingMin !== undefined ||
  filter.askingMax !== undefined;

/** The asking price range in minor units of its currency (a typed bound with more decimals is rounded inwards). */
function askingBounds(filter: StoneFilter): { min?: number; max?: number } {
  const factor = 10 ** currencyExponent(filter.priceCurrency ?? 'USD');
  return {
    min: filter.askingMin === undefined ? undefined : Math.ceil(filter.askingMin * factor - 1e-9),
    max: filter.askingMax === undefined ? undefined : Math.floor(filter.askingMax * factor + 1e-9),
  };
}

/** The upper bound of a prefix range: every string starting with `prefix` sorts below it (BINARY collation). */
const prefixEnd = (prefix: string) => `${prefix}\u{10FFFF}`;

interface Compiled {
  sql: string;
  params: Record<string, unknown>;
}

/**
 * WHERE clause for a filter. `walkSort` puts a unary + before every other column so no index serves
 * those parts of the filter and SQLite walks the index of the sort column instead.
 */
export function compileFilter(filter: StoneFilter, walkSort?: StoneSortColumn, indexLead?: string): Compiled {
  // Walking (indexLead, caratWeight, …) in carat order, the other equality filters get a + too: SQLite
  // still checks them on the index entries before reading a stone, but no longer takes them for
  // constants that would stop it from seeing the walk is already in ORDER BY order.
  const c = (column: string) =>
    `${(walkSort && walkSort !== column) || (indexLead && column !== indexLead && column !== 'caratWeight') ? '+' : ''}g.${column}`;
  const parts: string[] = [];
  const params: Record<string, unknown> = {};
  for (const key of EQUALITY_FILTERS) {
    const value = filter[key];
    if (value === undefined) continue;
    if (key === 'assignedBuyer' && value === 'none') parts.push(`${c(key)} IS NULL`);
    else {
      parts.push(`${c(key)} = @${key}`);
      params[key] = value;
    }
  }
  const asking = askingBounds(filter);
  if (asking.min !== undefined) {
    parts.push(`${c('askingPrice')} >= @askingMin`);
    params.askingMin = asking.min;
  }
  if (asking.max !== undefined) {
    parts.push(`${c('askingPrice')} <= @askingMax`);
    params.askingMax = asking.max;
  }
  if (filter.caratMin !== undefined) {
    parts.push(`${c('caratWeight')} >= @caratMin`);
    params.caratMin = filter.caratMin;
  }
  if (filter.caratMax !== undefined) {
    parts.push(`${c('caratWeight')} <= @caratMax`);
    params.caratMax = filter.caratMax;
  }
  if (filter.text) {
    // SKUs are usually typed in capitals: look for what was typed and its upper-case form.
    const variants = [...new Set([filter.text, filter.text.toUpperCase()])];
    const ranges: string[] = [];
    variants.forEach((v, i) => {
      params[`t${i}lo`] = v;
      params[`t${i}hi`] = prefixEnd(v);
      ranges.push(`(${c('sku')} >= @t${i}lo AND ${c('sku')} < @t${i}hi)`);
      ranges.push(`(${c('certificateNumber')} >= @t${i}lo AND ${c('certificateNumber')} < @t${i}hi)`);
    });
    parts.push(`(${ranges.join(' OR ')})`);
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

function isEmpty(filter: StoneFilter): boolean {
  return Object.values(filter).every((v) => v === undefined);
}

/** Whether the sort's index already yields the filtered rows in order (so no plan choice is needed). */
function sortServedByFilterIndex(filter: StoneFilter, sort: StoneSortColumn): boolean {
  const equalities = EQUALITY_FILTERS.filter((k) => filter[k] !== undefined);
  if (filter.text) return false;
  const priced = filter.priceCurrency !== undefined;
  // (priceCurrency, askingPrice) is in order within a currency, and holds the asking range too.
  if (sort === 'askingPrice' && priced && equalities.length === 1)
    return filter.caratMin === undefined && filter.caratMax === undefined;
  if (priced) return false;
  if (sort === 'caratWeight') return true; // (X, caratWeight) or the carat index
  if (equalities.length === 0 && filter.caratMin === undefined && filter.caratMax === undefined) return true;
  // Filtering on the sorted column itself (and perhaps carat): (X, caratWeight) is in order within X.
  return equalities.length === 1 && equalities[0] === sort;
}

/** Per-store cache of filter totals, dropped whenever stones change (any workstation, any writer). */
class TotalsCache {
  private version = 0;
  private readonly entries = new Map<string, Totals & { version: number }>();

  constructor(store: Store) {
    store.changes.subscribe((event) => {
      if (event.entities.includes('Gemstone')) {
        this.version++;
        this.entries.clear();
      }
    });
  }

  get(key: string): Totals | undefined {
    const hit = this.entries.get(key);
    return hit && hit.version === this.version ? hit : undefined;
  }

  set(key: string, totals: Totals) {
    if (this.entries.size > 200) this.entries.clear();
    this.entries.set(key, { ...totals, version: this.version });
  }
}

const caches = new WeakMap<Store, TotalsCache>();
function cacheOf(store: Store): TotalsCache {
  let cache = caches.get(store);
  if (!cache) caches.set(store, (cache = new TotalsCache(store)));
  return cache;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** SQL (and parameters) that counts the stones of a filter and sums their carats. */
export function totalsQuery(store: Store, filter: StoneFilter): Compiled {
  const equalities = EQUALITY_FILTERS.filter((k) => filter[k] !== undefined);
  const onlyTallied =
    equalities.every((k) => TALLIED.includes(k)) &&
    filter.caratMin === undefined &&
    filter.caratMax === undefined &&
    filter.askingMin === undefined &&
    filter.askingMax === undefined &&
    !filter.text;
  if (onlyTallied) {
    const where = equalities.map((k) => `${k} = @${k}`);
    const params = Object.fromEntries(equalities.map((k) => [k, filter[k]]));
    return {
      sql: `SELECT coalesce(sum(stones), 0) AS total, coalesce(sum(carats), 0) AS totalCarats FROM gemstone_tallies ${
        where.length ? `WHERE ${where.join(' AND ')}` : ''
      }`,
      params,
    };
  }
  const { sql, params } = compileFilter(filter);
  // With several equality filters, read the one that keeps fewest stones (known from the tallies), so
  // the count touches as few rows as possible.
  let indexed = '';
  if (equalities.length > 1 && !filter.text) {
    // A buyer's stones (an asking price range) are few: that index is the narrowest then.
    const sizes = talliedSizes(store, filter).sort((a, b) => a.n - b.n);
    const narrowest = untalliedLead(filter) ?? sizes[0]?.k;
    if (narrowest) indexed = `INDEXED BY ${INDEX_OF[narrowest]}`;
  }
  return {
    sql: `SELECT count(*) AS total, coalesce(sum(g.caratWeight), 0) AS totalCarats FROM gemstones g ${indexed} ${sql}`,
    params,
  };
}

export function stoneTotals(store: Store, filter: StoneFilter): Totals {
  const cache = cacheOf(store);
  const key = JSON.stringify(filter, Object.keys(filter).sort());
  const hit = cache.get(key);
  if (hit) return { total: hit.total, totalCarats: hit.totalCarats };
  const query = totalsQuery(store, filter);
  const row = store.statement(query.sql).get(query.params) as Totals;
  const totals = { total: row.total, totalCarats: round2(row.totalCarats) };
  cache.set(key, totals);
  return totals;
}

/** How many stones each tallied filter keeps on its own (the rows its index would read). */
function talliedSizes(store: Store, filter: StoneFilter): { k: EqualityFilter; n: number }[] {
  return TALLIED.filter((k) => filter[k] !== undefined).map((k) => ({
    k,
    n: (
      store.statement(`SELECT coalesce(sum(stones), 0) AS n FROM gemstone_tallies WHERE ${k} = ?`).get(filter[k]) as {
        n: number;
      }
    ).n,
  }));
}

/** The index of a narrow untallied filter (a buyer, an asking price range), when there is one. */
function untalliedLead(filter: StoneFilter): EqualityFilter | undefined {
  if (filter.assignedBuyer !== undefined && filter.assignedBuyer !== 'none') return 'assignedBuyer';
  if (filter.askingMin !== undefined || filter.askingMax !== undefined) return 'priceCurrency';
  return undefined;
}

/** All stones (the empty filter's total, cached like any other until stones change). */
function stockSize(store: Store): number {
  return stoneTotals(store, {}).total;
}

/** SQL (and parameters) for one page of the grid, with the plan chosen for the filter's size. */
export function pageQuery(
  store: Store,
  input: { filter: StoneFilter; sort: StoneSortColumn; direction: 'asc' | 'desc'; limit: number; offset: number },
  total?: number,
  /** `rowids`: only the row ids, in order (deep pages skip along the index without reading stones). */
  select: 'stones' | 'rowids' = 'stones',
): Compiled {
  let walk = false;
  let indexed = '';
  let indexLead: EqualityFilter | undefined;
  const buyer = UNTALLIED(input.filter);
  const equalities = EQUALITY_FILTERS.filter((k) => input.filter[k] !== undefined);
  if (!isEmpty(input.filter) && !sortServedByFilterIndex(input.filter, input.sort)) {
    const matches = Math.max(1, total ?? stoneTotals(store, input.filter).total);
    const sizes = talliedSizes(store, input.filter).sort((a, b) => a.n - b.n);
    // Rows read by filtering first: the narrowest tallied filter, or the matches themselves (a buyer's
    // stones, a SKU prefix, a carat range).
    const filterCost = buyer || input.filter.text || sizes.length === 0 ? matches : sizes[0]!.n;
    const walkCost = ((input.offset + input.limit) * stockSize(store)) / matches;
    walk = walkCost < filterCost;
    if (!walk && sizes.length > 1 && !buyer && !input.filter.text) indexed = `INDEXED BY ${INDEX_OF[sizes[0]!.k]}`;
  } else if (input.sort === 'caratWeight' && equalities.length > 1 && !input.filter.text) {
    // Several column filters, heaviest first: walk the narrowest (column, caratWeight) index in carat
    // order (SQLite, without statistics, may otherwise pick the broadest one).
    const narrowest = untalliedLead(input.filter) ?? talliedSizes(store, input.filter).sort((a, b) => a.n - b.n)[0]?.k;
    if (narrowest) {
      indexed = `INDEXED BY ${INDEX_OF[narrowest]}`;
      indexLead = narrowest;
    }
  }
  const { sql, params } = compileFilter(input.filter, walk ? input.sort : undefined, indexLead);
  const from =
    select === 'rowids'
      ? `SELECT g.rowid FROM gemstones g ${indexed}`
      : indexed
        ? SELECT_STONE.replace('FROM gemstones g', `FROM gemstones g ${indexed}`)
        : SELECT_STONE;
  return {
    sql: `${from} ${sql} ORDER BY ${orderBy(input.sort, input.direction === 'asc' ? 'ASC' : 'DESC', indexLead)} LIMIT @limit OFFSET @offset`,
    params: { ...params, limit: input.limit, offset: input.offset },
  };
}

/** Past this offset a page first skips along the index with row ids only, then reads its 100 stones. */
export const DEEP_OFFSET = 2_000;

/** One page of stones for the grid, with the count and total carats of the whole filter. */
export function listStones(store: Store, rawInput: ListStonesInput = {}): StonePage {
  return listParsed(store, listStonesInput.parse(rawInput));
}

/** listStones for input the procedure already validated (a grid page is answered in well under a ms). */
export function listParsed(store: Store, input: z.output<typeof listStonesInput>): StonePage {
  const totals = stoneTotals(store, input.filter);
  if (input.offset < DEEP_OFFSET) {
    const query = pageQuery(store, input, totals.total);
    return { rows: store.statement(query.sql).all(query.params) as Stone[], ...totals };
  }
  // Deep in the list (the scrollbar dragged far down): OFFSET steps over rows one by one, so step over
  // row ids on the index (no table reads, no buyer join), then read just the page's stones.
  const idQuery = pageQuery(store, input, totals.total, 'rowids');
  const ids = (store.statement(idQuery.sql).all(idQuery.params) as { rowid: number }[]).map((r) => r.rowid);
  const byRowid = store
    .statement(
      `${SELECT_STONE.replace('g.localUpdatedAt', 'g.localUpdatedAt, g.rowid AS _rowid')} WHERE g.rowid IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(ids)) as (Stone & { _rowid?: number })[];
  const order = new Map(ids.map((id, i) => [id, i]));
  byRowid.sort((a, b) => order.get(a._rowid!)! - order.get(b._rowid!)!);
  for (const row of byRowid) delete row._rowid;
  return { rows: byRowid, ...totals };
}

/** Every stone of a filter in grid order, one at a time (CSV export). */
export function* iterateStones(
  store: Store,
  input: { filter: StoneFilter; sort: StoneSortColumn; direction: 'asc' | 'desc' },
): Generator<Stone & { assignedBuyerCode: string | null }> {
  const { sql, params } = compileFilter(input.filter);
  // Prepared for this walk alone: a statement being iterated is busy until the export ends, so it cannot be
  // the store's cached one.
  const statement = store.sqlite.prepare(
    `SELECT g.*, b.buyerCode AS assignedBuyerCode FROM gemstones g LEFT JOIN buyers b ON b.id = g.assignedBuyer ${sql}
     ORDER BY ${orderBy(input.sort, input.direction === 'asc' ? 'ASC' : 'DESC')}`,
  );
  yield* statement.iterate(params) as Iterable<Stone & { assignedBuyerCode: string | null }>;
}

/** EXPLAIN QUERY PLAN lines of a query (for the query-plan tests and the bench). */
export function explain(store: Store, query: Compiled): string[] {
  return (store.sqlite.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(query.params) as { detail: string }[]).map(
    (r) => r.detail,
  );
}

import { subDays } from 'date-fns';
import {
  AGING_BUCKETS,
  AGING_LIMITS,
  type AgingReport,
  type CurrencyTotal,
  type StockLine,
  type ValuationGroup,
  type ValuationReport,
} from '../../shared/reports';
import type { Store } from '../db/store';
import { locationList } from '../inventory/lists';
import type { StockGroupRow } from './queries';
import { readStockGroups } from './stock-read';

// What is in stock and what it is worth: stock valuation by type, location or owned / consigned, and
// aging by days in stock. Sums are per currency; a stone without prices counts in stones and carats.

/** The locations stones have left the stock for (kind 'gone': sold, returned to a supplier), for the SQL. */
export function goneLocations(store: Store): string {
  return JSON.stringify(
    locationList(store)
      .filter((l) => l.kind === 'gone')
      .map((l) => l.name.toLowerCase()),
  );
}

const OWNERSHIP = { 0: 'Owned', 1: 'Consigned (not ours until settled)' } as const;

function groupOf(row: StockGroupRow, by: ValuationGroup): string {
  if (by === 'type') return row.type;
  if (by === 'location') return row.location;
  return OWNERSHIP[row.consigned];
}

type Amounts = Omit<CurrencyTotal, 'currency'>;
const add = (into: Amounts, row: Amounts) => {
  into.stones += row.stones;
  into.carats += row.carats;
  into.cost += row.cost;
  into.asking += row.asking;
};
const empty = (): Amounts => ({ stones: 0, carats: 0, cost: 0, asking: 0 });

/** Lines per (group, currency) and totals per currency; a currency's order: by code, stones without prices last. */
function summarise(
  rows: (Amounts & { group: string; currency: string | null })[],
  groupOrder: (a: string, b: string) => number,
) {
  const lines = new Map<string, StockLine>();
  const totals = new Map<string | null, CurrencyTotal>();
  const all = empty();
  for (const row of rows) {
    const key = `${row.group}\u0000${row.currency ?? ''}`;
    const line = lines.get(key) ?? { group: row.group, currency: row.currency, ...empty() };
    add(line, row);
    lines.set(key, line);
    const total = totals.get(row.currency) ?? { currency: row.currency, ...empty() };
    add(total, row);
    totals.set(row.currency, total);
    add(all, row);
  }
  const byCurrency = (a: string | null, b: string | null) =>
    a === b ? 0 : a === null ? 1 : b === null ? -1 : a.localeCompare(b);
  return {
    lines: [...lines.values()].sort((a, b) => groupOrder(a.group, b.group) || byCurrency(a.currency, b.currency)),
    totals: [...totals.values()].sort((a, b) => byCurrency(a.currency, b.currency)),
    stones: all.stones,
    carats: all.carats,
  };
}

/**
 * The edges of the aging brackets as of `now`: a stone added after edge k has been in stock fewer than
 * AGING_LIMITS[k] whole days. Calendar days back from now (date-fns), so a clock change does not move them.
 */
export function agingEdges(now: Date) {
  const [b1, b2, b3, b4] = AGING_LIMITS.map((days) => subDays(now, days).getTime()) as [number, number, number, number];
  return { b1, b2, b3, b4 };
}

/** The stock in stock now, grouped (one read of the stones for a whole report or the dashboard). */
export async function stockNow(store: Store): Promise<StockNow> {
  const now = new Date(store.clock());
  return {
    asOf: now.toISOString(),
    rows: await readStockGroups(store, { gone: goneLocations(store), ...agingEdges(now) }),
  };
}

export interface StockNow {
  asOf: string;
  rows: StockGroupRow[];
}

export async function stockValuation(store: Store, groupBy: ValuationGroup): Promise<ValuationReport> {
  const stock = await stockNow(store);
  const summary = summarise(
    stock.rows.map((r) => ({ ...r, group: groupOf(r, groupBy) })),
    (a, b) => a.localeCompare(b),
  );
  return { asOf: stock.asOf, groupBy, ...summary };
}

export async function stockAging(store: Store, withMoney: boolean): Promise<AgingReport> {
  return agingOf(await stockNow(store), withMoney);
}

/** Aging from a read of the stock (the dashboard shares one read between its charts). */
export function agingOf(stock: StockNow, withMoney: boolean): AgingReport {
  const summary = summarise(
    stock.rows.map((r) => ({
      group: AGING_BUCKETS[r.bucket]!,
      currency: withMoney ? r.currency : null,
      stones: r.stones,
      carats: r.carats,
      cost: withMoney ? r.cost : 0,
      asking: withMoney ? r.asking : 0,
    })),
    (a, b) => AGING_BUCKETS.indexOf(a as never) - AGING_BUCKETS.indexOf(b as never),
  );
  return { asOf: stock.asOf, withMoney, ...summary };
}

import { format, startOfMonth, startOfQuarter } from 'date-fns';
import type { MemosOutReport, SalesLine, SalesPeriod, SalesReport, StockCountsReport } from '../../shared/reports';
import type { Store } from '../db/store';
import { finishedCounts, invoicesIssued, memosOut, paymentsReceived } from './queries';

// The paperwork reports: what is out on memo, what was invoiced and received, and the stock counts kept.

export function memosOutstanding(store: Store): MemosOutReport {
  const asOf = new Date(store.clock()).toISOString();
  const rows = memosOut.all(store, { now: asOf });
  const lines = rows.map((r) => ({ ...r, overdue: r.overdueStones > 0 }));
  const totals = new Map<string, MemosOutReport['totals'][number]>();
  for (const l of lines) {
    const t = totals.get(l.currency) ?? {
      currency: l.currency,
      stones: 0,
      value: 0,
      overdueStones: 0,
      overdueValue: 0,
    };
    t.stones += l.stones;
    t.value += l.value;
    t.overdueStones += l.overdueStones;
    t.overdueValue += l.overdueValue;
    totals.set(l.currency, t);
  }
  return {
    asOf,
    lines,
    totals: [...totals.values()].sort((a, b) => a.currency.localeCompare(b.currency)),
    stones: lines.reduce((n, l) => n + l.stones, 0),
  };
}

/** The period an instant falls in, in the workstation's calendar: its first instant and its name. */
export function periodOf(instant: string, period: SalesPeriod): { start: string; name: string } {
  const date = new Date(instant);
  if (period === 'month') {
    const start = startOfMonth(date);
    return { start: start.toISOString(), name: format(start, 'MMMM yyyy') };
  }
  const start = startOfQuarter(date);
  return { start: start.toISOString(), name: format(start, 'QQQ yyyy') };
}

export function salesByPeriod(store: Store, input: { from: string; to: string; period: SalesPeriod }): SalesReport {
  const lines = new Map<string, SalesLine>();
  const lineFor = (instant: string, currency: string) => {
    const { start, name } = periodOf(instant, input.period);
    const key = `${start}\u0000${currency}`;
    let line = lines.get(key);
    if (!line) {
      line = { periodStart: start, period: name, currency, invoices: 0, subtotal: 0, tax: 0, total: 0, received: 0 };
      lines.set(key, line);
    }
    return line;
  };
  for (const inv of invoicesIssued.all(store, { from: input.from, to: input.to })) {
    const line = lineFor(inv.issuedAt, inv.currency);
    line.invoices += 1;
    line.subtotal += inv.subtotal;
    line.tax += inv.tax;
    line.total += inv.total;
  }
  for (const pay of paymentsReceived.all(store, { from: input.from, to: input.to })) {
    lineFor(pay.receivedAt, pay.currency).received += pay.amount;
  }
  const sorted = [...lines.values()].sort(
    (a, b) => a.periodStart.localeCompare(b.periodStart) || a.currency.localeCompare(b.currency),
  );
  const totals = new Map<string, SalesReport['totals'][number]>();
  for (const l of sorted) {
    const t = totals.get(l.currency) ?? {
      currency: l.currency,
      invoices: 0,
      subtotal: 0,
      tax: 0,
      total: 0,
      received: 0,
    };
    t.invoices += l.invoices;
    t.subtotal += l.subtotal;
    t.tax += l.tax;
    t.total += l.total;
    t.received += l.received;
    totals.set(l.currency, t);
  }
  return {
    from: input.from,
    to: input.to,
    period: input.period,
    lines: sorted,
    totals: [...totals.values()].sort((a, b) => a.currency.localeCompare(b.currency)),
    invoices: sorted.reduce((n, l) => n + l.invoices, 0),
  };
}

export function stockCountsReport(store: Store): StockCountsReport {
  const lines = finishedCounts.all(store);
  const sum = (pick: (l: (typeof lines)[number]) => number) => lines.reduce((n, l) => n + pick(l), 0);
  return {
    lines,
    totals: {
      counts: lines.length,
      expectedStones: sum((l) => l.expectedStones),
      matchedStones: sum((l) => l.matchedStones),
      missingStones: sum((l) => l.missingStones),
      unexpectedStones: sum((l) => l.unexpectedStones),
    },
  };
}

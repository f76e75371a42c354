import { addMonths, format, startOfMonth, subMonths } from 'date-fns';
import type { Role } from '../../shared/enums';
import { AGING_BUCKETS, type DashboardCharts } from '../../shared/reports';
import { OPEN_INQUIRY_STATUSES } from '../../shared/sales';
import type { Store } from '../db/store';
import { canSeePrices } from '../sales/rules';
import { memosOutstanding, salesByPeriod } from './paperwork';
import { openPipeline } from './queries';
import { agingOf, stockNow } from './stock';

// The dashboard's charts. Counts for every staff role; the money charts (stock value by type, sales by
// month, memo exposure) for admins and coordinators, drawn in one currency at a time: amounts are never
// converted. Unless asked for one, that is the currency most of the stock is priced in.

export async function dashboardCharts(store: Store, role: Role, asked?: string): Promise<DashboardCharts> {
  const now = new Date(store.clock());
  const showMoney = canSeePrices(role);

  const pipelineRows = openPipeline.all(store);
  const pipeline = OPEN_INQUIRY_STATUSES.map((status) => {
    const rows = pipelineRows.filter((r) => r.status === status);
    const count = rows.reduce((n, r) => n + r.inquiries, 0);
    if (!showMoney) return { status, count };
    const quoted = rows
      .filter((r) => r.priced > 0)
      .map((r) => ({ currency: r.currency, amount: r.quoted }))
      .sort((a, b) => a.currency.localeCompare(b.currency));
    return { status, count, quoted };
  });

  const stockRows = await stockNow(store);
  const agingReport = agingOf(stockRows, false);
  const aging = AGING_BUCKETS.map((bucket) => ({
    bucket,
    stones: agingReport.lines.find((l) => l.group === bucket)?.stones ?? 0,
  }));
  if (!showMoney) return { pipeline, aging };

  const stock = stockRows.rows;
  const sales = salesByPeriod(store, {
    from: startOfMonth(subMonths(now, 11)).toISOString(),
    to: startOfMonth(addMonths(now, 1)).toISOString(),
    period: 'month',
  });
  const memos = memosOutstanding(store);

  // The stock's currencies first, by how many stones are priced in each; then any other seen on paper.
  const stonesPer = new Map<string, number>();
  for (const r of stock) if (r.currency) stonesPer.set(r.currency, (stonesPer.get(r.currency) ?? 0) + r.stones);
  const currencies = [...stonesPer].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([c]) => c);
  for (const c of [...sales.lines.map((l) => l.currency), ...memos.lines.map((l) => l.currency)].sort())
    if (!currencies.includes(c)) currencies.push(c);
  const currency = asked ?? currencies[0] ?? null;

  const byType = new Map<string, { type: string; cost: number; asking: number; stones: number }>();
  for (const r of stock.filter((s) => s.currency === currency)) {
    const t = byType.get(r.type) ?? { type: r.type, cost: 0, asking: 0, stones: 0 };
    t.cost += r.cost;
    t.asking += r.asking;
    t.stones += r.stones;
    byType.set(r.type, t);
  }

  const salesByMonth = Array.from({ length: 12 }, (_, i) => {
    const monthStart = startOfMonth(subMonths(now, 11 - i)).toISOString();
    const line = sales.lines.find((l) => l.periodStart === monthStart && l.currency === currency);
    return {
      monthStart,
      month: format(new Date(monthStart), 'MMM yyyy'),
      invoices: line?.invoices ?? 0,
      total: line?.total ?? 0,
    };
  });

  const memoExposure = memos.lines
    .filter((l) => l.currency === currency)
    .map((l) => ({
      buyer: l.buyer,
      buyerName: l.buyerName,
      onTime: l.value - l.overdueValue,
      overdue: l.overdueValue,
      stones: l.stones,
    }))
    .sort((a, b) => b.onTime + b.overdue - (a.onTime + a.overdue) || a.buyerName.localeCompare(b.buyerName));

  return {
    pipeline,
    aging,
    money: {
      currencies,
      currency,
      stockByType: [...byType.values()].sort((a, b) => b.asking - a.asking || a.type.localeCompare(b.type)),
      salesByMonth,
      memoExposure,
    },
  };
}

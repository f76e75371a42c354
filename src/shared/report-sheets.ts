import { formatDay } from './format';
import type {
  AgingReport,
  CurrencyTotal,
  MemosOutReport,
  SalesReport,
  StockCountsReport,
  StockLine,
  ValuationReport,
} from './reports';
import { VALUATION_GROUP_LABELS } from './reports';

// Every report as one table: the screen shows it, the CSV writes it, the PDF prints it, so the three
// always carry the same columns and totals. Money cells hold minor units of the row's `currency` cell;
// each medium writes them its own way (the screen and PDF as money, the CSV as plain major units).

export type CellKind = 'text' | 'count' | 'carats' | 'money' | 'day' | 'currency';
export type Cell = string | number | null;

export interface SheetColumn {
  key: string;
  label: string;
  kind: CellKind;
}

export interface ReportSheet {
  title: string;
  /** What the report covers, in words (filters, as of when). */
  subtitle: string;
  columns: SheetColumn[];
  rows: Record<string, Cell>[];
  /** Totals per currency (and overall), below the rows. */
  totals: Record<string, Cell>[];
}

const col = (key: string, label: string, kind: CellKind): SheetColumn => ({ key, label, kind });
const round2 = (n: number) => Math.round(n * 100) / 100;
const NO_PRICE = 'No price';

const stockMoneyColumns = [
  col('currency', 'Currency', 'currency'),
  col('stones', 'Stones', 'count'),
  col('carats', 'Carats', 'carats'),
  col('cost', 'Cost', 'money'),
  col('asking', 'Asking', 'money'),
];

const stockRow = (line: StockLine) => ({
  group: line.group,
  currency: line.currency ?? NO_PRICE,
  stones: line.stones,
  carats: round2(line.carats),
  cost: line.currency ? line.cost : null,
  asking: line.currency ? line.asking : null,
});

function stockTotals(label: string, totals: CurrencyTotal[], stones: number, carats: number, withMoney = true) {
  const perCurrency = withMoney
    ? totals.map((t) => ({
        group: `${label} in ${t.currency ?? 'no currency (no price)'}`,
        currency: t.currency ?? NO_PRICE,
        stones: t.stones,
        carats: round2(t.carats),
        cost: t.currency ? t.cost : null,
        asking: t.currency ? t.asking : null,
      }))
    : [];
  return [
    ...perCurrency,
    { group: 'All stones', currency: null, stones, carats: round2(carats), cost: null, asking: null },
  ];
}

export function valuationSheet(report: ValuationReport): ReportSheet {
  return {
    title: 'Stock valuation',
    subtitle: `Stones in stock by ${VALUATION_GROUP_LABELS[report.groupBy].toLowerCase()}, ${formatDay(report.asOf)}. Amounts are per currency, never converted.`,
    columns: [col('group', VALUATION_GROUP_LABELS[report.groupBy], 'text'), ...stockMoneyColumns],
    rows: report.lines.map(stockRow),
    totals: stockTotals('Total', report.totals, report.stones, report.carats),
  };
}

export function agingSheet(report: AgingReport): ReportSheet {
  const columns = report.withMoney
    ? [col('group', 'Days in stock', 'text'), ...stockMoneyColumns]
    : [col('group', 'Days in stock', 'text'), col('stones', 'Stones', 'count'), col('carats', 'Carats', 'carats')];
  return {
    title: 'Aging (days in stock)',
    subtitle: `Stones in stock by days since they were added, ${formatDay(report.asOf)}.`,
    columns,
    rows: report.lines.map(stockRow),
    totals: stockTotals('Total', report.totals, report.stones, report.carats, report.withMoney),
  };
}

export function memosOutSheet(report: MemosOutReport): ReportSheet {
  return {
    title: 'Memo outstanding',
    subtitle: `Stones out on memo by buyer, ${formatDay(report.asOf)}.`,
    columns: [
      col('buyer', 'Buyer', 'text'),
      col('currency', 'Currency', 'currency'),
      col('stones', 'Stones out', 'count'),
      col('value', 'Memo value', 'money'),
      col('overdueValue', 'Overdue value', 'money'),
      col('oldestDue', 'Oldest due back', 'day'),
      col('overdue', 'Overdue', 'text'),
    ],
    rows: report.lines.map((l) => ({
      buyer: l.buyerName,
      currency: l.currency,
      stones: l.stones,
      value: l.value,
      overdueValue: l.overdueValue,
      oldestDue: l.oldestDue,
      overdue: l.overdue ? `Yes (${l.overdueStones} ${l.overdueStones === 1 ? 'stone' : 'stones'})` : 'No',
    })),
    totals: [
      ...report.totals.map((t) => ({
        buyer: `Total in ${t.currency}`,
        currency: t.currency,
        stones: t.stones,
        value: t.value,
        overdueValue: t.overdueValue,
        oldestDue: null,
        overdue: t.overdueStones ? `${t.overdueStones} overdue` : 'None overdue',
      })),
      {
        buyer: 'All stones out',
        currency: null,
        stones: report.stones,
        value: null,
        overdueValue: null,
        oldestDue: null,
        overdue: null,
      },
    ],
  };
}

export function salesSheet(report: SalesReport): ReportSheet {
  const last = new Date(Date.parse(report.to) - 1);
  return {
    title: 'Sales by period',
    subtitle: `Invoices issued (void ones left out) and payments received, ${formatDay(report.from)} to ${formatDay(last)}, by ${report.period}.`,
    columns: [
      col('period', report.period === 'month' ? 'Month' : 'Quarter', 'text'),
      col('currency', 'Currency', 'currency'),
      col('invoices', 'Invoices', 'count'),
      col('subtotal', 'Subtotal', 'money'),
      col('tax', 'Tax', 'money'),
      col('total', 'Total', 'money'),
      col('received', 'Payments received', 'money'),
    ],
    rows: report.lines.map((l) => ({
      period: l.period,
      currency: l.currency,
      invoices: l.invoices,
      subtotal: l.subtotal,
      tax: l.tax,
      total: l.total,
      received: l.received,
    })),
    totals: [
      ...report.totals.map((t) => ({ period: `Total in ${t.currency}`, ...t })),
      {
        period: 'All invoices',
        currency: null,
        invoices: report.invoices,
        subtotal: null,
        tax: null,
        total: null,
        received: null,
      },
    ],
  };
}

export function stockCountsSheet(report: StockCountsReport): ReportSheet {
  return {
    title: 'Stock counts',
    subtitle: 'Finished stock counts, newest first. Each count has its own report to print or export.',
    columns: [
      col('location', 'Location', 'text'),
      col('finishedAt', 'Finished', 'day'),
      col('finishedBy', 'Finished by', 'text'),
      col('expectedStones', 'Expected', 'count'),
      col('matchedStones', 'Matched', 'count'),
      col('missingStones', 'Missing', 'count'),
      col('missingCarats', 'Missing carats', 'carats'),
      col('unexpectedStones', 'Unexpected', 'count'),
    ],
    rows: report.lines.map((l) => ({
      location: l.location,
      finishedAt: new Date(l.finishedAt).toISOString(),
      finishedBy: l.finishedByName ?? '—',
      expectedStones: l.expectedStones,
      matchedStones: l.matchedStones,
      missingStones: l.missingStones,
      missingCarats: round2(l.missingCarats),
      unexpectedStones: l.unexpectedStones,
    })),
    totals: [
      {
        location: `${report.totals.counts} ${report.totals.counts === 1 ? 'count' : 'counts'}`,
        finishedAt: null,
        finishedBy: null,
        expectedStones: report.totals.expectedStones,
        matchedStones: report.totals.matchedStones,
        missingStones: report.totals.missingStones,
        missingCarats: null,
        unexpectedStones: report.totals.unexpectedStones,
      },
    ],
  };
}

import { z } from 'zod';
import type { InquiryStatus } from './enums';
import { CURRENCY_PATTERN } from './money';
import { instant } from './sales';

// The reports' inputs and what each report answers. Amounts are minor units of their own currency and
// are never converted: every money line is per currency.

export const REPORT_KINDS = ['valuation', 'memosOut', 'aging', 'sales', 'stockCounts'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const REPORT_LABELS: Record<ReportKind, string> = {
  valuation: 'Stock valuation',
  memosOut: 'Memo outstanding',
  aging: 'Aging (days in stock)',
  sales: 'Sales by period',
  stockCounts: 'Stock counts',
};

export const VALUATION_GROUPS = ['type', 'location', 'ownership'] as const;
export type ValuationGroup = (typeof VALUATION_GROUPS)[number];
export const VALUATION_GROUP_LABELS: Record<ValuationGroup, string> = {
  type: 'Gemstone type',
  location: 'Location',
  ownership: 'Owned or consigned',
};

export const SALES_PERIODS = ['month', 'quarter'] as const;
export type SalesPeriod = (typeof SALES_PERIODS)[number];

export const FILE_FORMATS = ['csv', 'pdf'] as const;
export type FileFormat = (typeof FILE_FORMATS)[number];

export const valuationInput = z.object({
  groupBy: z.enum(VALUATION_GROUPS, { error: 'Choose type, location or owned / consigned' }),
});

export const salesInput = z
  .object({
    /** From this instant (a local midnight) up to, not including, `to`. */
    from: instant,
    to: instant,
    period: z.enum(SALES_PERIODS, { error: 'Choose month or quarter' }),
  })
  .refine((v) => v.from < v.to, { message: 'The end date must be after the start date', path: ['to'] })
  .refine((v) => Date.parse(v.to) - Date.parse(v.from) <= 10 * 366 * 86_400_000, {
    message: 'Choose at most ten years',
    path: ['to'],
  });

export const stockCountsInput = z.object({}).strict();

const format = z.enum(FILE_FORMATS, { error: 'Choose CSV or PDF' });
export const valuationFileInput = valuationInput.extend({ format });
export const salesFileInput = z.object({ format, filters: salesInput });
export const formatOnlyInput = z.object({ format });

export const dashboardChartsInput = z.object({
  /** The currency the money charts are drawn in; the core picks one when none is given. */
  currency: z.string().regex(CURRENCY_PATTERN, 'A currency is three capital letters').optional(),
});

/** One money line: a group's stones priced in one currency (currency null: stones without prices). */
export interface StockLine {
  group: string;
  currency: string | null;
  stones: number;
  carats: number;
  cost: number;
  asking: number;
}

export interface CurrencyTotal {
  currency: string | null;
  stones: number;
  carats: number;
  cost: number;
  asking: number;
}

export interface ValuationReport {
  asOf: string;
  groupBy: ValuationGroup;
  lines: StockLine[];
  totals: CurrencyTotal[];
  stones: number;
  carats: number;
}

export interface MemoOutLine {
  buyer: string;
  buyerName: string;
  currency: string;
  stones: number;
  value: number;
  overdueStones: number;
  overdueValue: number;
  /** The earliest due-back date among the buyer's memos with stones out (ISO). */
  oldestDue: string;
  overdue: boolean;
}

export interface MemosOutReport {
  asOf: string;
  lines: MemoOutLine[];
  totals: { currency: string; stones: number; value: number; overdueStones: number; overdueValue: number }[];
  stones: number;
}

export const AGING_BUCKETS = ['0–30 days', '31–90 days', '91–180 days', '181–365 days', 'Over 365 days'] as const;
/** The first day of each bucket after the first: a stone in stock this many days or more is in the next one. */
export const AGING_LIMITS = [31, 91, 181, 366] as const;

export interface AgingReport {
  asOf: string;
  /** Practitioners receive counts and carats only. */
  withMoney: boolean;
  /** Per bucket and currency (withMoney), or per bucket with currency null. */
  lines: StockLine[];
  totals: CurrencyTotal[];
  stones: number;
  carats: number;
}

export interface SalesLine {
  /** The period's first instant (ISO, local midnight) and its name ("March 2026", "Q1 2026"). */
  periodStart: string;
  period: string;
  currency: string;
  invoices: number;
  subtotal: number;
  tax: number;
  total: number;
  received: number;
}

export interface SalesReport {
  from: string;
  to: string;
  period: SalesPeriod;
  lines: SalesLine[];
  totals: { currency: string; invoices: number; subtotal: number; tax: number; total: number; received: number }[];
  invoices: number;
}

export interface StockCountLine {
  id: string;
  location: string;
  finishedAt: number;
  finishedByName: string | null;
  expectedStones: number;
  expectedCarats: number;
  matchedStones: number;
  missingStones: number;
  missingCarats: number;
  unexpectedStones: number;
}

export interface StockCountsReport {
  lines: StockCountLine[];
  totals: {
    counts: number;
    expectedStones: number;
    matchedStones: number;
    missingStones: number;
    unexpectedStones: number;
  };
}

export interface ReportFile {
  fileName: string;
  mimeType: 'text/csv' | 'application/pdf';
  /** The CSV's text, or the PDF as base64. */
  text?: string;
  base64?: string;
}

export interface DashboardCharts {
  /** Counts: every staff role. */
  pipeline: { status: InquiryStatus; count: number; quoted?: { currency: string; amount: number }[] }[];
  aging: { bucket: string; stones: number }[];
  /** Money: admins and coordinators only. */
  money?: {
    currencies: string[];
    currency: string | null;
    stockByType: { type: string; cost: number; asking: number; stones: number }[];
    salesByMonth: { monthStart: string; month: string; invoices: number; total: number }[];
    memoExposure: { buyer: string; buyerName: string; onTime: number; overdue: number; stones: number }[];
  };
}

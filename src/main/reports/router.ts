import {
  agingSheet,
  memosOutSheet,
  salesSheet,
  stockCountsSheet,
  valuationSheet,
  type ReportSheet,
} from '../../shared/report-sheets';
import {
  dashboardChartsInput,
  formatOnlyInput,
  salesFileInput,
  salesInput,
  valuationFileInput,
  valuationInput,
  type FileFormat,
} from '../../shared/reports';
import type { Store } from '../db/store';
import { canSeePrices } from '../sales/rules';
import { roleProcedure, router, staffProcedure } from '../trpc/init';
import { dashboardCharts } from './charts';
import { sheetCsv, sheetPdf } from './files';
import { memosOutstanding, salesByPeriod, stockCountsReport } from './paperwork';
import { stockAging, stockValuation } from './stock';

export type { DashboardCharts } from '../../shared/reports';

/** Reports with money are for administrators and coordinators, the roles that see prices (seed 000). */
const moneyReports = roleProcedure('admin', 'coordinator');

const file = (store: Store, sheet: ReportSheet, format: FileFormat) => {
  const asOf = new Date(store.clock());
  return format === 'csv' ? sheetCsv(sheet, asOf) : sheetPdf(sheet, asOf);
};

export const reportsRouter = router({
  valuation: moneyReports.input(valuationInput).query(({ ctx, input }) => stockValuation(ctx.store, input.groupBy)),
  valuationFile: moneyReports
    .input(valuationFileInput)
    .query(async ({ ctx, input }) =>
      file(ctx.store, valuationSheet(await stockValuation(ctx.store, input.groupBy)), input.format),
    ),

  memosOut: moneyReports.query(({ ctx }) => memosOutstanding(ctx.store)),
  memosOutFile: moneyReports
    .input(formatOnlyInput)
    .query(({ ctx, input }) => file(ctx.store, memosOutSheet(memosOutstanding(ctx.store)), input.format)),

  /** Every staff role: practitioners receive counts and carats, never cost or asking. */
  aging: staffProcedure.query(({ ctx }) => stockAging(ctx.store, canSeePrices(ctx.user.role))),
  agingFile: staffProcedure
    .input(formatOnlyInput)
    .query(async ({ ctx, input }) =>
      file(ctx.store, agingSheet(await stockAging(ctx.store, canSeePrices(ctx.user.role))), input.format),
    ),

  sales: moneyReports.input(salesInput).query(({ ctx, input }) => salesByPeriod(ctx.store, input)),
  salesFile: moneyReports
    .input(salesFileInput)
    .query(({ ctx, input }) => file(ctx.store, salesSheet(salesByPeriod(ctx.store, input.filters)), input.format)),

  /** Counting has no money in it: every staff role, as the counts themselves. */
  stockCounts: staffProcedure.query(({ ctx }) => stockCountsReport(ctx.store)),
  stockCountsFile: staffProcedure
    .input(formatOnlyInput)
    .query(({ ctx, input }) => file(ctx.store, stockCountsSheet(stockCountsReport(ctx.store)), input.format)),

  /** The dashboard's charts; practitioners receive the counts only. */
  dashboardCharts: staffProcedure
    .input(dashboardChartsInput)
    .query(({ ctx, input }) => dashboardCharts(ctx.store, ctx.user.role, input.currency)),
});

import { z } from 'zod';
import {
  addGemstoneTypeInput,
  countIdInput,
  countScanInput,
  importCsvInput,
  moveStonesInput,
  saveLocationInput,
  scanInput,
  searchInput,
  startCountInput,
} from '../../shared/inventory';
import {
  createStoneInput,
  listStonesInput,
  recordId,
  STONE_SORT_COLUMNS,
  stoneFilter,
  updateStoneInput,
} from '../../shared/schemas';
import { roleProcedure, router, staffProcedure } from '../trpc/init';
import { cancelCount, countReport, finishCount, listCounts, scanIntoCount, startCount } from './counts';
import { countReportCsv, countReportPdf } from './count-report-files';
import { applyImport, exportCsv, importProgress, previewImport } from './csv';
import { moveStones, signedOutStones } from './custody';
import { scan, search, stoneDetail } from './desk';
import { labelImages, labelPdf, labelPng } from './labels';
import { gemstoneTypeList, locationList, saveGemstoneType, saveLocation } from './lists';
import { listParsed } from './queries/grid';
import { createStone, getStone, stoneFormOptions, updateStone } from './stones';
import { assertMayOrderBy, redactStone } from './grading';

/** Coordinators and admins edit, move and import stones (seed 000); every staff role views, scans, counts and exports. */
const stoneEditor = roleProcedure('admin', 'coordinator');
/** Only admins change the managed lists of gemstone types and locations. */
const listManager = roleProcedure('admin');

const gridOrder = z.object({
  filter: stoneFilter,
  sort: z.enum(STONE_SORT_COLUMNS).default('caratWeight'),
  direction: z.enum(['asc', 'desc']).default('desc'),
});

export const inventoryRouter = router({
  list: staffProcedure.input(listStonesInput).query(({ ctx, input }) => {
    assertMayOrderBy(ctx.user.role, input);
    const page = listParsed(ctx.store, input);
    return { ...page, rows: page.rows.map((row) => redactStone(ctx.user.role, row)) };
  }),
  get: staffProcedure
    .input(z.object({ id: recordId }))
    .query(({ ctx, input }) => redactStone(ctx.user.role, getStone(ctx.store, input.id))),
  /** The stone with its certificate history, inquiries, custody log and the buyers who prefer its type. */
  detail: staffProcedure
    .input(z.object({ id: recordId }))
    .query(({ ctx, input }) => stoneDetail(ctx.store, input.id, ctx.user.role)),
  /** A scanned SKU: the stone's detail in one answer, or "not found" with the code. */
  scan: staffProcedure.input(scanInput).query(({ ctx, input }) => scan(ctx.store, input.code, ctx.user.role)),
  /** The command palette (Ctrl+K): SKUs, certificate numbers, buyers. */
  search: staffProcedure
    .input(searchInput)
    .query(({ ctx, input }) => search(ctx.store, input.q, input.limit, ctx.user.role)),
  /** The form's choices; with a stone's id, the certificate statuses this person may set on it. */
  formOptions: staffProcedure
    .input(z.object({ id: recordId.optional() }).optional())
    .query(({ ctx, input }) => stoneFormOptions(ctx.store, ctx.user.role, input?.id ?? null)),
  create: stoneEditor.input(createStoneInput).mutation(({ ctx, input }) => {
    const { statusReason, ...values } = input;
    return redactStone(ctx.user.role, createStone(ctx.store, values, ctx.user, statusReason ?? null));
  }),
  update: stoneEditor
    .input(updateStoneInput)
    .mutation(({ ctx, input }) =>
      redactStone(ctx.user.role, updateStone(ctx.store, input.id, input.changes, ctx.user, input.statusReason ?? null)),
    ),

  lists: router({
    gemstoneTypes: staffProcedure.query(({ ctx }) => gemstoneTypeList(ctx.store)),
    locations: staffProcedure.query(({ ctx }) => locationList(ctx.store)),
    saveGemstoneType: listManager
      .input(addGemstoneTypeInput)
      .mutation(({ ctx, input }) => saveGemstoneType(ctx.store, ctx.user.id, input)),
    saveLocation: listManager
      .input(saveLocationInput)
      .mutation(({ ctx, input }) => saveLocation(ctx.store, ctx.user.id, input)),
  }),

  custody: router({
    move: stoneEditor.input(moveStonesInput).mutation(({ ctx, input }) => moveStones(ctx.store, ctx.user.id, input)),
    /** Closing time: stones signed out of secure storage and not back. */
    signedOut: staffProcedure.query(({ ctx }) => signedOutStones(ctx.store)),
  }),

  // Counting changes nothing on the stones, so every staff role may count (practitioners included).
  counts: router({
    list: staffProcedure.query(({ ctx }) => listCounts(ctx.store)),
    report: staffProcedure.input(countIdInput).query(({ ctx, input }) => countReport(ctx.store, input.countId)),
    /** A finished count's report to print (PDF) or take into a spreadsheet (CSV), every line. */
    reportPdf: staffProcedure.input(countIdInput).query(({ ctx, input }) => countReportPdf(ctx.store, input.countId)),
    reportCsv: staffProcedure.input(countIdInput).query(({ ctx, input }) => countReportCsv(ctx.store, input.countId)),
    start: staffProcedure
      .input(startCountInput)
      .mutation(({ ctx, input }) => startCount(ctx.store, ctx.user.id, input.location)),
    scan: staffProcedure
      .input(countScanInput)
      .mutation(({ ctx, input }) => scanIntoCount(ctx.store, ctx.user.id, input.countId, input.code)),
    finish: staffProcedure
      .input(countIdInput)
      .mutation(({ ctx, input }) => finishCount(ctx.store, ctx.user.id, input.countId)),
    cancel: staffProcedure
      .input(countIdInput)
      .mutation(({ ctx, input }) => cancelCount(ctx.store, ctx.user.id, input.countId)),
  }),

  csv: router({
    /** Checks every row and reports it; writes nothing. */
    preview: stoneEditor
      .input(importCsvInput)
      .mutation(({ ctx, input }) => previewImport(ctx.store, input.csv, input.jobId, ctx.user.role)),
    /** Writes every valid row in one transaction, or nothing. */
    commit: stoneEditor
      .input(importCsvInput)
      .mutation(({ ctx, input }) => applyImport(ctx.store, input.csv, input.jobId, ctx.user.id, ctx.user.role)),
    progress: stoneEditor.input(z.object({ jobId: importCsvInput.shape.jobId })).subscription(async function* ({
      input,
      signal,
    }) {
      yield* importProgress(input.jobId, signal);
    }),
    export: staffProcedure.input(gridOrder).query(({ ctx, input }) => {
      assertMayOrderBy(ctx.user.role, input);
      return exportCsv(ctx.store, input, ctx.user.role);
    }),
  }),

  labels: router({
    png: staffProcedure.input(z.object({ id: recordId })).query(({ ctx, input }) => labelPng(ctx.store, input.id)),
    pdf: staffProcedure
      .input(z.object({ ids: z.array(recordId).min(1).max(500) }))
      .query(({ ctx, input }) => labelPdf(ctx.store, input.ids)),
    images: staffProcedure
      .input(z.object({ ids: z.array(recordId).min(1).max(500) }))
      .query(({ ctx, input }) => labelImages(ctx.store, input.ids)),
  }),
});

import { z } from 'zod';
import {
  createMemoInput,
  extendMemoInput,
  memoListInput,
  returnMemoLinesInput,
  sellMemoLinesInput,
} from '../../shared/memos';
import { recordId } from '../../shared/schemas';
import { roleProcedure, router, staffProcedure } from '../trpc/init';
import { listMemos, memosOfStone, memosOnStones, memosSummary, stoneForMemoDialog } from './lookup';
import { memoPdf } from './memo-pdf';
import { createMemo, extendMemo, getMemo, returnMemoLines, sellMemoLines } from './memos';

export type { MemoDetail, MemoLine } from './memos';
export type { MemoListItem } from './lookup';

/** Coordinators and administrators write memos; every staff role sees them (practitioners without prices). */
const memoEditor = roleProcedure('admin', 'coordinator');

export const memosRouter = router({
  list: staffProcedure.input(memoListInput).query(({ ctx, input }) => listMemos(ctx.store, ctx.user, input)),
  /** Open memos, stones out and overdue memos: the dashboard's card. */
  summary: staffProcedure.query(({ ctx }) => memosSummary(ctx.store)),
  get: staffProcedure
    .input(z.object({ id: recordId }))
    .query(({ ctx, input }) => getMemo(ctx.store, ctx.user, input.id)),
  /** A stone's memo now, and the memos it went out on before (the stone panel). */
  forStone: staffProcedure
    .input(z.object({ gemstone: recordId }))
    .query(({ ctx, input }) => memosOfStone(ctx.store, input.gemstone)),
  /** The memos these stones are out on now: the grid and Ctrl+K ask for their stones beside their own query. */
  onStones: staffProcedure
    .input(z.object({ gemstones: z.array(recordId).max(1000) }))
    .query(({ ctx, input }) => memosOnStones(ctx.store, input.gemstones)),
  /** A stone typed or scanned into the memo dialog, with its asking price. */
  stoneBySku: memoEditor
    .input(z.object({ sku: z.string().trim().min(1, 'Type or scan a SKU').max(64) }))
    .query(({ ctx, input }) => stoneForMemoDialog(ctx.store, input.sku)),
  /** The memo on paper, for the buyer's signature (it carries the prices). */
  pdf: memoEditor.input(z.object({ id: recordId })).query(({ ctx, input }) => memoPdf(ctx.store, ctx.user, input.id)),

  create: memoEditor.input(createMemoInput).mutation(({ ctx, input }) => createMemo(ctx.store, ctx.user, input)),
  returnLines: memoEditor
    .input(returnMemoLinesInput)
    .mutation(({ ctx, input }) => returnMemoLines(ctx.store, ctx.user, input)),
  sellLines: memoEditor
    .input(sellMemoLinesInput)
    .mutation(({ ctx, input }) => sellMemoLines(ctx.store, ctx.user, input)),
  extend: memoEditor.input(extendMemoInput).mutation(({ ctx, input }) => extendMemo(ctx.store, ctx.user, input)),
});

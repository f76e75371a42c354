import { z } from 'zod';
import { recordId } from '../../shared/schemas';
import {
  agingThresholdsInput,
  createInquiryInput,
  dashboardInput,
  listInquiriesInput,
  transitionInput,
  updateInquiryInput,
} from '../../shared/sales';
import { followUpCounts } from '../activities/follow-ups';
import { roleProcedure, router, staffProcedure } from '../trpc/init';
import { agingThresholds, setAgingThresholds } from './aging';
import { getInquiry, listInquiries, pipelineBoard, salesDashboard } from './inquiries';
import { createInquiry, transitionInquiry, updateInquiry } from './pipeline';
import { stoneBySku } from './stone-lookup';

export type { Inquiry, InquiryDetail } from './inquiries';

/** Coordinators and administrators create and move inquiries (the backend's matrix); every staff role reads. */
const inquiryEditor = roleProcedure('admin', 'coordinator');

export const inquiriesRouter = router({
  /** The list view, filtered; practitioners never receive quotedPrice. */
  list: staffProcedure
    .input(listInquiriesInput)
    .query(({ ctx, input }) => listInquiries(ctx.store, ctx.user.role, input)),
  get: staffProcedure
    .input(z.object({ id: recordId }))
    .query(({ ctx, input }) => getInquiry(ctx.store, ctx.user.role, input.id)),
  board: staffProcedure.query(({ ctx }) => pipelineBoard(ctx.store, ctx.user.role)),
  dashboard: staffProcedure.input(dashboardInput).query(({ ctx, input }) => ({
    ...salesDashboard(ctx.store, ctx.user.role, input),
    followUps: followUpCounts(ctx.store, input.todayStart),
  })),
  /** "Create from a stone (scan it)": the exact SKU → the stone, or null. */
  stoneBySku: staffProcedure
    .input(z.object({ sku: z.string().trim().min(1, 'Scan or type a SKU').max(40) }))
    .query(({ ctx, input }) => stoneBySku(ctx.store, input.sku)),

  create: inquiryEditor
    .input(createInquiryInput)
    .mutation(({ ctx, input }) => createInquiry(ctx.store, ctx.user, input)),
  update: inquiryEditor
    .input(updateInquiryInput)
    .mutation(({ ctx, input }) => updateInquiry(ctx.store, ctx.user, input.id, input.changes)),
  /** Moves an inquiry along new → quoted → reserved → closed; refusals say which rule they break. */
  transition: inquiryEditor
    .input(transitionInput)
    .mutation(({ ctx, input }) => transitionInquiry(ctx.store, ctx.user, input)),

  agingThresholds: staffProcedure.query(({ ctx }) => agingThresholds(ctx.store)),
  setAgingThresholds: roleProcedure('admin')
    .input(agingThresholdsInput)
    .mutation(({ ctx, input }) => setAgingThresholds(ctx.store, input)),
});

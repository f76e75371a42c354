import { z } from 'zod';
import {
  attachDocumentInput,
  checkNumberInput,
  listLogInput,
  logFilter,
  queueInput,
  recordVerificationInput,
  updateEntryInput,
} from '../../shared/certificates';
import { recordId } from '../../shared/schemas';
import { roleProcedure, router, staffProcedure } from '../trpc/init';
import {
  attachDocument,
  checkNumber,
  getEntry,
  openDocument,
  recordVerification,
  refuseDelete,
  stoneForVerification,
  updateEntry,
} from './certificates';
import { exportLog, listLog, stoneTimeline } from './log';
import { awaitingCount, awaitingQueue } from './queue';

export type {
  CertificateEntry,
  DuplicateCertificate,
  EntryDocument,
  RecordResult,
  VerificationStone,
} from './certificates';
export type { AwaitingQueue, AwaitingStone, QueueFacets, QueueLab } from './queue';

/** Practitioners and administrators verify certificates (seed 000); coordinators and everyone else read. */
const verifier = roleProcedure('admin', 'practitioner');

export const certificatesRouter = router({
  /** The global log (or one stone's, with filter.gemstone), newest first, filtered by date, lab, result, verifier. */
  list: staffProcedure.input(listLogInput).query(({ ctx, input }) => listLog(ctx.store, input)),
  get: staffProcedure.input(z.object({ id: recordId })).query(({ ctx, input }) => getEntry(ctx.store, input.id)),
  /** One stone's verifications, for its timeline. */
  timeline: staffProcedure
    .input(z.object({ gemstone: recordId }))
    .query(({ ctx, input }) => stoneTimeline(ctx.store, input.gemstone)),
  /** The current filter of the log as CSV. */
  exportCsv: staffProcedure
    .input(z.object({ filter: logFilter }))
    .query(({ ctx, input }) => exportLog(ctx.store, input.filter)),

  /** Stones awaiting verification (none or pending), oldest first, filtered by lab, location and age, with the count per option. */
  queue: staffProcedure
    .input(queueInput)
    .query(({ ctx, input }) => awaitingQueue(ctx.store, input.limit, input.filter)),
  /** The count on the navigation. */
  awaitingCount: staffProcedure.query(({ ctx }) => awaitingCount(ctx.store)),

  /** The stone to verify, by id or by a scanned or typed SKU (null when no stone has it). */
  stone: staffProcedure
    .input(
      z.union([z.object({ id: recordId }), z.object({ sku: z.string().trim().min(1, 'Scan or type a SKU').max(40) })]),
    )
    .query(({ ctx, input }) => stoneForVerification(ctx.store, input)),
  /** As the user types: the lab's number format and the same number on another stone. */
  check: staffProcedure.input(checkNumberInput).query(({ ctx, input }) => checkNumber(ctx.store, input)),
  record: verifier
    .input(recordVerificationInput)
    .mutation(({ ctx, input }) => recordVerification(ctx.store, ctx.user, input)),
  /** Only the notes of an entry change; anything about the verification itself is refused (append-only). */
  update: verifier
    .input(updateEntryInput)
    .mutation(({ ctx, input }) => updateEntry(ctx.store, input.id, input.changes)),
  /** Always refused: the log is append-only (a correction is a new entry). */
  delete: staffProcedure
    .input(z.object({ id: recordId }))
    .mutation(({ ctx, input }) => refuseDelete(ctx.store, input.id)),
  attachDocument: verifier.input(attachDocumentInput).mutation(({ ctx, input }) => attachDocument(ctx.store, input)),
  /** The scanned report as base64 (downloaded from the backend the first time if this workstation lacks it). */
  document: staffProcedure
    .input(z.object({ id: recordId }))
    .query(({ ctx, input }) => openDocument(ctx.store, ctx.sync, input.id)),
});

import { z } from 'zod';
import { roleProcedure, router, staffProcedure } from '../trpc/init';
import { DomainError } from '../trpc/errors';
import { newPassword, recordId } from '../../shared/schemas';
import { connectInput } from '../../shared/sync';
import { handOverChanges } from './handover';
import { strandedRecords } from './stranded';
import { dismissConflict, dismissDeadLetter, listConflicts, listDeadLetters, reapplyConflict } from './resolutions';

export const syncRouter = router({
  /** Always visible: online/offline, pending changes, last sync, first-download progress. */
  status: staffProcedure.query(({ ctx }) => ctx.sync.status()),

  /** Requests sent to the backend this month, for Settings (hosted plans bill by them). */
  requestsThisMonth: staffProcedure.query(({ ctx }) => ctx.sync.requestsThisMonth()),

  syncNow: staffProcedure.mutation(({ ctx }) => ctx.sync.syncNow()),

  /** An admin connects this workstation to the dealer's backend (the workstation keeps working meanwhile). */
  connect: roleProcedure('admin')
    .input(connectInput)
    .mutation(async ({ ctx, input }) => {
      const { username, password, ...settings } = input;
      try {
        return await ctx.sync.connect(settings, username, password);
      } catch (error) {
        const kind = (error as { kind?: string }).kind;
        if (kind === 'transient')
          throw new DomainError(
            'BACKEND_UNREACHABLE',
            `The backend could not be reached: ${(error as Error).message}`,
            'serverURL',
          );
        if (kind === 'permanent')
          throw new DomainError('WRONG_CREDENTIALS', `The backend refused: ${(error as Error).message}`, 'password');
        throw error;
      }
    }),

  conflicts: router({
    list: staffProcedure.query(({ ctx }) => listConflicts(ctx.store, ctx.user.role)),
    reapply: roleProcedure('admin', 'coordinator')
      .input(z.object({ id: z.number().int() }))
      .mutation(({ ctx, input }) => reapplyConflict(ctx.store, input.id, ctx.user.id)),
    dismiss: staffProcedure
      .input(z.object({ id: z.number().int() }))
      .mutation(({ ctx, input }) => dismissConflict(ctx.store, input.id, ctx.user.id)),
  }),

  deadLetters: router({
    list: staffProcedure.query(({ ctx }) => listDeadLetters(ctx.store, ctx.user.role)),
    /** The refused changes of the signed-in person: flagged for them until they deal with them. */
    mine: staffProcedure.query(({ ctx }) => listDeadLetters(ctx.store, ctx.user.role, ctx.user.id)),
    dismiss: staffProcedure
      .input(z.object({ id: z.number().int() }))
      .mutation(({ ctx, input }) => dismissDeadLetter(ctx.store, input.id)),
  }),

  /** Staff made here while local only, whose changes wait for a backend account (see stranded.ts). */
  staff: router({
    /** Which waiting changes name someone without a backend account, and whom. */
    waiting: staffProcedure.query(({ ctx }) => strandedRecords(ctx.store)),
    createBackendAccount: roleProcedure('admin')
      .input(z.object({ userId: recordId, password: newPassword }))
      .mutation(({ ctx, input }) => ctx.sync.createBackendAccount(input.userId, input.password, ctx.user.id)),
    handOver: roleProcedure('admin')
      .input(z.object({ fromUserId: recordId, toUserId: recordId }))
      .mutation(async ({ ctx, input }) => {
        const handed = handOverChanges(ctx.store, input.fromUserId, input.toUserId);
        void ctx.sync.syncNow().catch(() => undefined); // the status answers for what follows
        return handed;
      }),
  }),

  /** Which kinds of records changed, pushed to every open screen so lists refresh without a reload. */
  onChange: staffProcedure.subscription(async function* ({ ctx, signal }) {
    yield* ctx.store.changes.stream(signal);
  }),
});

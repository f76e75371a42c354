import { router, staffProcedure } from '../trpc/init';

export const syncRouter = router({
  /** Until a backend is connected the workstation is local-only; its changes wait in the outbox. */
  status: staffProcedure.query(({ ctx }) => {
    const { pending } = ctx.store.sqlite.prepare('SELECT count(*) AS pending FROM outbox').get() as { pending: number };
    return { mode: 'local-only' as const, pendingChanges: pending, lastSyncedAt: null as string | null };
  }),

  /** Which kinds of records changed, pushed to every open screen so lists refresh without a reload. */
  onChange: staffProcedure.subscription(async function* ({ ctx, signal }) {
    yield* ctx.store.changes.stream(signal);
  }),
});

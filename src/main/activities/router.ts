import { z } from 'zod';
import { recordId } from '../../shared/schemas';
import { createActivityInput, followUpRef, followUpWindowInput, instant, snoozeInput } from '../../shared/sales';
import { router, staffProcedure } from '../trpc/init';
import { createActivity, listActivities, setActivityDone } from './activities';
import { followUpCounts, listFollowUps, markFollowUpDone, snoozeFollowUp } from './follow-ups';

export type { Activity } from './activities';
export type { FollowUp } from './follow-ups';

// Every staff role logs activities (calls, emails, meetings, notes); the person who logged one, or an
// administrator, completes or snoozes it. Changing an inquiry's follow-up date is an inquiry edit:
// coordinators and administrators. Both are checked in the domain functions, as the backend does.
export const activitiesRouter = router({
  /** A timeline: a buyer's, an inquiry's, or all (newest first). */
  list: staffProcedure
    .input(z.object({ buyer: recordId.optional(), inquiry: recordId.optional() }).optional())
    .query(({ ctx, input }) => listActivities(ctx.store, input ?? {})),
  create: staffProcedure
    .input(createActivityInput)
    .mutation(({ ctx, input }) => createActivity(ctx.store, ctx.user, input)),
  setDone: staffProcedure
    .input(z.object({ id: recordId, done: z.boolean() }))
    .mutation(({ ctx, input }) => setActivityDone(ctx.store, ctx.user, input.id, input.done)),

  /** Overdue, due today and this week: open inquiries' follow-up dates and open activities' due dates. */
  followUps: staffProcedure
    .input(followUpWindowInput)
    .query(({ ctx, input }) => listFollowUps(ctx.store, input.todayStart)),
  /** The navigation badge: overdue + due today. */
  followUpCount: staffProcedure
    .input(followUpWindowInput)
    .query(({ ctx, input }) => followUpCounts(ctx.store, input.todayStart)),
  markDone: staffProcedure.input(followUpRef).mutation(({ ctx, input }) => {
    markFollowUpDone(ctx.store, ctx.user, input);
    return { done: true as const };
  }),
  snooze: staffProcedure
    .input(snoozeInput.extend({ todayStart: instant }))
    .mutation(({ ctx, input }) => ({ dueAt: snoozeFollowUp(ctx.store, ctx.user, input) })),
});

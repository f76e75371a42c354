import { router, staffProcedure } from '../trpc/init';

// Logging activities arrives with the sales issue; the list works now.
export const activitiesRouter = router({
  list: staffProcedure.query(({ ctx }) =>
    ctx.store.sqlite
      .prepare(
        `SELECT id, type, subject, description, dueDate, completedAt, relatedTo, relatedInquiry, createdBy
         FROM activities ORDER BY coalesce(dueDate, '') DESC LIMIT 500`,
      )
      .all() as {
      id: string;
      type: string | null;
      subject: string | null;
      description: string | null;
      dueDate: string | null;
      completedAt: string | null;
      relatedTo: string | null;
      relatedInquiry: string | null;
      createdBy: string | null;
    }[],
  ),
});

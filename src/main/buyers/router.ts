import { redact } from '../trpc/privacy';
import { router, staffProcedure } from '../trpc/init';

export interface BuyerSummary {
  id: string;
  buyerCode: string;
  companyName: string;
  contactName: string;
  email?: string;
  phone?: string | null;
  salesStatus: string;
}

// Creating and managing buyers arrives with the sales issue; the list (with field privacy) works now.
export const buyersRouter = router({
  list: staffProcedure.query(({ ctx }) => {
    const rows = ctx.store.sqlite
      .prepare(
        'SELECT id, buyerCode, companyName, contactName, email, phone, salesStatus FROM buyers ORDER BY companyName LIMIT 500',
      )
      .all() as BuyerSummary[];
    return rows.map((row) => redact('Buyer', ctx.user.role, row));
  }),
});

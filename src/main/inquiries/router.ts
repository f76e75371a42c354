import { redact } from '../trpc/privacy';
import { router, staffProcedure } from '../trpc/init';

export interface InquirySummary {
  id: string;
  buyer: string;
  gemstone: string;
  inquiryStatus: string;
  requestedCaratWeight: number;
  /** Minor units of `currency`. */
  quotedPrice?: number | null;
  currency: string;
  followUpAt: string | null;
}

// The inquiry pipeline arrives with the sales issue; the list (with field privacy) works now.
export const inquiriesRouter = router({
  list: staffProcedure.query(({ ctx }) => {
    const rows = ctx.store.sqlite
      .prepare(
        `SELECT id, buyer, gemstone, inquiryStatus, requestedCaratWeight, quotedPrice, currency, followUpAt
         FROM purchase_inquiries ORDER BY localUpdatedAt DESC LIMIT 500`,
      )
      .all() as InquirySummary[];
    return rows.map((row) => redact('PurchaseInquiry', ctx.user.role, row));
  }),
});

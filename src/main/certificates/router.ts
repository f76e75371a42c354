import { z } from 'zod';
import { recordId } from '../../shared/schemas';
import { router, staffProcedure } from '../trpc/init';

// Recording verifications arrives with the certificates issue; reading the log works now.
export const certificatesRouter = router({
  list: staffProcedure
    .input(z.object({ gemstone: recordId.optional() }).default({}))
    .query(({ ctx, input }) => {
      const where = input.gemstone ? 'WHERE gemstone = ?' : '';
      const args = input.gemstone ? [input.gemstone] : [];
      return ctx.store.sqlite
        .prepare(
          `SELECT id, gemstone, certificateNumber, issuedBy, verifiedBy, verifiedAt, verificationResult, notes
           FROM certificate_logs ${where} ORDER BY verifiedAt DESC LIMIT 200`,
        )
        .all(...args) as {
        id: string;
        gemstone: string;
        certificateNumber: string;
        issuedBy: string;
        verifiedBy: string | null;
        verifiedAt: string;
        verificationResult: string;
        notes: string | null;
      }[];
    }),
});

import { activitiesRouter } from '../activities/router';
import { authRouter } from '../auth/router';
import { buyersRouter } from '../buyers/router';
import { certificatesRouter } from '../certificates/router';
import { consignmentsRouter } from '../consignments/router';
import { holdsRouter } from '../holds/router';
import { inquiriesRouter } from '../inquiries/router';
import { inventoryRouter } from '../inventory/router';
import { invoicesRouter } from '../invoices/router';
import { maintenanceRouter } from '../maintenance/router';
import { mediaRouter } from '../media/router';
import { memosRouter } from '../memos/router';
import { reportsRouter } from '../reports/router';
import { syncRouter } from '../sync/router';
import { router } from '../trpc/init';

export const appRouter = router({
  auth: authRouter,
  inventory: inventoryRouter,
  certificates: certificatesRouter,
  /** A stone's photos and videos. */
  media: mediaRouter,
  buyers: buyersRouter,
  inquiries: inquiriesRouter,
  holds: holdsRouter,
  /** Stones out on approval with a buyer. */
  memos: memosRouter,
  /** Invoices, payments and the invoice settings (money: admins and coordinators). */
  invoices: invoicesRouter,
  consignments: consignmentsRouter,
  activities: activitiesRouter,
  reports: reportsRouter,
  sync: syncRouter,
  /** Backups and restore, self-check and doctor, diagnostics, updates. */
  app: maintenanceRouter,
});

/** The one typed contract between the renderer and the core, whichever shell carries it. */
export type AppRouter = typeof appRouter;

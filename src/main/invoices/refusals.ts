import type { Store } from '../db/store';
import { dropRefusedPayment } from './queries';

// When the backend refuses a payment on sync (two desks recorded the same balance while offline, or the
// invoice was voided elsewhere), the payment made here goes, so this workstation's balance due is the
// server's again. What was entered stays in the Sync screen's list of refused changes, with the reason,
// flagged for the person who recorded it, to record again if it was right.

export function handleRefusedPayment(store: Store, paymentId: string): void {
  store.write((scope) => {
    if (dropRefusedPayment.run(store, paymentId).changes > 0) scope.touched('Payment');
  });
}

import type { StatusHistoryEntry } from '../../shared/sales';
import type { Store, WriteScope } from '../db/store';
import { parseHistory } from './inquiries';
import { closeAsLost, openRivals } from './queries';

// A sale settles the stone: the stone's other open inquiries are closed as lost, in the sale's own
// transaction, each with its history entry and its outbox entry. Closing (not flagging) them is what the
// pipeline, the dashboard and the follow-ups already read, and it is final the way the stone is final.
// Only the workstation that records the sale closes them; others receive those closures by replication
// (pulling a sale never closes anything here, so nothing is written twice). The sale's own history entry
// lists the rivals it closed (`rivalsClosed`): Cloud Code closes only the open rivals a sale does not list
// (another app's sale, or an inquiry this workstation had not pulled yet).

/** The reason a rival inquiry carries (Parse: PurchaseInquiry.outcomeReason). */
export const RIVAL_LOST_REASON = 'Stone sold to another buyer';

/** Closes the open inquiries on `stoneId` other than the sold one; returns their ids. Runs inside the sale's write. */
export function closeRivalInquiries(
  store: Store,
  scope: WriteScope,
  sale: { inquiryId: string; stoneId: string; actor: { by: string; byName: string }; at: string },
): string[] {
  const rivals = openRivals.all(store, sale.stoneId, sale.inquiryId);
  for (const rival of rivals) {
    // A reserved rival cannot exist here (a sale is refused while another buyer holds the stone), so no
    // stone is released: the stone itself has just moved to "Sold".
    const entry: StatusHistoryEntry = {
      from: rival.inquiryStatus,
      to: 'closed',
      ...sale.actor,
      at: sale.at,
      reason: RIVAL_LOST_REASON,
      outcome: 'lost',
    };
    closeAsLost.run(store, {
      id: rival.id,
      reason: RIVAL_LOST_REASON,
      at: sale.at,
      history: JSON.stringify([...parseHistory(rival.statusHistory), entry]),
      now: scope.now,
    });
    scope.enqueue('PurchaseInquiry', rival.id, 'update', [
      'inquiryStatus',
      'statusChangedAt',
      'outcome',
      'outcomeReason',
      'statusHistory',
    ]);
  }
  return rivals.map((r) => r.id);
}

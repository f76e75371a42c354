import type { InquiryStatus } from '../../shared/enums';
import { parseHistory, type StatusHistoryEntry } from '../../shared/sales';
import { query } from '../db/query';
import type { Store, WriteScope } from '../db/store';

// A sale settles the stone: its other open inquiries close, in the sale's own transaction, each with its
// history entry and its outbox entry. Closing (not flagging) them is what the pipeline, the dashboard and
// the follow-ups already read. Only the workstation that records the sale closes them; others receive
// those closures by replication. The sale's own history entry lists the rivals it closed (`rivalsClosed`):
// Cloud Code closes only the open rivals a sale does not list (another app's sale, or an inquiry this
// workstation had not pulled yet). Two kinds of sale close inquiries: an inquiry closed as sold (the
// pipeline) and a stone kept from a memo, which also closes the memo buyer's own open inquiries as sold.

/** The reason a rival inquiry carries (Parse: PurchaseInquiry.outcomeReason). */
export const RIVAL_LOST_REASON = 'Stone sold to another buyer';

const INQUIRY_CLOSED_FIELDS = ['inquiryStatus', 'statusChangedAt', 'outcome', 'outcomeReason', 'statusHistory'];

interface OpenInquiry {
  id: string;
  buyer: string;
  inquiryStatus: InquiryStatus;
  statusHistory: string | null;
}

const openInquiriesOnStone = query<[stoneId: string, exceptInquiryId: string], OpenInquiry>(
  `SELECT id, buyer, inquiryStatus, statusHistory FROM purchase_inquiries
   WHERE gemstone = ? AND inquiryStatus IN ('new', 'quoted', 'reserved') AND id <> ?`,
);

const closeInquiry = query<
  [{ id: string; outcome: 'sold' | 'lost'; reason: string; at: string; history: string; now: number }]
>(
  `UPDATE purchase_inquiries SET inquiryStatus = 'closed', outcome = @outcome, outcomeReason = @reason,
     statusChangedAt = @at, statusHistory = @history, localUpdatedAt = @now WHERE id = @id`,
);

interface Actor {
  by: string;
  byName: string;
}

function close(
  store: Store,
  scope: WriteScope,
  inquiry: OpenInquiry,
  close: { outcome: 'sold' | 'lost'; reason: string; actor: Actor; at: string; rivalsClosed?: string[] },
) {
  const entry: StatusHistoryEntry = {
    from: inquiry.inquiryStatus,
    to: 'closed',
    ...close.actor,
    at: close.at,
    reason: close.reason,
    outcome: close.outcome,
  };
  if (close.rivalsClosed) entry.rivalsClosed = close.rivalsClosed;
  closeInquiry.run(store, {
    id: inquiry.id,
    outcome: close.outcome,
    reason: close.reason,
    at: close.at,
    history: JSON.stringify([...parseHistory(inquiry.statusHistory), entry]),
    now: scope.now,
  });
  scope.enqueue('PurchaseInquiry', inquiry.id, 'update', INQUIRY_CLOSED_FIELDS);
}

/** Closes the open inquiries on `stoneId` other than the sold one as lost; returns their ids. Inside the sale's write. */
export function closeRivalInquiries(
  store: Store,
  scope: WriteScope,
  sale: { inquiryId: string; stoneId: string; actor: Actor; at: string },
): string[] {
  const rivals = openInquiriesOnStone.all(store, sale.stoneId, sale.inquiryId);
  // A reserved rival cannot exist here (a sale is refused while another buyer holds the stone), so no stone
  // is released: the stone itself has just moved to "Sold".
  for (const rival of rivals) close(store, scope, rival, { outcome: 'lost', reason: RIVAL_LOST_REASON, ...sale });
  return rivals.map((r) => r.id);
}

/**
 * A stone kept from a memo: the memo buyer's own open inquiries on it close as sold (the first one lists
 * the rivals closed), every other buyer's as lost. Returns whether the buyer had reserved it (the stone's
 * assigned buyer is then released, as a sale through the pipeline does). Inside the memo sale's write.
 */
export function closeInquiriesOnMemoSale(
  store: Store,
  scope: WriteScope,
  sale: { stoneId: string; buyer: string; reason: string; actor: Actor; at: string },
): { reserved: boolean } {
  const open = openInquiriesOnStone.all(store, sale.stoneId, '');
  const rivals = open.filter((i) => i.buyer !== sale.buyer);
  const own = open.filter((i) => i.buyer === sale.buyer);
  for (const rival of rivals) {
    close(store, scope, rival, { outcome: 'lost', reason: RIVAL_LOST_REASON, actor: sale.actor, at: sale.at });
  }
  own.forEach((inquiry, i) =>
    close(store, scope, inquiry, {
      outcome: 'sold',
      reason: sale.reason,
      actor: sale.actor,
      at: sale.at,
      rivalsClosed: i === 0 ? rivals.map((r) => r.id) : [],
    }),
  );
  return { reserved: own.some((i) => i.inquiryStatus === 'reserved') };
}

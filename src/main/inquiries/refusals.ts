import type { StatusHistoryEntry } from '../../shared/sales';
import { asActor, type Store } from '../db/store';
import { parseHistory } from './inquiries';
import {
  inquiryObjectId,
  reservationToUndo,
  setInquiryStatus,
  setStoneAssignedBuyer,
  standingReservation,
  stoneAssignedBuyer,
} from './queries';

// When the backend refuses an inquiry's reservation on sync (two workstations reserved the same stone
// while offline; the server keeps the first), this workstation makes its copy agree with that rule:
// the inquiry goes back to the status it had before reserving (recorded in its history with the server's
// message) and is sent again that way, and the stone goes back to the buyer whose reservation stands.
// The refusal itself stays in the Sync screen's list, flagged for the person who made it.

export function handleRefusedInquiry(
  store: Store,
  inquiryId: string,
  sent: Record<string, unknown>,
  message: string,
  userId: string | null,
  now: number,
): void {
  if (sent.inquiryStatus !== 'reserved') return;
  const inquiry = reservationToUndo.get(store, inquiryId);
  if (!inquiry || inquiry.inquiryStatus !== 'reserved') return;
  const history = parseHistory(inquiry.statusHistory);
  const before = [...history].reverse().find((h) => h.to === 'reserved')?.from ?? 'quoted';
  const at = new Date(now).toISOString();
  const entry: StatusHistoryEntry = {
    from: 'reserved',
    to: before,
    by: 'backend',
    byName: 'Backend',
    at,
    reason: `Reservation refused on sync: ${message}`,
  };
  const standing = standingReservation.get(store, inquiry.gemstone, inquiry.id);

  const run = () =>
    store.write((scope) => {
      const wasCreate = !inquiryObjectId.get(store, inquiry.id)!.objectId;
      setInquiryStatus.run(store, before, JSON.stringify([...history, entry]), at, now, inquiry.id);
      if (wasCreate) scope.enqueue('PurchaseInquiry', inquiry.id, 'create');
      else
        scope.enqueue('PurchaseInquiry', inquiry.id, 'update', ['inquiryStatus', 'statusHistory', 'statusChangedAt']);
      const stone = stoneAssignedBuyer.get(store, inquiry.gemstone)!;
      const rightful = standing?.buyer ?? null;
      if (stone.assignedBuyer === inquiry.buyer && stone.assignedBuyer !== rightful) {
        setStoneAssignedBuyer.run(store, rightful, now, inquiry.gemstone);
        scope.enqueue('Gemstone', inquiry.gemstone, 'update', ['assignedBuyer']);
      }
    });
  // Sent again in the name of the person whose change it was.
  if (userId) asActor(userId, run);
  else run();
}

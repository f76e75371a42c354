import type { Store } from '../db/store';
import { dropUnsentConsignment, unsentConsignment } from './queries';

// When the backend refuses a consignment on sync (two desks received the same stone while offline; the
// server keeps the first to arrive: a stone has at most one consignment in), the consignment made here
// is taken back at once, so this workstation does not go on showing the stone as consigned from the wrong
// supplier. It was never stored on the server, so there is nothing to send; the next pull brings the one
// that stands. What was entered stays in the Sync screen's list of refused changes, flagged for the
// person who made it. (The stone's custody entry stays: it is history, like any other.)

export function handleRefusedConsignment(store: Store, consignmentId: string, sent: Record<string, unknown>): void {
  const consignment = unsentConsignment.get(store, consignmentId);
  if (!consignment || consignment.objectId || consignment.status !== 'in') return;
  if (sent.status !== undefined && sent.status !== 'in') return;
  store.write((scope) => {
    dropUnsentConsignment.run(store, consignmentId);
    scope.touched('Consignment');
  });
}

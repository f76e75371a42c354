import type { Store } from '../db/store';
import { endRefusedHold, holdForRefusal } from './queries';

// When the backend refuses a hold on sync (two workstations held the same stone while offline; the server
// keeps the first to arrive), the hold made here ends at once, so this workstation does not go on showing
// the stone as held for the wrong buyer. A hold the server never stored ends here only (it is not sent
// again: there is nothing on the server to end); the next pull brings the hold that stands. The refusal
// itself stays in the Sync screen's list, with what was entered, flagged for the person who made it.

export function handleRefusedHold(
  store: Store,
  holdId: string,
  sent: Record<string, unknown>,
  message: string,
  now: number,
): void {
  const hold = holdForRefusal.get(store, holdId);
  if (!hold || hold.status !== 'active' || hold.objectId) return;
  if (sent.status !== undefined && sent.status !== 'active') return;
  const note = [hold.note, `Refused on sync: ${message}`].filter(Boolean).join(' — ').slice(0, 500);
  store.write((scope) => {
    endRefusedHold.run(store, { id: holdId, endedAt: new Date(now).toISOString(), note, now });
    scope.touched('StoneHold');
  });
}

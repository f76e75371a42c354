import type { StrandedStaff } from '../../shared/sync';
import type { Store } from '../db/store';
import { recordLabel } from './describe';
import { strandedChangeRows, strandedStaff } from './queries';

// Changes that cannot go to the server as they are, and whose they are. A staff account made on this
// workstation while it was local only has no backend account: the server cannot be told that such a person
// handled an inquiry, recorded a verification or moved a stone, so every change naming them waits, and so
// does every change that needs one of those records (an activity about such an inquiry). Until an
// administrator creates their backend account or hands their changes to another user, the status says so
// (never "Synced"), with how many changes and whose.

/** Staff with no backend account, and how many waiting changes name them. */
export function strandedChanges(store: Store): StrandedStaff[] {
  return strandedStaff.all(store);
}

/** Which changes cannot go, named as staff know them ("Inquiry Aurora Gems for RB-1001"), and whose. */
export function strandedRecords(store: Store): { userId: string; record: string }[] {
  return strandedChangeRows
    .all(store)
    .map((r) => ({ userId: r.userId, record: recordLabel(store, r.entity, r.recordId) }));
}

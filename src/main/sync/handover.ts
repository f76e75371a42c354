import { REPLICATED_CLASSES } from '../../shared/enums';
import { CLASS_MAPPINGS } from '../db/parse-mapping';
import type { Store } from '../db/store';
import { DomainError } from '../trpc/errors';
import { changesAuthoredBy, editField, handChangesTo, staffMember, waitingRecordsNaming } from './queries';

// An administrator hands the waiting changes of a staff member who has no backend account (made here while
// the workstation was local only) to a backend user: every waiting record that names the one (handled by,
// verified by, moved by, logged by, account manager) names the other, and the changes go with that
// user's session. The person stays on this workstation; changes they make later wait again, and the
// status says so, until they get a backend account of their own.

const USER_POINTERS = REPLICATED_CLASSES.filter((c) => CLASS_MAPPINGS[c].pushable).flatMap((entity) =>
  Object.entries(CLASS_MAPPINGS[entity].fields).flatMap(([field, kind]) =>
    kind.kind === 'pointer' && kind.target === '_User' ? [{ entity, field }] : [],
  ),
);

export function handOverChanges(store: Store, fromUserId: string, toUserId: string): { changes: number } {
  const person = (id: string) => staffMember.get(store, id);
  const from = person(fromUserId);
  const to = person(toUserId);
  if (!from || !to) throw new DomainError('NOT_FOUND', 'That staff member no longer exists.');
  if (from.objectId)
    throw new DomainError(
      'ALREADY_SET_UP',
      `${from.fullName} has a backend account: their changes go under their own name.`,
      'fromUserId',
    );
  if (!to.objectId)
    throw new DomainError(
      'NO_BACKEND_ACCOUNT',
      `${to.fullName} has no backend account either; choose someone who does.`,
      'toUserId',
    );
  return store.write((scope) => {
    const handed = new Set<string>();
    for (const { entity, field } of USER_POINTERS) {
      const waiting = waitingRecordsNaming(entity, field).all(store, entity, from.id);
      for (const { id } of waiting) {
        editField(entity, field).run(store, to.id, scope.now, id);
        scope.enqueue(entity, id, 'update', [field]);
        handed.add(`${entity}:${id}`);
      }
    }
    // Sent with the new owner's session from now on.
    for (const row of changesAuthoredBy.all(store, from.id)) handed.add(`${row.entity}:${row.recordId}`);
    handChangesTo.run(store, to.id, from.id);
    scope.touched('sync');
    return { changes: handed.size };
  });
}

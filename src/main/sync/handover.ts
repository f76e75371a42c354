import { REPLICATED_CLASSES } from '../../shared/enums';
import { CLASS_MAPPINGS } from '../db/parse-mapping';
import type { Store } from '../db/store';
import { DomainError } from '../trpc/errors';

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
  const person = (id: string) =>
    store.sqlite.prepare('SELECT id, fullName, objectId FROM users WHERE id = ?').get(id) as
      { id: string; fullName: string; objectId: string | null } | undefined;
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
      const table = CLASS_MAPPINGS[entity].table;
      const waiting = store.sqlite
        .prepare(
          `SELECT t.id FROM ${table} t JOIN outbox o ON o.entity = ? AND o.recordId = t.id WHERE t."${field}" = ? AND o.op != 'delete'`,
        )
        .all(entity, from.id) as { id: string }[];
      for (const { id } of waiting) {
        store.sqlite
          .prepare(`UPDATE ${table} SET "${field}" = ?, localUpdatedAt = ? WHERE id = ?`)
          .run(to.id, scope.now, id);
        scope.enqueue(entity, id, 'update', [field]);
        handed.add(`${entity}:${id}`);
      }
    }
    // Sent with the new owner's session from now on.
    const authored = store.sqlite.prepare('SELECT entity, recordId FROM outbox WHERE userId = ?').all(from.id) as {
      entity: string;
      recordId: string;
    }[];
    for (const row of authored) handed.add(`${row.entity}:${row.recordId}`);
    store.sqlite.prepare('UPDATE outbox SET userId = ? WHERE userId = ?').run(to.id, from.id);
    scope.touched('sync');
    return { changes: handed.size };
  });
}

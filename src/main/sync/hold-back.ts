import type { ReplicatedClass } from '../../shared/enums';
import { CLASS_MAPPINGS } from '../db/parse-mapping';
import type { Store } from '../db/store';
import { pendingChange, pendingFields, readBase, setAside, tableOf } from './bookkeeping';
import { dropOutboxRow, heldBackEntryOf, keyHolder, setField, setPendingFields, updateHeldBack } from './queries';

// Holding a pulled record back: one record this workstation cannot store never stops a page. It is listed
// (a dead letter with op 'pull') with the reason, and tried again at every sync (held-back-retry.ts).

/**
 * Writes a pulled record (`write`). One record this database refuses must never stop the pull. The usual
 * case is another local record holding its business key (SKU, buyer code, username):
 * - the holder's own not-yet-sent change to that key gives way: the server gave the key to this record
 *   first and would refuse the change anyway. It is set aside as a refused change (nothing typed is lost),
 *   the holder gets its server value back, and the write goes ahead;
 * - otherwise (the server holds the key twice, or a record made here and not yet sent holds it) the pulled
 *   record is held back: listed with a message naming both, and tried again at every sync (see
 *   held-back-retry.ts) until one of them has another key.
 * Anything else refused (an empty required value, a record it points to that is not here) is held back too,
 * with the reason. Returns whether the record was written.
 */
export function storeOrHoldBack(
  store: Store,
  entity: ReplicatedClass,
  json: Record<string, unknown>,
  remote: Record<string, unknown>,
  ownId: string | null,
  now: number,
  write: () => void,
): boolean {
  const key = CLASS_MAPPINGS[entity].businessKey;
  try {
    write();
    return true;
  } catch (error) {
    if (!isConstraintViolation(error)) throw error;
    if (!key || !(error as Error).message.includes(`UNIQUE constraint failed: ${tableOf(entity)}.${key.field}`)) {
      // Anything else this database refuses (an empty required value, a record it points to that is not
      // here): the same, held back and listed rather than stopping the pull.
      holdBack(
        store,
        entity,
        json,
        remote,
        `Not taken in from the server: ${describeRefusal(entity, error as Error)}. It is tried again at every sync.`,
        now,
      );
      return false;
    }
  }
  const value = remote[key.field];
  const holder = keyHolder(entity, key.field).get(store, value, ownId);
  const pending = holder ? pendingChange(store, entity, String(holder.id)) : undefined;
  const base = pending ? readBase(store, entity, String(pending.recordId)) : {};
  const serverValue = base[key.field];
  if (
    holder?.objectId &&
    pending?.op === 'update' &&
    pendingFields(pending, entity).includes(key.field) &&
    typeof serverValue === 'string' &&
    serverValue !== value
  ) {
    setAside(
      store,
      {
        entity,
        recordId: String(holder!.id),
        op: 'update',
        fields: [key.field],
        values: { [key.field]: value },
        message: `The ${key.label} ${String(value)} was given to another ${key.record} on the server before this change was sent.`,
        userId: pending.userId,
      },
      now,
    );
    setField(entity, key.field).run(store, serverValue, String(holder.id));
    const left = pendingFields(pending, entity).filter((f) => f !== key.field);
    if (left.length === 0) dropOutboxRow.run(store, pending.id);
    else setPendingFields.run(store, JSON.stringify(left), pending.id);
    write();
    return true;
  }
  const where = !holder ? '' : holder.objectId ? ' (also on the server)' : ' (made here and not sent yet)';
  holdBack(
    store,
    entity,
    json,
    remote,
    `Not taken in from the server: its ${key.label} ${String(value)} is used by another ${key.record} here${where}. ` +
      `It is tried again at every sync; give one of them another ${key.label}.`,
    now,
  );
  return false;
}

/** Lists a pulled record that could not be written (one open entry per record: a retry that still fails adds none). */
export function holdBack(
  store: Store,
  entity: ReplicatedClass,
  json: Record<string, unknown>,
  remote: Record<string, unknown>,
  message: string,
  now: number,
) {
  const held = heldBackEntryOf.get(store, entity, String(json.objectId));
  if (held) {
    // Still held back: the entry says why as of now (the record may have changed on the server meanwhile).
    updateHeldBack.run(store, message, JSON.stringify(Object.keys(remote)), JSON.stringify(remote), held.id);
    return;
  }
  setAside(
    store,
    {
      entity,
      recordId: String(json.objectId),
      op: 'pull',
      fields: Object.keys(remote),
      values: remote,
      message,
      userId: null,
    },
    now,
  );
}

function isConstraintViolation(error: unknown): boolean {
  return error instanceof Error && String((error as { code?: string }).code).startsWith('SQLITE_CONSTRAINT');
}

/** SQLite's refusal in the users' words: which field, and why. */
function describeRefusal(entity: ReplicatedClass, error: Error): string {
  const notNull = /NOT NULL constraint failed: \w+\.(\w+)/.exec(error.message);
  if (notNull) {
    const field = notNull[1]!;
    const kind = CLASS_MAPPINGS[entity].fields[field];
    if (kind?.kind === 'pointer')
      return `the ${kind.target === '_User' ? 'staff account' : kind.target} it belongs to (${field}) is not on this workstation`;
    return `its ${field} is empty`;
  }
  return `this workstation cannot store it as it is (${error.message})`;
}

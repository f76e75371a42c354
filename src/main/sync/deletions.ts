import type { ReplicatedClass } from '../../shared/enums';
import { RECORD_RULES } from '../../shared/record-rules';
import { CLASS_MAPPINGS } from '../db/parse-mapping';
import type { Store } from '../db/store';
import { pendingChange, setAside } from './bookkeeping';
import { recordLabel } from './describe';
import {
  deleteRecord,
  dropBase,
  dropPendingChange,
  heldBackEntryOf,
  recordById,
  recordByObjectId,
  recordsPointingTo,
  unlinkFromServer,
  unlinkPointersTo,
  unsentRecordById,
} from './queries';

// A record deleted elsewhere (a tombstone, the daily sweep) goes here too, and so does everything that
// cannot be without it. Nothing typed is lost and nothing waits forever:
// - the record's own change still to be sent is set aside with its values ("deleted on the server while
//   it was being edited here");
// - a record that needs it (a custody event needs its stone) goes with it: one made here and not sent yet
//   has its change set aside with the reason; one the server has is held back and listed, as any record
//   from the server this workstation cannot store (the server still holds it, pointing at nothing);
// - a record that merely links to it (a stone's assigned buyer) loses the link, as on the server.
// Staff accounts are never removed with others' records: a deleted account's name reads empty.

interface Dependent {
  entity: ReplicatedClass;
  field: string;
  required: boolean;
}

/** For each class, the fields of other classes that point to it. */
const DEPENDENTS = (() => {
  const out = new Map<ReplicatedClass, Dependent[]>();
  for (const mapping of Object.values(CLASS_MAPPINGS)) {
    for (const [field, kind] of Object.entries(mapping.fields)) {
      if (kind.kind !== 'pointer') continue;
      const list = out.get(kind.target) ?? [];
      list.push({
        entity: mapping.className,
        field,
        required: RECORD_RULES[mapping.className][field]?.required === true,
      });
      out.set(kind.target, list);
    }
  }
  return out;
})();

/** Who deleted it, when the tombstone says. */
export interface Deletion {
  by?: string | null;
}

/** Removes the local copy of a record deleted on the server (see the top); false when it is not here. */
export function removeLocal(
  store: Store,
  entity: ReplicatedClass,
  objectId: string,
  now: number,
  deletion: Deletion = {},
): boolean {
  const local = recordByObjectId(entity).get(store, objectId);
  if (!local) return false;
  const label = recordLabel(store, entity, String(local.id));
  const by = deletion.by ? ` by ${deletion.by}` : '';
  removeRecord(store, entity, local, now, {
    own: `Deleted on the server${by} while it was being edited here.`,
    dependent: `${label} was deleted on the server${by} before this was sent.`,
    heldBack: `Not taken in from the server: ${label}, which it belongs to, was deleted on the server${by}. It is tried again at every sync.`,
  });
  return true;
}

/**
 * Settles a change that can never be sent because a record it needs is no longer anywhere: not on the
 * server, and not waiting to go there (left by an older Loupe, which kept such a record unlinked). The
 * change is set aside with its values and the reason; the record and the one it needed go.
 */
export function settleOrphan(
  store: Store,
  entity: ReplicatedClass,
  recordId: string,
  missing: { entity: ReplicatedClass; id: string },
  now: number,
) {
  const local = recordById(entity).get(store, recordId);
  if (!local) return;
  const label = recordLabel(store, missing.entity, missing.id);
  const why = {
    own: `${label}, which it belongs to, was deleted on the server before this was sent.`,
    dependent: `${label} was deleted on the server before this was sent.`,
    heldBack: `Not taken in from the server: ${label}, which it belongs to, was deleted on the server. It is tried again at every sync.`,
  };
  removeRecord(store, entity, local, now, why);
  const parent = unsentRecordById(missing.entity).get(store, missing.id);
  if (parent && !pendingChange(store, missing.entity, missing.id))
    removeRecord(store, missing.entity, parent, now, why);
}

interface Why {
  /** For the record's own change still to be sent. */
  own: string;
  /** For the change of a record that needed it and was not sent yet. */
  dependent: string;
  /** For a record the server has that needed it. */
  heldBack: string;
}

function removeRecord(store: Store, entity: ReplicatedClass, local: Record<string, unknown>, now: number, why: Why) {
  const id = String(local.id);
  const pending = pendingChange(store, entity, id);
  if (pending && pending.op !== 'delete') {
    setAside(
      store,
      {
        entity,
        recordId: id,
        op: pending.op,
        fields: pending.fields === null ? null : (JSON.parse(pending.fields) as string[]),
        values: local,
        message: why.own,
        userId: pending.userId,
      },
      now,
    );
  }
  dropPendingChange.run(store, entity, id);
  dropBase.run(store, entity, id);
  if (entity !== '_User') {
    for (const dependent of DEPENDENTS.get(entity) ?? []) {
      if (!dependent.required) {
        unlinkPointersTo(dependent.entity, dependent.field).run(store, id);
        continue;
      }
      const rows = recordsPointingTo(dependent.entity, dependent.field).all(store, id);
      for (const row of rows) {
        if (row.objectId) holdBackDependent(store, dependent.entity, row, why.heldBack, now);
        removeRecord(store, dependent.entity, row, now, { ...why, own: why.dependent });
      }
    }
  }
  try {
    deleteRecord(entity).run(store, id);
  } catch {
    // Still referenced by something this does not know of: keep the row, unlinked from the server.
    unlinkFromServer(entity).run(store, id);
  }
}

function holdBackDependent(
  store: Store,
  entity: ReplicatedClass,
  row: Record<string, unknown>,
  message: string,
  now: number,
) {
  const objectId = String(row.objectId);
  if (heldBackEntryOf.get(store, entity, objectId)) return;
  const values = Object.fromEntries(Object.keys(CLASS_MAPPINGS[entity].fields).map((f) => [f, row[f] ?? null]));
  setAside(
    store,
    { entity, recordId: objectId, op: 'pull', fields: Object.keys(values), values, message, userId: null },
    now,
  );
}

import type { CertificateStatus, ReplicatedClass, Role } from '../../shared/enums';
import { hiddenFields } from '../../shared/privacy';
import { notePulledStatusChange } from '../certificates/status-changes';
import { CLASS_MAPPINGS, fromParse } from '../db/parse-mapping';
import { mergeMedia } from '../media/files';
import type { Store } from '../db/store';
import {
  pendingChange,
  pendingFields,
  pointerResolver,
  readBase,
  sameValue,
  writeBase,
  type OutboxRow,
} from './bookkeeping';
import { toIso } from './cursor';
import { holdBack, storeOrHoldBack } from './hold-back';
import {
  columnsOf,
  createBecomesUpdate,
  dropBase,
  dropOutboxRow,
  insertConflict,
  insertPulled,
  setPendingFields,
  updatePulled,
} from './queries';
import { isServerOwned } from './server-owned';
import { findLocals, type Twin } from './twins';

// Merging one server object into the local store, shared by the pull and by the push (a create the server
// already had is adopted). Rules (documented in docs/sync.md):
// - only keys present in the response are merged (fields hidden from this user are absent, not null);
// - a field with a pending local change is never overwritten silently: if the server's value also moved
//   away from the last value both sides agreed on, it is a conflict; the later edit wins (the local edit
//   time against the server's updatedAt), and the other value is kept in the conflicts list;
// - a record made in two places under one business key (see twins.ts) is one record, whose differing
//   fields are conflicts; its queued create becomes an update of what still differs.

export interface ApplyResult {
  changed: boolean;
  conflicts: number;
  /** Not written: held back and listed (a rule it breaks, a record it needs, a business key in use here). */
  heldBack?: boolean;
  /** Why, when it breaks a rule or needs a record that is not here. */
  reason?: string;
}

const requiredCache = new WeakMap<Store, Map<ReplicatedClass, { name: string; type: string }[]>>();
const BOOKKEEPING = new Set(['id', 'objectId', 'createdAt', 'updatedAt', 'localUpdatedAt']);

/** NOT NULL columns without a default, other than replication's own. */
function requiredColumns(store: Store, entity: ReplicatedClass) {
  let byClass = requiredCache.get(store);
  if (!byClass) requiredCache.set(store, (byClass = new Map()));
  let columns = byClass.get(entity);
  if (!columns) {
    columns = columnsOf(entity)
      .all(store)
      .filter((c) => c.notnull && c.dflt_value === null && !BOOKKEEPING.has(c.name))
      .map((c) => ({ name: c.name, type: c.type.toLowerCase() }));
    byClass.set(entity, columns);
  }
  return columns;
}

function sameFile(a: unknown, b: unknown): boolean {
  const name = (v: unknown) => (typeof v === 'string' ? (JSON.parse(v) as { name: string | null }).name : null);
  return a !== null && b !== null && a !== undefined && name(a) !== null && name(a) === name(b);
}

export interface ApplyOptions {
  /** Re-apply even when updatedAt is unchanged (after a change of what this session may see). */
  force?: boolean;
  /** The local twin when the caller already looked it up (null: there is none). */
  twin?: Twin | null;
  /** Fields the server hides from the session that read this record (see fromParse); by default only other users' emails. */
  mayBeAbsent?: ReadonlySet<string>;
}

/** Parse never shows one user another's email; every other field of a user is there. */
const OTHER_USERS_EMAIL: ReadonlySet<string> = new Set(['email']);
const NOTHING_HIDDEN: ReadonlySet<string> = new Set();

/** What the server hides from `role` in `entity`: absent from its answers, not unset (see fromParse). */
export function hiddenFrom(entity: ReplicatedClass, role: Role | null): ReadonlySet<string> {
  if (entity === '_User') return OTHER_USERS_EMAIL;
  const hidden = role ? hiddenFields(entity, role) : [];
  return hidden.length ? new Set(hidden) : NOTHING_HIDDEN;
}

/** A pulled record's fields as the Sync screen lists them when it is held back before it could be mapped. */
function receivedValues(entity: ReplicatedClass, json: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const field of Object.keys(CLASS_MAPPINGS[entity].fields)) {
    if (!(field in json)) continue;
    const value = json[field] as { __type?: string; iso?: string; objectId?: string; name?: string } | null;
    if (value && typeof value === 'object' && value.__type === 'Date') values[field] = value.iso;
    else if (value && typeof value === 'object' && value.__type === 'Pointer')
      continue; // named in the message when it matters
    else if (value && typeof value === 'object' && value.__type === 'File') values[field] = value.name;
    else values[field] = value;
  }
  return values;
}

/**
 * Applies one server object inside the caller's transaction. A record Loupe cannot store as it is (a rule
 * of src/shared/record-rules.ts, or a record it needs that is not here) is held back and listed with the
 * reason, never coerced; the pull goes on.
 */
export function applyRemote(
  store: Store,
  entity: ReplicatedClass,
  json: Record<string, unknown>,
  now: number,
  options: ApplyOptions = {},
): ApplyResult {
  const mapping = CLASS_MAPPINGS[entity];
  const mayBeAbsent = options.mayBeAbsent ?? hiddenFrom(entity, null);
  const mapped = fromParse(entity, json, pointerResolver(store), { mayBeAbsent });
  if (!mapped.row) {
    const reasons = mapped.problems.map((p) => p.message).join('; ');
    holdBack(
      store,
      entity,
      json,
      receivedValues(entity, json),
      `Not taken in from the server: ${reasons}. It is tried again at every sync.`,
      now,
    );
    return { changed: false, conflicts: 0, heldBack: true, reason: reasons };
  }
  const remote: Record<string, unknown> = mapped.row;
  const force = options.force ?? false;
  const known = options.twin;
  const remoteUpdatedAt = toIso(json.updatedAt);
  const remoteCreatedAt = toIso(json.createdAt);
  const twin = (known === undefined ? findLocals(store, entity, [json])(json) : known) ?? undefined;

  if (!twin) {
    const id = typeof json.clientId === 'string' && json.clientId ? json.clientId : String(json.objectId);
    // A field the server hides from this reader (field privacy, other users' emails) is absent; a required
    // local column still needs a value, which the core never shows to that reader.
    for (const column of requiredColumns(store, entity))
      if (!(column.name in remote)) remote[column.name] = column.type === 'text' ? '' : 0;
    const insert = insertPulled(store, entity, Object.keys(remote));
    const stored = storeOrHoldBack(store, entity, json, remote, null, now, () =>
      insert.run(id, json.objectId, remoteCreatedAt, remoteUpdatedAt, now, ...Object.values(remote)),
    );
    // No base row: a record without local changes is its own base (db/sync-base.ts).
    return stored ? { changed: true, conflicts: 0 } : { changed: false, conflicts: 0, heldBack: true };
  }

  const local = twin.row;
  const id = String(local.id);
  const pending: OutboxRow | undefined = pendingChange(store, entity, id);
  if (!force && local.objectId === json.objectId && local.updatedAt === remoteUpdatedAt && !pending)
    return { changed: false, conflicts: 0 };

  const base = pending ? readBase(store, entity, id) : {};
  const localPending = new Set(pending?.op === 'delete' ? Object.keys(remote) : pendingFields(pending, entity));
  const updates: Record<string, unknown> = {};
  const remoteWon: string[] = [];
  const conflicts: { field: string; remoteWins: boolean; localValue: unknown; remoteValue: unknown }[] = [];
  const localEditAt = Number(local.localUpdatedAt ?? 0);
  const remoteAt = remoteUpdatedAt ? Date.parse(remoteUpdatedAt) : 0;

  for (const [field, pulledValue] of Object.entries(remote)) {
    const localValue = local[field];
    const kind = mapping.fields[field]?.kind;
    // A file is the same file when its server name is (the local copy's path is ours alone).
    if (kind === 'file' && sameFile(localValue, pulledValue)) continue;
    // A list of files (a stone's photos) keeps what this workstation knows of the files it already has.
    const remoteValue = kind === 'files' ? (remote[field] = mergeMedia(localValue, pulledValue)) : pulledValue;
    // A field only the server writes (an invoice's number) is the server's, whatever is pending here.
    if (!localPending.has(field) || isServerOwned(entity, field)) {
      if (!sameValue(localValue, remoteValue, kind)) updates[field] = remoteValue;
      continue;
    }
    if (pending?.op === 'delete' || sameValue(localValue, remoteValue, kind)) continue;
    // Both sides changed this field: the server moved from the base, or the record was made in two places
    // (matched by its business key), where every differing value was typed on each side.
    if (twin.byKey || (field in base && !sameValue(base[field], remoteValue, kind))) {
      const remoteWins = remoteAt > localEditAt;
      conflicts.push({ field, remoteWins, localValue, remoteValue });
      if (remoteWins) {
        updates[field] = remoteValue;
        remoteWon.push(field);
      }
    }
  }

  const updated = Object.keys(updates);
  const update = updatePulled(store, entity, updated);
  const stored = storeOrHoldBack(store, entity, json, remote, id, now, () =>
    update.run({
      ...updates,
      objectId: json.objectId,
      createdAt: remoteCreatedAt,
      updatedAt: remoteUpdatedAt,
      now,
      id,
    }),
  );
  if (!stored) return { changed: false, conflicts: 0, heldBack: true };
  if (entity === 'Gemstone' && 'certificateStatus' in updates) {
    // Another app changed the certificate status: its history says so, whichever app it was.
    notePulledStatusChange(store, {
      gemstone: id,
      from: local.certificateStatus as CertificateStatus,
      to: updates.certificateStatus as CertificateStatus,
      lastCertificateLog: json.lastCertificateLog,
      at: remoteUpdatedAt,
      now,
    });
  }
  // Written once the record is in: a record held back records nothing.
  for (const c of conflicts) {
    insertConflict.run(
      store,
      entity,
      id,
      c.field,
      c.remoteWins ? 'remote' : 'local',
      JSON.stringify(c.localValue ?? null),
      JSON.stringify(c.remoteValue ?? null),
      pending?.userId ?? null,
      localEditAt,
      typeof json.lastEditedBy === 'object' && json.lastEditedBy
        ? String((json.lastEditedBy as { objectId: string }).objectId)
        : null,
      remoteUpdatedAt,
      now,
    );
  }
  // With local changes still to push, the base moves to what the server now has; without, the record is
  // its own base again.
  if (pending) writeBase(store, entity, id, { ...base, ...remote }, remoteUpdatedAt);
  else dropBase.run(store, entity, id);

  if (pending) {
    if (pending.op === 'create' && !local.objectId) {
      // Our create reached the server (its answer was lost), or the record was made there too: it is now an
      // update of what still differs.
      const differing = Object.keys(mapping.fields).filter(
        (f) =>
          f in remote &&
          !isServerOwned(entity, f) &&
          !sameValue(local[f], remote[f], mapping.fields[f]?.kind) &&
          !remoteWon.includes(f),
      );
      if (differing.length === 0) dropOutboxRow.run(store, pending.id);
      else createBecomesUpdate.run(store, JSON.stringify(differing), pending.id);
    } else if (remoteWon.length && pending.op === 'update') {
      const left = pendingFields(pending, entity).filter((f) => !remoteWon.includes(f));
      if (left.length === 0) dropOutboxRow.run(store, pending.id);
      else setPendingFields.run(store, JSON.stringify(left), pending.id);
    }
  }
  return { changed: updated.length > 0 || !local.objectId, conflicts: conflicts.length };
}

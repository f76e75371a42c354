import { REPLICATED_CLASSES, type CertificateStatus, type ReplicatedClass, type Role } from '../../shared/enums';
import { notePulledStatusChange } from '../certificates/status-changes';
import { beginBulkLoad, type BulkLoad } from '../db/bulk-load';
import { CLASS_MAPPINGS, fromParse } from '../db/parse-mapping';
import { hiddenFields } from '../../shared/privacy';
import type { Statement } from 'better-sqlite3';
import type { Store } from '../db/store';
import {
  pendingChange,
  pendingFields,
  pointerResolver,
  readBase,
  readRecord,
  sameValue,
  setAside,
  tableOf,
  writeBase,
  type OutboxRow,
} from './bookkeeping';
import { removeLocal } from './deletions';
import {
  PermanentError,
  SessionExpiredError,
  TransientError,
  type FindOptions,
  type FoundPage,
  type ParseClient,
} from './parse-client';

// Pull: per class, pages ordered by (updatedAt, objectId) from a checkpoint, each page and its checkpoint
// committed together. The cursor restarts a little before where it could have missed something (the
// overlap), because the server stamps updatedAt before its write commits: a slower write can land behind
// a page already read. Such a write was stamped at most the overlap before the read that missed it, so
// the next pull starts at the earlier of the checkpoint and (server clock when the last pull began −
// overlap): on a quiet server that is the checkpoint itself, not the last few seconds of writes again.
// Re-reading a row is harmless: unchanged rows are skipped. A large first download also reads down from the
// newest row at the same time (see pullClass).
//
// Merge rules (documented in docs/sync.md):
// - only keys present in the response are merged (fields hidden from this user are absent, not null);
// - a field with a pending local change is never overwritten silently: if the server's value also moved
//   away from the last value both sides agreed on, it is a conflict; the later edit wins (the local edit
//   time against the server's updatedAt), and the other value is kept in the conflicts list.

export interface PullOptions {
  pageSize: number;
  /** A page of at least this many rows may have been cut short by the server: see {@link isFullPage}. */
  cappedAt?: number;
  overlapMs: number;
  /** Re-apply rows even when their updatedAt is unchanged (after a change of what this session may see). */
  force?: boolean;
  onProgress?: (className: string, pulled: number) => void;
  /** The first page, already asked for (see {@link prefetchFirstPages}). */
  firstPage?: Promise<Page>;
  /** On a first download, how many records the class holds (the server's count): see {@link pullClass}. */
  expectedRows?: number;
  /** The fields the server hides from the pulling session, by class (see {@link hiddenFrom}). */
  hidden?: (entity: ReplicatedClass) => ReadonlySet<string>;
}

export interface ApplyResult {
  changed: boolean;
  conflicts: number;
  /** Not written: held back and listed (a rule it breaks, a record it needs, a business key in use here). */
  heldBack?: boolean;
  /** Why, when it breaks a rule or needs a record that is not here. */
  reason?: string;
}

/** Parse's own date form (createdAt and updatedAt arrive as it): already what is stored, no need to parse it. */
const ISO_UTC_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

const toIso = (value: unknown): string | null => {
  if (!value) return null;
  if (typeof value === 'object' && value !== null && 'iso' in value) return String((value as { iso: string }).iso);
  if (typeof value === 'string' && ISO_UTC_MS.test(value)) return value;
  return new Date(String(value)).toISOString();
};

function readCheckpoint(store: Store, entity: string) {
  return store
    .statement('SELECT updatedAt, objectId, serverReadAt FROM sync_checkpoints WHERE entity = ?')
    .get(entity) as { updatedAt: string | null; objectId: string | null; serverReadAt: string | null } | undefined;
}

/** Where the next pull re-reads from (see the overlap note at the top). */
export function overlapStart(
  checkpoint: { updatedAt: string | null; serverReadAt: string | null } | undefined,
  overlapMs: number,
): string | null {
  if (!checkpoint?.updatedAt) return null;
  const cursor = Date.parse(checkpoint.updatedAt);
  // A row the last pull could have missed was stamped at most the overlap before one of its reads, and
  // its reads began at serverReadAt: nothing older can still be on its way.
  const settled = checkpoint.serverReadAt ? Date.parse(checkpoint.serverReadAt) - overlapMs : cursor - overlapMs;
  return new Date(Math.min(cursor, settled)).toISOString();
}

/**
 * Where a pull's first page starts. Once every row up to the checkpoint was settled when the last pull
 * began reading, it starts right after the last row read, in (updatedAt, objectId) order: from the
 * checkpoint's time instead, it would read again, on every quiet cycle, every row stamped in that same
 * millisecond (a batch of creates often shares one). Otherwise, from {@link overlapStart}.
 */
export function pullStart(
  checkpoint: { updatedAt: string | null; objectId: string | null; serverReadAt: string | null } | undefined,
  overlapMs: number,
): { since: string | null; after: { updatedAt: string; objectId: string } | null } {
  const since = overlapStart(checkpoint, overlapMs);
  if (
    checkpoint?.updatedAt &&
    checkpoint.objectId &&
    checkpoint.serverReadAt &&
    Date.parse(checkpoint.serverReadAt) - overlapMs > Date.parse(checkpoint.updatedAt)
  ) {
    return { since: null, after: { updatedAt: checkpoint.updatedAt, objectId: checkpoint.objectId } };
  }
  return { since, after: null };
}

function recordReadStart(store: Store, entity: string, serverTime: number | null) {
  store
    .statement('UPDATE sync_checkpoints SET serverReadAt = ? WHERE entity = ?')
    .run(serverTime === null ? null : new Date(serverTime).toISOString(), entity);
}

function writeCheckpoint(store: Store, entity: string, updatedAt: string, objectId: string, now: number) {
  // Only forward: an overlap page must not move the cursor back.
  store
    .statement(
      `INSERT INTO sync_checkpoints (entity, updatedAt, objectId, lastPulledAt) VALUES (@entity, @updatedAt, @objectId, @now)
       ON CONFLICT (entity) DO UPDATE SET
         updatedAt = CASE WHEN sync_checkpoints.updatedAt IS NULL OR excluded.updatedAt > sync_checkpoints.updatedAt
                               OR (excluded.updatedAt = sync_checkpoints.updatedAt AND excluded.objectId > sync_checkpoints.objectId)
                          THEN excluded.updatedAt ELSE sync_checkpoints.updatedAt END,
         objectId = CASE WHEN sync_checkpoints.updatedAt IS NULL OR excluded.updatedAt > sync_checkpoints.updatedAt
                               OR (excluded.updatedAt = sync_checkpoints.updatedAt AND excluded.objectId > sync_checkpoints.objectId)
                          THEN excluded.objectId ELSE sync_checkpoints.objectId END,
         lastPulledAt = excluded.lastPulledAt`,
    )
    .run({ entity, updatedAt, objectId, now });
}

/**
 * The local row a server object is: matched by objectId, or by our own clientId (a create whose answer was
 * lost), or by its business key among records the server does not have yet. The last is a record made in
 * two places under one SKU, buyer code or username (two counters registering the same stone offline, a
 * staff account made here before connecting): one record, whose differing fields are conflicts.
 */
export interface Twin {
  row: Record<string, unknown>;
  byKey: boolean;
}

/**
 * The local twins ({@link Twin}) of a page of server objects, in one to three queries for the whole page.
 * Run it inside the page's transaction, so no edit can land between the look-up and the apply.
 */
function findLocals(store: Store, entity: ReplicatedClass, page: Record<string, unknown>[]) {
  const table = tableOf(entity);
  type Row = Record<string, unknown>;
  const byObjectId = new Map(
    (
      store
        .statement(`SELECT * FROM ${table} WHERE objectId IN (SELECT value FROM json_each(?))`)
        .all(JSON.stringify(page.map((j) => j.objectId))) as Row[]
    ).map((row) => [row.objectId, row]),
  );
  // Only records this workstation created and has not heard back about (no objectId yet) can be matched by
  // clientId or business key; most pages find none (a first download into an empty table never does): no
  // look-up then.
  const awaitingObjectIds =
    store.statement(`SELECT 1 FROM ${table} WHERE objectId IS NULL LIMIT 1`).get() !== undefined;
  const clientIds = awaitingObjectIds ? page.map((j) => j.clientId).filter((id) => typeof id === 'string') : [];
  const byClientId = new Map(
    clientIds.length === 0
      ? []
      : (
          store
            .statement(`SELECT * FROM ${table} WHERE objectId IS NULL AND id IN (SELECT value FROM json_each(?))`)
            .all(JSON.stringify(clientIds)) as Row[]
        ).map((row) => [row.id, row]),
  );
  const key = CLASS_MAPPINGS[entity].businessKey?.field;
  const keys = awaitingObjectIds && key ? page.map((j) => j[key]).filter((value) => typeof value === 'string') : [];
  const byKey = new Map(
    keys.length === 0
      ? []
      : (
          store
            .statement(`SELECT * FROM ${table} WHERE objectId IS NULL AND "${key}" IN (SELECT value FROM json_each(?))`)
            .all(JSON.stringify(keys)) as Row[]
        ).map((row) => [row[key!], row]),
  );
  return (json: Row): Twin | null => {
    const found =
      byObjectId.get(json.objectId) ?? (typeof json.clientId === 'string' ? byClientId.get(json.clientId) : undefined);
    if (found) return { row: found, byKey: false };
    const sameKey = key ? byKey.get(json[key]) : undefined;
    return sameKey ? { row: sameKey, byKey: true } : null;
  };
}

const requiredCache = new WeakMap<Store, Map<string, { name: string; type: string }[]>>();
const BOOKKEEPING = new Set(['id', 'objectId', 'createdAt', 'updatedAt', 'localUpdatedAt']);

/** NOT NULL columns without a default, other than replication's own. */
function requiredColumns(store: Store, table: string) {
  let byTable = requiredCache.get(store);
  if (!byTable) requiredCache.set(store, (byTable = new Map()));
  let columns = byTable.get(table);
  if (!columns) {
    const info = store.statement(`PRAGMA table_info(${table})`).all() as {
      name: string;
      type: string;
      notnull: number;
      dflt_value: unknown;
    }[];
    columns = info
      .filter((c) => c.notnull && c.dflt_value === null && !BOOKKEEPING.has(c.name))
      .map((c) => ({ name: c.name, type: c.type.toLowerCase() }));
    byTable.set(table, columns);
  }
  return columns;
}

const insertCache = new WeakMap<Store, Map<string, Statement>>();

/**
 * The INSERT of a pulled record with these fields (most pages hold one shape), found by the field list
 * rather than by its SQL text, which would be built and hashed again for every record of a download.
 */
function insertStatement(store: Store, table: string, fields: string[]): Statement {
  let byShape = insertCache.get(store);
  if (!byShape) insertCache.set(store, (byShape = new Map()));
  const key = `${table}:${fields.join(',')}`;
  let statement = byShape.get(key);
  if (!statement) {
    const columns = ['id', 'objectId', 'createdAt', 'updatedAt', 'localUpdatedAt', ...fields];
    statement = store.sqlite.prepare(
      `INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
    );
    byShape.set(key, statement);
  }
  return statement;
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
  const table = mapping.table;
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
    for (const column of requiredColumns(store, table))
      if (!(column.name in remote)) remote[column.name] = column.type === 'text' ? '' : 0;
    const insert = insertStatement(store, table, Object.keys(remote));
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

  for (const [field, remoteValue] of Object.entries(remote)) {
    const localValue = local[field];
    const kind = mapping.fields[field]?.kind;
    // A file is the same file when its server name is (the local copy's path is ours alone).
    if (kind === 'file' && sameFile(localValue, remoteValue)) continue;
    if (!localPending.has(field)) {
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

  const assignments = Object.keys(updates).map((f) => `"${f}" = @${f}`);
  const update = store.statement(
    `UPDATE ${table} SET objectId = @objectId, createdAt = coalesce(createdAt, @createdAt), updatedAt = @updatedAt
     ${assignments.length ? `, ${assignments.join(', ')}, localUpdatedAt = @now` : ''} WHERE id = @id`,
  );
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
    store
      .statement(
        `INSERT INTO sync_conflicts (entity, recordId, field, winner, localValue, remoteValue, localBy, localAt, remoteBy, remoteAt, detectedAt)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
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
  else store.statement('DELETE FROM sync_base WHERE entity = ? AND recordId = ?').run(entity, id);

  if (pending) {
    if (pending.op === 'create' && !local.objectId) {
      // Our create reached the server (its answer was lost), or the record was made there too: it is now an
      // update of what still differs.
      const differing = Object.keys(mapping.fields).filter(
        (f) => f in remote && !sameValue(local[f], remote[f], mapping.fields[f]?.kind) && !remoteWon.includes(f),
      );
      if (differing.length === 0) store.statement('DELETE FROM outbox WHERE id = ?').run(pending.id);
      else
        store
          .statement("UPDATE outbox SET op = 'update', fields = ? WHERE id = ?")
          .run(JSON.stringify(differing), pending.id);
    } else if (remoteWon.length && pending.op === 'update') {
      const left = pendingFields(pending, entity).filter((f) => !remoteWon.includes(f));
      if (left.length === 0) store.statement('DELETE FROM outbox WHERE id = ?').run(pending.id);
      else store.statement('UPDATE outbox SET fields = ? WHERE id = ?').run(JSON.stringify(left), pending.id);
    }
  }
  return { changed: assignments.length > 0 || !local.objectId, conflicts: conflicts.length };
}

/**
 * Writes a pulled record (`write`). One record this database refuses must never stop the pull. The usual
 * case is another local record holding its business key (SKU, buyer code, username):
 * - the holder's own not-yet-sent change to that key gives way: the server gave the key to this record
 *   first and would refuse the change anyway. It is set aside as a refused change (nothing typed is lost),
 *   the holder gets its server value back, and the write goes ahead;
 * - otherwise (the server holds the key twice, or a record made here and not yet sent holds it) the pulled
 *   record is held back: listed with a message naming both, and tried again at every sync (see
 *   {@link heldBackRecords}, {@link applyHeldBack}) until one of them has another key.
 * Anything else refused (an empty required value, a record it points to that is not here) is held back too,
 * with the reason. Returns whether the record was written.
 */
function storeOrHoldBack(
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
  const holder = store
    .statement(`SELECT * FROM ${tableOf(entity)} WHERE "${key.field}" = ? AND id IS NOT ?`)
    .get(value, ownId) as Record<string, unknown> | undefined;
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
    store.statement(`UPDATE ${tableOf(entity)} SET "${key.field}" = ? WHERE id = ?`).run(serverValue, holder!.id);
    const left = pendingFields(pending, entity).filter((f) => f !== key.field);
    if (left.length === 0) store.statement('DELETE FROM outbox WHERE id = ?').run(pending.id);
    else store.statement('UPDATE outbox SET fields = ? WHERE id = ?').run(JSON.stringify(left), pending.id);
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
function holdBack(
  store: Store,
  entity: ReplicatedClass,
  json: Record<string, unknown>,
  remote: Record<string, unknown>,
  message: string,
  now: number,
) {
  const held = store
    .statement(
      "SELECT id FROM sync_dead_letters WHERE entity = ? AND recordId = ? AND op = 'pull' AND resolvedAt IS NULL",
    )
    .get(entity, String(json.objectId)) as { id: number } | undefined;
  if (held) {
    // Still held back: the entry says why as of now (the record may have changed on the server meanwhile).
    store
      .statement('UPDATE sync_dead_letters SET message = ?, fields = ?, "values" = ? WHERE id = ?')
      .run(message, JSON.stringify(Object.keys(remote)), JSON.stringify(remote), held.id);
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

const RETRY_HELD_BACK_AT_ONCE = 100;

/** Records held back by {@link storeOrHoldBack} and still open, to ask the server for again. */
export interface HeldBack {
  entity: ReplicatedClass;
  letters: { id: number; recordId: string }[];
  /** Their objectIds: a class pull that meets one of them this cycle has the last word on it. */
  objectIds: Set<string>;
  /** Those the class pull met this cycle, and whether it took each in. */
  seen: Map<string, boolean>;
  query: FindOptions;
}

/**
 * The held-back records to try again this cycle, parents first (a custody event held back for want of its
 * stone comes in right after the stone), a few per class at a time to keep the request small.
 */
export function heldBackRecords(store: Store): HeldBack[] {
  const open = store
    .statement(
      "SELECT id, entity, recordId FROM sync_dead_letters WHERE op = 'pull' AND resolvedAt IS NULL ORDER BY id",
    )
    .all() as {
    id: number;
    entity: ReplicatedClass;
    recordId: string;
  }[];
  const byEntity = new Map<ReplicatedClass, typeof open>();
  for (const letter of open) {
    const letters = byEntity.get(letter.entity) ?? [];
    letters.push(letter);
    byEntity.set(letter.entity, letters);
  }
  return REPLICATED_CLASSES.filter((entity) => byEntity.has(entity)).map((entity) => {
    const letters = byEntity.get(entity)!.slice(0, RETRY_HELD_BACK_AT_ONCE);
    return {
      entity,
      letters,
      objectIds: new Set(letters.map((l) => l.recordId)),
      seen: new Map<string, boolean>(),
      query: { where: { objectId: { $in: letters.map((l) => l.recordId) } }, limit: letters.length },
    };
  });
}

/**
 * Applies held-back records as the server had them when the cycle began (asked for with the first pages,
 * see {@link heldBackRecords}), after the class pulls, so what they point to is here. A record that fits
 * now, or is gone from the server, closes its entry. One the class pull met this cycle is not applied from
 * the older answer: that pull's outcome stands (stored: the entry closes; held back again: it stays).
 */
export function applyHeldBack(
  store: Store,
  heldBack: HeldBack,
  found: Record<string, unknown>[],
  result: PullResult,
  hidden?: (entity: ReplicatedClass) => ReadonlySet<string>,
) {
  const { entity, seen } = heldBack;
  const byObjectId = new Map(found.map((json) => [String(json.objectId), json]));
  const now = store.clock();
  store.sqlite
    .transaction(() => {
      for (const letter of heldBack.letters) {
        const stillOpen = store
          .statement('SELECT 1 FROM sync_dead_letters WHERE id = ? AND resolvedAt IS NULL')
          .get(letter.id);
        if (!stillOpen) continue; // dismissed meanwhile
        const takenIn = seen.get(letter.recordId);
        if (takenIn === false) continue;
        if (takenIn === undefined) {
          const json = byObjectId.get(letter.recordId);
          const applied = json
            ? applyRemote(store, entity, json, now, { force: true, mayBeAbsent: hidden?.(entity) })
            : null;
          if (applied?.heldBack) continue;
          if (applied?.changed) result.changedEntities.add(entity);
        }
        store.statement('UPDATE sync_dead_letters SET resolvedAt = ? WHERE id = ?').run(now, letter.id);
        result.changedEntities.add('sync');
      }
    })
    .immediate();
}

export interface PullResult {
  pulled: number;
  changedEntities: Set<string>;
  conflicts: number;
  /** Held-back records being tried again this cycle, by class: a class pull notes those it meets. */
  heldBack?: Map<string, HeldBack>;
}

/**
 * Rows after the cursor in (updatedAt, objectId) order. The `$gte` bound repeats what the `$or` implies, because
 * the database can only seek the (updatedAt, objectId) index with a plain range: with the `$or` alone, every
 * page walked the index from its start and filtered, so a first download cost time quadratic in the class.
 */
export function cursorWhere(
  since: string | null,
  after: { updatedAt: string; objectId: string } | null,
): Record<string, unknown> {
  if (after) return beyond(after, 'up');
  return since ? { updatedAt: { $gte: { __type: 'Date', iso: since } } } : {};
}

/** The rows past `cursor` in (updatedAt, objectId) order: after it going up, before it going down. */
function beyond(cursor: Cursor, direction: Direction): Record<string, unknown> {
  const [past, pastOrAt] = direction === 'up' ? (['$gt', '$gte'] as const) : (['$lt', '$lte'] as const);
  const at = { __type: 'Date', iso: cursor.updatedAt };
  return {
    updatedAt: { [pastOrAt]: at },
    $or: [{ updatedAt: { [past]: at } }, { updatedAt: at, objectId: { [past]: cursor.objectId } }],
  };
}

type Page = FoundPage;

/**
 * Hosted Parse servers may cap a query's limit without saying so (parse.com capped it at 1,000), so a page
 * shorter than asked is the end of the class only if it is also shorter than that, or than a page the server
 * already gave: otherwise the pull asks again, and an empty page ends it. Pages larger than the cap are
 * worth asking for where the server allows them: fewer commits, fewer round trips.
 */
const SERVER_LIMIT_CAP = 1000;

function isFullPage(page: unknown[], options: PullOptions, largestBefore = 0): boolean {
  return isFullCount(page.length, options, largestBefore);
}

function isFullCount(rows: number, options: PullOptions, largestBefore = 0): boolean {
  if (rows >= options.pageSize) return true;
  // A server that has already answered with more rows than this does not cap there: this is the end.
  return rows >= Math.min(options.pageSize, options.cappedAt ?? SERVER_LIMIT_CAP) && rows >= largestBefore;
}

/** Which way a pull reads a class: from its checkpoint up, or (the second half of a first download) from the newest row down. */
type Direction = 'up' | 'down';

function pageQuery(store: Store, className: string, options: PullOptions, direction: Direction = 'up') {
  if (direction === 'down') {
    return (after: Cursor | null) => ({
      where: after ? beyond(after, 'down') : {},
      order: '-updatedAt,-objectId',
      limit: options.pageSize,
    });
  }
  const start = pullStart(readCheckpoint(store, className), options.overlapMs);
  return (after: Cursor | null) => ({
    where: cursorWhere(start.since, after ?? start.after),
    order: 'updatedAt,objectId',
    limit: options.pageSize,
  });
}

type Cursor = { updatedAt: string; objectId: string };

/** a comes before b in (updatedAt, objectId) order. */
const isBefore = (a: Cursor, b: Cursor) =>
  a.updatedAt < b.updatedAt || (a.updatedAt === b.updatedAt && a.objectId < b.objectId);

const cursorOf = (row: Record<string, unknown>): Cursor | null => {
  const updatedAt = toIso(row.updatedAt);
  return updatedAt ? { updatedAt, objectId: String(row.objectId) } : null;
};

/** A page on its way: the page, its last row's cursor as soon as the answer's text is in, and a way to drop it. */
interface PageOnItsWay {
  after: Cursor | null;
  page: Promise<Page>;
  /** Resolves before the page is parsed in full, with about how many rows it holds (null: not known early). */
  early: Promise<{ last: Cursor; rows: number } | null>;
  drop(): void;
}

function pageFetcher(
  store: Store,
  client: ParseClient,
  className: string,
  sessionToken: string,
  options: PullOptions,
  direction: Direction,
) {
  const query = pageQuery(store, className, options, direction);
  return (after: Cursor | null): PageOnItsWay => {
    const controller = new AbortController();
    let tell!: (early: { last: Cursor; rows: number } | null) => void;
    const early = new Promise<{ last: Cursor; rows: number } | null>((resolve) => (tell = resolve));
    const page = client.findPage(className, query(after), sessionToken, {
      signal: controller.signal,
      onLast: (row, rows) => {
        const last = row && cursorOf(row);
        tell(last ? { last, rows } : null);
      },
    });
    page.then(
      () => tell(null), // only if it was not told earlier
      () => tell(null),
    );
    page.catch(() => undefined); // awaited in its turn, or dropped; never reported unhandled meanwhile
    return { after, page, early, drop: () => controller.abort() };
  };
}

/** Another find to ask for in the same request as the first pages (a count, held-back records). */
export interface ExtraFind {
  key: string;
  className: string;
  options: FindOptions;
}

/**
 * Asks for every class's first page now, in one request, each to be applied later in its class's turn
 * (most cycles find nothing new, and then this request is the whole pull). Only a class's own pull moves
 * its checkpoint, so the page asked for now is the one its pull would ask for. `extra` finds ride along
 * in the same request, their answers under their own keys.
 */
export function prefetchFirstPages(
  store: Store,
  client: ParseClient,
  classNames: string[],
  sessionToken: string,
  options: PullOptions,
  extra: ExtraFind[] = [],
): Map<string, Promise<Page>> {
  const queries = [
    ...classNames.map((className) => ({
      key: className,
      className,
      options: pageQuery(store, className, options)(null),
    })),
    ...extra,
  ];
  const answers = client.findPages(queries, sessionToken);
  const pages = new Map(
    queries.map(({ key }, i) => [
      key,
      answers.then((all) => {
        const answer = all[i]!;
        if ('error' in answer) throw answer.error;
        return answer.page;
      }),
    ]),
  );
  // Each is awaited in its class's turn; a cycle that stops earlier must not report the rest unhandled.
  for (const page of pages.values()) page.catch(() => undefined);
  return pages;
}

/**
 * Pages of one class from its checkpoint to the end, in (updatedAt, objectId) order. When a page's text
 * is in and looks full, the next page is requested at once, its cursor read from the end of that text
 * (see lastResultOf), so the server works on it while this side parses and stores the page before. The
 * cursor is checked against the parsed page: if they differ, or the page turns out to be the last, the
 * early request is dropped (and, if need be, made again from the right place).
 */
async function eachPage(
  store: Store,
  client: ParseClient,
  className: string,
  sessionToken: string,
  options: PullOptions,
  onPage: (page: Record<string, unknown>[]) => void,
  walk: {
    direction?: Direction;
    /** True once a page ending at `last` has reached rows another walk has read: stop after it. */
    metOther?: (last: Cursor) => boolean;
  } = {},
): Promise<number | null> {
  const fetchAfter = pageFetcher(store, client, className, sessionToken, options, walk.direction ?? 'up');
  let current: PageOnItsWay = options.firstPage
    ? { after: null, page: options.firstPage, early: Promise.resolve(null), drop: () => undefined }
    : fetchAfter(null);
  let readStartedAt: number | null | undefined;
  let largest = 0;
  for (;;) {
    // Early only when the page looks full: a class's short last page needs no request after it.
    const early = await current.early;
    let next = early && isFullCount(early.rows, options, largest) ? fetchAfter(early.last) : null;
    let page: Record<string, unknown>[];
    try {
      const answer = await current.page;
      page = answer.results;
      if (readStartedAt === undefined) readStartedAt = answer.serverTime; // the first answer's
    } catch (error) {
      next?.drop();
      throw error;
    }
    const full = page.length > 0 && isFullPage(page, options, largest);
    largest = Math.max(largest, page.length);
    if (!full) {
      next?.drop();
      if (page.length > 0) onPage(page);
      return readStartedAt ?? null;
    }
    const last = cursorOf(page[page.length - 1]!)!; // Parse stamps every object's updatedAt
    if (walk.metOther?.(last)) {
      next?.drop();
      onPage(page);
      return readStartedAt ?? null;
    }
    if (!next || next.after?.updatedAt !== last.updatedAt || next.after.objectId !== last.objectId) {
      next?.drop();
      next = fetchAfter(last);
    }
    onPage(page);
    current = next;
  }
}

/**
 * A first download into a table holding fewer rows than this bulk-loads it (db/bulk-load.ts): its
 * secondary indexes are built once at the end instead of on every row. Above it, rebuilding them would
 * cost more than it saves, and screens would go without them for too long.
 */
export const BULK_LOAD_MAX_LOCAL_ROWS = 20_000;

/** A first download of at least this many pages is read from both ends at once (see {@link pullClass}). */
const BOTH_ENDS_MIN_PAGES = 4;

/**
 * Pulls one class from its checkpoint to the end.
 *
 * A large first download is read from both ends at once: up from the oldest row as usual, and down from
 * the newest, until the two meet (each may read a page the other has read too; applying a row again
 * changes nothing). The server then works on two pages at a time, so its database and its JSON work
 * overlap. Only the upward walk moves the checkpoint as it goes; the newest row's cursor becomes the
 * checkpoint once the two have met. If the download stops half-way, the next pull starts from the upward
 * walk's checkpoint and reads the downward walk's rows again.
 */
export async function pullClass(
  store: Store,
  client: ParseClient,
  entity: ReplicatedClass,
  sessionToken: string,
  options: PullOptions,
  result: PullResult = { pulled: 0, changedEntities: new Set(), conflicts: 0 },
): Promise<PullResult> {
  const table = tableOf(entity);
  // Decided on the first page: a first download whose first page is full is a big one.
  const firstDownload = !readCheckpoint(store, entity)?.updatedAt;
  let mayBulkLoad = firstDownload;
  let bulkLoad = null as BulkLoad | null; // set in applyPage (a closure), read in the finally
  const applyPage = (page: Record<string, unknown>[], direction: Direction) => {
    if (mayBulkLoad && isFullPage(page, options)) {
      const local = (
        store
          .statement(`SELECT count(*) AS n FROM (SELECT 1 FROM ${table} LIMIT ${BULK_LOAD_MAX_LOCAL_ROWS})`)
          .get() as { n: number }
      ).n;
      if (local < BULK_LOAD_MAX_LOCAL_ROWS) {
        bulkLoad = beginBulkLoad(store.sqlite, table);
      }
    }
    mayBulkLoad = false;
    const now = store.clock();
    let changed = false;
    store.sqlite
      .transaction(() => {
        const twinOf = findLocals(store, entity, page);
        const held = result.heldBack?.get(entity);
        for (const json of page) {
          const applied = applyRemote(store, entity, json, now, {
            force: options.force,
            twin: twinOf(json),
            mayBeAbsent: options.hidden?.(entity),
          });
          if (held?.objectIds.has(json.objectId as string)) held.seen.set(json.objectId as string, !applied.heldBack);
          changed ||= applied.changed;
          result.conflicts += applied.conflicts;
        }
        const last = page[page.length - 1]!;
        if (direction === 'up') writeCheckpoint(store, entity, toIso(last.updatedAt)!, String(last.objectId), now);
      })
      .immediate();
    if (changed) result.changedEntities.add(entity);
    result.pulled += page.length;
    options.onProgress?.(entity, result.pulled);
  };

  const bothEnds = firstDownload && (options.expectedRows ?? 0) >= BOTH_ENDS_MIN_PAGES * options.pageSize;
  // How far each walk has read (its last applied row); the walk down also keeps the first row it read.
  const up = { reached: null as Cursor | null, over: false };
  const down = { newest: null as Cursor | null, reached: null as Cursor | null };
  let downward: Promise<number | null> | null = null;
  try {
    if (bothEnds) {
      downward = eachPage(
        store,
        client,
        entity,
        sessionToken,
        { ...options, firstPage: undefined },
        (page) => {
          applyPage(page, 'down');
          down.newest ??= cursorOf(page[0]!);
          down.reached = cursorOf(page[page.length - 1]!);
        },
        { direction: 'down', metOther: (last) => up.over || (up.reached !== null && !isBefore(up.reached, last)) },
      );
      downward.catch(() => undefined); // awaited below
    }
    const readStartedAt = await eachPage(
      store,
      client,
      entity,
      sessionToken,
      options,
      (page) => {
        applyPage(page, 'up');
        up.reached = cursorOf(page[page.length - 1]!);
      },
      { metOther: (last) => down.reached !== null && !isBefore(last, down.reached) },
    ).finally(() => {
      up.over = true;
    });
    let startedAt = readStartedAt;
    if (downward) {
      const downStartedAt = await downward.catch((error: unknown) => {
        // The server or the network failed the walk down: the walk up has read on to its last row, or to
        // the end. Anything else (this side could not store a page) is not for the walk up to cover.
        if (error instanceof TransientError || error instanceof PermanentError || error instanceof SessionExpiredError)
          return null;
        throw error;
      });
      if (down.newest) writeCheckpoint(store, entity, down.newest.updatedAt, down.newest.objectId, store.clock());
      if (downStartedAt !== null && (startedAt === null || downStartedAt < startedAt)) startedAt = downStartedAt;
    }
    // Only once the whole class was read: a pull that failed half-way keeps the older (wider) start.
    recordReadStart(store, entity, startedAt);
  } finally {
    await downward?.catch(() => undefined); // its last page is in (or dropped) before the indexes go back
    // Also when the download fails half-way: screens get their indexes back now, the rest comes next cycle.
    // Built on the load's helper thread: at a million stones that is seconds the screens would otherwise wait.
    await bulkLoad?.finish();
  }
  return result;
}

/** The name of who deleted a record, when the tombstone says and their account is here. */
function deletedByName(store: Store, tombstone: Record<string, unknown>): string | null {
  const by = tombstone.deletedBy as { objectId?: string } | undefined;
  if (!by?.objectId) return null;
  return (
    (
      store.statement('SELECT fullName FROM users WHERE objectId = ?').get(by.objectId) as
        { fullName: string } | undefined
    )?.fullName ?? null
  );
}

/** Deletions made elsewhere: pulled as tombstones (written by Cloud Code's afterDelete). */
export async function pullTombstones(
  store: Store,
  client: ParseClient,
  sessionToken: string,
  options: PullOptions,
  result: PullResult,
) {
  const readStartedAt = await eachPage(store, client, 'Tombstone', sessionToken, options, (page) => {
    const now = store.clock();
    store.sqlite
      .transaction(() => {
        for (const tombstone of page) {
          const entity = tombstone.targetClass as ReplicatedClass;
          if (!(REPLICATED_CLASSES as readonly string[]).includes(entity)) continue;
          if (removeLocal(store, entity, String(tombstone.targetId), now, { by: deletedByName(store, tombstone) }))
            result.changedEntities.add(entity);
        }
        const last = page[page.length - 1]!;
        writeCheckpoint(store, 'Tombstone', toIso(last.updatedAt)!, String(last.objectId), now);
      })
      .immediate();
  });
  recordReadStart(store, 'Tombstone', readStartedAt);
}

/** Safety net for deletions made without Cloud Code: local rows whose objectId the server no longer has. */
export async function sweepClass(
  store: Store,
  client: ParseClient,
  entity: ReplicatedClass,
  sessionToken: string,
  pageSize = 1000,
) {
  const seen = new Set<string>();
  let after = '';
  for (;;) {
    const page = await client.find(
      entity,
      { where: after ? { objectId: { $gt: after } } : {}, order: 'objectId', limit: pageSize, keys: 'objectId' },
      sessionToken,
    );
    for (const row of page) seen.add(String(row.objectId));
    if (page.length < pageSize) break;
    after = String(page[page.length - 1]!.objectId);
  }
  const local = store.statement(`SELECT objectId FROM ${tableOf(entity)} WHERE objectId IS NOT NULL`).all() as {
    objectId: string;
  }[];
  const gone = local.filter((r) => !seen.has(r.objectId));
  if (gone.length === 0) return 0;
  const now = store.clock();
  store.sqlite.transaction(() => gone.forEach((r) => removeLocal(store, entity, r.objectId, now))).immediate();
  return gone.length;
}

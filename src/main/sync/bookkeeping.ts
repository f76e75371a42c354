import { sameMedia } from '../media/files';
import type { ReplicatedClass } from '../../shared/enums';
import { CLASS_MAPPINGS, type FieldKind, type PointerResolver } from '../db/parse-mapping';
import type { Store } from '../db/store';
import {
  baseOf,
  insertDeadLetter,
  localIdOf,
  objectIdOf,
  pendingChangeOf,
  pendingCount,
  recordById,
  writeBaseRow,
} from './queries';

// Replication's own bookkeeping: outbox rows, the last-seen server values (base), conflicts and dead
// letters (their SQL is in queries/). Kept here so push and pull read as the steps they are.

export interface OutboxRow {
  id: number;
  entity: ReplicatedClass;
  recordId: string;
  op: 'create' | 'update' | 'delete';
  fields: string | null;
  seq: number;
  enqueuedAt: number;
  attempts: number;
  nextAttemptAt: number;
  userId: string | null;
  /** Set for deletes: the server id of a row that is gone locally. */
  objectId: string | null;
}

export function tableOf(entity: ReplicatedClass): string {
  return CLASS_MAPPINGS[entity].table;
}

const resolvers = new WeakMap<Store, PointerResolver>();

/** Local id ↔ objectId for pointers (one per store: a download asks for it once per record). */
export function pointerResolver(store: Store): PointerResolver {
  let resolver = resolvers.get(store);
  if (!resolver) resolvers.set(store, (resolver = makePointerResolver(store)));
  return resolver;
}

function makePointerResolver(store: Store): PointerResolver {
  return {
    objectIdOf: (className, localId) => objectIdOf(className).get(store, localId)?.objectId ?? null,
    localIdOf: (className, objectId) => localIdOf(className).get(store, objectId)?.id ?? null,
  };
}

export function readRecord(store: Store, entity: ReplicatedClass, id: string): Record<string, unknown> | undefined {
  return recordById(entity).get(store, id);
}

export function readBase(store: Store, entity: ReplicatedClass, recordId: string): Record<string, unknown> {
  const row = baseOf.get(store, entity, recordId);
  return row ? (JSON.parse(row.v) as Record<string, unknown>) : {};
}

export function writeBase(
  store: Store,
  entity: ReplicatedClass,
  recordId: string,
  values: Record<string, unknown>,
  serverUpdatedAt: string | null,
) {
  writeBaseRow.run(store, entity, recordId, JSON.stringify(values), serverUpdatedAt);
}

/** JSON with every object's keys in order: PostgreSQL keeps a JSON object's keys in its own order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

/** A list or entry kept as JSON text, read back; anything else as it is. */
function parsedJson(value: unknown): unknown {
  if (typeof value !== 'string' || !(value.startsWith('[') || value.startsWith('{'))) return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/**
 * Values compared the way the server would see them: numbers, null for nothing, and a list (JSON text here)
 * by its content, whatever the order of its entries' keys.
 */
export function sameValue(a: unknown, b: unknown, kind?: FieldKind['kind']): boolean {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) < 1e-9;
  if (a === b) return true;
  if (kind === 'array') return canonical(parsedJson(a)) === canonical(parsedJson(b));
  if (kind === 'files') return sameMedia(a, b);
  return JSON.stringify(a) === JSON.stringify(b);
}

export function pendingChange(store: Store, entity: ReplicatedClass, recordId: string): OutboxRow | undefined {
  return pendingChangeOf.get(store, entity, recordId);
}

export function pendingFields(row: OutboxRow | undefined, entity: ReplicatedClass): string[] {
  if (!row) return [];
  if (row.op === 'create' || row.fields === null) return Object.keys(CLASS_MAPPINGS[entity].fields);
  return JSON.parse(row.fields) as string[];
}

export function countPending(store: Store): number {
  return pendingCount.get(store)!.n;
}

/** A change set aside with its reason (a refused push, a pulled record held back): listed until dealt with. */
export interface SetAside {
  entity: string;
  recordId: string;
  op: 'create' | 'update' | 'delete' | 'pull';
  /** The fields concerned (null: all of them). */
  fields: string[] | null;
  /** What was typed or received, so nothing is lost. */
  values: Record<string, unknown>;
  code?: number | null;
  message: string;
  userId: string | null;
}

export function setAside(store: Store, letter: SetAside, now: number) {
  insertDeadLetter.run(
    store,
    letter.entity,
    letter.recordId,
    letter.op,
    letter.fields === null ? null : JSON.stringify(letter.fields),
    JSON.stringify(letter.values),
    letter.code ?? null,
    letter.message,
    letter.userId,
    now,
  );
}

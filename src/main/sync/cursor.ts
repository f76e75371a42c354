import type { Store } from '../db/store';
import { checkpointOf, moveCheckpointForward, noteReadStart } from './queries';

// The pull's cursor: where each class's pull starts, and its checkpoint. Pages are read in (updatedAt,
// objectId) order from a checkpoint, each page and its checkpoint committed together. The cursor restarts a
// little before where it could have missed something (the overlap), because the server stamps updatedAt
// before its write commits: a slower write can land behind a page already read. Such a write was stamped at
// most the overlap before the read that missed it, so the next pull starts at the earlier of the checkpoint
// and (server clock when the last pull began − overlap): on a quiet server that is the checkpoint itself,
// not the last few seconds of writes again. Re-reading a row is harmless: unchanged rows are skipped.

/** Parse's own date form (createdAt and updatedAt arrive as it): already what is stored, no need to parse it. */
const ISO_UTC_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

export const toIso = (value: unknown): string | null => {
  if (!value) return null;
  if (typeof value === 'object' && value !== null && 'iso' in value) return String((value as { iso: string }).iso);
  if (typeof value === 'string' && ISO_UTC_MS.test(value)) return value;
  return new Date(String(value)).toISOString();
};

export function readCheckpoint(store: Store, entity: string) {
  return checkpointOf.get(store, entity);
}

/** Where the next pull re-reads from (see the overlap note above). */
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

export function recordReadStart(store: Store, entity: string, serverTime: number | null) {
  noteReadStart.run(store, serverTime === null ? null : new Date(serverTime).toISOString(), entity);
}

export function writeCheckpoint(store: Store, entity: string, updatedAt: string, objectId: string, now: number) {
  // Only forward: an overlap page must not move the cursor back.
  moveCheckpointForward.run(store, { entity, updatedAt, objectId, now });
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
export function beyond(cursor: Cursor, direction: Direction): Record<string, unknown> {
  const [past, pastOrAt] = direction === 'up' ? (['$gt', '$gte'] as const) : (['$lt', '$lte'] as const);
  const at = { __type: 'Date', iso: cursor.updatedAt };
  return {
    updatedAt: { [pastOrAt]: at },
    $or: [{ updatedAt: { [past]: at } }, { updatedAt: at, objectId: { [past]: cursor.objectId } }],
  };
}

/** Which way a pull reads a class: from its checkpoint up, or (the second half of a first download) from the newest row down. */
export type Direction = 'up' | 'down';

export type Cursor = { updatedAt: string; objectId: string };

/** a comes before b in (updatedAt, objectId) order. */
export const isBefore = (a: Cursor, b: Cursor) =>
  a.updatedAt < b.updatedAt || (a.updatedAt === b.updatedAt && a.objectId < b.objectId);

export const cursorOf = (row: Record<string, unknown>): Cursor | null => {
  const updatedAt = toIso(row.updatedAt);
  return updatedAt ? { updatedAt, objectId: String(row.objectId) } : null;
};

import type { ReplicatedClass } from '../../shared/enums';
import { CLASS_MAPPINGS } from '../db/parse-mapping';
import type { Store } from '../db/store';
import { hasUnsentRecords, recordsByObjectIds, unsentRecordsByIds, unsentRecordsByKeys } from './queries';

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
export function findLocals(store: Store, entity: ReplicatedClass, page: Record<string, unknown>[]) {
  type Row = Record<string, unknown>;
  const byObjectId = new Map(
    recordsByObjectIds(entity)
      .all(store, JSON.stringify(page.map((j) => j.objectId)))
      .map((row) => [row.objectId, row]),
  );
  // Only records this workstation created and has not heard back about (no objectId yet) can be matched by
  // clientId or business key; most pages find none (a first download into an empty table never does): no
  // look-up then.
  const awaitingObjectIds = hasUnsentRecords(entity).get(store) !== undefined;
  const clientIds = awaitingObjectIds ? page.map((j) => j.clientId).filter((id) => typeof id === 'string') : [];
  const byClientId = new Map(
    clientIds.length === 0
      ? []
      : unsentRecordsByIds(entity)
          .all(store, JSON.stringify(clientIds))
          .map((row) => [row.id, row]),
  );
  const key = CLASS_MAPPINGS[entity].businessKey?.field;
  const keys = awaitingObjectIds && key ? page.map((j) => j[key]).filter((value) => typeof value === 'string') : [];
  const byKey = new Map(
    keys.length === 0
      ? []
      : unsentRecordsByKeys(entity, key!)
          .all(store, JSON.stringify(keys))
          .map((row) => [row[key!], row]),
  );
  return (json: Row): Twin | null => {
    const found =
      byObjectId.get(json.objectId) ?? (typeof json.clientId === 'string' ? byClientId.get(json.clientId) : undefined);
    if (found) return { row: found, byKey: false };
    const sameKey = key ? byKey.get(json[key]) : undefined;
    return sameKey ? { row: sameKey, byKey: true } : null;
  };
}

import { REPLICATED_CLASSES, type ReplicatedClass } from '../../shared/enums';
import type { Store } from '../db/store';
import { recordReadStart, toIso, writeCheckpoint } from './cursor';
import { removeLocal } from './deletions';
import { eachPage, type PullOptions } from './paging';
import type { ParseClient } from './parse-client';
import type { PullResult } from './pull';
import { fullNameOfBackendUser, serverObjectIds } from './queries';

// Deletions made elsewhere come in two ways: tombstones (written by Cloud Code's afterDelete), pulled like a
// class, and a daily sweep for deletions made without Cloud Code. Either way deletions.ts removes the record.

/** The name of who deleted a record, when the tombstone says and their account is here. */
function deletedByName(store: Store, tombstone: Record<string, unknown>): string | null {
  const by = tombstone.deletedBy as { objectId?: string } | undefined;
  if (!by?.objectId) return null;
  return fullNameOfBackendUser.get(store, by.objectId)?.fullName ?? null;
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
  const local = serverObjectIds(entity).all(store);
  const gone = local.filter((r) => !seen.has(r.objectId));
  if (gone.length === 0) return 0;
  const now = store.clock();
  store.sqlite.transaction(() => gone.forEach((r) => removeLocal(store, entity, r.objectId, now))).immediate();
  return gone.length;
}

import { query } from '../db/query';

// The statements of a stone's photos and videos (its `photos` column: a JSON array of LocalFile).

export const stoneMedia = query<[id: string], { id: string; sku: string; photos: string | null }>(
  'SELECT id, sku, photos FROM gemstones WHERE id = ?',
);
/** A user's change of the list (queued for replication by the caller). */
export const setStoneMedia = query<[photos: string | null, now: number, id: string]>(
  'UPDATE gemstones SET photos = ?, localUpdatedAt = ? WHERE id = ?',
);
/** Bookkeeping (an upload's server name, a download's local copy): not a user's edit, nothing to push. */
export const noteStoneMedia = query<[photos: string, id: string]>('UPDATE gemstones SET photos = ? WHERE id = ?');
export const hasPendingChange = query<[id: string], { one: number }>(
  "SELECT 1 AS one FROM outbox WHERE entity = 'Gemstone' AND recordId = ?",
);
export const dropStaleBase = query<[id: string]>("DELETE FROM sync_base WHERE entity = 'Gemstone' AND recordId = ?");
/**
 * Stones whose queued change includes their photos (a new stone, or an edit of `photos`): where files still
 * to upload are. Read through the outbox, which is small, not the whole stones table.
 */
export const stonesWithQueuedMedia = query<[], { id: string; photos: string; userId: string | null }>(
  `SELECT g.id, g.photos, o.userId FROM outbox o JOIN gemstones g ON g.id = o.recordId
    WHERE o.entity = 'Gemstone' AND o.op <> 'delete' AND g.photos IS NOT NULL
      AND (o.fields IS NULL OR EXISTS (SELECT 1 FROM json_each(o.fields) WHERE value = 'photos'))`,
);
/** A slice of the stones table by rowid (a background sweep for files not downloaded yet, step by step). */
export const mediaNotDownloaded = query<[from: number, to: number], { rowid: number; id: string; photos: string }>(
  `SELECT rowid, id, photos FROM gemstones WHERE rowid > ? AND rowid <= ? AND photos IS NOT NULL
     AND instr(photos, '"stored":null') > 0`,
);
export const lastStoneRowid = query<[], { n: number | null }>('SELECT max(rowid) AS n FROM gemstones');

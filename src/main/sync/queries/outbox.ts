import type { ReplicatedClass } from '../../../shared/enums';
import { query } from '../../db/query';
import type { OutboxRow } from '../bookkeeping';

// The changes waiting to go (the outbox) and their bases (sync_base: the last values both sides agreed on,
// kept only while a change waits).

export const pendingChangeOf = query<[entity: ReplicatedClass, recordId: string], OutboxRow>(
  'SELECT * FROM outbox WHERE entity = ? AND recordId = ?',
);
export const pendingCount = query<[], { n: number }>('SELECT count(*) AS n FROM outbox');

/** The changes due now, oldest first. */
export const outboxDue = query<[now: number], OutboxRow>('SELECT * FROM outbox WHERE nextAttemptAt <= ? ORDER BY id');
/** When the next change is due (null: nothing waits). */
export const nextAttemptDue = query<[], { t: number | null }>('SELECT min(nextAttemptAt) AS t FROM outbox');
export const outboxRowExists = query<[id: number], { 1: 1 }>('SELECT 1 FROM outbox WHERE id = ?');

export const dropOutboxRow = query<[id: number]>('DELETE FROM outbox WHERE id = ?');
/** Drops the change only as it was read: a newer seq means it was edited meanwhile. */
export const dropOutboxRowAsQueued = query<[id: number, seq: number]>('DELETE FROM outbox WHERE id = ? AND seq = ?');
export const dropPendingChange = query<[entity: ReplicatedClass, recordId: string]>(
  'DELETE FROM outbox WHERE entity = ? AND recordId = ?',
);
/** Sent but for these fields (JSON text), which stay queued as an update: only the change as it was read. */
export const keepQueuedOnly = query<[fields: string, id: number, seq: number]>(
  "UPDATE outbox SET op = 'update', fields = ?, attempts = 0 WHERE id = ? AND seq = ?",
);
/** The fields still to send (JSON text). */
export const setPendingFields = query<[fields: string, id: number]>('UPDATE outbox SET fields = ? WHERE id = ?');
/** A create the server already has becomes an update of these fields (JSON text). */
export const createBecomesUpdate = query<[fields: string, id: number]>(
  "UPDATE outbox SET op = 'update', fields = ? WHERE id = ?",
);
/** A create the server now has, edited while it was on its way: an update of every field. */
export const createBecomesUpdateOfAll = query<[id: number]>(
  "UPDATE outbox SET op = 'update', fields = NULL WHERE id = ?",
);
export const retryLater = query<[nextAttemptAt: number, lastError: string, id: number]>(
  'UPDATE outbox SET attempts = attempts + 1, nextAttemptAt = ?, lastError = ? WHERE id = ?',
);
export const everythingDueNow = query('UPDATE outbox SET nextAttemptAt = 0 WHERE nextAttemptAt > 0');

/** Whose changes wait, with their usernames. */
export const waitingAuthors = query<[], { userId: string | null; username: string | null }>(
  'SELECT DISTINCT o.userId, u.username FROM outbox o LEFT JOIN users u ON u.id = o.userId',
);
export const changesAuthoredBy = query<[userId: string], { entity: string; recordId: string }>(
  'SELECT entity, recordId FROM outbox WHERE userId = ?',
);
export const handChangesTo = query<[toUserId: string, fromUserId: string]>(
  'UPDATE outbox SET userId = ? WHERE userId = ?',
);

export const baseOf = query<[entity: ReplicatedClass, recordId: string], { v: string }>(
  'SELECT "values" AS v FROM sync_base WHERE entity = ? AND recordId = ?',
);
/** The base's values (JSON text); the server's time stays when none is given. */
export const writeBaseRow = query<
  [entity: ReplicatedClass, recordId: string, values: string, serverUpdatedAt: string | null]
>(
  `INSERT INTO sync_base (entity, recordId, "values", serverUpdatedAt) VALUES (?, ?, ?, ?)
       ON CONFLICT (entity, recordId) DO UPDATE SET "values" = excluded."values", serverUpdatedAt = coalesce(excluded.serverUpdatedAt, sync_base.serverUpdatedAt)`,
);
export const dropBase = query<[entity: ReplicatedClass, recordId: string]>(
  'DELETE FROM sync_base WHERE entity = ? AND recordId = ?',
);

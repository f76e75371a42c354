import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { ChangeFeed } from './changes';
import type { LoupeDatabase } from './open';
import type { Statement } from 'better-sqlite3';
import { TABLE_BY_CLASS, type Entity } from './entities';
import { RecordRuleError } from './errors';
import { localRowProblems } from './parse-mapping';

export type OutboxOp = 'create' | 'update' | 'delete';

const actor = new AsyncLocalStorage<string>();

/** Runs `fn` on behalf of a staff member: the changes it queues are pushed with their backend session. */
export function asActor<T>(userId: string, fn: () => T): T {
  return actor.run(userId, fn);
}

export function currentActor(): string | null {
  return actor.getStore() ?? null;
}

/** What a domain write may do inside its transaction. */
export interface WriteScope {
  now: number;
  /**
   * Records a change for replication, in the same transaction as the write itself. For a delete, call it
   * before deleting the row: it keeps the row's server id, which the push needs.
   */
  enqueue(entity: Entity, recordId: string, op: OutboxOp, fields?: readonly string[]): void;
  /** Marks an entity as changed for screens without queueing it for replication (local-only tables). */
  touched(entity: string): void;
}

/**
 * The SQL layer's single entry for writes: one IMMEDIATE transaction per domain write, the outbox row in
 * that same transaction (nothing a user typed is ever lost or pushed half-way), and a change event after
 * commit.
 */
export class Store {
  constructor(
    readonly database: LoupeDatabase,
    readonly changes: ChangeFeed,
    readonly clock: () => number = Date.now,
    readonly newId: () => string = randomUUID,
  ) {}

  private readonly statements = new Map<string, Statement>();

  /**
   * A prepared statement, prepared once per SQL text: hot loops (a pulled page, a push batch) must not
   * pay for preparing the same SQL on every row.
   */
  statement(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      if (this.statements.size > 1000) this.statements.clear(); // dynamic SQL stays bounded
      statement = this.sqlite.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  get sqlite() {
    return this.database.sqlite;
  }

  /** A deletion is queued while its row still exists: the server knows the record only by its objectId. */
  private objectIdBeforeDelete(entity: keyof typeof TABLE_BY_CLASS, recordId: string): string | null {
    const row = this.statement(`SELECT objectId FROM ${TABLE_BY_CLASS[entity]} WHERE id = ?`).get(recordId) as
      { objectId: string | null } | undefined;
    if (!row)
      throw new Error(
        `Queue the deletion of ${entity} ${recordId} before deleting its row, or the server never hears of it.`,
      );
    return row.objectId;
  }

  /**
   * A write leaves every record it queued as the record rules want it (src/shared/record-rules.ts), the same
   * rules a record from the server and Cloud Code are held to: whatever the door (a form, an import, a
   * re-applied conflict), nothing is queued that the server could not store. Only the fields queued are
   * checked, so a record another app wrote with an odd value can still be edited elsewhere.
   */
  private checkRecords(queued: Iterable<{ entity: Entity; recordId: string; fields: Set<string> | null }>) {
    for (const { entity, recordId, fields } of queued) {
      const row = this.statement(`SELECT * FROM ${TABLE_BY_CLASS[entity]} WHERE id = ?`).get(recordId) as
        Record<string, unknown> | undefined;
      if (!row) continue; // deleted in this same write
      const problems = localRowProblems(entity, row, fields ? [...fields] : undefined);
      if (problems.length > 0) throw new RecordRuleError(entity, problems);
    }
  }

  write<T>(fn: (scope: WriteScope) => T): T {
    const changed = new Set<string>();
    const now = this.clock();
    const enqueueStatement = this.statement(
      `INSERT INTO outbox (entity, recordId, op, fields, seq, enqueuedAt, attempts, nextAttemptAt, userId, objectId)
       VALUES (@entity, @recordId, @op, @fields, 1, @now, 0, 0, @userId, @objectId)
       ON CONFLICT (entity, recordId) DO UPDATE SET
         -- a create stays a create (its fields are all of them); a delete wins over anything before it
         op = CASE WHEN excluded.op = 'delete' THEN 'delete' WHEN outbox.op = 'create' THEN 'create' ELSE excluded.op END,
         fields = CASE
           WHEN excluded.op = 'delete' OR outbox.op = 'create' OR outbox.fields IS NULL OR excluded.fields IS NULL THEN NULL
           ELSE (SELECT json_group_array(value) FROM (
                   SELECT value FROM json_each(outbox.fields) UNION SELECT value FROM json_each(excluded.fields)))
         END,
         seq = outbox.seq + 1,
         nextAttemptAt = 0,
         userId = coalesce(excluded.userId, outbox.userId),
         objectId = coalesce(excluded.objectId, outbox.objectId)`,
    );
    // What this write queues, checked against the record rules before it commits (see checkRecords).
    const queued = new Map<string, { entity: Entity; recordId: string; fields: Set<string> | null }>();
    const scope: WriteScope = {
      now,
      enqueue: (entity, recordId, op, fields) => {
        const key = `${entity}:${recordId}`;
        const seen = queued.get(key);
        if (op === 'delete') queued.delete(key);
        else if (op === 'create' || !fields || seen?.fields === null)
          queued.set(key, { entity, recordId, fields: null });
        else queued.set(key, { entity, recordId, fields: new Set([...(seen?.fields ?? []), ...fields]) });
        enqueueStatement.run({
          entity,
          recordId,
          op,
          fields: op === 'update' && fields ? JSON.stringify([...fields].sort()) : null,
          now,
          userId: currentActor(),
          objectId: op === 'delete' ? this.objectIdBeforeDelete(entity, recordId) : null,
        });
        changed.add(entity);
      },
      touched: (entity) => changed.add(entity),
    };
    const result = this.sqlite
      .transaction(() => {
        const value = fn(scope);
        this.checkRecords(queued.values());
        return value;
      })
      .immediate();
    if (changed.size > 0) this.changes.emit({ entities: [...changed].sort(), at: now });
    return result;
  }
}

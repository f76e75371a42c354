import { randomUUID } from 'node:crypto';
import type { ChangeFeed } from './changes';
import type { Db, LoupeDatabase } from './open';
import type { Entity } from './entities';

export type OutboxOp = 'create' | 'update' | 'delete';

/** What a domain write may do inside its transaction. */
export interface WriteScope {
  db: Db;
  now: number;
  /** Records a change for replication, in the same transaction as the write itself. */
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

  get db(): Db {
    return this.database.db;
  }

  get sqlite() {
    return this.database.sqlite;
  }

  write<T>(fn: (scope: WriteScope) => T): T {
    const changed = new Set<string>();
    const now = this.clock();
    const enqueueStatement = this.sqlite.prepare(
      `INSERT INTO outbox (entity, recordId, op, fields, seq, enqueuedAt, attempts, nextAttemptAt)
       VALUES (@entity, @recordId, @op, @fields, 1, @now, 0, 0)
       ON CONFLICT (entity, recordId) DO UPDATE SET
         -- a create stays a create (its fields are all of them); a delete wins over anything before it
         op = CASE WHEN excluded.op = 'delete' THEN 'delete' WHEN outbox.op = 'create' THEN 'create' ELSE excluded.op END,
         fields = CASE
           WHEN excluded.op = 'delete' OR outbox.op = 'create' OR outbox.fields IS NULL OR excluded.fields IS NULL THEN NULL
           ELSE (SELECT json_group_array(value) FROM (
                   SELECT value FROM json_each(outbox.fields) UNION SELECT value FROM json_each(excluded.fields)))
         END,
         seq = outbox.seq + 1,
         nextAttemptAt = 0`,
    );
    const scope: WriteScope = {
      db: this.db,
      now,
      enqueue: (entity, recordId, op, fields) => {
        enqueueStatement.run({
          entity,
          recordId,
          op,
          fields: op === 'update' && fields ? JSON.stringify([...fields].sort()) : null,
          now,
        });
        changed.add(entity);
      },
      touched: (entity) => changed.add(entity),
    };
    const result = this.sqlite.transaction(() => fn(scope)).immediate();
    if (changed.size > 0) this.changes.emit({ entities: [...changed].sort(), at: now });
    return result;
  }
}

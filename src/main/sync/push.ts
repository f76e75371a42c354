import { REPLICATED_CLASSES, type ReplicatedClass } from '../../shared/enums';
import type { Store } from '../db/store';
import { readBase, setAside, writeBase, type OutboxRow } from './bookkeeping';
import { applyRemote } from './merge';
import {
  BatchTooLargeError,
  PARSE_CODES,
  PermanentError,
  SessionExpiredError,
  TransientError,
  type ParseClient,
  type SyncError,
} from './parse-client';
import { prepare, uploadFiles, type Prepared } from './push-prepare';
import { takeServerOwned } from './server-owned';
import {
  createBecomesUpdateOfAll,
  dropBase,
  dropOutboxRow,
  dropOutboxRowAsQueued,
  heldBackEntryOf,
  keepQueuedOnly,
  linkToServer,
  outboxDue,
  outboxRowExists,
  retryLater,
  revertFields,
  setServerTime,
} from './queries';

// Push: the outbox, oldest first, in waves by class so a pointer's target always has its objectId before
// the records that point to it; each wave in /batch chunks, a few in flight. Sub-requests run in parallel
// on the server, so every sub-result is handled on its own:
//   success            → record the server's ids and times, drop the outbox row (unless edited meanwhile)
//   duplicate clientId → our create had already landed (a lost answer): adopt that object
//   transient          → retry later with exponential backoff and jitter
//   session expired    → pause that person's changes until they sign in again
//   permanent          → set aside as a dead letter with the server's message; the record goes back to
//                        the server's values (a refused create stays local), the rest carry on
// A batch of new records goes in one database transaction on the server (see ALL_OR_NOTHING_CLASSES): one
// commit instead of one per record. If the server refuses that call, the same records go again in a plain
// batch, whose answers say which one was refused; if none was, the server cannot run transactions and is
// not asked again.

/**
 * The server answered, but refused a /batch call as a whole for a reason other than its size: retried like a
 * network failure, though the status says the server is reachable and something is wrong.
 */
export class BatchRefusedError extends TransientError {
  constructor(serverMessage: string) {
    super(`The server refused a batch of changes as a whole (${serverMessage}); they wait and are sent again.`);
    this.name = 'BatchRefusedError';
  }
}

export interface PushOptions {
  /** Changes per /batch call (the setting, or the server's limit once known). */
  chunkSize: number;
  /** The server refused a batch for its size and takes at most this many changes per call. */
  onBatchLimit?: (limit: number) => void;
  /** Send a batch of new records in one transaction (unless the server showed it cannot run them). */
  allOrNothing?: boolean;
  /** The server refused a batch in one transaction although each of its records was fine on its own. */
  onNoTransactions?: () => void;
  concurrency: number;
  /** Session token to push a person's changes with (null: they must sign in). */
  sessionFor(userId: string | null): string | null;
  random?: () => number;
  /** Domain follow-up to a refusal, in the same transaction (e.g. an inquiry whose reservation was refused). */
  onRefused?: RefusalHandler;
}

export type RefusalHandler = (
  entity: ReplicatedClass,
  recordId: string,
  sent: Record<string, unknown>,
  message: string,
  userId: string | null,
  now: number,
) => void;

export interface PushResult {
  pushed: number;
  retrying: number;
  deadLettered: number;
  /** People whose changes wait for them to sign in again. */
  needsSignIn: Set<string | null>;
  lastTransient: TransientError | null;
  changedEntities: Set<string>;
}

const ORDER = new Map<string, number>(REPLICATED_CLASSES.map((c, i) => [c, i]));

/**
 * New records of these classes may go all-or-nothing: their Cloud Code checks each one on its own and writes
 * nothing else. An inquiry's reservation rule, a certificate log entry's update of its stone and a delete's
 * tombstone reach beyond the record, so those never wait on other records' transaction.
 */
const ALL_OR_NOTHING_CLASSES: ReadonlySet<ReplicatedClass> = new Set<ReplicatedClass>([
  'Gemstone',
  'Buyer',
  'CustodyEvent',
  'Activity',
]);
const onlyNewRecords = (chunk: Prepared[]) =>
  chunk.length > 1 && chunk.every((p) => p.request.method === 'POST' && ALL_OR_NOTHING_CLASSES.has(p.row.entity));
const MAX_BACKOFF_MS = 5 * 60_000;

export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(attempts, 16));
  return Math.round(base * (0.5 + random()));
}

function dueRows(store: Store, now: number): OutboxRow[] {
  return outboxDue.all(store, now);
}

export async function pushOnce(store: Store, client: ParseClient, options: PushOptions): Promise<PushResult> {
  const result: PushResult = {
    pushed: 0,
    retrying: 0,
    deadLettered: 0,
    needsSignIn: new Set(),
    lastTransient: null,
    changedEntities: new Set(),
  };
  const random = options.random ?? Math.random;
  // A person's session, looked up once per push rather than once per change (each lookup checks the
  // secrets file, which thousands of queued changes would otherwise stat thousands of times).
  const sessions = new Map<string | null, string | null>();
  const sessionFor = (userId: string | null) => {
    if (!sessions.has(userId)) sessions.set(userId, options.sessionFor(userId));
    return sessions.get(userId)!;
  };
  const terms: BatchTerms = {
    size: Math.max(1, options.chunkSize),
    learn(size) {
      if (size >= this.size) return;
      this.size = size;
      options.onBatchLimit?.(size);
    },
    allOrNothing: options.allOrNothing ?? false,
    noTransactions() {
      if (!this.allOrNothing) return;
      this.allOrNothing = false;
      options.onNoTransactions?.();
    },
  };
  const rows = dueRows(store, store.clock());
  await uploadFiles(store, client, rows, sessionFor, result);
  const waves = new Map<number, OutboxRow[]>();
  for (const row of rows) {
    const order = ORDER.get(row.entity) ?? 99;
    // Deletes go last, children before parents, so a required pointer never dangles on the server.
    const wave = row.op === 'delete' ? 1000 - order : order;
    if (!waves.has(wave)) waves.set(wave, []);
    waves.get(wave)!.push(row);
  }

  for (const wave of [...waves.keys()].sort((a, b) => a - b)) {
    // One session per batch: the wave's changes by the session they go with.
    const byToken = new Map<string, OutboxRow[]>();
    for (const row of waves.get(wave)!) {
      const token = sessionFor(row.userId);
      if (!token) {
        result.needsSignIn.add(row.userId);
        continue;
      }
      if (!byToken.has(token)) byToken.set(token, []);
      byToken.get(token)!.push(row);
    }
    // Chunks of chunkSize, `concurrency` batches in flight. Each chunk is prepared (record read, Parse JSON
    // made) when a batch slot takes it, so the first batch leaves at once instead of after every change of
    // the wave was prepared; a record edited meanwhile is sent as it is then (its outbox row says so).
    const queues = [...byToken].map(([token, rows]) => ({ token, rows, at: 0 }));
    const nextChunk = (): Prepared[] | null => {
      for (const queue of queues) {
        const chunk: Prepared[] = [];
        while (queue.at < queue.rows.length && chunk.length < terms.size) {
          const outcome = prepare(store, queue.rows[queue.at++]!, queue.token);
          if (outcome === 'waiting') result.retrying++;
          else if (outcome !== 'settled') chunk.push(outcome);
        }
        if (chunk.length > 0) return chunk;
      }
      return null;
    };
    const worker = async () => {
      for (let chunk = nextChunk(); chunk; chunk = nextChunk())
        await sendChunk(store, client, chunk, result, random, options, terms);
    };
    await Promise.all(Array.from({ length: options.concurrency }, worker));
  }
  return result;
}

/** How this push sends its batches: the setting, adjusted to what the server showed it takes. */
interface BatchTerms {
  size: number;
  learn(size: number): void;
  allOrNothing: boolean;
  noTransactions(): void;
}

/** The server itself answered (an error status), as opposed to the network failing or the session ending. */
const serverAnswered = (error: unknown) =>
  error instanceof PermanentError ||
  (error instanceof TransientError && error.status !== undefined && error.status >= 500);

/** Sends one batch and settles each of its changes; returns how many the server stored as sent. */
async function sendChunk(
  store: Store,
  client: ParseClient,
  chunk: Prepared[],
  result: PushResult,
  random: () => number,
  options: PushOptions,
  terms: BatchTerms,
  mayGoTogether = true,
): Promise<number> {
  const together = mayGoTogether && terms.allOrNothing && onlyNewRecords(chunk);
  let outcomes: ({ success: Record<string, unknown> } | { error: SyncError })[];
  try {
    outcomes = await client.batch(
      chunk.map((p) => p.request),
      chunk[0]!.token,
      { allOrNothing: together },
    );
  } catch (error) {
    if (error instanceof BatchTooLargeError && chunk.length > 1) {
      // Refused for its size: the same changes again in batches the server takes, and the rest of this push too.
      const parts = error.partsOf(chunk);
      terms.learn(parts[0]!.length);
      let stored = 0;
      for (const part of parts)
        stored += await sendChunk(store, client, part, result, random, options, terms, mayGoTogether);
      return stored;
    }
    if (together && serverAnswered(error)) {
      // Nothing of it was stored. The server refused one of its records (without saying which) or cannot
      // run transactions: the same records again in a plain batch, answered record by record, tell which.
      const stored = await sendChunk(store, client, chunk, result, random, options, terms, false);
      if (stored === chunk.length) terms.noTransactions();
      return stored;
    }
    const failure =
      error instanceof TransientError || error instanceof SessionExpiredError || error instanceof PermanentError
        ? error
        : new TransientError(String(error));
    // A call refused as a whole is no verdict on any change in it: they wait and go again, never set aside.
    const forAll = failure instanceof PermanentError ? new BatchRefusedError(failure.message) : failure;
    outcomes = chunk.map(() => ({ error: forAll }));
  }
  // Creates whose clientId already exists on the server: look them up before settling (outside the transaction).
  const adopted = new Map<number, Record<string, unknown>>();
  await Promise.all(
    chunk.map(async (p, i) => {
      const outcome = outcomes[i];
      if (
        outcome &&
        'error' in outcome &&
        p.request.method === 'POST' &&
        outcome.error instanceof PermanentError &&
        outcome.error.code === PARSE_CODES.DUPLICATE_VALUE
      ) {
        try {
          const [existing] = await client.find(
            p.row.entity,
            { where: { clientId: p.row.recordId }, limit: 1 },
            p.token,
          );
          if (existing) adopted.set(i, existing);
        } catch {
          /* settled as transient below */
        }
      }
    }),
  );
  const now = store.clock();
  let stored = 0;
  store.sqlite
    .transaction(() => {
      chunk.forEach((p, i) => {
        const outcome = outcomes[i] ?? { error: new TransientError('No answer for this change') };
        const { row } = p;
        if ('success' in outcome) {
          stored++;
          return settleSuccess(store, p, outcome.success, result);
        }
        const error = outcome.error;
        if (adopted.has(i)) {
          applyRemote(store, row.entity, adopted.get(i)!, now);
          result.pushed++;
          result.changedEntities.add(row.entity);
          return;
        }
        if (row.op === 'delete' && error instanceof PermanentError && error.code === PARSE_CODES.OBJECT_NOT_FOUND) {
          dropOutboxRow.run(store, row.id); // already gone: what we wanted
          result.pushed++;
          return;
        }
        if (error instanceof SessionExpiredError) {
          result.needsSignIn.add(row.userId);
          return;
        }
        if (
          error instanceof TransientError ||
          (error instanceof PermanentError && error.code === PARSE_CODES.DUPLICATE_VALUE)
        ) {
          result.retrying++;
          if (error instanceof TransientError) result.lastTransient = error;
          retryLater.run(store, now + backoffMs(row.attempts, random), error.message, row.id);
          return;
        }
        deadLetter(store, p, error, now);
        options.onRefused?.(row.entity, row.recordId, p.sent, error.message, row.userId, now);
        result.deadLettered++;
        result.changedEntities.add(row.entity);
      });
    })
    .immediate();
  return stored;
}

function settleSuccess(store: Store, p: Prepared, success: Record<string, unknown>, result: PushResult) {
  const { row } = p;
  // The change as sent leaves the queue; a row still there has a newer seq: edited while in flight. Fields
  // held back (photos still uploading) stay queued, as an update of just them.
  const keptBack = p.heldBack?.length
    ? keepQueuedOnly.run(store, JSON.stringify(p.heldBack), row.id, row.seq).changes > 0
    : false;
  const sentAsQueued = keptBack || dropOutboxRowAsQueued.run(store, row.id, row.seq).changes > 0;
  const editedMeanwhile = keptBack || (!sentAsQueued && outboxRowExists.get(store, row.id) !== undefined);
  if (p.request.method === 'DELETE') {
    dropBase.run(store, row.entity, row.recordId);
  } else if (p.request.method === 'POST') {
    const createdAt = String(success.createdAt);
    linkToServer(row.entity).run(store, success.objectId, createdAt, success.updatedAt ?? createdAt, row.recordId);
    // What the server set on create (an invoice's number) comes back in its answer, not in a later pull.
    if (takeServerOwned(store, row.entity, row.recordId, success)) result.changedEntities.add(row.entity);
    // A base only while changes remain to push (db/sync-base.ts): here, edits made during the push.
    if (editedMeanwhile) {
      writeBase(store, row.entity, row.recordId, p.sent, String(success.updatedAt ?? createdAt));
      if (!keptBack) createBecomesUpdateOfAll.run(store, row.id);
    }
  } else {
    // The server's time says "this record as of now"; true here only if every earlier server change came in.
    // One held back (the server's copy broke a rule) did not: the time stays, so the next pull brings it all.
    const objectId = p.request.path.slice(p.request.path.lastIndexOf('/') + 1);
    const heldBack = heldBackEntryOf.get(store, row.entity, objectId);
    if (!heldBack) setServerTime(row.entity).run(store, success.updatedAt, row.recordId);
    if (editedMeanwhile) {
      writeBase(
        store,
        row.entity,
        row.recordId,
        { ...readBase(store, row.entity, row.recordId), ...p.sent },
        String(success.updatedAt),
      );
    } else {
      dropBase.run(store, row.entity, row.recordId);
    }
  }
  result.pushed++;
}

function deadLetter(store: Store, p: Prepared, error: PermanentError, now: number) {
  const { row } = p;
  setAside(
    store,
    {
      entity: row.entity,
      recordId: row.recordId,
      op: row.op,
      fields: row.fields === null ? null : (JSON.parse(row.fields) as string[]),
      values: p.sent,
      code: error.code,
      message: error.message,
      userId: row.userId,
    },
    now,
  );
  dropOutboxRow.run(store, row.id);
  if (row.op === 'update') {
    // Back to the server's values for what was refused; the refused values stay in the dead letter.
    const base = readBase(store, row.entity, row.recordId);
    const revert = Object.keys(p.sent).filter((f) => f in base);
    if (revert.length) {
      revertFields(store, row.entity, revert, {
        ...Object.fromEntries(revert.map((f) => [f, base[f] as unknown])),
        id: row.recordId,
      });
    }
  }
}

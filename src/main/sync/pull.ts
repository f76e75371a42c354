import type { ReplicatedClass } from '../../shared/enums';
import { beginBulkLoad, type BulkLoad } from '../db/bulk-load';
import type { Store } from '../db/store';
import { tableOf } from './bookkeeping';
import {
  cursorOf,
  isBefore,
  readCheckpoint,
  recordReadStart,
  toIso,
  writeCheckpoint,
  type Cursor,
  type Direction,
} from './cursor';
import type { HeldBack } from './held-back-retry';
import { applyRemote } from './merge';
import { eachPage, isFullPage, type PullOptions } from './paging';
import { PermanentError, SessionExpiredError, TransientError, type ParseClient } from './parse-client';
import { recordCountUpTo } from './queries';
import { findLocals } from './twins';

// Pull: per class, pages in (updatedAt, objectId) order from its checkpoint (cursor.ts, paging.ts), each
// page merged (merge.ts) and its checkpoint committed together. A large first download also reads down
// from the newest row at the same time (see pullClass).

export interface PullResult {
  pulled: number;
  changedEntities: Set<string>;
  conflicts: number;
  /** Held-back records being tried again this cycle, by class: a class pull notes those it meets. */
  heldBack?: Map<string, HeldBack>;
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
  // Decided on the first page: a first download whose first page is full is a big one.
  const firstDownload = !readCheckpoint(store, entity)?.updatedAt;
  let mayBulkLoad = firstDownload;
  let bulkLoad = null as BulkLoad | null; // set in applyPage (a closure), read in the finally
  const applyPage = (page: Record<string, unknown>[], direction: Direction) => {
    if (mayBulkLoad && isFullPage(page, options)) {
      const local = recordCountUpTo(entity, BULK_LOAD_MAX_LOCAL_ROWS).get(store)!.n;
      if (local < BULK_LOAD_MAX_LOCAL_ROWS) {
        bulkLoad = beginBulkLoad(store.sqlite, tableOf(entity));
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

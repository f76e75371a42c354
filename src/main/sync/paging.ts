import type { ReplicatedClass } from '../../shared/enums';
import type { Store } from '../db/store';
import { beyond, cursorOf, cursorWhere, pullStart, readCheckpoint, type Cursor, type Direction } from './cursor';
import type { FindOptions, FoundPage, ParseClient } from './parse-client';

// Paging: the pages of one class, with the next page asked for while this one is stored, and every class's
// first page asked for at once in one request.

export interface PullOptions {
  pageSize: number;
  /** A page of at least this many rows may have been cut short by the server: see {@link isFullPage}. */
  cappedAt?: number;
  overlapMs: number;
  /** Re-apply rows even when their updatedAt is unchanged (after a change of what this session may see). */
  force?: boolean;
  onProgress?: (className: string, pulled: number) => void;
  /** The first page, already asked for (see {@link prefetchFirstPages}). */
  firstPage?: Promise<Page>;
  /** On a first download, how many records the class holds (the server's count): see pullClass (pull.ts). */
  expectedRows?: number;
  /** The fields the server hides from the pulling session, by class (see hiddenFrom in merge.ts). */
  hidden?: (entity: ReplicatedClass) => ReadonlySet<string>;
}

export type Page = FoundPage;

/**
 * Hosted Parse servers may cap a query's limit without saying so (parse.com capped it at 1,000), so a page
 * shorter than asked is the end of the class only if it is also shorter than that, or than a page the server
 * already gave: otherwise the pull asks again, and an empty page ends it. Pages larger than the cap are
 * worth asking for where the server allows them: fewer commits, fewer round trips.
 */
const SERVER_LIMIT_CAP = 1000;

export function isFullPage(page: unknown[], options: PullOptions, largestBefore = 0): boolean {
  return isFullCount(page.length, options, largestBefore);
}

function isFullCount(rows: number, options: PullOptions, largestBefore = 0): boolean {
  if (rows >= options.pageSize) return true;
  // A server that has already answered with more rows than this does not cap there: this is the end.
  return rows >= Math.min(options.pageSize, options.cappedAt ?? SERVER_LIMIT_CAP) && rows >= largestBefore;
}

function pageQuery(store: Store, className: string, options: PullOptions, direction: Direction = 'up') {
  if (direction === 'down') {
    return (after: Cursor | null) => ({
      where: after ? beyond(after, 'down') : {},
      order: '-updatedAt,-objectId',
      limit: options.pageSize,
    });
  }
  const start = pullStart(readCheckpoint(store, className), options.overlapMs);
  return (after: Cursor | null) => ({
    where: cursorWhere(start.since, after ?? start.after),
    order: 'updatedAt,objectId',
    limit: options.pageSize,
  });
}

/** A page on its way: the page, its last row's cursor as soon as the answer's text is in, and a way to drop it. */
interface PageOnItsWay {
  after: Cursor | null;
  page: Promise<Page>;
  /** Resolves before the page is parsed in full, with about how many rows it holds (null: not known early). */
  early: Promise<{ last: Cursor; rows: number } | null>;
  drop(): void;
}

function pageFetcher(
  store: Store,
  client: ParseClient,
  className: string,
  sessionToken: string,
  options: PullOptions,
  direction: Direction,
) {
  const query = pageQuery(store, className, options, direction);
  return (after: Cursor | null): PageOnItsWay => {
    const controller = new AbortController();
    let tell!: (early: { last: Cursor; rows: number } | null) => void;
    const early = new Promise<{ last: Cursor; rows: number } | null>((resolve) => (tell = resolve));
    const page = client.findPage(className, query(after), sessionToken, {
      signal: controller.signal,
      onLast: (row, rows) => {
        const last = row && cursorOf(row);
        tell(last ? { last, rows } : null);
      },
    });
    page.then(
      () => tell(null), // only if it was not told earlier
      () => tell(null),
    );
    page.catch(() => undefined); // awaited in its turn, or dropped; never reported unhandled meanwhile
    return { after, page, early, drop: () => controller.abort() };
  };
}

/** Another find to ask for in the same request as the first pages (a count, held-back records). */
export interface ExtraFind {
  key: string;
  className: string;
  options: FindOptions;
}

/**
 * Asks for every class's first page now, in one request, each to be applied later in its class's turn
 * (most cycles find nothing new, and then this request is the whole pull). Only a class's own pull moves
 * its checkpoint, so the page asked for now is the one its pull would ask for. `extra` finds ride along
 * in the same request, their answers under their own keys.
 */
export function prefetchFirstPages(
  store: Store,
  client: ParseClient,
  classNames: string[],
  sessionToken: string,
  options: PullOptions,
  extra: ExtraFind[] = [],
): Map<string, Promise<Page>> {
  const queries = [
    ...classNames.map((className) => ({
      key: className,
      className,
      options: pageQuery(store, className, options)(null),
    })),
    ...extra,
  ];
  const answers = client.findPages(queries, sessionToken);
  const pages = new Map(
    queries.map(({ key }, i) => [
      key,
      answers.then((all) => {
        const answer = all[i]!;
        if ('error' in answer) throw answer.error;
        return answer.page;
      }),
    ]),
  );
  // Each is awaited in its class's turn; a cycle that stops earlier must not report the rest unhandled.
  for (const page of pages.values()) page.catch(() => undefined);
  return pages;
}

/**
 * Pages of one class from its checkpoint to the end, in (updatedAt, objectId) order. When a page's text
 * is in and looks full, the next page is requested at once, its cursor read from the end of that text
 * (see lastResultOf), so the server works on it while this side parses and stores the page before. The
 * cursor is checked against the parsed page: if they differ, or the page turns out to be the last, the
 * early request is dropped (and, if need be, made again from the right place).
 */
export async function eachPage(
  store: Store,
  client: ParseClient,
  className: string,
  sessionToken: string,
  options: PullOptions,
  onPage: (page: Record<string, unknown>[]) => void,
  walk: {
    direction?: Direction;
    /** True once a page ending at `last` has reached rows another walk has read: stop after it. */
    metOther?: (last: Cursor) => boolean;
  } = {},
): Promise<number | null> {
  const fetchAfter = pageFetcher(store, client, className, sessionToken, options, walk.direction ?? 'up');
  let current: PageOnItsWay = options.firstPage
    ? { after: null, page: options.firstPage, early: Promise.resolve(null), drop: () => undefined }
    : fetchAfter(null);
  let readStartedAt: number | null | undefined;
  let largest = 0;
  for (;;) {
    // Early only when the page looks full: a class's short last page needs no request after it.
    const early = await current.early;
    let next = early && isFullCount(early.rows, options, largest) ? fetchAfter(early.last) : null;
    let page: Record<string, unknown>[];
    try {
      const answer = await current.page;
      page = answer.results;
      if (readStartedAt === undefined) readStartedAt = answer.serverTime; // the first answer's
    } catch (error) {
      next?.drop();
      throw error;
    }
    const full = page.length > 0 && isFullPage(page, options, largest);
    largest = Math.max(largest, page.length);
    if (!full) {
      next?.drop();
      if (page.length > 0) onPage(page);
      return readStartedAt ?? null;
    }
    const last = cursorOf(page[page.length - 1]!)!; // Parse stamps every object's updatedAt
    if (walk.metOther?.(last)) {
      next?.drop();
      onPage(page);
      return readStartedAt ?? null;
    }
    if (!next || next.after?.updatedAt !== last.updatedAt || next.after.objectId !== last.objectId) {
      next?.drop();
      next = fetchAfter(last);
    }
    onPage(page);
    current = next;
  }
}

import { REPLICATED_CLASSES, type ReplicatedClass } from '../../shared/enums';
import { PROTECTED_FIELDS } from '../../shared/privacy';
import { CLASS_MAPPINGS } from '../db/parse-mapping';
import type { Store } from '../db/store';
import { applyHeldBack, heldBackRecords } from './held-back-retry';
import { hiddenFrom } from './merge';
import { prefetchFirstPages, type ExtraFind } from './paging';
import { SessionExpiredError, type ParseClient } from './parse-client';
import { pullClass, type PullResult } from './pull';
import { forgetCheckpoints, stonesCheckpoint } from './queries';
import type { BackendSessions } from './sessions';
import { readSetting, writeSetting } from './sync-settings';
import { pullTombstones, sweepClass } from './tombstones';

// The pull half of a cycle: every class in order (parents first), the records held back last time, the
// tombstones, and once a day the sweep.

/**
 * Rows asked for per pulled page: larger pages mean fewer round trips and fewer SQLite commits (a first
 * download of 100,000 stones ~10% faster than at 1,000). A server that caps the limit lower is handled (paging.ts).
 */
export const PULL_PAGE_SIZE = 2500;
export const PULL_ORDER: ReplicatedClass[] = [...REPLICATED_CLASSES];
const SWEEP_EVERY_MS = 24 * 60 * 60 * 1000;

export interface PullEverything {
  store: Store;
  client: ParseClient;
  sessions: BackendSessions;
  /** The session to pull with, and whose it is (see BackendSessions.pullSession). */
  token: string;
  owner: string;
  pageSize?: number;
  overlapMs?: number;
  /** The server answered: the replicator is receiving. */
  onReceiving(): void;
  /** A first download's progress as it goes; `announce`: tell the screens now. */
  onFirstDownload(progress: { pulled: number; total: number }, announce: boolean): void;
}

export async function pullEverything(run: PullEverything, pulled: PullResult) {
  const { store, client, token, owner } = run;
  const firstTime = !stonesCheckpoint.get(store);
  const pageSize = run.pageSize ?? PULL_PAGE_SIZE;
  const overlapMs = run.overlapMs ?? 5000;
  // Every class's first page is asked for at once, in one request, with a first download's counts and the
  // records held back last time (a SKU clash, a stone that is not here); pages are still applied in order,
  // parents first.
  const heldBack = heldBackRecords(store);
  pulled.heldBack = new Map(heldBack.map((held) => [held.entity, held]));
  const extra: ExtraFind[] = [
    ...(firstTime
      ? PULL_ORDER.map((className) => ({ key: `count:${className}`, className, options: { limit: 0, count: true } }))
      : []),
    ...heldBack.map((held) => ({ key: `held:${held.entity}`, className: held.entity, options: held.query })),
  ];
  const firstPages = prefetchFirstPages(
    store,
    client,
    [...PULL_ORDER, 'Tombstone'],
    token,
    { pageSize, overlapMs },
    extra,
  );
  // All first pages come in one answer: once it is in, the server is there and this side is receiving.
  // (A refusal surfaces below, where its page is awaited.)
  if (
    await Promise.race(firstPages.values()).then(
      () => true,
      () => false,
    )
  )
    run.onReceiving();
  const counts = new Map<string, number>();
  let firstDownload: { pulled: number; total: number } | null = null;
  if (firstTime) {
    for (const className of PULL_ORDER) counts.set(className, (await firstPages.get(`count:${className}`)!).count ?? 0);
    firstDownload = { pulled: 0, total: [...counts.values()].reduce((a, b) => a + b, 0) };
    run.onFirstDownload(firstDownload, false);
  }
  const onProgress = (_entity: string, pulledSoFar: number) => {
    if (!firstDownload) return;
    firstDownload = { ...firstDownload, pulled: Math.min(firstDownload.total, pulledSoFar) };
    run.onFirstDownload(firstDownload, true);
  };
  let resync = new Set<string>();
  // What the server hides from this session (field privacy) is absent from its answers, not unset.
  let role = run.sessions.roleOf(owner);
  const hidden = (entity: ReplicatedClass) => hiddenFrom(entity, role);
  for (const entity of PULL_ORDER) {
    // A class to pull again in full had its checkpoint dropped after its first page was asked for.
    const firstPage = resync.has(entity) ? undefined : firstPages.get(entity);
    const options = {
      pageSize,
      overlapMs,
      onProgress,
      force: resync.has(entity),
      firstPage,
      expectedRows: counts.get(entity),
      hidden,
    };
    await pullClass(store, client, entity, token, options, pulled);
    if (entity === '_User') {
      resync = resyncIfVisibilityChanged(run, owner);
      role = run.sessions.roleOf(owner);
    }
  }
  // Records held back last time: in now, if they fit (what they point to has just been pulled).
  for (const held of heldBack) {
    let found: Record<string, unknown>[];
    try {
      found = (await firstPages.get(`held:${held.entity}`)!).results;
    } catch (error) {
      if (error instanceof SessionExpiredError) throw error;
      continue; // asked again next cycle; a record held back must not hold the rest of the pull back
    }
    applyHeldBack(store, held, found, pulled, hidden);
  }
  pulled.heldBack = undefined;
  await pullTombstones(store, client, token, { pageSize, overlapMs, firstPage: firstPages.get('Tombstone') }, pulled);
  if (firstDownload) {
    // The counts were an estimate taken before the download (records come and go meanwhile): it ends at 100%.
    run.onFirstDownload({ pulled: pulled.pulled, total: pulled.pulled }, true);
  }
  // The safety net for deletions made without Cloud Code (no tombstone): once a day is plenty.
  const lastSweep = readSetting<number>(store, 'lastSweepAt');
  if (lastSweep === undefined)
    writeSetting(store, 'lastSweepAt', store.clock()); // a first download is complete by itself
  else if (store.clock() - lastSweep > SWEEP_EVERY_MS) {
    for (const entity of PULL_ORDER)
      if (CLASS_MAPPINGS[entity].pushable) await sweepClass(store, client, entity, token);
    writeSetting(store, 'lastSweepAt', store.clock());
    pulled.changedEntities.add('Gemstone');
  }
}

/**
 * A field hidden from one role (protectedFields) is simply absent from its pulls. When the role of the
 * session pulling for this workstation changes, the classes with protected fields are pulled again in
 * full, so fields that have become visible arrive.
 */
function resyncIfVisibilityChanged(run: PullEverything, owner: string): Set<string> {
  const role = run.sessions.roleOf(owner);
  if (!role) return new Set();
  const previous = readSetting<string>(run.store, 'pullRole');
  if (previous === role) return new Set();
  writeSetting(run.store, 'pullRole', role);
  if (previous === undefined) return new Set();
  const classes = Object.keys(PROTECTED_FIELDS);
  forgetCheckpoints(run.store, classes);
  return new Set(classes);
}

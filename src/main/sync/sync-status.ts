import type { ReplicatorState, SyncStatus } from '../../shared/sync';
import type { Store } from '../db/store';
import { countPending } from './bookkeeping';
import { FRESH_PULL_MS } from './scheduler';
import { openConflictCount, openDeadLetterCount, usernameOf, waitingAuthors } from './queries';
import type { BackendSessions } from './sessions';
import { strandedChanges } from './stranded';

/** What the replicator knows of itself; the rest of the status is read from the database. */
export interface ReplicatorFacts {
  state: ReplicatorState;
  /** null: local only. */
  serverURL: string | null;
  lastSyncedAt: string | null;
  /** When the last complete pull ended (this run; null: none yet). */
  lastCompletePullAt: number | null;
  lastError: string | null;
  firstDownload: { pulled: number; total: number } | null;
  media: { waiting: number; problem: string | null };
}

/** The status the header badge and the Sync screen show. */
export function syncStatus(store: Store, sessions: BackendSessions, facts: ReplicatorFacts): SyncStatus {
  const connected = facts.serverURL !== null;
  const needs = new Map<string | null, string | null>();
  for (const w of waitingAuthors.all(store))
    if (sessions.sessionFor(w.userId) === null && connected) needs.set(w.userId, w.username);
  if (connected && !sessions.pullSession()) {
    // Nobody's session can pull: the person who connected the workstation is asked first.
    const owner = sessions.connectorUser();
    const row = owner ? usernameOf.get(store, owner) : undefined;
    needs.set(owner, row?.username ?? null);
  }
  return {
    state: facts.state,
    serverURL: facts.serverURL,
    pendingChanges: countPending(store),
    lastSyncedAt: facts.lastSyncedAt,
    lastError: facts.lastError,
    // Up to date only after a recent complete pull: after a sleep, or before the first pull, not "Synced".
    stale: connected && (facts.lastCompletePullAt === null || store.clock() - facts.lastCompletePullAt > FRESH_PULL_MS),
    needsSignIn: [...needs].map(([userId, username]) => ({ userId, username })),
    firstDownload: facts.firstDownload,
    deadLetters: openDeadLetterCount.get(store)!.n,
    openConflicts: openConflictCount.get(store)!.n,
    stranded: connected ? strandedChanges(store) : [],
    media: facts.media,
  };
}

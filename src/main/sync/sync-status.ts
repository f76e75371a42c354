import type { ReplicatorState, SyncStatus } from '../../shared/sync';
import type { Store } from '../db/store';
import { countPending } from './bookkeeping';
import type { BackendSessions } from './sessions';
import { strandedChanges } from './stranded';

/** What the replicator knows of itself; the rest of the status is read from the database. */
export interface ReplicatorFacts {
  state: ReplicatorState;
  /** null: local only. */
  serverURL: string | null;
  lastSyncedAt: string | null;
  lastError: string | null;
  firstDownload: { pulled: number; total: number } | null;
}

/** The status the header badge and the Sync screen show. */
export function syncStatus(store: Store, sessions: BackendSessions, facts: ReplicatorFacts): SyncStatus {
  const { sqlite } = store;
  const connected = facts.serverURL !== null;
  const needs = new Map<string | null, string | null>();
  const waiting = sqlite
    .prepare('SELECT DISTINCT o.userId, u.username FROM outbox o LEFT JOIN users u ON u.id = o.userId')
    .all() as { userId: string | null; username: string | null }[];
  for (const w of waiting) if (sessions.sessionFor(w.userId) === null && connected) needs.set(w.userId, w.username);
  if (connected && !sessions.pullSession()) {
    // Nobody's session can pull: the person who connected the workstation is asked first.
    const owner = sessions.connectorUser();
    const row = owner
      ? (sqlite.prepare('SELECT username FROM users WHERE id = ?').get(owner) as { username: string } | undefined)
      : undefined;
    needs.set(owner, row?.username ?? null);
  }
  return {
    state: facts.state,
    serverURL: facts.serverURL,
    pendingChanges: countPending(store),
    lastSyncedAt: facts.lastSyncedAt,
    lastError: facts.lastError,
    needsSignIn: [...needs].map(([userId, username]) => ({ userId, username })),
    firstDownload: facts.firstDownload,
    deadLetters: (
      sqlite.prepare('SELECT count(*) AS n FROM sync_dead_letters WHERE resolvedAt IS NULL').get() as { n: number }
    ).n,
    openConflicts: (
      sqlite.prepare('SELECT count(*) AS n FROM sync_conflicts WHERE resolvedAt IS NULL').get() as { n: number }
    ).n,
    stranded: connected ? strandedChanges(store) : [],
  };
}

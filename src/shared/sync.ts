// What the renderer and the core say to each other about replication.

export type ReplicatorState = 'local-only' | 'idle' | 'pushing' | 'pulling' | 'offline' | 'paused' | 'error';

export interface BackendSettings {
  /** e.g. https://parseapi.back4app.com or http://127.0.0.1:1337/parse */
  serverURL: string;
  appId: string;
  /** The app's client-side key (Back4app: JavaScript or REST API key); never the master key. */
  clientKey: string;
  /** LiveQuery server (ws:// or wss://); derived from serverURL when empty. */
  liveQueryURL?: string;
  /** Sub-requests per /batch call (default {@link DEFAULT_BATCH_SIZE}); a server that takes fewer says so and gets fewer. */
  batchSize?: number;
}

/**
 * Changes per /batch call unless Settings say otherwise: the limit this project's backend sets
 * (`requestComplexity.batchRequestLimit`). Fewer, larger calls push faster (about 15 % over 50 per call).
 */
export const DEFAULT_BATCH_SIZE = 100;

export interface SyncStatus {
  state: ReplicatorState;
  serverURL: string | null;
  pendingChanges: number;
  lastSyncedAt: string | null;
  lastError: string | null;
  /** Staff whose changes wait for them to sign in again. */
  needsSignIn: { userId: string | null; username: string | null }[];
  /** During the first full download: how far along it is. */
  firstDownload: { pulled: number; total: number } | null;
  deadLetters: number;
  openConflicts: number;
}

export interface SyncReport {
  ok: boolean;
  pushed: number;
  pulled: number;
  deadLettered: number;
  conflicts: number;
  error: string | null;
}

export interface ConnectReport {
  report: SyncReport;
  /** Local staff accounts matched to backend users by username. */
  matched: string[];
  /** Local staff accounts with no backend user of that name: they can only sign in here, offline. */
  unmatched: string[];
}

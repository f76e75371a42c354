import { z } from 'zod';

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

/** Requests this workstation sent to the backend this calendar month (hosted plans bill by them). */
export interface RequestsThisMonth {
  /** YYYY-MM (UTC, as the plans count). */
  month: string;
  count: number;
  /** When the first of them was counted (ISO); null when none yet. */
  since: string | null;
}

export interface SyncStatus {
  state: ReplicatorState;
  serverURL: string | null;
  pendingChanges: number;
  lastSyncedAt: string | null;
  lastError: string | null;
  /**
   * No complete pull lately (none yet, or the workstation slept): what others changed may not be here yet,
   * so the status does not say "Synced" until the next pull completes.
   */
  stale?: boolean;
  /** Staff whose changes wait for them to sign in again. */
  needsSignIn: { userId: string | null; username: string | null }[];
  /** During the first full download: how far along it is. */
  firstDownload: { pulled: number; total: number } | null;
  /** Refused changes and records held back from the server, still listed. */
  deadLetters: number;
  openConflicts: number;
  /** Changes that cannot be sent as they are, by the staff member without a backend account they name. */
  stranded: StrandedStaff[];
  /** Photos and videos still to upload (they go on their own, after the rest), and why some cannot go now. */
  media: { waiting: number; problem: string | null };
}

/** A staff member made here while local only, with no backend account, and the changes waiting for one. */
export interface StrandedStaff {
  userId: string;
  username: string;
  fullName: string;
  changes: number;
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
  /** Local staff accounts with no backend user of that name: they can only sign in here, and changes naming them are not sent. */
  unmatched: string[];
  /** Of those, the ones with changes waiting, and how many. */
  stranded: StrandedStaff[];
}

/** In staff's words: what cannot be sent, whose it is, and what to do (null when nothing is stranded). */
export function strandedText(stranded: readonly StrandedStaff[]): string | null {
  if (stranded.length === 0) return null;
  const total = stranded.reduce((n, s) => n + s.changes, 0);
  const names = stranded.map((s) => `${s.fullName} (${s.changes})`).join(', ');
  return (
    `${total} ${total === 1 ? 'change' : 'changes'} cannot be sent: ${total === 1 ? 'it names' : 'they name'} staff with no backend account — ${names}. ` +
    'An administrator can create their backend accounts, or hand their changes to another user, in Settings → Staff.'
  );
}

export type Tone = 'gray' | 'teal' | 'blue' | 'orange' | 'red';

/**
 * What the badge, the Sync screen and the CLI say about sync, from the status alone, so they never
 * disagree and never say "Synced" while a change cannot go.
 */
export function syncHeadline(status: Pick<SyncStatus, 'state' | 'pendingChanges' | 'stranded' | 'stale'>): {
  label: string;
  tone: Tone;
  help: string;
} {
  const stranded = strandedText(status.stranded);
  if (status.state === 'local-only')
    return {
      label: 'Local only',
      tone: 'gray',
      help: 'No backend is connected: everything stays on this workstation.',
    };
  if (stranded) return { label: 'Not all sent', tone: 'red', help: stranded };
  switch (status.state) {
    case 'idle':
      if (status.pendingChanges === 0 && status.stale)
        return {
          label: 'Checking',
          tone: 'blue',
          help: 'Connected; looking for changes made elsewhere since this workstation last heard from the backend.',
        };
      return status.pendingChanges === 0
        ? { label: 'Synced', tone: 'teal', help: 'Connected and up to date.' }
        : {
            label: 'Connected',
            tone: 'blue',
            help: 'Connected; the changes waiting go with the next sync, within seconds.',
          };
    case 'pushing':
      return { label: 'Sending', tone: 'blue', help: 'Sending changes made here.' };
    case 'pulling':
      return { label: 'Receiving', tone: 'blue', help: 'Fetching changes made elsewhere.' };
    case 'offline':
      return {
        label: 'Offline',
        tone: 'orange',
        help: 'The backend cannot be reached; work goes on here and is sent later.',
      };
    case 'paused':
      return {
        label: 'Sign in again',
        tone: 'red',
        help: 'A backend session has expired; changes wait for their author to sign in again.',
      };
    case 'error':
      return {
        label: 'Sync problem',
        tone: 'red',
        help: 'Syncing stopped on an unexpected problem; it is retried automatically.',
      };
  }
}

/** Settings → Backend: the Back4app app's keys and the administrator's backend account. */
export const connectInput = z.object({
  serverURL: z
    .string()
    .trim()
    .url('Enter the server URL, e.g. https://parseapi.back4app.com')
    .refine((u) => /^https?:/.test(u), 'The server URL must start with http:// or https://'),
  appId: z.string().trim().min(1, 'Application ID is required').max(200),
  clientKey: z.string().trim().max(200).default(''),
  liveQueryURL: z
    .string()
    .trim()
    .max(500)
    .refine((u) => u === '' || /^wss?:\/\//.test(u), 'The LiveQuery URL must start with ws:// or wss://')
    .optional(),
  batchSize: z.number().int().min(1).max(500).optional(),
  username: z.string().trim().min(1, 'Username is required').max(100),
  password: z.string().min(1, 'Password is required').max(200),
});

// The messages between the desks bench (desks.bench.ts) and its desks (desk-child.ts), over IPC.

export interface DeskStart {
  type: 'start';
  desk: number;
  dataDir: string;
  backend: { serverURL: string; liveQueryURL: string; appId: string; clientKey: string };
  /** The backend admin who connects the workstation (connecting is an administrator's job). */
  connector: { username: string; password: string };
  /** The member of staff working at this desk. */
  user: { username: string; password: string };
  /** Seeded stones' ids that must be here after the first sync (ids travel as clientId). */
  mustHave: string[];
}

/** What one desk does at one tick; the scan changes nothing. */
export type DeskEdit = { id: number; sku: string } & (
  | { kind: 'scan' }
  | { kind: 'move'; stone: string; toLocation: string; marker: string }
  | { kind: 'quote'; inquiry: string; quotedPrice: number }
  | { kind: 'verify'; stone: string; marker: string }
);

/** Another desk's edit, as it looks once it has arrived here. */
export type DeskWatch = { id: number } & (
  | { kind: 'move'; stone: string; toLocation: string; marker: string }
  | { kind: 'quote'; inquiry: string; quotedMinor: number }
  | { kind: 'verify'; stone: string; marker: string }
);

export type DeskCommand =
  | DeskStart
  | { type: 'edit'; edit: DeskEdit }
  | { type: 'watch'; watch: DeskWatch }
  | { type: 'counts' }
  | { type: 'drain' }
  | { type: 'final-sync' }
  | { type: 'digest' }
  | { type: 'stop' };

export interface DeskDigest {
  /** SHA-256 of every replicated table's rows, table by table. */
  tables: Record<string, { rows: number; hash: string }>;
}

export type DeskReply =
  | { type: 'ready'; stones: number }
  | { type: 'edited'; edit: number; startedAt: number; doneAt: number }
  | { type: 'seen'; edit: number; at: number }
  | { type: 'counts'; requests: number; liveConnects: number; live: boolean }
  | { type: 'drained'; pending: number }
  | { type: 'synced'; ok: boolean; pending: number; deadLetters: number; unseen: number[] }
  | ({ type: 'digest' } & DeskDigest)
  | { type: 'stopped' }
  | { type: 'error'; message: string };

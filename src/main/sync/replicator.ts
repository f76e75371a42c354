import type { ReplicatedClass } from '../../shared/enums';
import {
  DEFAULT_BATCH_SIZE,
  strandedText,
  type BackendSettings,
  type ConnectReport,
  type ReplicatorState,
  type SyncReport,
  type SyncStatus,
} from '../../shared/sync';
import type { SyncService } from '../trpc/context';
import { hashPassword } from '../auth/password';
import { signInOnline, takeSignIn } from './online-sign-in';
import { syncStatus } from './sync-status';
import type { Store } from '../db/store';
import { fetchDocument } from './remote-documents';
import { MediaTransfers } from './media-transfers';
import type { LocalFile } from '../db/parse-mapping';
import { ParseClient, SessionExpiredError, TransientError } from './parse-client';
import { pullClass, type PullResult } from './pull';
import { PULL_PAGE_SIZE, pullEverything } from './pull-everything';
import { BatchRefusedError, pushOnce, type RefusalHandler } from './push';
import { everythingDueNow, noteLastSynced, staffByUsername } from './queries';
import { nextState, type IllegalTransitions } from './replicator-states';
import { RequestCounter } from './request-count';
import { Scheduler, type LiveLink, type Timers } from './scheduler';
import type { LiveSignalOptions } from './live-query';
import type { SecretStore } from './secrets';
import { BackendSessions } from './sessions';
import { createBackendAccount } from './backend-accounts';
import { strandedChanges } from './stranded';
import { backendSettings, forgetBackendSettings, readSetting, saveBackendSettings } from './sync-settings';
import { DomainError } from '../trpc/errors';

// The replicator: connecting, signing in online, the status, and the cycle (pull every class and the
// tombstones → push → how it ended). Its states and the moves between them are one table
// (replicator-states.ts); when cycles run is the scheduler's business (scheduler.ts), and backend sessions
// are kept by sessions.ts.

export interface ReplicatorOptions {
  store: Store;
  secrets: SecretStore;
  fetch?: typeof fetch;
  pageSize?: number;
  overlapMs?: number;
  concurrency?: number;
  pollMs?: number;
  /** The poll while LiveQuery is live (see scheduler.ts). */
  safetyPollMs?: number;
  /** Delay between a local change and its push, so a burst of edits goes in one batch. */
  debounceMs?: number;
  live?: boolean;
  /** Makes the LiveQuery link (tests pass a stand-in). */
  liveSignal?: (options: LiveSignalOptions) => LiveLink;
  /** Run in the background once connected (the CLI and tests sync on demand instead). */
  background?: boolean;
  /** Domain follow-ups to changes the server refused (wired by the composition root). */
  onRefused?: RefusalHandler;
  log?: (line: string) => void;
  /** The background sync's timers (tests pass their own to let time pass without waiting). */
  timers?: Timers;
  /** A state change the table does not allow: refused and logged (the default), or thrown (tests). */
  illegalTransitions?: IllegalTransitions;
}

export class Replicator implements SyncService {
  private state: ReplicatorState;
  private lastSyncedAt: string | null = null;
  private lastError: string | null = null;
  private firstDownload: { pulled: number; total: number } | null = null;
  /** Learnt from the server when it refused a batch for its size; until then the setting goes. */
  private serverBatchLimit: number | null = null;
  /** False once the server refused a batch of new records in one transaction that it then took as a plain batch. */
  private serverRunsTransactions = true;
  private running: Promise<SyncReport> | null = null;
  private queued: Promise<SyncReport> | null = null;
  private closed = false;
  private readonly sessions: BackendSessions;
  private readonly scheduler: Scheduler;
  private readonly store: Store;
  /** When the last complete pull ended (this run; null: none yet), for "Synced" to mean up to date. */
  private lastCompletePullAt: number | null = null;
  /** Requests sent to the backend this month (hosted plans bill by them). */
  private readonly requests: RequestCounter;
  /** Every request to the backend goes through this fetch, which counts it. */
  private readonly fetch: typeof fetch;
  /** Photos and videos: uploaded and downloaded on their own queue, never in the cycle's way. */
  readonly media: MediaTransfers;

  constructor(private readonly options: ReplicatorOptions) {
    this.store = options.store;
    this.sessions = new BackendSessions(options.store, options.secrets);
    this.requests = new RequestCounter(options.store);
    this.fetch = this.requests.counting(options.fetch ?? ((input, init) => fetch(input, init)));
    this.scheduler = new Scheduler({
      store: options.store,
      timers: options.timers,
      pollMs: options.pollMs,
      safetyPollMs: options.safetyPollMs,
      debounceMs: options.debounceMs,
      live: options.live,
      liveSignal: options.liveSignal,
      onLiveConnecting: () => this.requests.count(),
      // The status stops saying "Synced" at once (the last pull is old); tell the screens.
      onWake: () => this.store.changes.emit({ entities: ['sync'], at: this.store.clock(), source: 'sync' }),
      log: options.log,
      sync: () => this.syncNow(),
      connected: () => this.connected,
      offline: () => this.state === 'offline',
    });
    this.media = new MediaTransfers({
      store: options.store,
      client: () => this.client(),
      sessionFor: (userId) => this.sessions.sessionFor(userId),
      onUploaded: () => this.scheduler.kick(0),
      timers: options.timers,
      log: options.log,
    });
    this.state = this.settings() ? 'idle' : 'local-only';
    this.lastSyncedAt = this.readLastSynced();
  }

  // ── configuration ────────────────────────────────────────────────────────────────────────────────

  settings(): BackendSettings | null {
    return backendSettings(this.store);
  }

  /** Forgets a connection that could not be completed: the workstation stays local-only. */
  private disconnect() {
    forgetBackendSettings(this.store);
    this.sessions.forgetConnector();
  }

  private readLastSynced(): string | null {
    return readSetting<string>(this.store, 'lastSyncedAt') ?? null;
  }

  private client(): ParseClient | null {
    const settings = this.settings();
    return settings ? new ParseClient(settings, { fetch: this.fetch }) : null;
  }

  get connected(): boolean {
    return this.settings() !== null;
  }

  /** Whether LiveQuery signals are flowing (every subscription confirmed). */
  get live(): boolean {
    return this.scheduler.live;
  }

  // ── status ───────────────────────────────────────────────────────────────────────────────────────

  status(): SyncStatus {
    return syncStatus(this.store, this.sessions, {
      state: this.state,
      serverURL: this.settings()?.serverURL ?? null,
      lastSyncedAt: this.lastSyncedAt,
      lastCompletePullAt: this.lastCompletePullAt,
      lastError: this.lastError,
      firstDownload: this.firstDownload,
      media: this.media.status(),
    });
  }

  /** Requests this workstation sent to the backend this calendar month. */
  requestsThisMonth() {
    return this.requests.thisMonth();
  }

  /** The computer woke from sleep: pull now; the status does not say "Synced" until that pull is done. */
  resumed() {
    this.scheduler.resumed();
  }

  /** Moves to `state` if the table allows it (see replicator-states.ts), and tells the screens. */
  private setState(state: ReplicatorState, error: string | null = this.lastError) {
    this.enter(state);
    this.lastError = error;
    this.store.changes.emit({ entities: ['sync'], at: this.store.clock(), source: 'sync' });
  }

  private enter(state: ReplicatorState) {
    this.state = nextState(this.state, state, this.options.illegalTransitions ?? 'refuse', this.options.log);
  }

  // ── signing in against the backend ───────────────────────────────────────────────────────────────

  /** See online-sign-in.ts. */
  async signInOnline(
    username: string,
    password: string,
  ): Promise<{ userId: string } | { unusable: string } | 'offline' | 'wrong'> {
    const client = this.client();
    if (!client) return 'offline';
    const signedIn = await signInOnline(this.store, this.sessions, client, username, password);
    if (typeof signedIn === 'object' && 'userId' in signedIn) this.scheduler.kick(0);
    return signedIn;
  }

  /** Connects this workstation to a backend: signs in, matches local staff by username, pushes and pulls everything. */
  async connect(settings: BackendSettings, username: string, password: string): Promise<ConnectReport> {
    const client = new ParseClient(settings, { fetch: this.fetch });
    // The offline sign-in hash is worked out (in the thread pool) while the server checks the password and
    // the staff list downloads; it is kept only once the server accepted the password.
    const hashing = hashPassword(password);
    hashing.catch(() => undefined); // awaited below; a refused sign-in or a failed staff pull must not leave it unhandled
    const remote = await client.login(username, password); // throws typed errors: the router explains them
    saveBackendSettings(this.store, settings);
    // Perhaps another server, or a new setting: learnt again if need be.
    this.serverBatchLimit = null;
    this.serverRunsTransactions = true;
    this.sessions.connecting(remote.sessionToken);
    // Staff first, so every local account is matched before anything that points to one is pushed.
    await pullClass(this.store, client, '_User', remote.sessionToken, {
      pageSize: this.options.pageSize ?? PULL_PAGE_SIZE,
      overlapMs: 0,
    });
    // Signed in already: the same session stands for the person who connected (no second sign-in).
    const signedIn = await takeSignIn(this.store, this.sessions, remote, hashing);
    if ('unusable' in signedIn) {
      this.disconnect();
      throw new DomainError('ACCOUNT_NOT_USABLE', signedIn.unusable, 'username');
    }
    this.scheduler.kick(0);
    this.sessions.connectedAs(signedIn.userId);
    const local = staffByUsername.all(this.store);
    const report = await this.syncNow();
    if (this.options.background ?? true) this.start();
    return {
      report,
      matched: local.filter((u) => u.objectId).map((u) => u.username),
      unmatched: local.filter((u) => !u.objectId).map((u) => u.username),
      stranded: strandedChanges(this.store),
    };
  }

  /** See SyncService.createBackendAccount. */
  async createBackendAccount(userId: string, password: string, byUserId: string): Promise<void> {
    const client = this.client();
    if (!client) throw new DomainError('NOT_AVAILABLE_HERE', 'This workstation is not connected to a backend.');
    await createBackendAccount(this.store, client, this.sessions.sessionFor(byUserId), userId, password);
    this.scheduler.kick(0);
  }

  // ── the cycle ────────────────────────────────────────────────────────────────────────────────────

  /**
   * One full cycle that starts after this call (so it sees every change made before it). Cycles never
   * overlap: a call during a cycle waits for it, and calls arriving meanwhile share the next one.
   */
  syncNow(): Promise<SyncReport> {
    if (this.queued) return this.queued;
    const previous = this.running;
    const next: Promise<SyncReport> = (previous ? previous.catch(() => undefined) : Promise.resolve()).then(() => {
      if (this.queued === next) this.queued = null;
      this.running = this.cycle().finally(() => {
        if (this.running === current) this.running = null;
      });
      const current = this.running;
      return current;
    });
    if (previous) this.queued = next;
    return next;
  }

  private async cycle(): Promise<SyncReport> {
    try {
      return await this.cycleOnce();
    } finally {
      // The request count goes with the cycle's own writes (the database stays open until close() waited).
      this.requests.flush();
    }
  }

  private async cycleOnce(): Promise<SyncReport> {
    // A cycle queued before Loupe began to close does not start: the database is about to close.
    if (this.closed)
      return { ok: false, pushed: 0, pulled: 0, deadLettered: 0, conflicts: 0, error: 'Loupe is closing.' };
    const client = this.client();
    const report: SyncReport = { ok: false, pushed: 0, pulled: 0, deadLettered: 0, conflicts: 0, error: null };
    if (!client) {
      this.enter('local-only');
      report.error = 'No backend is connected.';
      return report;
    }
    const settings = this.settings()!;
    let pulledAll = false;
    const pull = this.scheduler.pullBegins();
    try {
      // "Receiving" once the server answers (see pullAll); until then the badge keeps saying what it said.
      const wasOffline = this.state === 'offline';
      const pulled: PullResult = { pulled: 0, changedEntities: new Set(), conflicts: 0 };
      // Pull with the connector's session, falling back to any other valid one; each that has expired is
      // marked, so the status can say who must sign in again.
      for (;;) {
        const session = this.sessions.pullSession();
        if (!session) break;
        try {
          await pullEverything(
            {
              store: this.store,
              client,
              sessions: this.sessions,
              token: session.token,
              owner: session.owner,
              pageSize: this.options.pageSize,
              overlapMs: this.options.overlapMs,
              onReceiving: () => this.setState('pulling', null),
              onFirstDownload: (progress, announce) => {
                this.firstDownload = progress;
                if (announce) this.store.changes.emit({ entities: ['sync'], at: this.store.clock(), source: 'sync' });
              },
            },
            pulled,
          );
          pulledAll = true;
          this.lastCompletePullAt = this.store.clock();
          this.scheduler.pulledAll(pull);
          break;
        } catch (error) {
          if (!(error instanceof SessionExpiredError)) throw error;
          this.sessions.markPullSessionExpired(session.owner);
        }
      }
      this.firstDownload = null;
      if (pulledAll && wasOffline) {
        // The server answers again: what waited for it is due now, not when its backoff would have said.
        everythingDueNow.run(this.store);
      }
      report.pulled = pulled.pulled;
      report.conflicts = pulled.conflicts;
      if (pulled.changedEntities.size) this.emit(pulled.changedEntities);
      if (pulled.changedEntities.has('Gemstone')) this.media.sweep();
      // Files go up beside the push, not before it: the push sends everything else meanwhile.
      this.media.kick();

      this.setState('pushing');
      const pushed = await pushOnce(this.store, client, {
        chunkSize: Math.min(settings.batchSize ?? DEFAULT_BATCH_SIZE, this.serverBatchLimit ?? Infinity),
        onBatchLimit: (limit) => {
          this.serverBatchLimit = limit;
        },
        allOrNothing: this.serverRunsTransactions,
        onNoTransactions: () => {
          this.serverRunsTransactions = false;
        },
        concurrency: this.options.concurrency ?? 4,
        sessionFor: this.sessions.sessionFor,
        onRefused: this.options.onRefused,
      });
      report.pushed = pushed.pushed;
      report.deadLettered = pushed.deadLettered;
      if (pushed.changedEntities.size) this.emit(pushed.changedEntities);

      if (pushed.needsSignIn.size || !pulledAll) {
        this.sessions.markExpired(pushed.needsSignIn);
        this.setState('paused', 'Some changes wait for their author to sign in again.');
      } else if (pushed.lastTransient) {
        this.setState(
          pushed.lastTransient instanceof BatchRefusedError ? 'error' : 'offline',
          pushed.lastTransient.message,
        );
      } else {
        this.lastSyncedAt = new Date(this.store.clock()).toISOString();
        noteLastSynced.run(this.store, JSON.stringify(this.lastSyncedAt), this.store.clock());
        this.setState('idle', null);
        // Complete only when nothing is left that cannot go (changes naming staff without a backend account).
        const stranded = strandedText(strandedChanges(this.store));
        report.ok = pushed.retrying === 0 && stranded === null;
        report.error = stranded;
      }
      return report;
    } catch (error) {
      this.firstDownload = null;
      if (error instanceof TransientError) this.setState('offline', error.message);
      else if (error instanceof SessionExpiredError) {
        this.setState('paused', 'The backend session has expired; sign in again to resume syncing.');
      } else {
        this.options.log?.(`sync failed: ${(error as Error).stack}`);
        this.setState('error', (error as Error).message);
      }
      report.error = this.lastError;
      return report;
    }
  }

  /** A photo or video only the server has, downloaded now for a screen (null when it cannot be had). */
  downloadMedia(stoneId: string, file: LocalFile): Promise<LocalFile | null> {
    return this.media.download(stoneId, file);
  }

  async fetchDocument(entity: ReplicatedClass, recordId: string, field: string): Promise<Buffer | null> {
    return fetchDocument(this.store, () => this.client(), entity, recordId, field);
  }

  private emit(entities: Set<string>) {
    this.store.changes.emit({ entities: [...entities].sort(), at: this.store.clock(), source: 'sync' });
  }

  // ── running in the background ────────────────────────────────────────────────────────────────────

  /** Starts background sync: after local changes (debounced), on LiveQuery signals, and on a timer. */
  start() {
    if (this.scheduler.running || !this.connected) return;
    this.scheduler.start(this.settings()!, this.sessions.pullSession()?.token ?? null);
    this.media.sweep();
  }

  async stop() {
    this.scheduler.stop();
    await this.running?.catch(() => undefined);
  }

  /** A sync cycle is under way or queued. */
  get busy(): boolean {
    return this.running !== null || this.queued !== null || this.media.busy;
  }

  /**
   * For good, before the database closes: stops the background work and resolves once the cycle under way
   * is done (its helper thread included); a cycle queued meanwhile does not start.
   */
  async close(): Promise<void> {
    this.closed = true;
    this.requests.flush();
    await this.stop();
    await this.media.close();
    await this.queued?.catch(() => undefined);
    await this.running?.catch(() => undefined);
    // (With nothing under way the database closes before these awaits end: the first flush kept the count.)
    if (this.store.sqlite.open) this.requests.flush();
  }
}

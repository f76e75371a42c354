import { REPLICATED_CLASSES, type ReplicatedClass, type Role } from '../../shared/enums';
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
import { PROTECTED_FIELDS } from '../../shared/privacy';
import { hashPassword } from '../auth/password';
import { readDocument, storeDocument } from '../db/documents';
import { CLASS_MAPPINGS, type LocalFile } from '../db/parse-mapping';
import type { Store } from '../db/store';
import { countPending } from './bookkeeping';
import { LiveSignal, liveQueryUrlFor, type HeardRecord } from './live-query';
import { ParseClient, PermanentError, SessionExpiredError, TransientError } from './parse-client';
import { applyHeldBack, heldBackRecords } from './held-back-retry';
import { applyRemote, hiddenFrom } from './merge';
import { prefetchFirstPages, type ExtraFind } from './paging';
import { pullClass, type PullResult } from './pull';
import { pullTombstones, sweepClass } from './tombstones';
import { BatchRefusedError, pushOnce, type RefusalHandler } from './push';
import type { SecretStore } from './secrets';
import { createBackendAccount } from './backend-accounts';
import { strandedChanges } from './stranded';
import { DomainError } from '../trpc/errors';

/**
 * Rows asked for per pulled page: larger pages mean fewer round trips and fewer SQLite commits (a first
 * download of 100,000 stones ~10% faster than at 1,000). A server that caps the limit lower is handled (pull.ts).
 */
const PULL_PAGE_SIZE = 2500;

// The replicator's states, one at a time (the renderer subscribes to them through sync.status):
//   local-only  no backend configured: everything stays here, changes wait in the outbox
//   idle        connected and caught up (or waiting for the next signal)
//   pushing     sending the outbox
//   pulling     fetching what changed on the server
//   offline     the backend cannot be reached: retried with backoff; the workstation works on
//   paused      someone's session expired: their changes wait until they sign in again (the rest go on)
//   error       something unexpected; retried on the next signal
// A cycle is: pull every class and the tombstones → push (oldest first, by class waves) → idle.
// Pulling first lets a field edited both here and elsewhere be seen as a conflict before our push
// would overwrite the other value.

export interface ReplicatorOptions {
  store: Store;
  secrets: SecretStore;
  fetch?: typeof fetch;
  pageSize?: number;
  overlapMs?: number;
  concurrency?: number;
  pollMs?: number;
  /** Delay between a local change and its push, so a burst of edits goes in one batch. */
  debounceMs?: number;
  live?: boolean;
  /** Run in the background once connected (the CLI and tests sync on demand instead). */
  background?: boolean;
  /** Domain follow-ups to changes the server refused (wired by the composition root). */
  onRefused?: RefusalHandler;
  log?: (line: string) => void;
}

const SETTINGS_KEY = 'backend';
const CONNECTOR = 'session:connector';
const CONNECTOR_USER = 'connector-user';
const sessionKey = (userId: string) => `session:${userId}`;
const expiredKey = (userId: string) => `expired:${userId}`;
const PULL_ORDER: ReplicatedClass[] = [...REPLICATED_CLASSES];
const SWEEP_EVERY_MS = 24 * 60 * 60 * 1000;
/**
 * Pulls again after an event whose record the pull that followed did not find yet: Parse publishes the
 * events of a batch sent as one transaction as each record is saved, before the transaction commits.
 */
const FOLLOW_UP_PULLS_MS = [250, 500, 1000, 2000, 4000];
/** How soon to look again while the backend cannot be reached, by the number of offline cycles in a row. */
const OFFLINE_RETRY_MS = [1000, 2000, 3000];
/** Heard records kept for that check; past this, the oldest go (the newest are the likeliest uncommitted). */
const MAX_HEARD = 10_000;

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
  /**
   * Records LiveQuery told of, until a pull brings them in. `pull` counts pulls begun before the event, so
   * only a pull begun after it is judged; `misses` counts the complete pulls that did not find it.
   */
  private readonly heard = new Map<string, HeardRecord & { pull: number; misses: number }>();
  private pullsBegun = 0;
  /** Cycles in a row that found the backend unreachable (see scheduleNext). */
  private offlineCycles = 0;
  private lastCompletePull = 0;
  private heardJudgedAfter = 0;
  private queued: Promise<SyncReport> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private liveSignal: LiveSignal | null = null;
  private stopChanges: (() => void) | null = null;
  private started = false;
  private closed = false;
  private readonly store: Store;

  constructor(private readonly options: ReplicatorOptions) {
    this.store = options.store;
    this.state = this.settings() ? 'idle' : 'local-only';
    this.lastSyncedAt = this.readLastSynced();
  }

  // ── configuration ────────────────────────────────────────────────────────────────────────────────

  settings(): BackendSettings | null {
    const row = this.store.sqlite.prepare('SELECT value FROM settings WHERE key = ?').get(SETTINGS_KEY) as
      { value: string } | undefined;
    return row ? (JSON.parse(row.value) as BackendSettings) : null;
  }

  /** Forgets a connection that could not be completed: the workstation stays local-only. */
  private disconnect() {
    this.store.sqlite.prepare('DELETE FROM settings WHERE key = ?').run(SETTINGS_KEY);
    this.options.secrets.delete(CONNECTOR);
    this.options.secrets.delete(CONNECTOR_USER);
  }

  private saveSettings(settings: BackendSettings) {
    this.store.sqlite
      .prepare(
        `INSERT INTO settings (key, value, updatedAt) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updatedAt = excluded.updatedAt`,
      )
      .run(SETTINGS_KEY, JSON.stringify(settings), this.store.clock());
  }

  private readLastSynced(): string | null {
    const row = this.store.sqlite.prepare("SELECT value FROM settings WHERE key = 'lastSyncedAt'").get() as
      { value: string } | undefined;
    return row ? (JSON.parse(row.value) as string) : null;
  }

  private client(): ParseClient | null {
    const settings = this.settings();
    return settings ? new ParseClient(settings, { fetch: this.options.fetch }) : null;
  }

  get connected(): boolean {
    return this.settings() !== null;
  }

  /** Whether LiveQuery signals are flowing (every subscription confirmed). */
  get live(): boolean {
    return this.liveSignal?.live ?? false;
  }

  // ── sessions (tokens live only in the secret store) ─────────────────────────────────────────────

  /** The session a person's changes are pushed with: their own, or the connecting admin's if they never signed in online. */
  private sessionFor = (userId: string | null): string | null => {
    const { secrets } = this.options;
    if (userId && secrets.get(sessionKey(userId)))
      return secrets.get(expiredKey(userId)) ? null : secrets.get(sessionKey(userId));
    return secrets.get(expiredKey('connector')) ? null : secrets.get(CONNECTOR);
  };

  /** Pulls run with the connecting admin's session, or with any staff session still valid. */
  private pullSession(): { token: string; owner: string } | null {
    const { secrets } = this.options;
    if (!secrets.get(expiredKey('connector')) && secrets.get(CONNECTOR))
      return { token: secrets.get(CONNECTOR)!, owner: 'connector' };
    const users = this.store.sqlite.prepare('SELECT id FROM users ORDER BY localUpdatedAt DESC').all() as {
      id: string;
    }[];
    for (const { id } of users) {
      const token = secrets.get(sessionKey(id));
      if (token && !secrets.get(expiredKey(id))) return { token, owner: id };
    }
    return null;
  }

  private markExpired(userIds: Iterable<string | null>) {
    for (const userId of userIds) {
      const owner = userId && this.options.secrets.get(sessionKey(userId)) ? userId : 'connector';
      this.options.secrets.set(expiredKey(owner), '1');
    }
  }

  // ── status ───────────────────────────────────────────────────────────────────────────────────────

  status(): SyncStatus {
    const { sqlite } = this.store;
    const needs = new Map<string | null, string | null>();
    const waiting = sqlite
      .prepare('SELECT DISTINCT o.userId, u.username FROM outbox o LEFT JOIN users u ON u.id = o.userId')
      .all() as {
      userId: string | null;
      username: string | null;
    }[];
    for (const w of waiting) if (this.sessionFor(w.userId) === null && this.connected) needs.set(w.userId, w.username);
    if (this.connected && !this.pullSession()) {
      // Nobody's session can pull: the person who connected the workstation is asked first.
      const owner = this.options.secrets.get(CONNECTOR_USER);
      const row = owner
        ? (sqlite.prepare('SELECT username FROM users WHERE id = ?').get(owner) as { username: string } | undefined)
        : undefined;
      needs.set(owner, row?.username ?? null);
    }
    return {
      state: this.state,
      serverURL: this.settings()?.serverURL ?? null,
      pendingChanges: countPending(this.store),
      lastSyncedAt: this.lastSyncedAt,
      lastError: this.lastError,
      needsSignIn: [...needs].map(([userId, username]) => ({ userId, username })),
      firstDownload: this.firstDownload,
      deadLetters: (
        sqlite.prepare('SELECT count(*) AS n FROM sync_dead_letters WHERE resolvedAt IS NULL').get() as { n: number }
      ).n,
      openConflicts: (
        sqlite.prepare('SELECT count(*) AS n FROM sync_conflicts WHERE resolvedAt IS NULL').get() as { n: number }
      ).n,
      stranded: this.connected ? strandedChanges(this.store) : [],
    };
  }

  private setState(state: ReplicatorState, error: string | null = this.lastError) {
    this.state = state;
    this.lastError = error;
    this.store.changes.emit({ entities: ['sync'], at: this.store.clock(), source: 'sync' });
  }

  // ── signing in against the backend ───────────────────────────────────────────────────────────────

  /**
   * Signs a person in with the backend: their role and name come from the server, their session is kept
   * (encrypted) for pushing their changes, and a slow hash of the password lets them sign in offline later.
   * Returns 'offline' when the backend cannot be reached (the caller then checks the local hash).
   */
  async signInOnline(
    username: string,
    password: string,
  ): Promise<{ userId: string } | { unusable: string } | 'offline' | 'wrong'> {
    const client = this.client();
    if (!client) return 'offline';
    // The offline sign-in hash is worked out (in the thread pool) while the server checks the password;
    // it is kept only if the server accepts it.
    const hashing = hashPassword(password);
    hashing.catch(() => undefined);
    let remote: Awaited<ReturnType<ParseClient['login']>>;
    try {
      remote = await client.login(username, password);
    } catch (error) {
      if (error instanceof TransientError) return 'offline';
      if (error instanceof PermanentError) return 'wrong';
      throw error;
    }
    return this.recordSignIn(remote, hashing);
  }

  /** Keeps what an online sign-in gives: the account, its session, and the hash for signing in offline. */
  private async recordSignIn(
    remote: Awaited<ReturnType<ParseClient['login']>>,
    hashing: Promise<string>,
  ): Promise<{ userId: string } | { unusable: string }> {
    const passwordHash = await hashing;
    const now = this.store.clock();
    const taken = this.store.sqlite
      .transaction(() => {
        const applied = applyRemote(this.store, '_User', remote as unknown as Record<string, unknown>, now);
        const row = this.store.sqlite.prepare('SELECT id FROM users WHERE objectId = ?').get(remote.objectId) as
          { id: string } | undefined;
        if (!row) return { unusable: applied.reason ?? 'it cannot be stored on this workstation' };
        this.store.sqlite.prepare('UPDATE users SET passwordHash = ? WHERE id = ?').run(passwordHash, row.id);
        return { userId: row.id };
      })
      .immediate();
    if ('unusable' in taken) {
      return {
        unusable: `Your backend account cannot be used on this workstation: ${taken.unusable}. An administrator can correct it on the backend.`,
      };
    }
    const { userId } = taken;
    this.options.secrets.set(sessionKey(userId), remote.sessionToken);
    this.options.secrets.delete(expiredKey(userId));
    if (!this.options.secrets.get(CONNECTOR) || this.options.secrets.get(expiredKey('connector'))) {
      this.options.secrets.set(CONNECTOR, remote.sessionToken);
      this.options.secrets.set(CONNECTOR_USER, userId);
      this.options.secrets.delete(expiredKey('connector'));
    }
    this.kick(0);
    return { userId };
  }

  /** Connects this workstation to a backend: signs in, matches local staff by username, pushes and pulls everything. */
  async connect(settings: BackendSettings, username: string, password: string): Promise<ConnectReport> {
    const client = new ParseClient(settings, { fetch: this.options.fetch });
    // The offline sign-in hash is worked out (in the thread pool) while the server checks the password and
    // the staff list downloads; it is kept only once the server accepted the password.
    const hashing = hashPassword(password);
    hashing.catch(() => undefined); // awaited below; a refused sign-in or a failed staff pull must not leave it unhandled
    const remote = await client.login(username, password); // throws typed errors: the router explains them
    this.saveSettings(settings);
    // Perhaps another server, or a new setting: learnt again if need be.
    this.serverBatchLimit = null;
    this.serverRunsTransactions = true;
    this.options.secrets.set(CONNECTOR, remote.sessionToken);
    this.options.secrets.delete(expiredKey('connector'));
    this.options.secrets.delete(CONNECTOR_USER);
    // Staff first, so every local account is matched before anything that points to one is pushed.
    await pullClass(this.store, client, '_User', remote.sessionToken, {
      pageSize: this.options.pageSize ?? PULL_PAGE_SIZE,
      overlapMs: 0,
    });
    // Signed in already: the same session stands for the person who connected (no second sign-in).
    const signedIn = await this.recordSignIn(remote, hashing);
    if ('unusable' in signedIn) {
      this.disconnect();
      throw new DomainError('ACCOUNT_NOT_USABLE', signedIn.unusable, 'username');
    }
    this.options.secrets.set(CONNECTOR_USER, signedIn.userId);
    const local = this.store.sqlite.prepare('SELECT username, objectId FROM users ORDER BY username').all() as {
      username: string;
      objectId: string | null;
    }[];
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
    await createBackendAccount(this.store, client, this.sessionFor(byUserId), userId, password);
    this.kick(0);
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
    // A cycle queued before Loupe began to close does not start: the database is about to close.
    if (this.closed)
      return { ok: false, pushed: 0, pulled: 0, deadLettered: 0, conflicts: 0, error: 'Loupe is closing.' };
    const client = this.client();
    const report: SyncReport = { ok: false, pushed: 0, pulled: 0, deadLettered: 0, conflicts: 0, error: null };
    if (!client) {
      this.state = 'local-only';
      report.error = 'No backend is connected.';
      return report;
    }
    const settings = this.settings()!;
    let pulledAll = false;
    const pull = ++this.pullsBegun;
    try {
      // "Receiving" once the server answers (see pullAll); until then the badge keeps saying what it said.
      const wasOffline = this.state === 'offline';
      const pulled: PullResult = { pulled: 0, changedEntities: new Set(), conflicts: 0 };
      // Pull with the connector's session, falling back to any other valid one; each that has expired is
      // marked, so the status can say who must sign in again.
      for (;;) {
        const session = this.pullSession();
        if (!session) break;
        try {
          await this.pullAll(client, session.token, session.owner, pulled);
          pulledAll = true;
          this.lastCompletePull = pull;
          break;
        } catch (error) {
          if (!(error instanceof SessionExpiredError)) throw error;
          this.options.secrets.set(expiredKey(session.owner), '1');
        }
      }
      this.firstDownload = null;
      if (pulledAll && wasOffline) {
        // The server answers again: what waited for it is due now, not when its backoff would have said.
        this.store.sqlite.prepare('UPDATE outbox SET nextAttemptAt = 0 WHERE nextAttemptAt > 0').run();
      }
      report.pulled = pulled.pulled;
      report.conflicts = pulled.conflicts;
      if (pulled.changedEntities.size) this.emit(pulled.changedEntities);

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
        sessionFor: this.sessionFor,
        onRefused: this.options.onRefused,
      });
      report.pushed = pushed.pushed;
      report.deadLettered = pushed.deadLettered;
      if (pushed.changedEntities.size) this.emit(pushed.changedEntities);

      if (pushed.needsSignIn.size || !pulledAll) {
        this.markExpired(pushed.needsSignIn);
        this.setState('paused', 'Some changes wait for their author to sign in again.');
      } else if (pushed.lastTransient) {
        this.setState(
          pushed.lastTransient instanceof BatchRefusedError ? 'error' : 'offline',
          pushed.lastTransient.message,
        );
      } else {
        this.lastSyncedAt = new Date(this.store.clock()).toISOString();
        this.store.sqlite
          .prepare(
            "INSERT INTO settings (key, value, updatedAt) VALUES ('lastSyncedAt', ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
          )
          .run(JSON.stringify(this.lastSyncedAt), this.store.clock());
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

  private async pullAll(client: ParseClient, token: string, owner: string, pulled: PullResult) {
    const firstTime = !this.store.sqlite.prepare("SELECT 1 FROM sync_checkpoints WHERE entity = 'Gemstone'").get();
    const pageSize = this.options.pageSize ?? PULL_PAGE_SIZE;
    const overlapMs = this.options.overlapMs ?? 5000;
    // Every class's first page is asked for at once, in one request, with a first download's counts and the
    // records held back last time (a SKU clash, a stone that is not here); pages are still applied in order,
    // parents first.
    const heldBack = heldBackRecords(this.store);
    pulled.heldBack = new Map(heldBack.map((held) => [held.entity, held]));
    const extra: ExtraFind[] = [
      ...(firstTime
        ? PULL_ORDER.map((className) => ({ key: `count:${className}`, className, options: { limit: 0, count: true } }))
        : []),
      ...heldBack.map((held) => ({ key: `held:${held.entity}`, className: held.entity, options: held.query })),
    ];
    const firstPages = prefetchFirstPages(
      this.store,
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
      this.setState('pulling', null);
    const counts = new Map<string, number>();
    if (firstTime) {
      for (const className of PULL_ORDER)
        counts.set(className, (await firstPages.get(`count:${className}`)!).count ?? 0);
      this.firstDownload = { pulled: 0, total: [...counts.values()].reduce((a, b) => a + b, 0) };
    }
    const onProgress = (_entity: string, pulledSoFar: number) => {
      if (!this.firstDownload) return;
      this.firstDownload = { ...this.firstDownload, pulled: Math.min(this.firstDownload.total, pulledSoFar) };
      this.store.changes.emit({ entities: ['sync'], at: this.store.clock(), source: 'sync' });
    };
    let resync = new Set<string>();
    // What the server hides from this session (field privacy) is absent from its answers, not unset.
    let role = this.roleOf(owner);
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
      await pullClass(this.store, client, entity, token, options, pulled);
      if (entity === '_User') {
        resync = this.resyncIfVisibilityChanged(owner);
        role = this.roleOf(owner);
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
      applyHeldBack(this.store, held, found, pulled, hidden);
    }
    pulled.heldBack = undefined;
    await pullTombstones(
      this.store,
      client,
      token,
      { pageSize, overlapMs, firstPage: firstPages.get('Tombstone') },
      pulled,
    );
    if (this.firstDownload) {
      // The counts were an estimate taken before the download (records come and go meanwhile): it ends at 100%.
      this.firstDownload = { pulled: pulled.pulled, total: pulled.pulled };
      this.store.changes.emit({ entities: ['sync'], at: this.store.clock(), source: 'sync' });
    }
    // The safety net for deletions made without Cloud Code (no tombstone): once a day is plenty.
    const lastSweep = this.readSetting<number>('lastSweepAt');
    if (lastSweep === undefined)
      this.writeSetting('lastSweepAt', this.store.clock()); // a first download is complete by itself
    else if (this.store.clock() - lastSweep > SWEEP_EVERY_MS) {
      for (const entity of PULL_ORDER)
        if (CLASS_MAPPINGS[entity].pushable) await sweepClass(this.store, client, entity, token);
      this.writeSetting('lastSweepAt', this.store.clock());
      pulled.changedEntities.add('Gemstone');
    }
  }

  /** The role of the person whose session pulls (null until their account is here). */
  private roleOf(owner: string): Role | null {
    const userId = owner === 'connector' ? this.options.secrets.get(CONNECTOR_USER) : owner;
    return userId
      ? ((this.store.statement('SELECT role FROM users WHERE id = ?').get(userId) as { role: Role } | undefined)
          ?.role ?? null)
      : null;
  }

  /**
   * A field hidden from one role (protectedFields) is simply absent from its pulls. When the role of the
   * session pulling for this workstation changes, the classes with protected fields are pulled again in
   * full, so fields that have become visible arrive.
   */
  private resyncIfVisibilityChanged(owner: string): Set<string> {
    const role = this.roleOf(owner);
    if (!role) return new Set();
    const previous = this.readSetting<string>('pullRole');
    if (previous === role) return new Set();
    this.writeSetting('pullRole', role);
    if (previous === undefined) return new Set();
    const classes = Object.keys(PROTECTED_FIELDS);
    this.store.sqlite
      .prepare(`DELETE FROM sync_checkpoints WHERE entity IN (${classes.map(() => '?').join(', ')})`)
      .run(...classes);
    return new Set(classes);
  }

  private readSetting<T>(key: string): T | undefined {
    const row = this.store.statement('SELECT value FROM settings WHERE key = ?').get(key) as
      { value: string } | undefined;
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  private writeSetting(key: string, value: unknown) {
    this.store
      .statement(
        'INSERT INTO settings (key, value, updatedAt) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updatedAt = excluded.updatedAt',
      )
      .run(key, JSON.stringify(value), this.store.clock());
  }

  async fetchDocument(entity: ReplicatedClass, recordId: string, field: string): Promise<Buffer | null> {
    const table = CLASS_MAPPINGS[entity].table;
    const row = this.store.sqlite.prepare(`SELECT "${field}" AS f FROM ${table} WHERE id = ?`).get(recordId) as
      { f: string | null } | undefined;
    if (!row?.f) return null;
    const file = JSON.parse(row.f) as LocalFile;
    const here = readDocument(this.store, file);
    if (here) return here;
    const client = this.client();
    if (!client || !file.url) return null;
    let bytes: Buffer;
    try {
      bytes = await client.downloadFile(file.url);
    } catch {
      return null;
    }
    const stored = storeDocument(this.store, bytes, file.fileName, file.contentType);
    // Keep the server's name, remember the local copy (bookkeeping: nothing to push).
    this.store.sqlite
      .prepare(`UPDATE ${table} SET "${field}" = ? WHERE id = ?`)
      .run(JSON.stringify({ ...file, stored: stored.stored, sha256: stored.sha256, size: stored.size }), recordId);
    return bytes;
  }

  private emit(entities: Set<string>) {
    this.store.changes.emit({ entities: [...entities].sort(), at: this.store.clock(), source: 'sync' });
  }

  // ── running in the background ────────────────────────────────────────────────────────────────────

  private kick(delay = this.options.debounceMs ?? 250) {
    if (!this.started || !this.connected) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.syncNow().then(() => {
        const followUp = this.followUpHeard();
        if (followUp === null) this.scheduleNext();
        else if (!this.timer) this.kick(followUp); // a pull already due comes sooner
      });
    }, delay);
  }

  private hear(record: HeardRecord) {
    if (!(PULL_ORDER as string[]).includes(record.className)) return;
    const key = `${record.className}/${record.objectId}`;
    this.heard.delete(key); // re-added as the newest
    this.heard.set(key, { ...record, pull: this.pullsBegun, misses: 0 });
    if (this.heard.size > MAX_HEARD) this.heard.delete(this.heard.keys().next().value!);
  }

  /**
   * After a cycle that pulled everything: forgets the heard records the pull brought in (at least as new as
   * the event) and says how long to wait before pulling again for the rest; null when there is nothing to
   * wait for, or no complete pull since the last look (offline: the usual retries apply). A record still
   * missing after the last follow-up (held back here, deleted since) is left to the poll.
   */
  private followUpHeard(): number | null {
    if (this.heard.size === 0 || this.lastCompletePull === this.heardJudgedAfter) return null;
    this.heardJudgedAfter = this.lastCompletePull;
    let wait: number | null = null;
    for (const [key, h] of this.heard) {
      if (h.pull >= this.lastCompletePull) continue; // heard after that pull began: the next one decides
      const local = this.store
        .statement(`SELECT updatedAt FROM ${CLASS_MAPPINGS[h.className as ReplicatedClass].table} WHERE objectId = ?`)
        .get(h.objectId) as { updatedAt: string | null } | undefined;
      h.misses += 1;
      if (
        (local?.updatedAt ? Date.parse(local.updatedAt) : -1) >= Date.parse(h.updatedAt) ||
        h.misses > FOLLOW_UP_PULLS_MS.length
      )
        this.heard.delete(key);
      else wait = Math.min(wait ?? Infinity, FOLLOW_UP_PULLS_MS[h.misses - 1]!);
    }
    return wait;
  }

  private scheduleNext() {
    if (!this.started) return;
    const due = this.store.sqlite.prepare('SELECT min(nextAttemptAt) AS t FROM outbox').get() as { t: number | null };
    const poll = this.options.pollMs ?? 60_000;
    let wait = due.t ? Math.max(250, Math.min(poll, due.t - this.store.clock())) : poll;
    // Offline: look again soon (after 1, 2, then every 3 s). A server or network that is not there costs
    // nothing to ask, and the workstation is back within seconds of it.
    this.offlineCycles = this.state === 'offline' ? this.offlineCycles + 1 : 0;
    if (this.offlineCycles > 0)
      wait = Math.min(wait, OFFLINE_RETRY_MS[Math.min(this.offlineCycles, OFFLINE_RETRY_MS.length) - 1]!);
    if (!this.timer) this.timer = setTimeout(() => this.kick(0), wait);
  }

  /** Starts background sync: after local changes (debounced), on LiveQuery signals, and on a timer. */
  start() {
    if (this.started || !this.connected) return;
    this.started = true;
    this.stopChanges = this.store.changes.subscribe((event) => {
      if (event.source !== 'sync' && event.entities.some((e) => (REPLICATED_CLASSES as readonly string[]).includes(e)))
        this.kick();
    });
    const settings = this.settings()!;
    const token = this.pullSession()?.token;
    if ((this.options.live ?? true) && token) {
      this.liveSignal = new LiveSignal({
        url: settings.liveQueryURL || liveQueryUrlFor(settings.serverURL),
        appId: settings.appId,
        clientKey: settings.clientKey,
        sessionToken: token,
        classNames: [...PULL_ORDER.filter((c) => c !== '_User'), 'Tombstone'],
        onSignal: (_reason, heard) => {
          if (heard) this.hear(heard);
          this.kick(50);
        },
        log: this.options.log,
      });
      this.liveSignal.start();
    }
    this.kick(0);
  }

  async stop() {
    this.started = false;
    this.stopChanges?.();
    this.liveSignal?.stop();
    this.heard.clear(); // a restart pulls everything since the checkpoint anyway
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** A sync cycle is under way or queued. */
  get busy(): boolean {
    return this.running !== null || this.queued !== null;
  }

  /**
   * For good, before the database closes: stops the background work and resolves once the cycle under way
   * is done (its helper thread included); a cycle queued meanwhile does not start.
   */
  async close(): Promise<void> {
    this.closed = true;
    await this.stop();
    await this.queued?.catch(() => undefined);
    await this.running?.catch(() => undefined);
  }
}

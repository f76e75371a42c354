import { REPLICATED_CLASSES, type ReplicatedClass } from '../../shared/enums';
import type { BackendSettings } from '../../shared/sync';
import type { Store } from '../db/store';
import { LiveSignal, liveQueryUrlFor, type HeardRecord, type LiveSignalOptions } from './live-query';
import { nextAttemptDue, serverTimeOf } from './queries';

// When the background sync runs: after local changes (debounced), on LiveQuery signals, on a poll, sooner
// while the backend cannot be reached, and again shortly after a heard record the pull did not find yet.
// Hosted plans bill by request, so an idle workstation stays quiet: while LiveQuery is live (it tells of
// every change, and every reconnect pulls) the poll is only a slow safety net; the minute's poll applies
// only while LiveQuery is not live. Its timers are injected, so a test can let time pass without waiting.

/** setTimeout and clearTimeout, or a test's own. */
export interface Timers {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const REAL_TIMERS: Timers = {
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * Pulls again after an event whose record the pull that followed did not find yet: Parse publishes the
 * events of a batch sent as one transaction as each record is saved, before the transaction commits.
 */
export const FOLLOW_UP_PULLS_MS = [250, 500, 1000, 2000, 4000];
/** How soon to look again while the backend cannot be reached, by the number of offline cycles in a row. */
export const OFFLINE_RETRY_MS = [1000, 2000, 3000];
/** The poll while LiveQuery is not live. */
export const POLL_MS = 60_000;
/** The safety poll while LiveQuery is live: 3 requests' worth of cycles an hour on an idle workstation. */
export const SAFETY_POLL_MS = 20 * 60_000;
/** A complete pull older than this (a missed safety poll: the workstation slept) is not "up to date". */
export const FRESH_PULL_MS = SAFETY_POLL_MS + 5 * 60_000;
/** A timer firing this much later than planned means the computer slept meanwhile. */
export const LATE_WAKE_MS = 60_000;
/** Heard records kept for that check; past this, the oldest go (the newest are the likeliest uncommitted). */
const MAX_HEARD = 10_000;
const PULLED_CLASSES: readonly string[] = REPLICATED_CLASSES;

export interface SchedulerOptions {
  store: Store;
  timers?: Timers;
  pollMs?: number;
  /** The poll while LiveQuery is live (default {@link SAFETY_POLL_MS}). */
  safetyPollMs?: number;
  /** Delay between a local change and its push, so a burst of edits goes in one batch. */
  debounceMs?: number;
  live?: boolean;
  /** Makes the LiveQuery link (tests pass a stand-in they can drop and reconnect). */
  liveSignal?: (options: LiveSignalOptions) => LiveLink;
  /** LiveQuery sends a connection request (it counts as one). */
  onLiveConnecting?: () => void;
  /** The computer slept (a timer fired far later than planned, or the app says it resumed). */
  onWake?: () => void;
  log?: (line: string) => void;
  /** Runs one cycle (the replicator's syncNow). */
  sync(): Promise<unknown>;
  /** A backend is configured. */
  connected(): boolean;
  /** The last cycle found the backend unreachable. */
  offline(): boolean;
}

/** What the scheduler needs of a LiveQuery link. */
export interface LiveLink {
  readonly live: boolean;
  start(): void;
  stop(): void;
}

export class Scheduler {
  private readonly timers: Timers;
  private timer: unknown = null;
  /** The timer waiting is the poll's, planned to fire at this wall-clock time (null: a kick's, or none). */
  private pollDueAt: number | null = null;
  private liveSignal: LiveLink | null = null;
  private stopChanges: (() => void) | null = null;
  private started = false;
  /** Cycles in a row that found the backend unreachable (see scheduleNext). */
  private offlineCycles = 0;
  /**
   * Records LiveQuery told of, until a pull brings them in. `pull` counts pulls begun before the event, so
   * only a pull begun after it is judged; `misses` counts the complete pulls that did not find it.
   */
  private readonly heard = new Map<string, HeardRecord & { pull: number; misses: number }>();
  private pullsBegun = 0;
  private lastCompletePull = 0;
  private heardJudgedAfter = 0;

  constructor(private readonly options: SchedulerOptions) {
    this.timers = options.timers ?? REAL_TIMERS;
  }

  /** Whether LiveQuery signals are flowing (every subscription confirmed). */
  get live(): boolean {
    return this.liveSignal?.live ?? false;
  }

  get running(): boolean {
    return this.started;
  }

  /** A cycle begins its pull: returns the pull's number, for {@link pulledAll}. */
  pullBegins(): number {
    return ++this.pullsBegun;
  }

  /** That pull read everything: heard records older than it are judged after the cycle. */
  pulledAll(pull: number) {
    this.lastCompletePull = pull;
  }

  /** Runs a cycle after `delay` (the debounce by default), unless one is due sooner. */
  kick(delay = this.options.debounceMs ?? 250) {
    if (!this.started || !this.options.connected()) return;
    if (this.timer) this.timers.clearTimeout(this.timer);
    this.pollDueAt = null;
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      void this.options.sync().then(() => {
        const followUp = this.followUpHeard();
        if (followUp === null) this.scheduleNext();
        else if (!this.timer) this.kick(followUp); // a pull already due comes sooner
      });
    }, delay);
  }

  private hear(record: HeardRecord) {
    if (!PULLED_CLASSES.includes(record.className)) return;
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
      const local = serverTimeOf(h.className as ReplicatedClass).get(this.options.store, h.objectId);
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
    const { store } = this.options;
    const due = nextAttemptDue.get(store)!;
    const poll = this.live ? (this.options.safetyPollMs ?? SAFETY_POLL_MS) : (this.options.pollMs ?? POLL_MS);
    let wait = due.t ? Math.max(250, Math.min(poll, due.t - store.clock())) : poll;
    // Offline: look again soon (after 1, 2, then every 3 s). A server or network that is not there costs
    // nothing to ask, and the workstation is back within seconds of it.
    this.offlineCycles = this.options.offline() ? this.offlineCycles + 1 : 0;
    if (this.offlineCycles > 0)
      wait = Math.min(wait, OFFLINE_RETRY_MS[Math.min(this.offlineCycles, OFFLINE_RETRY_MS.length) - 1]!);
    if (this.timer) return;
    const dueAt = store.clock() + wait;
    this.pollDueAt = dueAt;
    this.timer = this.timers.setTimeout(() => {
      // Far later than planned: the computer slept, and what changed meanwhile is not here yet.
      if (store.clock() - dueAt > LATE_WAKE_MS) this.options.onWake?.();
      this.kick(0);
    }, wait);
  }

  /** LiveQuery dropped: the slow safety poll waiting gives way to the minute's poll until it is back. */
  private dropped() {
    if (this.pollDueAt === null || !this.timer) return;
    this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.pollDueAt = null;
    this.scheduleNext();
  }

  /** The computer woke from sleep (the app tells): pull now, and say so until it is done. */
  resumed() {
    if (!this.started) return;
    this.options.onWake?.();
    this.kick(0);
  }

  /** Starts background sync: after local changes (debounced), on LiveQuery signals, and on a timer. */
  start(settings: BackendSettings, pullToken: string | null) {
    if (this.started) return;
    this.started = true;
    this.stopChanges = this.options.store.changes.subscribe((event) => {
      if (event.source !== 'sync' && event.entities.some((e) => PULLED_CLASSES.includes(e))) this.kick();
    });
    if ((this.options.live ?? true) && pullToken) {
      const make = this.options.liveSignal ?? ((o: LiveSignalOptions) => new LiveSignal(o));
      this.liveSignal = make({
        url: settings.liveQueryURL || liveQueryUrlFor(settings.serverURL),
        appId: settings.appId,
        clientKey: settings.clientKey,
        sessionToken: pullToken,
        classNames: [...PULLED_CLASSES.filter((c) => c !== '_User'), 'Tombstone'],
        // Every (re)connection pulls: LiveQuery does not replay what happened while it was down.
        onSignal: (reason, heard) => {
          if (reason === 'dropped') return this.dropped();
          if (heard) this.hear(heard);
          this.kick(50);
        },
        onConnecting: this.options.onLiveConnecting,
        log: this.options.log,
      });
      this.liveSignal.start();
    }
    this.kick(0);
  }

  stop() {
    this.started = false;
    this.stopChanges?.();
    this.liveSignal?.stop();
    this.heard.clear(); // a restart pulls everything since the checkpoint anyway
    if (this.timer) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.pollDueAt = null;
  }
}

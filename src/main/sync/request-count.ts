import type { RequestsThisMonth } from '../../shared/sync';
import type { Store } from '../db/store';
import { readSetting, writeSetting } from './sync-settings';

// Hosted Parse plans (Back4app) bill by API requests: every request this workstation sends to the backend
// is counted here, per calendar month (UTC, as the plans count), in the settings table under
// 'sync.requests.<YYYY-MM>'. Counting is in memory; the count is written with the sync cycle's own writes,
// every FLUSH_EVERY requests and on close, never once per request.

/** Requests counted in memory before they are written anyway (a crash loses at most this many). */
export const FLUSH_EVERY = 50;

interface Stored {
  count: number;
  /** When this workstation counted its first request of the month (ISO). */
  since: string;
}

export function requestsKey(month: string): string {
  return `sync.requests.${month}`;
}

export class RequestCounter {
  private month: string | null = null;
  private stored: Stored | null = null;
  private unwritten = 0;

  constructor(
    private readonly store: Store,
    private readonly flushEvery = FLUSH_EVERY,
  ) {}

  private monthNow(): string {
    return new Date(this.store.clock()).toISOString().slice(0, 7);
  }

  /** This month's row as it stands in memory (read once, and again when the month turns). */
  private current(): Stored | null {
    const month = this.monthNow();
    if (month !== this.month) {
      this.flush(); // the last month's tail goes to its own row
      this.month = month;
      this.stored = readSetting<Stored>(this.store, requestsKey(month)) ?? null;
    }
    return this.stored;
  }

  /** One request sent. */
  count() {
    const now = this.current();
    this.stored = { count: (now?.count ?? 0) + 1, since: now?.since ?? new Date(this.store.clock()).toISOString() };
    if (++this.unwritten >= this.flushEvery) this.flush();
  }

  /** Writes what is counted in memory (nothing when nothing new was counted). */
  flush() {
    if (this.unwritten === 0 || !this.month || !this.stored) return;
    writeSetting(this.store, requestsKey(this.month), this.stored);
    this.unwritten = 0;
  }

  thisMonth(): RequestsThisMonth {
    const now = this.current();
    return { month: this.month!, count: now?.count ?? 0, since: now?.since ?? null };
  }

  /** A fetch that counts each request it sends. */
  counting(inner: typeof fetch): typeof fetch {
    return (input, init) => {
      this.count();
      return inner(input, init);
    };
  }
}

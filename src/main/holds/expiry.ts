import type { Store } from '../db/store';
import { REAL_TIMERS, type Timers } from '../sync/scheduler';
import { isoNow, toHold, type Hold } from './holds';
import { acknowledgeNotice, nextExpiry, ranOutHoldsOf } from './queries';

// A hold runs out by itself: every read reckons it from the store's clock, so nothing has to be written
// when its time comes. What does have to happen then is that open screens learn of it (the grid's badge
// goes, the stone panel says the stone is free) and that the person who placed it is told. The wake-up
// below sleeps until the next hold's heldUntil, then announces a StoneHold change (screens refresh and
// ask again, which brings the notice; announced as HoldExpiry) and sleeps until the one after. Any change to holds, here or
// pulled from the server, sets it again.

/** The change screens hear when a hold runs out, and when a notice is dismissed. */
export const HOLD_EXPIRY = 'HoldExpiry';
export const HOLD_NOTICE = 'HoldNotice';

/** Timers cannot wait longer than ~24.8 days; a longer wait wakes early and simply sets itself again. */
const LONGEST_WAIT_MS = 24 * 60 * 60 * 1000;
/** Notices are about holds that ran out within this long (a first download does not bring years of them). */
const NOTICE_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

export class HoldExpiry {
  private timer: unknown = null;
  private wakeAt: number | null = null;
  private readonly stopChanges: () => void;
  private closed = false;

  constructor(
    private readonly store: Store,
    private readonly timers: Timers = REAL_TIMERS,
  ) {
    this.stopChanges = store.changes.subscribe((event) => {
      if (event.entities.includes('StoneHold')) this.schedule();
    });
    this.schedule();
  }

  /** When the wake-up is set for (epoch ms), or null when no active hold is waiting to run out. */
  get nextWakeAt(): number | null {
    return this.wakeAt;
  }

  /** Sets the wake-up for the next hold to run out (after any change to holds, and after each wake-up). */
  schedule(): void {
    if (this.closed) return;
    const now = this.store.clock();
    const next = nextExpiry.get(this.store, new Date(now).toISOString())?.heldUntil;
    const at = next ? new Date(next).getTime() : null;
    if (at === this.wakeAt && this.timer !== null) return;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.wakeAt = at;
    if (at === null) return;
    this.timer = this.timers.setTimeout(() => this.wake(), Math.min(Math.max(at - now, 0), LONGEST_WAIT_MS));
  }

  private wake(): void {
    this.timer = null;
    const now = this.store.clock();
    if (this.wakeAt !== null && now >= this.wakeAt) {
      // Nothing is written: the change is announced so every screen asks again. It has a name of its own,
      // so the replicator does not take it for a local edit to send.
      this.store.changes.emit({ entities: [HOLD_EXPIRY], at: now });
    }
    this.wakeAt = null;
    this.schedule();
  }

  close(): void {
    this.closed = true;
    this.stopChanges();
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }
}

/** The holds this person placed that ran out recently and that they have not dismissed here. */
export function ranOutNotices(store: Store, userId: string): Hold[] {
  const now = store.clock();
  const nowIso = isoNow(store);
  return ranOutHoldsOf
    .all(store, userId, nowIso, new Date(now - NOTICE_WINDOW_MS).toISOString())
    .map((r) => toHold(r, nowIso));
}

/** Dismisses a notice on this workstation (a local acknowledgement: nothing is sent to the server). */
export function dismissNotice(store: Store, holdId: string): void {
  store.write((scope) => {
    acknowledgeNotice.run(store, holdId, scope.now);
    scope.touched(HOLD_NOTICE);
  });
}

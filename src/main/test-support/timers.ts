import { REAL_TIMERS, type Timers } from '../sync/scheduler';

// Timers for the replicator's scheduler (ReplicatorOptions.timers), so a test sees what it plans without
// waiting for it to happen.

/** Nothing runs until the test says: time passes only through {@link ManualTimers.runNext}. */
export class ManualTimers implements Timers {
  private nextId = 1;
  private readonly pending = new Map<number, { run: () => void; ms: number }>();

  setTimeout(run: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.pending.set(id, { run, ms });
    return id;
  }

  clearTimeout(handle: unknown) {
    this.pending.delete(handle as number);
  }

  /** The delays of the timers waiting, in the order they were set. */
  get delays(): number[] {
    return [...this.pending.values()].map((t) => t.ms);
  }

  /** Lets the first timer waiting come due: it runs, and its delay is returned. */
  runNext(): number {
    const [id, timer] = [...this.pending][0] ?? [];
    if (id === undefined || !timer) throw new Error('No timer is waiting.');
    this.pending.delete(id);
    timer.run();
    return timer.ms;
  }
}

/** Real timers, with the delays of those still waiting in view. */
export class WatchedTimers implements Timers {
  private readonly pending = new Map<unknown, number>();

  setTimeout(run: () => void, ms: number): unknown {
    const handle: unknown = REAL_TIMERS.setTimeout(() => {
      this.pending.delete(handle);
      run();
    }, ms);
    this.pending.set(handle, ms);
    return handle;
  }

  clearTimeout(handle: unknown) {
    this.pending.delete(handle);
    REAL_TIMERS.clearTimeout(handle);
  }

  get delays(): number[] {
    return [...this.pending.values()];
  }
}

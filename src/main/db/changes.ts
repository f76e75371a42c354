import { EventEmitter } from 'node:events';

/** Which kinds of records changed in one committed transaction. */
export interface ChangeEvent {
  entities: string[];
  at: number;
  /** 'sync' when the replicator applied the change (so it does not schedule another push for it). */
  source?: 'local' | 'sync';
}

/** Tells subscribers (screens, the replicator) what changed, only after the transaction committed. */
export class ChangeFeed {
  private readonly emitter = new EventEmitter();

  constructor() {
    // Every open screen subscribes once; do not warn at a dozen windows or browser tabs.
    this.emitter.setMaxListeners(0);
  }

  emit(event: ChangeEvent): void {
    this.emitter.emit('change', event);
  }

  subscribe(listener: (event: ChangeEvent) => void): () => void {
    this.emitter.on('change', listener);
    return () => this.emitter.off('change', listener);
  }

  /** The changes as an async stream that ends when `signal` aborts. */
  async *stream(signal?: AbortSignal): AsyncGenerator<ChangeEvent> {
    const queue: ChangeEvent[] = [];
    let wake: (() => void) | null = null;
    const unsubscribe = this.subscribe((event) => {
      queue.push(event);
      wake?.();
    });
    const onAbort = () => wake?.();
    signal?.addEventListener('abort', onAbort);
    try {
      while (!signal?.aborted) {
        const next = queue.shift();
        if (next) {
          yield next;
          continue;
        }
        await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
      }
    } finally {
      unsubscribe();
      signal?.removeEventListener('abort', onAbort);
    }
  }
}

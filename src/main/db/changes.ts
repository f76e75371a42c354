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
  stream(signal?: AbortSignal): AsyncGenerator<ChangeEvent> {
    return streamOf((listener) => this.subscribe(listener), signal);
  }
}

/**
 * Turns a listener-style subscription into an async stream (what tRPC subscriptions yield), starting with
 * `initial`, queueing what arrives while the consumer is busy, and unsubscribing when `signal` aborts.
 */
export async function* streamOf<T>(
  subscribe: (listener: (value: T) => void) => () => void,
  signal?: AbortSignal,
  initial: T[] = [],
): AsyncGenerator<T> {
  const queue: T[] = [...initial];
  let wake: (() => void) | null = null;
  const unsubscribe = subscribe((value) => {
    queue.push(value);
    wake?.();
  });
  const onAbort = () => wake?.();
  signal?.addEventListener('abort', onAbort);
  try {
    while (!signal?.aborted) {
      if (queue.length > 0) {
        yield queue.shift()!;
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

import { EventEmitter } from 'node:events';
import type { ImportProgress } from '../../shared/csv-import';

// Progress of the imports running in this core, by job id, so the screen can show a bar on long files.

const progressFeed = new EventEmitter();
progressFeed.setMaxListeners(0);

export function publishProgress(progress: ImportProgress) {
  progressFeed.emit('progress', progress);
}

/** Lets the progress just published reach the screen before the next chunk of rows. */
export const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The progress of one import, as a stream that ends when the import is done (or `signal` aborts). */
export async function* importProgress(jobId: string, signal?: AbortSignal): AsyncGenerator<ImportProgress> {
  const queue: ImportProgress[] = [];
  let wake: (() => void) | null = null;
  const listener = (p: ImportProgress) => {
    if (p.jobId !== jobId) return;
    queue.push(p);
    wake?.();
  };
  progressFeed.on('progress', listener);
  const onAbort = () => wake?.();
  signal?.addEventListener('abort', onAbort);
  try {
    while (!signal?.aborted) {
      const next = queue.shift();
      if (next) {
        yield next;
        if (next.phase === 'done') return;
        continue;
      }
      await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
    }
  } finally {
    progressFeed.off('progress', listener);
    signal?.removeEventListener('abort', onAbort);
  }
}

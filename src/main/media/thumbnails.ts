import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, sep } from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { Store } from '../db/store';
import { startThumbnails } from '../workers/start';
import type { ThumbnailAnswer, ThumbnailJob } from '../workers/thumbnail.worker';
import { THUMB_SIZE } from './files';

// Thumbnails are made in a worker thread (workers/thumbnail.worker.ts), started the first time one is
// needed and kept for the next; a thumbnail asked for twice while it is being made is made once.

function sharpPath(): string {
  const resolved = createRequire(__filename).resolve('sharp');
  const unpacked = resolved.replace(`app.asar${sep}`, `app.asar.unpacked${sep}`);
  return unpacked !== resolved && existsSync(unpacked) ? unpacked : resolved;
}

export class ThumbnailMaker {
  private worker: Worker | null = null;
  private next = 0;
  private readonly waiting = new Map<number, (answer: ThumbnailAnswer) => void>();
  private readonly making = new Map<string, Promise<boolean>>();
  /** How many thumbnails the worker has written (for the self-check and tests). */
  made = 0;

  /** Writes `output` from the photo at `input`; false when the photo cannot be decoded. */
  make(input: string, output: string): Promise<boolean> {
    const under = this.making.get(output);
    if (under) return under;
    const job = this.run(input, output).finally(() => this.making.delete(output));
    this.making.set(output, job);
    return job;
  }

  private run(input: string, output: string): Promise<boolean> {
    mkdirSync(dirname(output), { recursive: true });
    const worker = this.start();
    const id = ++this.next;
    return new Promise((resolve) => {
      this.waiting.set(id, (answer) => {
        if (answer.ok) this.made++;
        resolve(answer.ok);
      });
      worker.postMessage({ id, input, output, size: THUMB_SIZE } satisfies ThumbnailJob);
      worker.ref(); // keeps the process while a job is under way, not after
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = startThumbnails({ workerData: { modulePath: sharpPath() } });
    worker.unref();
    worker.on('message', (answer: ThumbnailAnswer) => {
      this.waiting.get(answer.id)?.(answer);
      this.waiting.delete(answer.id);
      if (this.waiting.size === 0) worker.unref();
    });
    const failAll = (error: string) => {
      for (const [id, settle] of this.waiting) settle({ id, ok: false, error });
      this.waiting.clear();
      if (this.worker === worker) this.worker = null;
    };
    worker.on('error', (error) => failAll(error.message));
    worker.on('exit', () => failAll('the thumbnail thread stopped'));
    return (this.worker = worker);
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }
}

const makers = new WeakMap<Store, ThumbnailMaker>();

/** The store's thumbnail maker (one worker per database). */
export function thumbnailsOf(store: Store): ThumbnailMaker {
  let maker = makers.get(store);
  if (!maker) makers.set(store, (maker = new ThumbnailMaker()));
  return maker;
}

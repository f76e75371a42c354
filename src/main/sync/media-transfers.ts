import { readDocument, storeDocument } from '../db/documents';
import type { LocalFile } from '../db/parse-mapping';
import type { Store } from '../db/store';
import { parseMedia } from '../media/files';
import { makeThumbnail, noteMedia } from '../media/photos';
import { lastStoneRowid, mediaNotDownloaded, stonesWithQueuedMedia } from '../media/queries';
import { sniffMedia } from '../media/types';
import { PermanentError, SessionExpiredError, TransientError, type ParseClient } from './parse-client';
import { backoffMs } from './push';
import { REAL_TIMERS, type Timers } from './scheduler';

// Photos and videos travel on their own queue, beside the sync cycle and never in its way: a cycle sends a
// stone's other changes at once and keeps its `photos` waiting (push-prepare.ts) until every file in it has
// a server name. Uploads and downloads run a few at a time, each retried with backoff on its own; the
// Sync screen says how many wait and why.

export interface MediaTransferOptions {
  store: Store;
  client(): ParseClient | null;
  /** The session that uploads a person's files (null: they must sign in again). */
  sessionFor(userId: string | null): string | null;
  /** A file went up: the stone's `photos` can go now. */
  onUploaded(): void;
  timers?: Timers;
  concurrency?: number;
  random?: () => number;
  log?: (line: string) => void;
}

export interface MediaStatus {
  /** Files on this workstation not on the server yet. */
  waiting: number;
  /** Why some cannot go now (the server refused one, or the backend cannot be reached), in staff's words. */
  problem: string | null;
}

interface Retry {
  attempts: number;
  at: number;
  error: string;
}

const SWEEP_STEP = 5000;

export class MediaTransfers {
  private readonly inFlight = new Map<string, Promise<LocalFile | null>>();
  private readonly retries = new Map<string, Retry>();
  private readonly refused = new Map<string, string>();
  private timer: unknown = null;
  private sweepFrom: number | null = null;
  private idle: (() => void)[] = [];
  private closed = false;

  constructor(private readonly options: MediaTransferOptions) {}

  private get timers() {
    return this.options.timers ?? REAL_TIMERS;
  }

  status(): MediaStatus {
    const waiting = new Set<string>();
    for (const stone of stonesWithQueuedMedia.all(this.options.store))
      for (const file of parseMedia(stone.photos)) if (!file.name && file.sha256) waiting.add(file.sha256);
    const problems = [...waiting].map((sha) => this.refused.get(sha) ?? this.retries.get(sha)?.error).filter(Boolean);
    return { waiting: waiting.size, problem: problems[0] ?? null };
  }

  /** Starts what can go now: uploads first, then downloads found by the sweep (see sweep()). */
  kick(): void {
    if (this.closed) return;
    const client = this.options.client();
    if (!client) return;
    const limit = this.options.concurrency ?? 2;
    const now = this.options.store.clock();
    for (const stone of stonesWithQueuedMedia.all(this.options.store)) {
      for (const file of parseMedia(stone.photos)) {
        if (this.inFlight.size >= limit) return;
        if (file.name || !file.sha256 || this.inFlight.has(file.sha256) || this.refused.has(file.sha256)) continue;
        if ((this.retries.get(file.sha256)?.at ?? 0) > now) continue;
        const token = this.options.sessionFor(stone.userId);
        if (!token) continue;
        void this.track(file.sha256, this.upload(client, file, token));
      }
    }
    this.downloadSome(client, limit);
  }

  /** Looks through the stones for files only the server has (after a pull brought stones). */
  sweep(): void {
    this.sweepFrom ??= 0;
    this.kick();
  }

  /** A file only the server has, for a screen that wants it now: downloaded (once) and kept. */
  download(stoneId: string, file: LocalFile): Promise<LocalFile | null> {
    const client = this.options.client();
    if (!client || !file.name || !file.url) return Promise.resolve(null);
    const key = `n:${file.name}`;
    return this.inFlight.get(key) ?? this.track(key, this.fetch(client, stoneId, file));
  }

  get busy(): boolean {
    return this.inFlight.size > 0;
  }

  /** Resolves when no transfer is under way (tests; closing). */
  settled(): Promise<void> {
    if (this.inFlight.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) this.timers.clearTimeout(this.timer);
    await this.settled();
  }

  private track(key: string, work: Promise<LocalFile | null>): Promise<LocalFile | null> {
    const done = work
      .catch((error: unknown) => {
        this.options.log?.(`media transfer failed: ${(error as Error).message}`);
        return null;
      })
      .finally(() => {
        this.inFlight.delete(key);
        if (this.inFlight.size === 0) this.idle.splice(0).forEach((resolve) => resolve());
        // The next one in line (or the sweep's next step).
        if (!this.closed) queueMicrotask(() => this.kick());
      });
    this.inFlight.set(key, done);
    return done;
  }

  private async upload(client: ParseClient, file: LocalFile, token: string): Promise<LocalFile | null> {
    const store = this.options.store;
    const bytes = readDocument(store, file);
    if (!bytes) {
      this.refused.set(
        file.sha256!,
        `${file.fileName} is missing from this workstation’s data folder; attach it again.`,
      );
      return null;
    }
    try {
      const uploaded = await client.uploadFile(file.fileName, file.contentType, bytes, token);
      this.retries.delete(file.sha256!);
      let noted = false;
      for (const stone of stonesWithQueuedMedia.all(store))
        noted =
          noteMedia(store, stone.id, (f) => !f.name && f.sha256 === file.sha256, {
            name: uploaded.name,
            url: uploaded.url,
          }) || noted;
      if (noted) {
        store.changes.emit({ entities: ['Gemstone', 'sync'], at: store.clock(), source: 'sync' });
        this.options.onUploaded();
      }
      return { ...file, ...uploaded };
    } catch (error) {
      if (error instanceof TransientError && error.status === 413) {
        this.refused.set(
          file.sha256!,
          `${file.fileName} is larger than the server accepts; remove it or attach a smaller copy.`,
        );
      } else if (error instanceof PermanentError) {
        this.refused.set(file.sha256!, `${file.fileName} was refused by the server: ${error.message}`);
      } else {
        const attempts = (this.retries.get(file.sha256!)?.attempts ?? 0) + 1;
        const wait = backoffMs(attempts, this.options.random);
        const why =
          error instanceof SessionExpiredError
            ? 'waits for its author to sign in again'
            : `could not be uploaded yet (${(error as Error).message}); it is tried again`;
        this.retries.set(file.sha256!, {
          attempts,
          at: this.options.store.clock() + wait,
          error: `${file.fileName} ${why}`,
        });
        this.wakeIn(wait);
      }
      store.changes.emit({ entities: ['sync'], at: store.clock(), source: 'sync' });
      return null;
    }
  }

  private wakeIn(ms: number) {
    if (this.timer || this.closed) return;
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      this.kick();
    }, ms);
  }

  /** The sweep's next files to download, a slice of the stones table at a time. */
  private downloadSome(client: ParseClient, limit: number) {
    const store = this.options.store;
    while (this.sweepFrom !== null && this.inFlight.size < limit) {
      const last = lastStoneRowid.get(store)?.n ?? 0;
      if (this.sweepFrom >= last) {
        this.sweepFrom = null;
        return;
      }
      const from = this.sweepFrom;
      const rows = mediaNotDownloaded.all(store, from, from + SWEEP_STEP);
      let started = 0;
      for (const row of rows) {
        for (const file of parseMedia(row.photos)) {
          if (file.stored || !file.name || !file.url || this.inFlight.has(`n:${file.name}`)) continue;
          if ((this.retries.get(`n:${file.name}`)?.at ?? 0) > store.clock()) continue;
          if (this.inFlight.size >= limit) return; // this slice again next time
          void this.download(row.id, file);
          started++;
        }
      }
      this.sweepFrom = from + SWEEP_STEP;
      if (started === 0) continue;
    }
    void client;
  }

  private async fetch(client: ParseClient, stoneId: string, file: LocalFile): Promise<LocalFile | null> {
    const store = this.options.store;
    let bytes: Buffer;
    try {
      bytes = await client.downloadFile(file.url!);
    } catch (error) {
      const key = `n:${file.name}`;
      const attempts = (this.retries.get(key)?.attempts ?? 0) + 1;
      this.retries.set(key, {
        attempts,
        at: store.clock() + backoffMs(attempts, this.options.random),
        error: String(error),
      });
      return null;
    }
    const sniffed = sniffMedia(bytes);
    const contentType = sniffed && sniffed !== 'heif' ? sniffed : file.contentType;
    const kept = storeDocument(store, bytes, file.fileName, contentType);
    const local: LocalFile = { ...file, stored: kept.stored, sha256: kept.sha256, size: kept.size, contentType };
    noteMedia(store, stoneId, (f) => f.name === file.name, {
      stored: kept.stored,
      sha256: kept.sha256,
      size: kept.size,
      contentType,
    });
    await makeThumbnail(store, local).catch(() => false);
    store.changes.emit({ entities: ['Gemstone'], at: store.clock(), source: 'sync' });
    return local;
  }
}

import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';

// The core's worker threads, each a TypeScript program of its own in this folder. From source (vitest, and
// the scripts run with tsx: `npm run loupe`, `seed:demo`, the benches) each .worker.ts runs through tsx's
// CommonJS loader. The build (electron.vite.config.ts) puts ./start.built.ts in this module's place, where
// electron-vite's `?nodeWorker` imports start the compiled files it emits beside the app.

export type StartWorker = (options: WorkerOptions) => Worker;

/** tsx's loader for CommonJS: a worker's own `--import tsx` is not honoured on Node 20. */
const TSX = createRequire(__filename).resolve('tsx/cjs');

function fromSource(name: string): StartWorker {
  const file = join(__dirname, `${name}.worker.ts`);
  return (options) => new Worker(file, { ...options, execArgv: [...(options.execArgv ?? []), '--require', TSX] });
}

/** Integrity checks, the doctor's reads and backups' VACUUM INTO: see maintenance/sqlite-worker.ts. */
export const startSqliteRead: StartWorker = fromSource('sqlite-read');
/** A first download's checkpoints and index builds: see db/bulk-load.ts. */
export const startBulkLoadHelper: StartWorker = fromSource('bulk-load');
/** Photo thumbnails with sharp: see media/thumbnails.ts. */
export const startThumbnails: StartWorker = fromSource('thumbnail');

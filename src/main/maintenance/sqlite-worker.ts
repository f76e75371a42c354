import type { Worker } from 'node:worker_threads';
import { betterSqlitePath } from '../db/native';
import { startSqliteRead } from '../workers/start';
import type { ReadResult, ReadStep, SqliteReadData, StepResult } from '../workers/sqlite-read.worker';

// Long read-only work (PRAGMA quick_check: ~2 s on a million stones; integrity_check: ~30 s; VACUUM INTO for
// a backup: ~1.6 s) runs on a connection of its own in a worker thread (workers/sqlite-read.worker.ts), so
// the window and the browser host keep answering.

export type { ReadResult, ReadStep, StepResult } from '../workers/sqlite-read.worker';

export interface ReadOptions {
  nativeBinding?: string;
  /** Give up after this long (the worker is stopped); the result then says so. */
  timeoutMs?: number;
}

/** Runs read-only statements against a database file in a worker thread. */
export function readInWorker(file: string, steps: ReadStep[], options: ReadOptions = {}): Promise<ReadResult> {
  return new Promise((resolve) => {
    const started = Date.now();
    let settled = false;
    let timer: NodeJS.Timeout | undefined = undefined; // set once the worker runs; finish() may come first
    const finish = (result: ReadResult) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      resolve(result);
    };
    const failAll = (message: string, code: string | null): ReadResult => ({
      openError: null,
      steps: Object.fromEntries(steps.map((s) => [s.name, { ok: false, error: message, code } satisfies StepResult])),
      ms: Date.now() - started,
    });
    let worker: Worker;
    try {
      const workerData: SqliteReadData = {
        file,
        steps,
        modulePath: betterSqlitePath(),
        nativeBinding: options.nativeBinding ?? null,
      };
      worker = startSqliteRead({ workerData });
    } catch (error) {
      finish(failAll(`the check could not start: ${(error as Error).message}`, 'WORKER'));
      return;
    }
    timer = setTimeout(
      () => {
        void worker.terminate();
        finish(failAll(`the check did not finish within ${Math.round((options.timeoutMs ?? 0) / 1000)} s`, 'TIMEOUT'));
      },
      options.timeoutMs ?? 10 * 60_000,
    );
    worker.once('message', (result: ReadResult) => finish(result));
    worker.once('error', (error) => finish(failAll(`the check failed: ${error.message}`, 'WORKER')));
    // A result posted just before the worker ended is still in flight when 'exit' fires: let it land first.
    worker.once('exit', () => setImmediate(() => finish(failAll('the check stopped unexpectedly', 'WORKER'))));
  });
}

export type IntegrityLevel = 'quick' | 'full';

export interface IntegrityResult {
  ok: boolean;
  /** SQLite's own words for each problem (empty when ok). */
  problems: string[];
  /** The file is not a database at all, or could not be read. */
  unreadable: boolean;
  ms: number;
}

/**
 * PRAGMA quick_check (structure, fast) or integrity_check (also indexes against rows), off the main thread.
 * At most 100 problems are listed: enough to say "damaged", bounded for the report.
 */
export async function checkIntegrity(
  file: string,
  level: IntegrityLevel,
  options: ReadOptions = {},
): Promise<IntegrityResult> {
  const pragma = level === 'quick' ? 'quick_check(100)' : 'integrity_check(100)';
  const result = await readInWorker(file, [{ name: 'check', sql: `PRAGMA ${pragma}` }], options);
  if (result.openError) return { ok: false, problems: [result.openError.message], unreadable: true, ms: result.ms };
  const step = result.steps.check!;
  if (!step.ok) return { ok: false, problems: [step.error], unreadable: step.code !== 'TIMEOUT', ms: result.ms };
  const lines = step.rows.map((row) => String(row[0]));
  const ok = lines.length === 1 && lines[0] === 'ok';
  return { ok, problems: ok ? [] : lines, unreadable: false, ms: result.ms };
}

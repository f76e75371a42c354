// Redis for a scaled-out local backend (`backend:dev -- --instances N`): Debian's `redis-server`, on a free
// loopback port, in memory only (nothing saved), in a temporary folder removed when it stops. The Parse
// Server instances publish and receive LiveQuery events through it and share Parse's cache in it.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort, type Log } from './local-server';

export interface LocalRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
}

const INSTALL_HINT = 'redis-server is not installed. On Debian: apt-get install redis-server';

export async function startRedis(options: { log?: Log; verbose?: boolean } = {}): Promise<LocalRedis> {
  const log = options.log ?? (() => undefined);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'loupe-redis-'));
  const port = await freePort();
  // Its own process group: a terminal's Ctrl+C must not stop Redis before the instances using it have stopped.
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  // Should this process end without stopping it (an uncaught error), Redis ends with it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  try {
    await new Promise<void>((resolve, reject) => {
      child.once('error', (error: NodeJS.ErrnoException) =>
        reject(error.code === 'ENOENT' ? new Error(INSTALL_HINT) : error),
      );
      const onData = (chunk: Buffer) => {
        output += String(chunk);
        if (options.verbose) for (const line of String(chunk).trim().split('\n')) log(`[redis] ${line}`);
        if (output.includes('Ready to accept connections')) resolve();
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      void exited.then(() => reject(new Error(`redis-server did not start:\n${output.trim()}`)));
    });
  } catch (error) {
    child.kill('SIGKILL');
    process.off('exit', killOnExit);
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  log(`Redis is running on port ${port}.`);
  let stopping: Promise<void> | undefined;
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: () =>
      (stopping ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          await exited;
        }
        process.off('exit', killOnExit);
        await rm(dir, { recursive: true, force: true });
      })()),
  };
}

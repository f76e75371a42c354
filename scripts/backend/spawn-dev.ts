import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningBackend {
  serverURL: string;
  liveQueryURL: string;
  appId: string;
  javascriptKey: string;
  masterKey: string;
  admin: { username: string; password: string };
  stop(): Promise<void>;
}

const REPO = join(__dirname, '../..');

// Used by the end-to-end tests and the benchmarks: the backend in its own process, because Parse Server
// and the Parse SDK share one global and must not live in the same process.

/** The real local backend (`npm run backend:dev`) on a free port with its own data folder. */
export function startBackend(): Promise<RunningBackend> {
  const dataDir = mkdtempSync(join(tmpdir(), 'loupe-e2e-backend-'));
  chmodSync(dataDir, 0o755); // PostgreSQL runs as its own user and must reach it
  const child: ChildProcess = spawn(process.execPath, [join(REPO, 'node_modules/tsx/dist/cli.mjs'), 'scripts/backend/dev.ts', '--data-dir', dataDir, '--port', '0'], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const field = (label: string) => new RegExp(`${label}\\s+(\\S+)`).exec(output)?.[1];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`backend did not start:\n${output}`)), 90_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (!output.includes('Press Ctrl+C to stop.')) return;
      clearTimeout(timer);
      const admin = /admin\s+(\S+)\s+password (\S+)/.exec(output)!;
      resolve({
        serverURL: field('Server URL')!,
        liveQueryURL: field('LiveQuery URL')!,
        appId: field('Application ID')!,
        javascriptKey: field('JavaScript key')!,
        masterKey: field('Master key')!,
        admin: { username: admin[1]!, password: admin[2]! },
        stop: () =>
          new Promise<void>((done) => {
            child.once('exit', () => {
              rmSync(dataDir, { recursive: true, force: true });
              done();
            });
            child.kill('SIGTERM');
          }),
      });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`backend exited with ${code}:\n${output}`));
    });
  });
}

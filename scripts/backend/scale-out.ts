// The local backend scaled out as a dealer's grown backend is (`backend:dev -- --instances N`): one
// PostgreSQL, one Redis, and N Parse Server instances (each in its own process, on its own port) with the
// same keys and Cloud Code. Each instance has its own LiveQuery server; they exchange events through Redis,
// so a subscriber on any instance hears what was saved through any other.

import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ApplyReport } from './apply';
import { INSTANCE_READY, type InstanceReady, type InstanceSettings } from './instance-process';
import { LOCAL_DEV_KEYS, startPostgres, type BackendKeys, type LocalPostgres, type Log } from './local-server';
import { DATABASE } from './local-postgres';
import { startRedis, type LocalRedis } from './redis';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

export interface ScaledBackend extends BackendKeys {
  instances: { serverURL: string; liveQueryURL: string }[];
  /** The first instance's address (the one the dashboard and backend:apply are given). */
  serverURL: string;
  redisURL: string;
  postgresPort: number;
  dataDir: string;
  applyReport: ApplyReport;
  stop(): Promise<void>;
}

export interface ScaledBackendOptions {
  dataDir: string;
  instances: number;
  /** The first instance's port; the others take the next ones. Omitted or 0: free ports. */
  port?: number;
  seedDemo?: boolean;
  log?: Log;
  verbose?: boolean;
}

interface RunningInstance extends InstanceReady {
  stop(): Promise<void>;
}

function startInstance(settings: InstanceSettings, log: Log): Promise<RunningInstance> {
  const name = `[instance ${settings.shared.instance}]`;
  // Its own process group: a terminal's Ctrl+C reaches this process only, which stops everything in order.
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(REPO, 'node_modules/tsx/dist/cli.mjs'), path.join(REPO, 'scripts/backend/instance-process.ts')],
    {
      cwd: REPO,
      env: { ...process.env, LOUPE_INSTANCE: JSON.stringify(settings) },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let buffered = '';
  const recent: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => {
    buffered += String(chunk);
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines.filter((l) => l.trim())) {
      log(`${name} ${line}`);
      recent.push(line);
      if (recent.length > 8) recent.shift();
    }
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += String(chunk);
      const line = output.split('\n').find((l) => l.startsWith(INSTANCE_READY));
      if (!line) return;
      output = '';
      const ready = JSON.parse(line.slice(INSTANCE_READY.length)) as InstanceReady;
      resolve({
        ...ready,
        stop: async () => {
          child.stdin!.end();
          await exited;
        },
      });
    });
    void exited.then(() => reject(new Error(`Parse Server ${name} stopped while starting: ${recent.join('\n')}`)));
  });
}

export async function startScaledBackend(options: ScaledBackendOptions): Promise<ScaledBackend> {
  const log = options.log ?? (() => undefined);
  const dataDir = path.resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true });
  await chmod(dataDir, 0o755).catch(() => undefined); // PostgreSQL may run as its own user
  let postgres: LocalPostgres | undefined;
  let redis: LocalRedis | undefined;
  const running: RunningInstance[] = [];
  const stop = async () => {
    await Promise.all(running.map((instance) => instance.stop()));
    await redis?.stop();
    await postgres?.stop();
  };
  try {
    postgres = await startPostgres({ dataDir, log, verbose: options.verbose });
    redis = await startRedis({ log, verbose: options.verbose });
    const settings = (instance: number): InstanceSettings => ({
      dataDir,
      port: options.port ? options.port + instance - 1 : 0,
      seedDemo: instance === 1 && options.seedDemo,
      verbose: options.verbose,
      shared: {
        instance,
        databaseURI: postgres!.databaseURI(DATABASE),
        postgresPort: postgres!.port,
        redisURL: redis!.url,
      },
    });
    // The first applies the schema and seeds the demo; the others start on what it left.
    running.push(await startInstance(settings(1), log));
    const others = Array.from({ length: options.instances - 1 }, (_, i) => startInstance(settings(i + 2), log));
    const settled = await Promise.allSettled(others);
    for (const started of settled) if (started.status === 'fulfilled') running.push(started.value);
    const failed = settled.find((started) => started.status === 'rejected');
    if (failed) throw failed.reason;
  } catch (error) {
    await stop();
    throw error;
  }
  const instances = running.map(({ serverURL, liveQueryURL }) => ({ serverURL, liveQueryURL }));
  return {
    ...LOCAL_DEV_KEYS,
    instances,
    serverURL: instances[0]!.serverURL,
    redisURL: redis.url,
    postgresPort: postgres.port,
    dataDir,
    applyReport: running[0]!.applyReport,
    stop,
  };
}

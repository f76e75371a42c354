import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { Role } from '../../shared/enums';
import { hashPassword } from '../auth/password';
import { createCore, type Core } from '../core/create-core';
import { runOperation, type Operation } from '../core/operations';

/** A fresh data dir per test, removed afterwards. */
export function tempDataDir(prefix = 'loupe-test-'): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** For a test file: a function giving a new path to `name` (in its own temp dir) per call, removed after each test. */
export function tempFilePaths(name = 'loupe.db'): () => string {
  const dirs: { remove(): void }[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => d.remove()));
  return () => {
    const data = tempDataDir();
    dirs.push(data);
    return join(data.dir, name);
  };
}

export const ADMIN = {
  username: 'amara',
  fullName: 'Amara Okafor',
  email: 'amara@example.com',
  password: 'correct horse battery',
};

export interface TestCore {
  core: Core;
  dir: string;
  /** Re-open the core on the same data dir, as a restart of the app would. */
  restart(): Promise<Core>;
  dispose(): void;
}

export async function startTestCore(): Promise<TestCore> {
  const data = tempDataDir();
  let core = await createCore({ dataDir: data.dir, replicator: { illegalTransitions: 'throw' } });
  return {
    get core() {
      return core;
    },
    dir: data.dir,
    async restart() {
      await core.close();
      core = await createCore({ dataDir: data.dir, replicator: { illegalTransitions: 'throw' } });
      return core;
    },
    async dispose() {
      await core.close();
      data.remove();
    },
  };
}

/** Creates the first administrator and returns a caller signed in as them. */
export async function signedInAdmin(core: Core, connectionId = 'test-admin') {
  const caller = core.caller(connectionId);
  await caller.auth.createFirstAdmin(ADMIN);
  return caller;
}

/** Adds a staff member directly (user management arrives later) and signs them in on a new connection. */
export async function signedInAs(core: Core, role: Role, username = `${role}-user`) {
  const password = 'a long enough password';
  const passwordHash = await hashPassword(password, { N: 2 ** 10, r: 8, p: 1 });
  core.store.sqlite
    .prepare(
      `INSERT INTO users (id, localUpdatedAt, username, email, role, fullName, passwordHash)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(core.store.newId(), Date.now(), username, `${username}@example.com`, role, `Test ${role}`, passwordHash);
  const caller = core.caller(`conn-${username}`);
  await caller.auth.signIn({ username, password });
  return caller;
}

export const aStone = (overrides: Record<string, unknown> = {}) => ({
  sku: 'RB-1001',
  gemstoneType: 'Ruby',
  caratWeight: 2.15,
  clarityGrade: 'Eye Clean' as const,
  certificateNumber: '1234567890',
  certificateStatus: 'pending' as const,
  location: 'Vault',
  ...overrides,
});

/** The TRPCError a server-side caller got (code and message as a person would read them). */
export async function refusal(
  promise: Promise<unknown>,
): Promise<{ code: string; message: string; reason?: string; field?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; message: string; reason?: string; field?: string };
  }
  throw new Error('expected the call to be refused, but it succeeded');
}

/** The error shape a renderer receives (through the same formatter the transports use). */
export async function refusalShape(core: Core, connectionId: string, op: Operation) {
  const result = await runOperation(core, connectionId, op);
  if (result.ok) throw new Error(`expected ${op.path} to be refused, but it succeeded`);
  return result.error as {
    message: string;
    data: { code: string; reason: string | null; fieldErrors: Record<string, string[]> | null; stack?: string };
  };
}

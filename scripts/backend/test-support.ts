// Helpers for the backend tests: REST calls to the shared test server as a given caller, and valid bodies.

import { randomUUID } from 'node:crypto';
import { expect, inject } from 'vitest';
import type { DemoRole } from './test-global-setup';

export const backend = inject('backend');

/** Who makes a call: nobody, the master key, or a signed-in user. */
export type Caller = 'anonymous' | 'master' | { sessionToken: string; objectId: string; username: string };

// Response bodies are whatever Parse returns.
// The server's JSON as tests read it: any field, any depth, checked by the assertions themselves.
export type Json = Record<string, any>;

export interface Reply {
  status: number;
  ok: boolean;
  body: Json;
  /** Parse error code, when refused. */
  code?: number;
  error?: string;
}

export async function rest(caller: Caller, method: string, path: string, body?: unknown): Promise<Reply> {
  const headers: Record<string, string> = {
    'X-Parse-Application-Id': backend.appId,
    'X-Parse-REST-API-Key': backend.restAPIKey,
    'Content-Type': 'application/json',
  };
  if (caller === 'master') headers['X-Parse-Master-Key'] = backend.masterKey;
  else if (caller !== 'anonymous') headers['X-Parse-Session-Token'] = caller.sessionToken;
  const response = await fetch(backend.serverURL + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json()) as Json;
  return {
    status: response.status,
    ok: response.ok,
    body: json,
    code: typeof json.code === 'number' ? json.code : undefined,
    error: typeof json.error === 'string' ? json.error : undefined,
  };
}

export const classPath = (className: string) => (className === '_User' ? '/users' : `/classes/${className}`);

/** Throws (failing the test with the server's message) unless the call succeeded. */
export function must(reply: Reply, what = 'call'): Json {
  if (!reply.ok) throw new Error(`${what} failed: ${reply.code} ${reply.error}`);
  return reply.body;
}

export function expectRefused(reply: Reply, code: number, message?: RegExp): void {
  expect(reply.ok, `expected refusal ${code}, got HTTP ${reply.status} ${JSON.stringify(reply.body)}`).toBe(false);
  expect(reply.code, reply.error).toBe(code);
  if (message) expect(reply.error).toMatch(message);
}

export async function create(caller: Caller, className: string, body: Json): Promise<string> {
  return must(await rest(caller, 'POST', classPath(className), body), `create ${className}`).objectId as string;
}

export async function fetchAsMaster(className: string, objectId: string): Promise<Json> {
  return must(await rest('master', 'GET', `${classPath(className)}/${objectId}`), `get ${className}`);
}

export async function signIn(username: string, password: string): Promise<Exclude<Caller, 'anonymous' | 'master'>> {
  const body = must(await rest('anonymous', 'POST', '/login', { username, password }), `sign in ${username}`);
  return { sessionToken: body.sessionToken as string, objectId: body.objectId as string, username };
}

const demoSessions = new Map<DemoRole, Promise<Exclude<Caller, 'anonymous' | 'master'>>>();
export function demo(role: DemoRole): Promise<Exclude<Caller, 'anonymous' | 'master'>> {
  if (!demoSessions.has(role)) {
    const user = backend.demoUsers[role];
    demoSessions.set(role, signIn(user.username, user.password));
  }
  return demoSessions.get(role)!;
}

export const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

/** A new staff user (created with the master key) and their session. */
export async function newStaff(role: DemoRole): Promise<Exclude<Caller, 'anonymous' | 'master'>> {
  const username = unique(`t.${role}`);
  const password = 'test-password-1';
  await create('master', '_User', {
    username,
    password,
    email: `${username}@example.com`,
    fullName: `Test ${role}`,
    role,
  });
  return signIn(username, password);
}

export const pointer = (className: string, objectId: string) => ({ __type: 'Pointer', className, objectId });
export const date = (value: Date | string) => ({
  __type: 'Date',
  iso: typeof value === 'string' ? value : value.toISOString(),
});

export const stoneBody = (over: Json = {}): Json => ({
  sku: unique('T'),
  gemstoneType: 'Ruby',
  caratWeight: 1.25,
  clarityGrade: 'Eye Clean',
  certificateStatus: 'none',
  location: 'Vault',
  ...over,
});

export const buyerBody = (managerId: string, over: Json = {}): Json => ({
  buyerCode: unique('B'),
  companyName: 'Test Jewels',
  contactName: 'Tess Buyer',
  email: 'tess@example.com',
  phone: '+1 555 0100',
  preferredGemstoneTypes: ['Ruby'],
  salesStatus: 'active',
  accountManager: pointer('_User', managerId),
  ...over,
});

export const logBody = (stoneId: string, verifierId: string, over: Json = {}): Json => ({
  gemstone: pointer('Gemstone', stoneId),
  certificateNumber: '2141234567',
  issuedBy: 'GIA',
  verifiedBy: pointer('_User', verifierId),
  verifiedAt: date(new Date(Date.now() - 60_000)),
  verificationResult: 'verified',
  ...over,
});

export const inquiryBody = (buyerId: string, stoneId: string, handlerId: string, over: Json = {}): Json => ({
  buyer: pointer('Buyer', buyerId),
  gemstone: pointer('Gemstone', stoneId),
  inquiryStatus: 'new',
  requestedCaratWeight: 1.2,
  currency: 'USD',
  handledBy: pointer('_User', handlerId),
  ...over,
});

/** Parse error codes the backend answers with. */
export const CODES = {
  OBJECT_NOT_FOUND: 101,
  VALIDATION_ERROR: 142,
  OPERATION_FORBIDDEN: 119,
  DUPLICATE_VALUE: 137,
  SCRIPT_FAILED: 141,
} as const;

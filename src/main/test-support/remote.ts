import { createRequire } from 'node:module';
import { afterAll, inject } from 'vitest';
import { DATABASE, LOCAL_PG_PASSWORD } from '../../../scripts/backend/local-postgres';
import { createCore, type Core, type CoreOptions } from '../core/create-core';
import { tempDataDir } from '../test-support/core';

// Test support for replication against the real local backend started by the `backend` vitest project.

export const backend = inject('backend');

export interface Workstation {
  core: Core;
  dir: string;
  /** A tRPC caller for the workstation's signed-in admin. */
  admin: ReturnType<Core['caller']>;
  dispose(): void;
}

/** Where a workstation connects: the test backend, unless a test starts its own (with the same demo users). */
export type ServerAddress = Pick<typeof backend, 'serverURL' | 'liveQueryURL' | 'appId' | 'javascriptKey'>;

/** A workstation whose first administrator has the backend admin's username, connected to the backend. */
export async function connectedWorkstation(
  options: Partial<CoreOptions> & { connect?: boolean; server?: ServerAddress } = {},
): Promise<Workstation> {
  const { server = backend, ...coreOptions } = options;
  const data = tempDataDir('loupe-ws-');
  const core = await createCore({
    dataDir: data.dir,
    startSync: false,
    ...coreOptions,
    // A move its state table does not allow is a bug the test should show, not a refusal in a log.
    replicator: { illegalTransitions: 'throw', ...options.replicator },
  });
  const { username, password } = backend.demoUsers.admin;
  const admin = core.caller('ws-admin');
  await admin.auth.createFirstAdmin({
    username,
    fullName: 'Demo Admin',
    email: 'demo.admin@example.com',
    password: 'local password 123',
  });
  if (options.connect ?? true) {
    await admin.sync.connect({
      serverURL: server.serverURL,
      liveQueryURL: server.liveQueryURL,
      appId: server.appId,
      clientKey: server.javascriptKey,
      username,
      password,
    });
  }
  return {
    core,
    dir: data.dir,
    admin,
    dispose: async () => {
      await core.close();
      data.remove();
    },
  };
}

/** A test file's workstations (see connectedWorkstation), all disposed once the file is done. */
export function workstationsForThisFile(): (
  options?: Parameters<typeof connectedWorkstation>[0],
) => Promise<Workstation> {
  const opened: Workstation[] = [];
  afterAll(() => opened.forEach((w) => w.dispose()));
  return async (options) => {
    const ws = await connectedWorkstation(options);
    opened.push(ws);
    return ws;
  };
}

/**
 * A statement straight on the backend's PostgreSQL, past Parse Server and Cloud Code: data as a dealer's
 * older apps or the dashboard may have left it (a SKU held twice, a record pointing to one since removed).
 */
export async function serverSql(statement: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  const { Client } = createRequire(import.meta.url)('pg') as {
    Client: new (config: object) => {
      connect(): Promise<void>;
      query(sql: string, params: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
      end(): Promise<void>;
    };
  };
  const client = new Client({
    host: '127.0.0.1',
    port: backend.postgresPort,
    user: 'postgres',
    password: LOCAL_PG_PASSWORD,
    database: DATABASE,
  });
  await client.connect();
  try {
    return (await client.query(statement, params)).rows;
  } finally {
    await client.end();
  }
}

/** Master-key REST against the backend, for checking what the server holds. */
export async function master(method: string, path: string, body?: unknown): Promise<any> {
  const send = () =>
    fetch(`${backend.serverURL}${path}`, {
      method,
      headers: {
        'x-parse-application-id': backend.appId,
        'x-parse-master-key': backend.masterKey,
        'content-type': 'application/json',
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  // A kept-alive socket the server has just closed fails once; the check itself is what matters here.
  const response = await send().catch(send);
  return response.json();
}

export async function serverStones(where: Record<string, unknown> = {}): Promise<any[]> {
  const out: any[] = [];
  let skip = 0;
  for (;;) {
    const { results } = await master(
      'GET',
      `/classes/Gemstone?where=${encodeURIComponent(JSON.stringify(where))}&limit=1000&skip=${skip}&order=objectId`,
    );
    out.push(...results);
    if (results.length < 1000) return out;
    skip += 1000;
  }
}

/** The stones a workstation holds, keyed by objectId, in the shape compared across replicas. */
export function localStones(core: Core): Map<string, Record<string, unknown>> {
  const rows = core.store.sqlite
    .prepare(
      `SELECT g.objectId, g.sku, g.gemstoneType, g.caratWeight, g.clarityGrade, g.certificateNumber, g.certificateStatus, g.location,
              b.objectId AS assignedBuyer
       FROM gemstones g LEFT JOIN buyers b ON b.id = g.assignedBuyer WHERE g.objectId IS NOT NULL`,
    )
    .all() as Record<string, unknown>[];
  return new Map(rows.map((r) => [String(r.objectId), r]));
}

export function asLocalShape(stone: any): Record<string, unknown> {
  return {
    objectId: stone.objectId,
    sku: stone.sku,
    gemstoneType: stone.gemstoneType,
    caratWeight: stone.caratWeight,
    clarityGrade: stone.clarityGrade,
    certificateNumber: stone.certificateNumber ?? null,
    certificateStatus: stone.certificateStatus,
    location: stone.location,
    assignedBuyer: stone.assignedBuyer?.objectId ?? null,
  };
}

export const uniqueSku = (prefix: string) =>
  `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`.toUpperCase();

export const stone = (sku: string, overrides: Record<string, unknown> = {}) => ({
  sku,
  gemstoneType: 'Sapphire',
  caratWeight: 1.25,
  clarityGrade: 'Eye Clean' as const,
  certificateStatus: 'none' as const,
  location: 'Vault',
  ...overrides,
});

/**
 * fetch as a server whose clock is `aheadMs` ahead would answer it: its Date header (the time a pull
 * records as when it began reading) moved on, as if that much time had passed since the rows it reads were
 * written. Lets a test see a pull after the overlap window has passed without waiting for it.
 */
export function serverClockAhead(aheadMs: number, inner: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const response = await inner(input, init);
    const date = Date.parse(response.headers.get('date') ?? '');
    if (!Number.isFinite(date)) return response;
    const headers = new Headers(response.headers);
    headers.set('date', new Date(date + aheadMs).toUTCString());
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  };
}

export async function waitFor<T>(check: () => T | Promise<T>, timeoutMs = 15_000): Promise<T> {
  const started = Date.now();
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() - started > timeoutMs) throw last instanceof Error ? last : new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

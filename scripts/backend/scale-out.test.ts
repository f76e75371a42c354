// `npm run backend:dev -- --instances 2`: two Parse Server instances on one PostgreSQL, with LiveQuery over
// Redis, behave as one server. What is saved through one instance is read, and heard live, on the other.

import net from 'node:net';
import Parse from 'parse/node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  stone,
  uniqueSku,
  waitFor,
  workstationsForThisFile,
  type ServerAddress,
  type Workstation,
} from '../../src/main/test-support/remote';
import { DEMO_USERS } from './demo';
import { startBackend, type RunningBackend } from './spawn-dev';

let scaled: RunningBackend;
let A: ServerAddress;
let B: ServerAddress;
const liveClients: Parse.LiveQueryClient[] = [];
let stopped = false;

// One scaled-out backend for the file: starting it takes a while.
beforeAll(async () => {
  scaled = await startBackend({ instances: 2 });
  expect(scaled.instances).toHaveLength(2);
  const [first, second] = scaled.instances.map((instance) => ({
    ...instance,
    appId: scaled.appId,
    javascriptKey: scaled.javascriptKey,
  }));
  expect(first!.serverURL).not.toBe(second!.serverURL);
  [A, B] = [first!, second!];
}, 240_000);

afterAll(async () => {
  if (stopped) return;
  await Promise.all(liveClients.map((client) => client.close()));
  await scaled?.stop();
});

// Registered after the backend's own hooks, so the desks are put away before the backend stops.
const workstation = workstationsForThisFile();

/** REST on one instance, as a user's session or with the master key. */
async function rest(on: ServerAddress, method: string, path: string, body?: unknown, sessionToken?: string) {
  const response = await fetch(`${on.serverURL}${path}`, {
    method,
    headers: {
      'x-parse-application-id': on.appId,
      'x-parse-javascript-key': on.javascriptKey,
      'content-type': 'application/json',
      ...(sessionToken ? { 'x-parse-session-token': sessionToken } : { 'x-parse-master-key': scaled.masterKey }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

async function signIn(on: ServerAddress, role: keyof typeof DEMO_USERS): Promise<string> {
  const { username, password } = DEMO_USERS[role];
  const response = await fetch(`${on.serverURL}/login`, {
    method: 'POST',
    headers: {
      'x-parse-application-id': on.appId,
      'x-parse-javascript-key': on.javascriptKey,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ username, password }),
  });
  const body = (await response.json()) as Record<string, unknown>;
  expect(body.sessionToken, JSON.stringify(body)).toEqual(expect.any(String));
  return body.sessionToken as string;
}

const localSkus = (ws: Workstation) =>
  (ws.core.store.sqlite.prepare('SELECT sku FROM gemstones').all() as { sku: string }[]).map((r) => r.sku);

describe('two Parse Server instances on one PostgreSQL, LiveQuery over Redis', () => {
  test('a LiveQuery subscriber on one instance hears a stone saved through the other, and reads it there', async () => {
    const adminOnB = await signIn(B, 'admin');
    const coordinatorOnA = await signIn(A, 'coordinator');
    Parse.initialize(B.appId, B.javascriptKey);
    (Parse as unknown as { serverURL: string }).serverURL = B.serverURL;
    const client = new Parse.LiveQueryClient({
      applicationId: B.appId,
      serverURL: B.liveQueryURL,
      javascriptKey: B.javascriptKey,
      sessionToken: adminOnB,
    });
    liveClients.push(client);
    client.open();
    const subscription = client.subscribe(new Parse.Query('Gemstone'), adminOnB)!;
    await new Promise<void>((resolve) => subscription.on('open', () => resolve()));

    const sku = uniqueSku('SCALE');
    const heard = new Promise<Parse.Object>((resolve) =>
      subscription.on('create', (object: Parse.Object) => object.get('sku') === sku && resolve(object)),
    );
    const saved = await rest(A, 'POST', '/classes/Gemstone', stone(sku, { caratWeight: 3.1 }), coordinatorOnA);
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);

    const event = await heard; // the test's timeout bounds the wait
    expect(event.id).toBe(saved.body.objectId);
    expect(event.get('caratWeight')).toBe(3.1);

    // Same PostgreSQL: what one instance wrote, the other reads at once.
    const read = await rest(B, 'GET', `/classes/Gemstone/${saved.body.objectId}`, undefined, adminOnB);
    expect(read.body).toMatchObject({ sku, caratWeight: 3.1 });
  });

  test('a stone created on a desk connected to one instance appears, live, on a desk connected to the other', async () => {
    const deskA = await workstation({ server: A });
    const deskB = await workstation({ server: B });
    deskB.core.replicator.start();
    await waitFor(() => deskB.core.replicator.live, 20_000); // every subscription confirmed by instance B

    const sku = uniqueSku('DESK');
    await deskA.admin.inventory.create(stone(sku, { caratWeight: 2.02 }));
    expect((await deskA.admin.sync.syncNow()).pushed).toBe(1);

    // Well within the minute between polls: only the LiveQuery event, relayed from A through Redis, brings it.
    await waitFor(() => localSkus(deskB).includes(sku), 15_000);
    const { id } = deskB.core.store.sqlite.prepare('SELECT id FROM gemstones WHERE sku = ?').get(sku) as { id: string };
    expect(await deskB.admin.inventory.get({ id })).toMatchObject({ sku, caratWeight: 2.02 });
    await deskB.core.replicator.stop();
  });

  test('a class permission changed through one instance is enforced by the other at once', async () => {
    const className = `ScaleOutProbe${Date.now().toString(36)}`;
    const readable = { find: { requiresAuthentication: true }, get: { requiresAuthentication: true } };
    expect(
      (await rest(A, 'POST', `/schemas/${className}`, { className, classLevelPermissions: readable })).status,
    ).toBe(200);
    const adminOnB = await signIn(B, 'admin');
    await waitFor(async () => (await rest(B, 'GET', `/classes/${className}`, undefined, adminOnB)).status === 200);

    // Closed through A: B, which has read the class already, must stop serving it.
    const closed = { find: {}, get: {}, create: {}, update: {}, delete: {}, addField: {} };
    expect((await rest(A, 'PUT', `/schemas/${className}`, { classLevelPermissions: closed })).status).toBe(200);
    const refused = await waitFor(async () => {
      const reply = await rest(B, 'GET', `/classes/${className}`, undefined, adminOnB);
      return reply.status !== 200 ? reply : undefined;
    }, 10_000);
    expect(refused!.body.code).toBe(Parse.Error.OPERATION_FORBIDDEN);
  });

  test('a sign-out through one instance ends the session on the other at once', async () => {
    const session = await signIn(A, 'practitioner');
    // B has seen the session (and keeps it in Parse's cache for a few seconds).
    expect((await rest(B, 'GET', '/classes/Gemstone?limit=1', undefined, session)).status).toBe(200);
    expect((await rest(A, 'POST', '/logout', {}, session)).status).toBe(200);
    const after = await rest(B, 'GET', '/classes/Gemstone?limit=1', undefined, session);
    expect(after.body.code).toBe(Parse.Error.INVALID_SESSION_TOKEN);
  });

  test('stopping the backend stops every instance and its Redis', async () => {
    const ports = [
      ...scaled.instances.map(({ serverURL }) => Number(new URL(serverURL).port)),
      Number(new URL(scaled.redisURL!).port),
    ];
    expect(await Promise.all(ports.map(accepts))).toEqual([true, true, true]);
    await Promise.all(liveClients.map((client) => client.close()));
    await scaled.stop();
    stopped = true;
    expect(await Promise.all(ports.map(accepts))).toEqual([false, false, false]);
  });
});

/** Whether something listens on this loopback port. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

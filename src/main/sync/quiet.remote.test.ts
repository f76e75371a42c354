import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import {
  backend,
  master,
  serverStones,
  stone,
  uniqueSku,
  waitFor,
  workstationsForThisFile,
  type Workstation,
} from '../test-support/remote';

// A quiet workstation against the real server: a change made while its LiveQuery connection was down
// arrives as soon as it reconnects (not with a poll), and the requests it counts are the ones the server saw.

const workstation = workstationsForThisFile();
const HOUR = 60 * 60_000;
const { username, password } = backend.demoUsers.admin;

const localSkus = (ws: Workstation) =>
  (ws.core.store.sqlite.prepare('SELECT sku FROM gemstones').all() as { sku: string }[]).map((r) => r.sku);

/** A TCP relay in front of the LiveQuery server whose connections the test can cut, as a network drops them. */
async function liveQueryRelay() {
  const target = new URL(backend.liveQueryURL);
  const open = new Set<net.Socket>();
  let cut = false;
  const server = net.createServer((client) => {
    if (cut) return void client.destroy(); // refused while the network is down
    const upstream = net.connect(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        open.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}${target.pathname}`,
    cut() {
      cut = true;
      open.forEach((socket) => socket.destroy());
    },
    restore() {
      cut = false;
    },
    close: () => new Promise<void>((resolve) => (open.forEach((s) => s.destroy()), server.close(() => resolve()))),
  };
}

/** A workstation connected through `liveQueryURL`, with `fetch` in front of its requests. */
async function connectedThrough(liveQueryURL: string, options: Parameters<typeof workstation>[0] = {}) {
  const ws = await workstation({ connect: false, ...options });
  await ws.admin.sync.connect({
    serverURL: backend.serverURL,
    liveQueryURL,
    appId: backend.appId,
    clientKey: backend.javascriptKey,
    username,
    password,
  });
  return ws;
}

const quietNow = (ws: Workstation) => ws.core.replicator.status().state === 'idle' && !ws.core.replicator.busy;

describe('a quiet workstation against the real server', () => {
  const relays: { close(): Promise<void> }[] = [];
  afterAll(() => Promise.all(relays.map((r) => r.close())));

  it('takes in a change made while its LiveQuery connection was down as soon as it reconnects', async () => {
    const relay = await liveQueryRelay();
    relays.push(relay);
    // Polls an hour apart: within this test, only LiveQuery's reconnect can bring the change in.
    const receiver = await connectedThrough(relay.url, { replicator: { pollMs: HOUR, safetyPollMs: HOUR } });
    receiver.core.replicator.start();
    await waitFor(() => receiver.core.replicator.live, 20_000);
    await waitFor(() => quietNow(receiver));

    relay.cut();
    await waitFor(() => !receiver.core.replicator.live);
    const sender = await workstation();
    const sku = uniqueSku('MISSED');
    await sender.admin.inventory.create(stone(sku));
    expect((await sender.admin.sync.syncNow()).pushed).toBe(1);
    // And a change to a stone the receiver already holds, made on the server meanwhile.
    const known = uniqueSku('KNOWN');
    await sender.admin.inventory.create(stone(known));
    await sender.admin.sync.syncNow();
    expect(localSkus(receiver)).not.toContain(sku); // its LiveQuery connection is down: it heard nothing

    relay.restore();
    await waitFor(() => receiver.core.replicator.live, 20_000);
    await waitFor(() => localSkus(receiver).includes(sku) && localSkus(receiver).includes(known), 15_000);
    await receiver.core.replicator.stop();
  });

  it('counts exactly the requests the server received from it', async () => {
    // The server counts this workstation's requests under a label its fetch adds (a file download carries no
    // session token), and LiveQuery's connection request under its session token.
    const desk = randomUUID();
    const tokens = new Set<string>();
    const ws = await workstation({
      connect: false,
      fetch: (input, init) => {
        const headers = new Headers(init?.headers);
        const token = headers.get('x-parse-session-token');
        if (token) tokens.add(token);
        headers.set('x-loupe-test-desk', desk);
        return fetch(input, { ...init, headers });
      },
    });
    await ws.admin.sync.connect({
      serverURL: backend.serverURL,
      liveQueryURL: backend.liveQueryURL,
      appId: backend.appId,
      clientKey: backend.javascriptKey,
      username,
      password,
    });
    expect(tokens.size).toBe(1); // one session: what the server counts under it is this workstation's
    const [token] = tokens;
    const countedUnder = async (key: string) =>
      (
        (await (
          await fetch(`${new URL(backend.serverURL).origin}/loupe-test/requests?key=${encodeURIComponent(key)}`)
        ).json()) as { count: number }
      ).count;
    const serverCount = async () => (await countedUnder(desk)) + (await countedUnder(token!));
    await waitFor(() => !ws.core.replicator.busy); // photos the first download found may still be coming
    const ours = () => ws.core.replicator.requestsThisMonth().count;
    const [ours0, server0] = [ours(), await serverCount()];
    expect(server0).toBe(ours0); // from the sign-in on

    // Activity: LiveQuery connects (one request), stones go up, a change made elsewhere comes down.
    ws.core.replicator.start();
    await waitFor(() => ws.core.replicator.live, 20_000);
    const sku = uniqueSku('COUNTED');
    await ws.admin.inventory.create(stone(sku));
    await ws.admin.inventory.create(stone(uniqueSku('COUNTED')));
    await waitFor(async () => (await serverStones({ sku })).length === 1);
    const [onServer] = await serverStones({ sku });
    await master('PUT', `/classes/Gemstone/${onServer.objectId}`, { location: 'Counted elsewhere' });
    const { id } = ws.core.store.sqlite.prepare('SELECT id FROM gemstones WHERE sku = ?').get(sku) as { id: string };
    await waitFor(async () => (await ws.admin.inventory.get({ id })).location === 'Counted elsewhere');
    await waitFor(() => quietNow(ws) && ws.core.replicator.status().pendingChanges === 0);
    await ws.core.replicator.stop();

    const sent = ours() - ours0;
    expect(sent).toBeGreaterThan(3);
    expect(sent).toBe((await serverCount()) - server0);
    expect(tokens.size).toBe(1);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import type { ReplicatorState } from '../../shared/sync';
import { createCore, type Core } from '../core/create-core';
import { ADMIN, aStone, tempDataDir } from '../test-support/core';
import { fakeParse } from '../test-support/fake-parse';
import { mayMove } from './replicator-states';

// The real replicator in front of a fake Parse server: the states a cycle goes through, each move one its
// table allows (a move outside it would throw here).

const opened: { core: Core; remove(): void }[] = [];
afterEach(() => opened.splice(0).forEach(({ core, remove }) => (core.close(), remove())));

const backendUser = {
  objectId: 'u-amara',
  username: ADMIN.username,
  email: ADMIN.email,
  role: 'admin',
  fullName: ADMIN.fullName,
  createdAt: '2026-11-01T08:00:00.000Z',
  updatedAt: '2026-11-01T08:00:00.000Z',
};

async function connectedWorkstation() {
  let reachable = true;
  const server = fakeParse({
    login: (username) => (username === ADMIN.username ? { ...backendUser, sessionToken: 'session-token' } : null),
    find: (className) => (className === '_User' ? [backendUser] : []),
    beforeEach: () => {
      if (!reachable) throw new TypeError('fetch failed');
    },
  });
  const data = tempDataDir();
  const core = await createCore({
    dataDir: data.dir,
    fetch: server.fetch,
    startSync: false,
    replicator: { illegalTransitions: 'throw' },
  });
  opened.push({ core, remove: data.remove });
  const states: ReplicatorState[] = [core.replicator.status().state];
  core.store.changes.subscribe(() => {
    const state = core.replicator.status().state;
    if (state !== states[states.length - 1]) states.push(state);
  });
  const admin = core.caller('admin');
  await admin.auth.createFirstAdmin(ADMIN);
  await admin.inventory.create(aStone({ sku: 'R-LOCAL' }));
  const connected = await admin.sync.connect({ ...server.settings, username: ADMIN.username, password: 'backend pw' });
  return { core, admin, server, states, connected, setReachable: (value: boolean) => (reachable = value) };
}

describe('the replicator', () => {
  it('goes local only → receiving → sending → synced when it connects, each move one its table allows', async () => {
    const { states, connected, server } = await connectedWorkstation();
    expect(connected.report).toMatchObject({ ok: true, error: null });
    expect(connected.matched).toEqual([ADMIN.username]);
    expect(states).toEqual(['local-only', 'pulling', 'pushing', 'idle']);
    // The stone made while local only went up.
    expect(server.batches.flat().some((r) => r.method === 'POST' && r.body?.sku === 'R-LOCAL')).toBe(true);
  });

  it('goes offline when the server cannot be reached, and back through receiving and sending once it can', async () => {
    const { core, admin, states, setReachable } = await connectedWorkstation();
    states.length = 0;
    setReachable(false);
    expect((await admin.sync.syncNow()).ok).toBe(false);
    expect(core.replicator.status()).toMatchObject({
      state: 'offline',
      lastError: expect.stringContaining('fetch failed'),
    });
    expect((await admin.sync.syncNow()).ok).toBe(false); // still offline: a move to the same state
    setReachable(true);
    expect((await admin.sync.syncNow()).ok).toBe(true);
    expect(states).toEqual(['offline', 'pulling', 'pushing', 'idle']);
    for (let i = 1; i < states.length; i++) expect(mayMove(states[i - 1]!, states[i]!)).toBe(true);
  });
});

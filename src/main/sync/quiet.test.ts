import { afterEach, describe, expect, it } from 'vitest';
import { syncHeadline } from '../../shared/sync';
import { createCore, type Core } from '../core/create-core';
import { ADMIN, tempDataDir } from '../test-support/core';
import { fakeParse } from '../test-support/fake-parse';
import { ManualTimers } from '../test-support/timers';
import type { LiveSignalOptions } from './live-query';
import { FLUSH_EVERY, RequestCounter, requestsKey } from './request-count';
import { FRESH_PULL_MS, POLL_MS, SAFETY_POLL_MS, type LiveLink } from './scheduler';

// A quiet workstation: the real replicator and scheduler in front of a fake Parse server, with a LiveQuery
// link the test connects and drops, and a clock and timers that move only when the test says.

const HOUR = 60 * 60_000;
const opened: { core: Core; remove(): void }[] = [];
afterEach(() => opened.splice(0).forEach(({ core, remove }) => (core.close(), remove())));

/** A LiveQuery link that is live only when the test says. */
class TestLink implements LiveLink {
  live = false;
  constructor(private readonly options: LiveSignalOptions) {}
  start() {}
  stop() {
    this.live = false;
  }
  connect() {
    this.options.onConnecting?.();
    this.live = true;
    this.options.onSignal('connected');
  }
  drop() {
    this.live = false;
    this.options.onSignal('dropped');
  }
}

/** Lets the event loop run until `check` holds (the cycles here answer from memory, within a few turns). */
async function until(check: () => boolean) {
  for (let turn = 0; turn < 10_000; turn++) {
    if (check()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error('The state waited for never came.');
}

async function quietWorkstation() {
  let now = Date.parse('2026-12-07T09:00:00.000Z');
  let requests = 0;
  const backendUser = {
    objectId: 'u-amara',
    username: ADMIN.username,
    email: ADMIN.email,
    role: 'admin',
    fullName: ADMIN.fullName,
    createdAt: '2026-11-01T08:00:00.000Z',
    updatedAt: '2026-11-01T08:00:00.000Z',
  };
  const server = fakeParse({
    login: (username) => (username === ADMIN.username ? { ...backendUser, sessionToken: 'session-token' } : null),
    find: (className) => (className === '_User' ? [backendUser] : []),
    beforeEach: () => void requests++,
  });
  const timers = new ManualTimers();
  let link: TestLink | null = null;
  const data = tempDataDir();
  const core = await createCore({
    dataDir: data.dir,
    fetch: server.fetch,
    clock: () => now,
    startSync: false,
    replicator: {
      timers,
      illegalTransitions: 'throw',
      liveSignal: (options) => (link = new TestLink(options)),
    },
  });
  opened.push({ core, remove: data.remove });
  const admin = core.caller('admin');
  await admin.auth.createFirstAdmin(ADMIN);
  await admin.sync.connect({ ...server.settings, username: ADMIN.username, password: 'backend pw' });
  core.replicator.start();
  let cycles = 0;
  core.store.changes.subscribe((event) => {
    if (event.entities.includes('sync') && core.replicator.status().state === 'pushing') cycles++;
  });
  const settled = () => until(() => !core.replicator.busy && timers.delays.length > 0);
  /** Lets the next planned wait pass on the clock, and the cycle it leads to run to its end. */
  const letNextWaitPass = async () => {
    const wait = timers.delays[0]!;
    now += wait;
    timers.runNext();
    if (timers.delays[0] === 0) timers.runNext(); // a poll's wait ends in a cycle kicked at once
    await settled();
    return wait;
  };
  /** Lets `ms` pass, the planned cycles running as they come due; returns how many ran. */
  const letTimePass = async (ms: number) => {
    const before = cycles;
    let passed = 0;
    while (passed + timers.delays[0]! <= ms) passed += await letNextWaitPass();
    now += ms - passed;
    return cycles - before;
  };
  await settled();
  while (timers.delays[0]! < POLL_MS) await letNextWaitPass(); // the start's own cycle
  return {
    core,
    timers,
    link: () => link!,
    settled,
    letNextWaitPass,
    letTimePass,
    requests: () => requests,
    sleep: (ms: number) => void (now += ms),
  };
}

describe('a quiet workstation', () => {
  it('while LiveQuery is live, an idle hour costs at most 4 cycles and 4 requests; without it, one a minute', async () => {
    const ws = await quietWorkstation();
    ws.link().connect();
    await ws.settled();
    expect(ws.timers.delays).toEqual([50]); // connecting pulls
    await ws.letNextWaitPass();
    expect(ws.timers.delays).toEqual([SAFETY_POLL_MS]);
    const before = ws.requests();
    const liveCycles = await ws.letTimePass(HOUR);
    expect(liveCycles).toBeGreaterThanOrEqual(1); // the safety poll still runs
    expect(liveCycles).toBeLessThanOrEqual(4);
    expect(ws.requests() - before).toBeLessThanOrEqual(4);
    // The count the workstation keeps is the one the server saw.
    expect(ws.core.replicator.requestsThisMonth().count).toBe(ws.requests() + 1); // + the LiveQuery connection

    // LiveQuery drops: the slow poll waiting gives way to the minute's at once.
    ws.link().drop();
    expect(ws.timers.delays).toEqual([POLL_MS]);
    const downCycles = await ws.letTimePass(HOUR);
    expect(downCycles).toBeGreaterThanOrEqual(59);
    expect(downCycles).toBeLessThanOrEqual(61);
  });

  it('pulls at once when LiveQuery reconnects after a drop, without waiting for a poll', async () => {
    const ws = await quietWorkstation();
    ws.link().connect();
    await ws.letNextWaitPass();
    ws.link().drop();
    ws.link().connect();
    expect(ws.timers.delays).toEqual([50]); // the reconnect's pull replaces the poll's wait
    const pulls = ws.requests();
    await ws.letNextWaitPass();
    expect(ws.requests()).toBeGreaterThan(pulls);
    expect(ws.timers.delays).toEqual([SAFETY_POLL_MS]);
  });

  it('after a long sleep does not say "Synced" until a pull has completed', async () => {
    const ws = await quietWorkstation();
    ws.link().connect();
    await ws.letNextWaitPass();
    expect(syncHeadline(ws.core.replicator.status()).label).toBe('Synced');
    // The computer sleeps for three hours; its timers do not run meanwhile, the wall clock does.
    ws.sleep(3 * HOUR);
    expect(ws.core.replicator.status().stale).toBe(true);
    expect(syncHeadline(ws.core.replicator.status()).label).toBe('Checking');
    // Awake: the app says it resumed, and a pull is due at once; until it completes, still not "Synced".
    const woke: string[] = [];
    ws.core.store.changes.subscribe(() => woke.push(syncHeadline(ws.core.replicator.status()).label));
    ws.core.replicator.resumed();
    expect(woke[0]).toBe('Checking'); // the screens are told at once
    expect(ws.timers.delays).toEqual([0]);
    ws.timers.runNext();
    expect(syncHeadline(ws.core.replicator.status()).label).toBe('Checking'); // the pull is under way
    await ws.settled();
    expect(syncHeadline(ws.core.replicator.status()).label).toBe('Synced');
  });

  it('a poll that fires far later than planned (the computer slept) tells the screens before it pulls', async () => {
    const ws = await quietWorkstation();
    ws.link().connect();
    await ws.letNextWaitPass();
    ws.sleep(SAFETY_POLL_MS + FRESH_PULL_MS); // the safety poll comes due long after its time
    const labels: string[] = [];
    ws.core.store.changes.subscribe(() => labels.push(syncHeadline(ws.core.replicator.status()).label));
    ws.timers.runNext();
    expect(labels[0]).toBe('Checking');
    ws.timers.runNext();
    await ws.settled();
    expect(syncHeadline(ws.core.replicator.status()).label).toBe('Synced');
  });

  it('keeps the month’s request count in the settings table, written with the cycles, not per request', async () => {
    const ws = await quietWorkstation();
    const month = ws.core.replicator.requestsThisMonth();
    expect(month).toMatchObject({ month: '2026-12', count: ws.requests(), since: '2026-12-07T09:00:00.000Z' });
    const stored = () =>
      JSON.parse(
        (
          ws.core.store.sqlite.prepare('SELECT value FROM settings WHERE key = ?').get(requestsKey('2026-12')) as {
            value: string;
          }
        ).value,
      ) as { count: number };
    expect(stored().count).toBe(ws.requests()); // the last cycle wrote it
    await ws.letTimePass(10 * 60_000); // ten minutes without LiveQuery: ten cycles, each writing its count
    expect(stored().count).toBe(ws.requests());

    // Counting itself writes nothing until FLUSH_EVERY requests are in memory, or a cycle or close flushes.
    let writes = 0;
    ws.core.store.sqlite.function('noted_write', () => {
      writes++;
      return null;
    });
    ws.core.store.sqlite.exec(
      `CREATE TEMP TRIGGER count_writes AFTER UPDATE ON settings WHEN NEW.key = '${requestsKey('2026-12')}'
       BEGIN SELECT noted_write(); END`,
    );
    const counter = new RequestCounter(ws.core.store);
    for (let i = 0; i < 2 * FLUSH_EVERY + 10; i++) counter.count();
    expect(writes).toBe(2);
    counter.flush();
    expect(writes).toBe(3);
    expect(counter.thisMonth().count).toBe(ws.requests() + 2 * FLUSH_EVERY + 10);
  });
});

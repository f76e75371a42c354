// Bench child (desks.bench.ts): one showroom desk, a whole workstation core in its own process, connected to
// the shared local backend with background sync and LiveQuery on, signed in as its own staff member. The
// parent sends small commands over IPC (process.send); every time it reports is on one clock shared by the
// processes of this machine: performance.timeOrigin + performance.now().
//   tsx scripts/bench/desk-child.ts <dataDir>   (started with an IPC channel; the first message is 'start')
import WebSocket from 'ws';
import { createCore, type Core } from '../../src/main/core/create-core';
import { deskDigest } from './desk-digest';
import type { DeskCommand, DeskEdit, DeskReply, DeskStart, DeskWatch } from './desk-protocol';

const now = () => performance.timeOrigin + performance.now();
const send = (reply: DeskReply) => process.send!(reply);

// Every request the core makes to the backend goes through this fetch (CoreOptions.fetch).
let requests = 0;
const countingFetch: typeof fetch = (input, init) => {
  requests++;
  return fetch(input, init);
};
// LiveQuery's socket is not behind fetch: its connects are counted where the client says hello.
let liveConnects = 0;
const send0 = WebSocket.prototype.send;
WebSocket.prototype.send = function (this: WebSocket, data: unknown, ...rest: unknown[]) {
  if (typeof data === 'string' && data.includes('"op":"connect"')) liveConnects++;
  return (send0 as (...a: unknown[]) => void).call(this, data, ...rest);
} as typeof WebSocket.prototype.send;

let core: Core;
let desk: ReturnType<Core['caller']>;
/** Others' edits this desk waits to see, checked on every committed change (no polling). */
const watches = new Map<number, DeskWatch>();

function visible(w: DeskWatch): boolean {
  const db = core.store.sqlite;
  if (w.kind === 'move') {
    const event = db.prepare('SELECT 1 FROM custody_events WHERE gemstone = ? AND reason = ?').get(w.stone, w.marker);
    const stone = db.prepare('SELECT location FROM gemstones WHERE id = ?').get(w.stone) as
      { location: string } | undefined;
    return Boolean(event) && stone?.location === w.toLocation;
  }
  if (w.kind === 'quote') {
    // Prices only go up during the bench: a later quote that arrived first counts as this one seen.
    const row = db.prepare('SELECT quotedPrice FROM purchase_inquiries WHERE id = ?').get(w.inquiry) as
      { quotedPrice: number | null } | undefined;
    return (row?.quotedPrice ?? -1) >= w.quotedMinor;
  }
  return Boolean(db.prepare('SELECT 1 FROM certificate_logs WHERE gemstone = ? AND notes = ?').get(w.stone, w.marker));
}

function checkWatches() {
  if (watches.size === 0) return;
  const at = now();
  for (const [id, w] of watches) {
    if (!visible(w)) continue;
    watches.delete(id);
    send({ type: 'seen', edit: id, at });
  }
}

async function start(cmd: DeskStart) {
  core = await createCore({ dataDir: cmd.dataDir, fetch: countingFetch, startSync: true });
  const connector = core.caller('connector');
  await connector.auth.createFirstAdmin({
    username: cmd.connector.username,
    fullName: 'Showroom Admin',
    email: 'showroom.admin@example.com',
    password: 'local password 123',
  });
  await connector.sync.connect({ ...cmd.backend, ...cmd.connector });
  // The desk's own person signs in online: their edits go with their own session.
  desk = core.caller('desk');
  await desk.auth.signIn(cmd.user);
  core.store.changes.subscribe(checkWatches);
  // First-synced and listening: every stone here, LiveQuery subscriptions confirmed, nothing waiting.
  await until(() => core.replicator.live && core.replicator.status().pendingChanges === 0);
  const stones = (core.store.sqlite.prepare('SELECT count(*) AS n FROM gemstones').get() as { n: number }).n;
  const missing = cmd.mustHave.filter(
    (id) => !core.store.sqlite.prepare('SELECT 1 FROM gemstones WHERE id = ?').get(id),
  );
  if (missing.length) throw new Error(`desk ${cmd.desk}: ${missing.length} seeded stones are not here by their id`);
  send({ type: 'ready', stones });
}

/** Waits for a state of this desk's own (no requests: it only looks at what the core already knows). */
function until(check: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const look = () => (check() ? resolve() : setTimeout(look, 100));
    look();
  });
}

async function edit(e: DeskEdit) {
  const startedAt = now();
  if (e.kind === 'scan') {
    await desk.inventory.scan({ code: e.sku });
  } else if (e.kind === 'move') {
    await desk.inventory.custody.move({ skus: [e.sku], toLocation: e.toLocation, reason: e.marker });
  } else if (e.kind === 'quote') {
    await desk.inquiries.update({ id: e.inquiry, changes: { quotedPrice: e.quotedPrice, currency: 'USD' } });
  } else {
    await desk.certificates.record({
      gemstone: e.stone,
      issuedBy: 'Other',
      certificateNumber: `BENCH-${e.sku}`,
      verificationResult: 'verified',
      notes: e.marker,
    });
  }
  send({ type: 'edited', edit: e.id, startedAt, doneAt: now() });
}

/** Pushes everything waiting here, however many cycles it takes. */
async function drain() {
  for (let i = 0; i < 20 && core.replicator.status().pendingChanges > 0; i++) await core.replicator.syncNow();
}

async function handle(cmd: DeskCommand) {
  switch (cmd.type) {
    case 'start':
      return start(cmd);
    case 'edit':
      return edit(cmd.edit);
    case 'watch':
      watches.set(cmd.watch.id, cmd.watch);
      return checkWatches();
    case 'counts':
      return send({ type: 'counts', requests, liveConnects, live: core.replicator.live });
    case 'drain':
      await drain();
      return send({ type: 'drained', pending: core.replicator.status().pendingChanges });
    case 'final-sync': {
      const report = await core.replicator.syncNow();
      const status = core.replicator.status();
      return send({
        type: 'synced',
        ok: report.ok,
        pending: status.pendingChanges,
        deadLetters: (
          core.store.sqlite.prepare('SELECT count(*) AS n FROM sync_dead_letters WHERE resolvedAt IS NULL').get() as {
            n: number;
          }
        ).n,
        unseen: [...watches.keys()],
      });
    }
    case 'digest':
      return send({ type: 'digest', ...deskDigest(core.store.sqlite) });
    case 'stop':
      await core.replicator.stop();
      await core.close();
      return send({ type: 'stopped' });
  }
}

process.on('message', (cmd: DeskCommand) => {
  handle(cmd).catch((error: Error) => send({ type: 'error', message: error.stack ?? error.message }));
});

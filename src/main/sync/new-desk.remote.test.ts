import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CoreHolder } from '../core/core-holder';
import { SECRETS_FILE, type Core } from '../core/create-core';
import { tempDataDir } from '../test-support/core';
import {
  asLocalShape,
  backend,
  localStones,
  serverStones,
  stone,
  uniqueSku,
  workstationsForThisFile,
} from '../test-support/remote';

// A new desk started from a colleague's backup: it takes the backup's records and sync checkpoints, pulls
// only what changed on the server since, and never sends the colleague's unsent changes again.

const workstation = workstationsForThisFile();
const holders: { holder: CoreHolder; remove(): void }[] = [];
afterAll(async () => {
  for (const h of holders) await h.holder.close().then(h.remove);
});

/** A desk as the app runs it (the holder restores), its setup administrator signed in, not connected. */
async function newDesk() {
  const data = tempDataDir('loupe-new-desk-');
  // No overlap: what the first sync pulls is exactly what is past the backup's checkpoints.
  const holder = await CoreHolder.start({
    dataDir: data.dir,
    startSync: false,
    background: false,
    replicator: { illegalTransitions: 'throw', overlapMs: 0 },
  });
  holders.push({ holder, remove: data.remove });
  const setup = holder.core!.caller('setup');
  await setup.auth.createFirstAdmin({
    username: 'setup',
    fullName: 'Setup',
    email: 'setup@example.com',
    password: 'setup password 123',
  });
  return { holder, setup, dir: data.dir };
}

/** The session tokens a desk keeps in its secret store (secrets.ts), beside its database. */
const sessionTokens = (dir: string) =>
  Object.entries(JSON.parse(readFileSync(join(dir, SECRETS_FILE), 'utf8')) as Record<string, string>)
    .filter(([key]) => key.startsWith('session:'))
    .map(([, token]) => token);
const rowsOf = (core: Core, sql: string) => core.store.sqlite.prepare(sql).all();
const mine = (stones: Map<string, Record<string, unknown>>, prefix: string) =>
  [...stones.values()].filter((s) => String(s.sku).startsWith(prefix)).sort((x, y) => (x.sku! < y.sku! ? -1 : 1));

describe("a desk started from a colleague's backup", () => {
  it('converges with the server and with the colleague, pulls only what changed since, and never re-sends the colleague’s unsent changes', async () => {
    const prefix = uniqueSku('ND');
    const a = await workstation();
    for (let i = 0; i < 30; i++)
      await a.admin.inventory.create(stone(`${prefix}-${String(i).padStart(2, '0')}`, { certificateNumber: null }));
    expect((await a.admin.sync.syncNow()).ok).toBe(true);

    // Changes A has not sent yet when the backup is taken.
    const pendingStone = await a.admin.inventory.create(stone(`${prefix}-PENDING`, { certificateNumber: null }));
    const edited = (rowsOf(a.core, `SELECT id FROM gemstones WHERE sku = '${prefix}-00'`)[0] as { id: string }).id;
    await a.admin.inventory.update({ id: edited, changes: { clarityGrade: 'Slightly Included' } });
    const backup = await a.admin.app.backups.backUpNow();
    const inBackup = (rowsOf(a.core, 'SELECT count(*) AS n FROM gemstones')[0] as { n: number }).n;
    expect(rowsOf(a.core, 'SELECT count(*) AS n FROM outbox')).toEqual([{ n: 2 }]);

    // No session travels: the backup holds none of the tokens A keeps in its secret store.
    const tokens = sessionTokens(a.dir);
    expect(tokens.length).toBeGreaterThan(0);
    const bytes = readFileSync(backup.file).toString('latin1');
    for (const token of tokens) expect(bytes.includes(token)).toBe(false);

    // After the backup, the server changes: C edits and adds stones, and A sends its pending changes.
    const c = await workstation();
    await c.admin.sync.syncNow();
    const cEdits = (rowsOf(c.core, `SELECT id FROM gemstones WHERE sku = '${prefix}-01'`)[0] as { id: string }).id;
    await c.admin.inventory.update({ id: cEdits, changes: { clarityGrade: 'Moderately Included' } });
    await c.admin.inventory.create(stone(`${prefix}-FROM-C`, { certificateNumber: null }));
    expect((await c.admin.sync.syncNow()).ok).toBe(true);
    expect((await a.admin.sync.syncNow()).pushed).toBe(2);
    await a.admin.sync.syncNow();

    // B: a new desk; its administrator opens A's backup.
    const b = await newDesk();
    const opened = await b.setup.app.backups.restore({ file: backup.file, fromColleague: true });
    expect(opened).toMatchObject({ stones: inBackup, unsentLeftBehind: 2 });
    const bCore = b.holder.core!;
    expect(rowsOf(bCore, 'SELECT count(*) AS n FROM outbox')).toEqual([{ n: 0 }]);
    expect(rowsOf(bCore, 'SELECT count(*) AS n FROM sync_checkpoints WHERE updatedAt IS NOT NULL')).not.toEqual([
      { n: 0 },
    ]);

    // A's staff sign in on B as on A; B signs in to the backend with a session of its own.
    const { username, password } = backend.demoUsers.admin;
    const staff = bCore.caller('staff');
    await staff.auth.signIn({ username, password });
    const report = await staff.sync.syncNow();
    expect(report).toMatchObject({ ok: true, pushed: 0, deadLettered: 0 });
    // Only what changed since the backup: C's two stones and A's two changes, not the stones in the backup.
    expect(report.pulled).toBeGreaterThanOrEqual(4);
    expect(report.pulled).toBeLessThan(inBackup);
    const bTokens = sessionTokens(b.dir);
    expect(bTokens.some((t) => tokens.includes(t))).toBe(false);

    // B equals A and the server, stone for stone.
    await a.admin.sync.syncNow();
    const onServer = (await serverStones({ sku: { $regex: `^${prefix}` } })).map(asLocalShape);
    const onB = mine(localStones(bCore), prefix);
    expect(onB).toHaveLength(32);
    expect(onB).toEqual(mine(localStones(a.core), prefix));
    expect(onB).toEqual(mine(new Map(onServer.map((s) => [String(s.objectId), s])), prefix));
    expect(onB.find((s) => s.sku === `${prefix}-00`)).toMatchObject({ clarityGrade: 'Slightly Included' });
    expect(onB.find((s) => s.sku === `${prefix}-01`)).toMatchObject({ clarityGrade: 'Moderately Included' });
    // A's pending stone exists once on the server: B did not send it again.
    expect(onServer.filter((s) => s.sku === `${prefix}-PENDING`)).toHaveLength(1);
    expect(rowsOf(bCore, `SELECT id FROM gemstones WHERE sku = '${prefix}-PENDING'`)).toEqual([
      { id: pendingStone.id },
    ]);
    // The staff lists agree too.
    const staffOf = (core: Core) =>
      rowsOf(core, 'SELECT objectId, username, role FROM users WHERE objectId IS NOT NULL ORDER BY objectId');
    expect(staffOf(bCore)).toEqual(staffOf(a.core));
  });
});

import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN, aStone, refusal, signedInAdmin } from '../test-support/core';
import { readRows, startTestHolder } from '../test-support/maintenance';

// A new desk opened from a colleague's backup (the restore path with colleague-backup.ts's hand-over).

const cleanups: (() => void)[] = [];
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f();
});

async function holder() {
  const t = await startTestHolder();
  cleanups.push(() => t.dispose());
  return t;
}

const NEW_DESK_ADMIN = { ...ADMIN, username: 'setup', email: 'setup@example.com' };

/** Desk A with stones it has not sent, its backup folder chosen, a backup; desk B new, its admin signed in. */
async function colleagueAndNewDesk() {
  const a = await holder();
  const adminA = await signedInAdmin(a.core);
  for (let i = 0; i < 5; i++) await adminA.inventory.create(aStone({ sku: `A-${i}`, certificateNumber: null }));
  await adminA.app.backups.setFolder({ folder: join(a.dir, 'desk-a-backups') });
  const backup = await adminA.app.backups.backUpNow();
  const b = await holder();
  const setup = b.core.caller('setup');
  await setup.auth.createFirstAdmin(NEW_DESK_ADMIN);
  return { a, b, backup, setup };
}

describe("starting a desk from a colleague's backup", () => {
  it("brings the colleague's records and staff, and leaves that desk's unsent changes, refusals and backup folder behind", async () => {
    const { b, backup, setup } = await colleagueAndNewDesk();
    expect(readRows<{ n: number }>(backup.file, 'SELECT count(*) AS n FROM outbox')[0]!.n).toBeGreaterThan(0);

    const report = await setup.app.backups.restore({ file: backup.file, fromColleague: true });
    expect(report).toMatchObject({ stones: 5, unsentLeftBehind: 5 });

    const rows = (sql: string) => b.core.store.sqlite.prepare(sql).all();
    expect(rows('SELECT sku FROM gemstones ORDER BY sku')).toEqual([0, 1, 2, 3, 4].map((i) => ({ sku: `A-${i}` })));
    expect(rows('SELECT * FROM outbox')).toEqual([]);
    expect(rows('SELECT * FROM sync_dead_letters')).toEqual([]);
    expect(rows('SELECT * FROM sync_conflicts')).toEqual([]);
    // This desk backs up into its own folder, not a path on the colleague's computer.
    await expect((await signIn(b.core)).app.backups.status()).resolves.toMatchObject({ isDefaultFolder: true });
    // The backup file itself is untouched: the hand-over works on the copy.
    expect(readRows<{ n: number }>(backup.file, 'SELECT count(*) AS n FROM outbox')[0]!.n).toBe(5);
  });

  it("keeps the colleague's staff sign-in: they sign in on the new desk as on theirs", async () => {
    const { b, backup, setup } = await colleagueAndNewDesk();
    await setup.app.backups.restore({ file: backup.file, fromColleague: true });
    const amara = await signIn(b.core);
    expect((await amara.inventory.list({})).total).toBe(5);
    // The new desk's own setup account was in the database that was set aside.
    expect(
      await refusal(b.core.caller('old').auth.signIn({ username: 'setup', password: NEW_DESK_ADMIN.password })),
    ).toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('refuses while this desk has changes not yet sent, and changes nothing', async () => {
    const { b, backup, setup } = await colleagueAndNewDesk();
    await setup.inventory.create(aStone({ sku: 'B-ONLY', certificateNumber: null }));
    expect(await refusal(setup.app.backups.restore({ file: backup.file, fromColleague: true }))).toMatchObject({
      reason: 'BACKUP_REFUSED',
      message: expect.stringMatching(/1 change not yet sent/),
    });
    expect(b.core.store.sqlite.prepare('SELECT sku FROM gemstones').all()).toEqual([{ sku: 'B-ONLY' }]);
  });

  it("a desk's own backup restored as before keeps its unsent changes", async () => {
    const a = await holder();
    const admin = await signedInAdmin(a.core);
    await admin.inventory.create(aStone({ sku: 'MINE', certificateNumber: null }));
    const backup = await admin.app.backups.backUpNow();
    await admin.app.backups.restore({ file: backup.file });
    expect(a.core.store.sqlite.prepare('SELECT entity, op FROM outbox').all()).toEqual([
      { entity: 'Gemstone', op: 'create' },
    ]);
  });
});

async function signIn(core: import('../core/create-core').Core) {
  const caller = core.caller(`signed-in-${Math.random()}`);
  await caller.auth.signIn({ username: ADMIN.username, password: ADMIN.password });
  return caller;
}

import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { aStone, refusal, signedInAdmin, signedInAs, tempDataDir } from '../test-support/core';
import { damagePage, readRows, rootPageOf } from '../test-support/maintenance';
import { CoreHolder } from './core-holder';
import { createCore } from './create-core';

const cleanups: (() => void)[] = [];
afterEach(() =>
  cleanups
    .splice(0)
    .reverse()
    .forEach((f) => f()),
);

async function start(dir: string, background: false | { firstBackupDelayMs: number } = false) {
  const holder = await CoreHolder.start({ dataDir: dir, startSync: false, background });
  cleanups.push(() => holder.close());
  return holder;
}

/** A data dir with a database of a few stones and a backup of it, then damage to the database. */
async function damagedWithBackup(damage: 'header' | 'table') {
  const data = tempDataDir();
  cleanups.push(() => data.remove());
  const holder = await start(data.dir);
  const admin = await signedInAdmin(holder.core!);
  for (let i = 0; i < 50; i++) await admin.inventory.create(aStone({ sku: `SAFE-${i}`, certificateNumber: null }));
  const backup = await admin.app.backups.backUpNow();
  await admin.inventory.create(aStone({ sku: 'AFTER-BACKUP', certificateNumber: null }));
  await holder.close();
  const file = join(data.dir, 'loupe.db');
  if (damage === 'header') writeFileSync(file, 'this is not a database'.repeat(500));
  else damagePage(file, rootPageOf(file, 'gemstones'));
  return { dir: data.dir, backup };
}

describe('the core holder', () => {
  it('keeps Loupe reachable when the database cannot be opened, and offers the backups', async () => {
    const { dir, backup } = await damagedWithBackup('header');
    const holder = await start(dir);
    expect(holder.core).toBeNull();
    expect(holder.state).toMatchObject({
      kind: 'damaged',
      message: expect.stringMatching(/damaged/),
      backups: [expect.objectContaining({ name: backup.name })],
    });

    const swapped = vi.fn();
    holder.onSwap(swapped);
    const report = await holder.restoreListed(backup.name);
    expect(holder.state).toEqual({ kind: 'ready' });
    expect(swapped).toHaveBeenLastCalledWith(holder.core);
    expect(report.stones).toBe(50);
    // The damaged file is kept, untouched, for whoever wants to look at it.
    expect(existsSync(report.keptAside)).toBe(true);
    const admin = holder.core!.caller('x');
    await admin.auth.signIn({ username: 'amara', password: 'correct horse battery' });
    expect((await admin.inventory.list({})).total).toBe(50);
  });

  it('only restores a backup it listed', async () => {
    const { dir } = await damagedWithBackup('header');
    const holder = await start(dir);
    expect(await refusal(holder.restoreListed('../../etc/passwd'))).toMatchObject({ reason: 'BACKUP_REFUSED' });
    expect(holder.core).toBeNull();
  });

  it('finds damage inside a database that still opens with the start self-check, without holding up the first answer', async () => {
    const { dir } = await damagedWithBackup('table');
    const holder = await start(dir, { firstBackupDelayMs: 60_000 });
    // The core is up and answering while the check runs in a worker thread.
    expect(holder.state).toEqual({ kind: 'ready' });
    expect((await holder.core!.caller('x').auth.status()).needsFirstAdmin).toBe(false);
    await vi.waitFor(() => expect(holder.core!.maintenance.health.state).not.toBe('pending'), { timeout: 10_000 });
    expect(holder.core!.maintenance.health).toMatchObject({
      state: 'damaged',
      problems: expect.arrayContaining([expect.any(String)]),
    });
    const practitioner = await signedInAs(holder.core!, 'practitioner');
    expect(await practitioner.app.health()).toMatchObject({ state: 'damaged' });
  });

  it('puts the previous database back when a restored file cannot be opened', async () => {
    const data = tempDataDir();
    cleanups.push(() => data.remove());
    const holder = await start(data.dir);
    const admin = await signedInAdmin(holder.core!);
    await admin.inventory.create(aStone({ sku: 'STAYS', certificateNumber: null }));
    const backup = await admin.app.backups.backUpNow();
    await holder.close();
    // A backup that passes every check, but the new core fails to open on it (say, the disk filled up).
    let failNext = false;
    const failing = await CoreHolder.start({
      dataDir: data.dir,
      startSync: false,
      background: false,
      create: async (options) => {
        if (failNext) {
          failNext = false;
          throw new Error('simulated failure to open the restored file');
        }
        return createCore(options);
      },
    });
    cleanups.push(() => failing.close());
    failNext = true;
    expect(await refusal(failing.restore(backup.file))).toMatchObject({
      reason: 'BACKUP_REFUSED',
      message: expect.stringMatching(/previous database is back/),
    });
    expect(failing.state).toEqual({ kind: 'ready' });
    expect(readRows<{ sku: string }>(join(data.dir, 'loupe.db'), 'SELECT sku FROM gemstones')).toEqual([
      { sku: 'STAYS' },
    ]);
    expect(readdirSync(data.dir).some((f) => f.includes('restore-failed'))).toBe(true);
  });
});

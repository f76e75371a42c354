import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { aStone, signedInAdmin, startTestCore, tempDataDir, type TestCore } from '../test-support/core';
import { readRows } from '../test-support/maintenance';
import { runCli } from './main';

const cleanups: (() => void)[] = [];
afterEach(() =>
  cleanups
    .splice(0)
    .reverse()
    .forEach((f) => f()),
);

function streams() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (s: string) => void out.push(s), err: (s: string) => void err.push(s) } };
}

async function workstation(): Promise<TestCore> {
  const t = await startTestCore();
  cleanups.push(() => t.dispose());
  const admin = await signedInAdmin(t.core);
  await admin.inventory.create(aStone({ sku: 'CLI-OLD', certificateNumber: null }));
  return t;
}

describe('loupe backup / restore', () => {
  it('backs up, then restores that backup over later changes and keeps the replaced database', async () => {
    const t = await workstation();
    await t.core.close();
    const backup = streams();
    expect(await runCli(['backup', '--data-dir', t.dir], backup.io)).toBe(0);
    const file = /Backed up to (.+\.db) \(/.exec(backup.out.join(''))![1]!;
    expect(file.startsWith(join(t.dir, 'backups'))).toBe(true);

    const elsewhere = tempDataDir('loupe-cli-backups-');
    cleanups.push(() => elsewhere.remove());
    expect(await runCli(['backup', '--to', elsewhere.dir, '--data-dir', t.dir], streams().io)).toBe(0);
    expect(readdirSync(elsewhere.dir)).toEqual([expect.stringMatching(/^loupe-.*-manual\.db$/)]);

    const admin = (await t.restart()).caller('again');
    await admin.auth.signIn({ username: 'amara', password: 'correct horse battery' });
    await admin.inventory.create(aStone({ sku: 'CLI-NEW', certificateNumber: null }));
    await t.core.close();

    const restore = streams();
    expect(await runCli(['restore', file, '--data-dir', t.dir], restore.io)).toBe(0);
    expect(restore.out.join('')).toMatch(
      /^Restored .* \(1 stones\)\. The previous database is kept as .*loupe\.db\.before-restore-/,
    );
    expect(readRows<{ sku: string }>(join(t.dir, 'loupe.db'), 'SELECT sku FROM gemstones')).toEqual([
      { sku: 'CLI-OLD' },
    ]);
    const keptAside = readdirSync(t.dir).find(
      (f) => /^loupe\.db\.before-restore-[^-]+.*[^lm]$/.test(f) && !/-(wal|shm)$/.test(f),
    )!;
    expect(readRows<{ sku: string }>(join(t.dir, keptAside), 'SELECT sku FROM gemstones ORDER BY sku')).toEqual([
      { sku: 'CLI-NEW' },
      { sku: 'CLI-OLD' },
    ]);
    await t.restart();
  });

  it('refuses a damaged backup with exit code 1 and leaves the database as it was', async () => {
    const t = await workstation();
    await t.core.close();
    const before = readFileSync(join(t.dir, 'loupe.db'));
    const bad = join(t.dir, 'bad.db');
    writeFileSync(bad, Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(8000, 0xab)]));
    const { err, io } = streams();
    expect(await runCli(['restore', bad, '--data-dir', t.dir], io)).toBe(1);
    expect(err.join('')).toMatch(/bad\.db cannot be restored: .* Nothing was changed\./);
    expect(readFileSync(join(t.dir, 'loupe.db')).equals(before)).toBe(true);
    expect(readdirSync(t.dir).filter((f) => /before-restore|restoring/.test(f))).toEqual([]);
    expect(await runCli(['restore', '--data-dir', t.dir], streams().io)).toBe(2);
    expect(existsSync(join(t.dir, 'loupe.db'))).toBe(true);
    await t.restart();
  });
});

import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore } from '../core/create-core';
import { migrate, MIGRATIONS, SCHEMA_VERSION } from '../db/migrate';
import { ADMIN, aStone, refusal, signedInAdmin, signedInAs, tempDataDir } from '../test-support/core';
import { damagePage, databaseHash, readRows, rootPageOf, startTestHolder } from '../test-support/maintenance';
import {
  backUpOnline,
  backupName,
  listBackups,
  parseBackupName,
  planRotation,
  type BackupFile,
  type BackupKind,
} from './backups';

const cleanups: (() => void)[] = [];
afterEach(() =>
  cleanups
    .splice(0)
    .reverse()
    .forEach((f) => f()),
);

async function holder() {
  const t = await startTestHolder();
  cleanups.push(() => t.dispose());
  return t;
}

const skus = (file: string) =>
  readRows<{ sku: string }>(file, 'SELECT sku FROM gemstones ORDER BY sku').map((r) => r.sku);

describe('backup rotation', () => {
  const at = (y: number, m: number, d: number, h = 12) => new Date(y, m - 1, d, h).getTime();
  const fake = (kind: BackupKind, time: number): BackupFile => ({
    file: `/b/${backupName(kind, time)}`,
    name: backupName(kind, time),
    kind,
    at: time,
    bytes: 1,
  });

  it('keeps the newest daily backup of each of the last 7 days and of the last 4 weeks, every manual one, 4 before migrations', () => {
    const backups: BackupFile[] = [];
    // Two a day for 60 days (Loupe restarted at lunch), up to Sunday 30 March 2025.
    for (let day = 0; day < 60; day++) {
      backups.push(fake('daily', at(2025, 1, 30 + day, 8)), fake('daily', at(2025, 1, 30 + day, 13)));
    }
    const manual = [fake('manual', at(2025, 1, 2)), fake('manual', at(2025, 3, 1))];
    const migrations = [1, 5, 9, 13, 17, 21].map((d) => fake('before-migration', at(2025, 3, d)));
    const { keep, remove } = planRotation([...backups, ...manual, ...migrations]);
    const kept = (kind: BackupKind) =>
      keep.filter((b) => b.kind === kind).map((b) => new Date(b.at).toDateString() + ' ' + new Date(b.at).getHours());

    expect(kept('daily')).toEqual([
      // the last 7 days, the later backup of each
      'Sun Mar 30 2025 13',
      'Sat Mar 29 2025 13',
      'Fri Mar 28 2025 13',
      'Thu Mar 27 2025 13',
      'Wed Mar 26 2025 13',
      'Tue Mar 25 2025 13',
      'Mon Mar 24 2025 13',
      // the newest of each of the 3 weeks before (the week of the 24th is already kept)
      'Sun Mar 23 2025 13',
      'Sun Mar 16 2025 13',
      'Sun Mar 09 2025 13',
    ]);
    expect(kept('manual')).toHaveLength(2);
    expect(keep.filter((b) => b.kind === 'before-migration').map((b) => new Date(b.at).getDate())).toEqual([
      21, 17, 13, 9,
    ]);
    expect(remove).toHaveLength(backups.length + migrations.length - 10 - 4);
  });

  it('names backups so they sort by time and say why they were taken', () => {
    const time = Date.UTC(2025, 2, 14, 9, 15, 2, 123);
    expect(backupName('daily', time)).toBe('loupe-20250314T091502123Z-daily.db');
    expect(parseBackupName('loupe-20250314T091502123Z-before-migration.db')).toEqual({
      kind: 'before-migration',
      at: time,
    });
    expect(parseBackupName('loupe.db')).toBeNull();
    expect(parseBackupName('loupe-20250314T091502123Z-daily.db.partial')).toBeNull();
  });
});

describe('backups and restore', () => {
  it('round-trip while stones are being added: the backup is one consistent moment, the restore brings exactly it back', async () => {
    const t = await holder();
    const admin = await signedInAdmin(t.core);
    for (let i = 0; i < 300; i++)
      await admin.inventory.create(aStone({ sku: `BASE-${String(i).padStart(4, '0')}`, certificateNumber: null }));
    const folder = join(t.dir, 'backups');

    // Writes keep coming while the backup is copied, on a worker thread.
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        await admin.inventory.create(
          aStone({ sku: `LIVE-${String(written).padStart(5, '0')}`, certificateNumber: null }),
        );
        written++;
        await new Promise((r) => setImmediate(r));
      }
    })();
    const backup = await backUpOnline(t.core.store.sqlite, folder, 'manual', Date.now());
    const writtenDuringBackup = written;
    writing = false;
    await writer;
    const afterBackup = written;
    for (let i = 0; i < 5; i++) await admin.inventory.create(aStone({ sku: `LATER-${i}`, certificateNumber: null }));

    expect(writtenDuringBackup).toBeGreaterThan(0); // the copy really ran alongside the writes
    const inBackup = skus(backup.file);
    expect(inBackup.filter((s) => s.startsWith('BASE-'))).toHaveLength(300);
    expect(inBackup.some((s) => s.startsWith('LATER-'))).toBe(false);
    // Each stone and its outbox entry were written in one transaction: the copy never splits them.
    const outbox = readRows<{ n: number }>(
      backup.file,
      "SELECT count(*) AS n FROM outbox WHERE entity = 'Gemstone' AND op = 'create'",
    )[0]!.n;
    expect(outbox).toBe(inBackup.length);
    expect(readRows<{ integrity_check: string }>(backup.file, 'PRAGMA integrity_check')).toEqual([
      { integrity_check: 'ok' },
    ]);
    expect(readRows<{ journal_mode: string }>(backup.file, 'PRAGMA journal_mode')).toEqual([
      { journal_mode: 'delete' },
    ]);

    const report = await admin.app.backups.restore({ file: backup.file });
    expect(report.stones).toBe(inBackup.length);
    expect(report.keptAside).toMatch(/loupe\.db\.before-restore-/);

    // A new core on the restored file: everyone signs in again, and it holds exactly the backup.
    const again = t.core.caller('after-restore');
    await again.auth.signIn({ username: ADMIN.username, password: ADMIN.password });
    const restored = t.core.store.sqlite.prepare('SELECT sku FROM gemstones ORDER BY sku').all() as { sku: string }[];
    expect(restored.map((r) => r.sku)).toEqual(inBackup);
    // Nothing is lost: the database that was replaced, with every stone, is kept aside.
    expect(skus(report.keptAside)).toHaveLength(300 + afterBackup + 5);
    expect(await again.inventory.create(aStone({ sku: 'AFTER-RESTORE', certificateNumber: null }))).toMatchObject({
      sku: 'AFTER-RESTORE',
    });
  });

  it('"Back up now" writes into the chosen folder; a folder Loupe cannot use is refused by name', async () => {
    const t = await holder();
    const admin = await signedInAdmin(t.core);
    const elsewhere = tempDataDir('loupe-backups-');
    cleanups.push(() => elsewhere.remove());

    expect((await admin.app.backups.status()).folder).toBe(join(t.dir, 'backups'));
    expect(await refusal(admin.app.backups.setFolder({ folder: 'relative/folder' }))).toMatchObject({
      code: 'BAD_REQUEST',
      reason: 'BACKUP_FOLDER',
    });
    writeFileSync(join(elsewhere.dir, 'a-file'), 'x');
    expect(await refusal(admin.app.backups.setFolder({ folder: join(elsewhere.dir, 'a-file', 'sub') }))).toMatchObject({
      reason: 'BACKUP_FOLDER',
    });

    await admin.app.backups.setFolder({ folder: elsewhere.dir });
    const made = await admin.app.backups.backUpNow();
    expect(made.file.startsWith(elsewhere.dir)).toBe(true);
    expect((await admin.app.backups.status()).backups.map((b) => b.name)).toEqual([made.name]);
    // Recovery must find the folder without reading the database.
    expect(readFileSync(join(t.dir, 'backup-folder.txt'), 'utf8').trim()).toBe(elsewhere.dir);

    const coordinator = await signedInAs(t.core, 'coordinator');
    expect((await coordinator.app.backups.backUpNow()).kind).toBe('manual');
    expect(await refusal(coordinator.app.backups.restore({ file: made.file }))).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'FORBIDDEN_ROLE',
    });
    const practitioner = await signedInAs(t.core, 'practitioner');
    expect(await refusal(practitioner.app.backups.backUpNow())).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('takes the daily backup once a day', async () => {
    const t = await holder();
    await signedInAdmin(t.core);
    expect(await t.core.maintenance.dailyBackupIfDue()).toMatchObject({ kind: 'daily' });
    expect(await t.core.maintenance.dailyBackupIfDue()).toBeNull();
    expect(listBackups(join(t.dir, 'backups')).map((b) => b.kind)).toEqual(['daily']);
  });

  it('"Back up now" pressed while the daily backup is being written waits for it and writes its own', async () => {
    const t = await holder();
    const admin = await signedInAdmin(t.core);
    await admin.inventory.create(aStone({ sku: 'BEFORE-1', certificateNumber: null }));
    const daily = t.core.maintenance.dailyBackupIfDue(); // under way, not awaited
    const manual = admin.app.backups.backUpNow();
    const [d, m] = await Promise.all([daily, manual]);
    expect(d).toMatchObject({ kind: 'daily' });
    expect(m).toMatchObject({ kind: 'manual' });
    expect(
      listBackups(join(t.dir, 'backups'))
        .map((b) => b.kind)
        .sort(),
    ).toEqual(['daily', 'manual']);

    // A restore asked for meanwhile waits for the backup too, rather than being refused.
    await admin.inventory.create(aStone({ sku: 'AFTER-1', certificateNumber: null }));
    const another = admin.app.backups.backUpNow(); // under way, not awaited
    const restored = admin.app.backups.restore({ file: m.file });
    await expect(another).resolves.toMatchObject({ kind: 'manual' });
    expect(await restored).toMatchObject({ stones: 1 });
  });

  it('refuses a damaged file, a file that is not a Loupe database and one from a newer Loupe — and changes nothing', async () => {
    const t = await holder();
    const admin = await signedInAdmin(t.core);
    for (let i = 0; i < 200; i++) await admin.inventory.create(aStone({ sku: `KEEP-${i}`, certificateNumber: null }));
    const good = await admin.app.backups.backUpNow();
    const before = databaseHash(t.core);

    const damaged = join(t.dir, 'damaged.db');
    writeFileSync(damaged, readFileSync(good.file));
    damagePage(damaged, rootPageOf(damaged, 'gemstones'));
    const notADatabase = join(t.dir, 'notes.db');
    writeFileSync(notADatabase, 'these are my notes, not a database'.repeat(300));
    const foreign = join(t.dir, 'foreign.db');
    const other = new Database(foreign);
    other.exec('CREATE TABLE things (id INTEGER)');
    other.close();
    const newer = join(t.dir, 'newer.db');
    writeFileSync(newer, readFileSync(good.file));
    const raw = new Database(newer);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();

    expect(await refusal(admin.app.backups.restore({ file: damaged }))).toMatchObject({
      code: 'BAD_REQUEST',
      reason: 'BACKUP_REFUSED',
      message: expect.stringMatching(/damaged/),
    });
    expect(await refusal(admin.app.backups.restore({ file: notADatabase }))).toMatchObject({
      reason: 'BACKUP_REFUSED',
      message: expect.stringMatching(/not a database|could not be opened/),
    });
    expect(await refusal(admin.app.backups.restore({ file: foreign }))).toMatchObject({
      reason: 'BACKUP_REFUSED',
      message: expect.stringMatching(/not a Loupe database/),
    });
    expect(await refusal(admin.app.backups.restore({ file: newer }))).toMatchObject({
      reason: 'BACKUP_REFUSED',
      message: expect.stringMatching(/newer version of Loupe/),
    });
    expect(await refusal(admin.app.backups.restore({ file: join(t.dir, 'missing.db') }))).toMatchObject({
      reason: 'BACKUP_REFUSED',
      message: expect.stringMatching(/no file/),
    });

    // Same core, same file, same bytes; nothing set aside, nothing staged left over.
    expect(databaseHash(t.core)).toBe(before);
    expect((await admin.inventory.list({})).total).toBe(200);
    expect(readdirSync(t.dir).filter((f) => /before-restore|restoring/.test(f))).toEqual([]);
  });
});

describe('the backup before migrations', () => {
  it('copies an existing database before pending migrations change it', async () => {
    const data = tempDataDir();
    cleanups.push(() => data.remove());
    const file = join(data.dir, 'loupe.db');
    mkdirSync(data.dir, { recursive: true });
    const old = new Database(file);
    old.pragma('journal_mode = WAL');
    migrate(old, file, MIGRATIONS.slice(0, SCHEMA_VERSION - 1));
    old.close();

    const core = await createCore({ dataDir: data.dir, startSync: false });
    cleanups.push(() => core.close());
    const [backup, ...others] = listBackups(join(data.dir, 'backups'));
    expect(others).toEqual([]);
    expect(backup).toMatchObject({ kind: 'before-migration' });
    expect(readRows<{ user_version: number }>(backup!.file, 'PRAGMA user_version')).toEqual([
      { user_version: SCHEMA_VERSION - 1 },
    ]);
    expect(core.store.sqlite.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);

    // Opening an up-to-date database again backs nothing up; neither does creating a new one.
    await core.close();
    const again = await createCore({ dataDir: data.dir, startSync: false });
    await again.close();
    expect(listBackups(join(data.dir, 'backups'))).toHaveLength(1);
    const fresh = tempDataDir();
    cleanups.push(() => fresh.remove());
    await (await createCore({ dataDir: fresh.dir, startSync: false })).close();
    expect(existsSync(join(fresh.dir, 'backups'))).toBe(false);
  });
});

describe('an interrupted backup', () => {
  it('leaves nothing behind for good: its copy and journal go at the next start and before the next backup', async () => {
    const data = tempDataDir();
    cleanups.push(() => data.remove());
    let core = await createCore({ dataDir: data.dir });
    const folder = core.maintenance.backupStatus().folder;
    mkdirSync(folder, { recursive: true });
    const hourAgo = new Date(Date.now() - 60 * 60 * 1000);
    const leftovers = [
      'loupe-20261201T020000000Z-daily.db.partial',
      'loupe-20261201T020000000Z-daily.db.partial-journal',
      'loupe-20261202T020000000Z-daily.db.partial',
    ];
    const plant = () => {
      for (const name of leftovers) {
        writeFileSync(join(folder, name), 'half a copy');
        utimesSync(join(folder, name), hourAgo, hourAgo);
      }
    };
    // Another workstation backing up into the same folder right now: its file is fresh, and stays.
    writeFileSync(join(folder, 'loupe-20261207T100000000Z-manual.db.partial'), 'being written');
    plant();

    await core.close();
    core = await createCore({ dataDir: data.dir });
    cleanups.push(() => core.close());
    expect(
      readdirSync(folder)
        .filter((f) => f.includes('.partial'))
        .sort(),
    ).toEqual(['loupe-20261207T100000000Z-manual.db.partial']);

    plant();
    await core.maintenance.backUp('manual');
    expect(
      readdirSync(folder)
        .filter((f) => f.includes('.partial'))
        .sort(),
    ).toEqual(['loupe-20261207T100000000Z-manual.db.partial']);
  });
});

describe('closing while a backup is being written', () => {
  it('closes the database once the backup is complete, not half-way through it', async () => {
    const data = tempDataDir();
    cleanups.push(() => data.remove());
    const core = await createCore({ dataDir: data.dir, startSync: false });
    const admin = await signedInAdmin(core);
    await admin.inventory.create(aStone({ sku: 'KEEP-1' }));
    const backup = core.maintenance.backUp('manual');
    let closed = false;
    const closing = core.close().then(() => (closed = true));
    expect(closed).toBe(false);
    const written = await backup;
    await closing;
    expect(readRows<{ sku: string }>(written.file, 'SELECT sku FROM gemstones')).toEqual([{ sku: 'KEEP-1' }]);
    await expect(core.maintenance.backUp('manual')).rejects.toThrow(/closing/);
  });
});

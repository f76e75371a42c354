import { statSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempFilePaths } from '../test-support/core';
import { beginBulkLoad, restoreSuspended, suspendSecondaryIndexes } from './bulk-load';
import { openDatabase } from './open';

const dbFile = tempFilePaths();

const schemaOf = (sqlite: Database.Database) =>
  sqlite
    .prepare("SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'gemstones' AND sql IS NOT NULL ORDER BY name")
    .all();

const plan = (sqlite: Database.Database, query: string) =>
  (sqlite.prepare(`EXPLAIN QUERY PLAN ${query}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');

const HOT_QUERY = "SELECT id FROM gemstones WHERE location = 'Vault' ORDER BY caratWeight DESC LIMIT 100";

function insertStones(sqlite: Database.Database, from: number, count: number) {
  const insert = sqlite.prepare(
    `INSERT INTO gemstones (id, localUpdatedAt, sku, gemstoneType, caratWeight, clarityGrade, certificateStatus, location)
     VALUES (?, 0, ?, ?, ?, 'Eye Clean', 'none', ?)`,
  );
  sqlite.transaction(() => {
    for (let i = from; i < from + count; i++)
      insert.run(`s${i}`, `SKU-${i}`, i % 2 ? 'Ruby' : 'Sapphire', 1 + (i % 7) / 10, i % 3 ? 'Vault' : 'Safe');
  })();
}

const tallies = (sqlite: Database.Database) =>
  sqlite
    .prepare('SELECT gemstoneType, location, stones, round(carats, 2) AS carats FROM gemstone_tallies ORDER BY 1, 2')
    .all();
const talliesFromRows = (sqlite: Database.Database) =>
  sqlite
    .prepare(
      'SELECT gemstoneType, location, count(*) AS stones, round(sum(caratWeight), 2) AS carats FROM gemstones GROUP BY 1, 2 ORDER BY 1, 2',
    )
    .all();

describe('bulk loading a table (first download)', () => {
  it('sets aside the secondary indexes and tallies triggers, keeps the unique ones and the base capture, and puts everything back with the tallies right', () => {
    const database = openDatabase(dbFile());
    const { sqlite } = database;
    insertStones(sqlite, 0, 10);
    const before = schemaOf(sqlite);
    expect(plan(sqlite, HOT_QUERY)).toMatch(/USING INDEX gemstones_location_carat/);

    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    suspendSecondaryIndexes(sqlite, 'gemstones');
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(10_000); // fewer checkpoints while loading
    const during = (schemaOf(sqlite) as { type: string; name: string; sql: string }[]).filter(
      (o) => o.type !== 'table',
    );
    // Left: the unique indexes, and the trigger that captures a sync base before a local edit (an edit made
    // during the download still needs it).
    expect(
      during.every(
        (o) =>
          (o.type === 'index' && o.sql.startsWith('CREATE UNIQUE INDEX')) || o.name === 'gemstones_capture_sync_base',
      ),
    ).toBe(true);
    expect(during.map((o) => o.name)).toEqual(
      expect.arrayContaining(['gemstones_sku', 'gemstones_objectId', 'gemstones_capture_sync_base']),
    );
    // SKUs stay unique while loading.
    expect(() => insertStones(sqlite, 5, 1)).toThrow(/UNIQUE/);

    insertStones(sqlite, 10, 500);
    const restored = restoreSuspended(sqlite, 'gemstones');
    expect(restored).toContain('gemstone_tallies_insert');
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect(schemaOf(sqlite)).toEqual(before);
    expect(plan(sqlite, HOT_QUERY)).toMatch(/USING INDEX gemstones_location_carat/);
    expect(tallies(sqlite)).toEqual(talliesFromRows(sqlite));
    expect(sqlite.prepare('SELECT count(*) AS n FROM bulk_load_suspended').get()).toEqual({ n: 0 });

    // The triggers work again: a later stone is tallied as it is written.
    insertStones(sqlite, 510, 1);
    expect(tallies(sqlite)).toEqual(talliesFromRows(sqlite));
    database.close();
  });

  it('builds the indexes a load set aside on its helper thread, while the main thread answers and writes', async () => {
    const database = openDatabase(dbFile());
    const { sqlite } = database;
    insertStones(sqlite, 0, 10);
    const before = schemaOf(sqlite);
    const load = beginBulkLoad(sqlite, 'gemstones');
    insertStones(sqlite, 10, 60_000);

    let ticks = 0;
    const ticking = setInterval(() => ticks++, 1);
    const restoring = load.finish().then((restored) => ({ restored, ticks }));
    await new Promise((resolve) => setTimeout(resolve, 5));
    insertStones(sqlite, 60_010, 1); // a stone typed meanwhile
    const { restored, ticks: ticksMeanwhile } = await restoring;
    clearInterval(ticking);
    // Eight indexes on 60,000 stones: the main thread went on meanwhile (built here, it could not have ticked).
    expect(ticksMeanwhile).toBeGreaterThanOrEqual(3);
    expect(restored).toEqual(expect.arrayContaining(['gemstones_location_carat', 'gemstone_tallies_insert']));
    expect(schemaOf(sqlite)).toEqual(before);
    expect(plan(sqlite, HOT_QUERY)).toMatch(/USING INDEX gemstones_location_carat/);
    expect(tallies(sqlite)).toEqual(talliesFromRows(sqlite));
    expect(sqlite.prepare('SELECT count(*) AS n FROM gemstones').get()).toEqual({ n: 60_011 });
    expect(sqlite.prepare('SELECT count(*) AS n FROM bulk_load_suspended').get()).toEqual({ n: 0 });
    expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    database.close();
  });

  it("copies the load's writes from the log into the database on its helper thread while the load goes on", async () => {
    const file = dbFile();
    const database = openDatabase(file);
    const { sqlite } = database;
    const load = beginBulkLoad(sqlite, 'gemstones');
    const sizeBefore = statSync(file).size;
    // 20 pages of a download: about 3 MB, far below the main connection's own checkpoint mark during a load
    // (10,000 log pages, some 40 MB), so only the helper copies them into the database while it goes on.
    for (let page = 0; page < 20; page++) insertStones(sqlite, page * 1000, 1000);
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(2_000_000);
    await expect
      .poll(() => statSync(file).size, { timeout: 5000, interval: 20 })
      .toBeGreaterThan(sizeBefore + 2_000_000);

    await load.finish();
    expect(sqlite.prepare('SELECT count(*) AS n FROM bulk_load_suspended').get()).toEqual({ n: 0 });
    expect(tallies(sqlite)).toEqual(talliesFromRows(sqlite));
    expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    database.close();
  });

  it('stops its helper if the database closes before the load ends; the next open puts everything back', async () => {
    const file = dbFile();
    const first = openDatabase(file);
    const before = schemaOf(first.sqlite);
    const load = beginBulkLoad(first.sqlite, 'gemstones');
    insertStones(first.sqlite, 0, 300);
    first.close();
    await expect(load.finish()).resolves.toEqual([]);

    const reopened = openDatabase(file);
    expect(schemaOf(reopened.sqlite)).toEqual(before);
    expect(tallies(reopened.sqlite)).toEqual(talliesFromRows(reopened.sqlite));
    reopened.close();
  });

  it('puts back what a load set aside when the database is next opened, if Loupe stopped half-way', () => {
    const file = dbFile();
    const first = openDatabase(file);
    const before = schemaOf(first.sqlite);
    suspendSecondaryIndexes(first.sqlite, 'gemstones');
    insertStones(first.sqlite, 0, 300);
    first.close(); // the process dies here: no restore

    const reopened = openDatabase(file);
    expect(schemaOf(reopened.sqlite)).toEqual(before);
    expect(tallies(reopened.sqlite)).toEqual(talliesFromRows(reopened.sqlite));
    expect(tallies(reopened.sqlite)).not.toEqual([]);
    expect(reopened.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    reopened.close();
  });
});

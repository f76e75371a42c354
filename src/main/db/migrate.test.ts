import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { latestVerification } from '../certificates/queries';
import { tempFilePaths } from '../test-support/core';
import { DatabaseCorruptError, DatabaseTooNewError, MigrationMismatchError } from './errors';
import { databaseVersion, FORMER_TAGS, migrate, MIGRATIONS, SCHEMA_VERSION } from './migrate';
import { openDatabase } from './open';
import { CLASS_MAPPINGS } from './parse-mapping';

const dbFile = tempFilePaths();

function plan(sqlite: Database.Database, query: string, ...args: unknown[]): string {
  return (sqlite.prepare(`EXPLAIN QUERY PLAN ${query}`).all(...args) as { detail: string }[])
    .map((r) => r.detail)
    .join(' | ');
}

describe('migrations', () => {
  it('bring a new database to the current schema and record each migration', () => {
    const file = dbFile();
    const database = openDatabase(file);
    expect(database.migration.applied).toEqual(MIGRATIONS.map((m) => m.tag));
    expect(databaseVersion(database.sqlite)).toBe(SCHEMA_VERSION);
    const recorded = database.sqlite.prepare('SELECT tag FROM loupe_migrations ORDER BY idx').all();
    expect(recorded).toEqual(MIGRATIONS.map((m) => ({ tag: m.tag })));
    expect(database.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(database.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    database.close();

    const again = openDatabase(file);
    expect(again.migration.applied).toEqual([]);
    again.close();
  });

  it('refuse a database written by a newer Loupe, without touching it', () => {
    const file = dbFile();
    openDatabase(file).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    const before = readFileSync(file);
    expect(() => openDatabase(file)).toThrow(DatabaseTooNewError);
    expect(() => openDatabase(file)).toThrow(/newer version of Loupe/);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('refuse a file that is not a database with a clear error, without touching it', () => {
    const file = dbFile();
    writeFileSync(file, Buffer.alloc(8192, 7));
    const before = readFileSync(file);
    expect(() => openDatabase(file)).toThrow(DatabaseCorruptError);
    expect(() => openDatabase(file)).toThrow(/damaged or is not a Loupe database/);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('refuse a database whose applied migration differs from the shipped one', () => {
    const file = dbFile();
    openDatabase(file).close();
    const raw = new Database(file);
    raw.prepare("UPDATE loupe_migrations SET hash = 'edited' WHERE idx = 0").run();
    raw.close();
    expect(() => openDatabase(file)).toThrow(MigrationMismatchError);
  });

  it('apply all pending migrations in one transaction: a failing one leaves the database as it was', () => {
    const file = dbFile();
    const raw = new Database(file);
    const broken = [
      ...MIGRATIONS,
      {
        idx: MIGRATIONS.length,
        tag: '9999_broken',
        sql: 'CREATE TABLE extra (x); SELECT * FROM no_such_table;',
        hash: 'x',
      },
    ];
    expect(() => migrate(raw, file, broken)).toThrow(/no_such_table/);
    expect(databaseVersion(raw)).toBe(0);
    expect(raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all()).toEqual([]);
    raw.close();
  });
});

describe('migrations renamed after they shipped', () => {
  const formerTag = Object.fromEntries(Object.entries(FORMER_TAGS).map(([former, now]) => [now, former]));
  // The migrations as a build from before the rename shipped them: same index and SQL, drizzle-kit's names.
  const asShippedBefore = MIGRATIONS.map((m) => ({ ...m, tag: formerTag[m.tag] ?? m.tag }));

  it('a database migrated under the former names opens at the latest version, applying only what it lacked', () => {
    const file = dbFile();
    const raw = new Database(file);
    migrate(raw, file, asShippedBefore.slice(0, 6));
    raw.close();

    const database = openDatabase(file);
    expect(database.migration.fromVersion).toBe(6);
    expect(database.migration.applied).toEqual(MIGRATIONS.slice(6).map((m) => m.tag));
    expect(databaseVersion(database.sqlite)).toBe(SCHEMA_VERSION);
    // The former tags stay recorded: a build from before the rename still opens the file.
    const recorded = database.sqlite.prepare('SELECT tag FROM loupe_migrations ORDER BY idx').all() as {
      tag: string;
    }[];
    expect(recorded.map((r) => r.tag)).toEqual([
      ...asShippedBefore.slice(0, 6).map((m) => m.tag),
      ...MIGRATIONS.slice(6).map((m) => m.tag),
    ]);
    expect(recorded.map((r) => r.tag)).toContain('0002_right_thanos');
    database.close();

    const again = openDatabase(file);
    expect(again.migration.applied).toEqual([]);
    again.close();
  });

  it('a database fully migrated under the former names applies nothing again', () => {
    const file = dbFile();
    const raw = new Database(file);
    migrate(raw, file, asShippedBefore);
    raw.close();
    const database = openDatabase(file);
    expect(database.migration.applied).toEqual([]);
    expect(databaseVersion(database.sqlite)).toBe(SCHEMA_VERSION);
    database.close();
  });

  it('only a former name of the same migration is accepted', () => {
    const file = dbFile();
    openDatabase(file).close();
    const raw = new Database(file);
    raw.prepare("UPDATE loupe_migrations SET tag = '0001_right_thanos' WHERE idx = 1").run();
    raw.close();
    expect(() => openDatabase(file)).toThrow(MigrationMismatchError);
  });
});

describe('hot queries use their indexes (0000_initial, widened in 0007)', () => {
  it('scan by sku, filter by type and carat, sort by carat, look up by status and location', () => {
    const database = openDatabase(dbFile());
    const { sqlite } = database;
    expect(plan(sqlite, 'SELECT * FROM gemstones WHERE sku = ?', 'RB-1')).toMatch(/USING INDEX gemstones_sku/);
    expect(
      plan(sqlite, 'SELECT * FROM gemstones WHERE gemstoneType = ? AND caratWeight BETWEEN ? AND ?', 'Ruby', 1, 2),
    ).toMatch(/USING INDEX gemstones_type_carat \(gemstoneType=\? AND caratWeight>\? AND caratWeight<\?\)/);
    const byCarat = plan(
      sqlite,
      'SELECT * FROM gemstones ORDER BY caratWeight DESC, gemstoneType DESC, clarityGrade DESC, certificateStatus DESC, location DESC, rowid DESC LIMIT 100',
    );
    expect(byCarat).toMatch(/USING INDEX gemstones_caratWeight/);
    expect(byCarat).not.toMatch(/TEMP B-TREE/);
    expect(plan(sqlite, 'SELECT * FROM gemstones WHERE location = ?', 'Vault')).toMatch(
      /USING INDEX gemstones_location_carat/,
    );
    // Any index that leads with the status serves this (the queue's, since 0010, or the grid's).
    expect(plan(sqlite, 'SELECT * FROM gemstones WHERE certificateStatus = ?', 'pending')).toMatch(
      /USING INDEX gemstones_status_(carat|location_added|added) \(certificateStatus=\?\)/,
    );
    expect(plan(sqlite, 'SELECT * FROM purchase_inquiries WHERE inquiryStatus = ?', 'new')).toMatch(
      /USING INDEX purchase_inquiries_status/,
    );
    expect(plan(sqlite, 'SELECT * FROM outbox ORDER BY nextAttemptAt, id LIMIT 50')).toMatch(/USING INDEX outbox_due/);
    database.close();
  });

  it("a pulled page's local twins: by objectId, and whether any record still awaits one, in every replicated table", () => {
    const database = openDatabase(dbFile());
    const { sqlite } = database;
    for (const { table } of Object.values(CLASS_MAPPINGS)) {
      expect(plan(sqlite, `SELECT * FROM ${table} WHERE objectId IN (SELECT value FROM json_each(?))`, '[]')).toMatch(
        new RegExp(`SEARCH ${table} USING INDEX ${table}_objectId \\(objectId=\\?\\)`),
      );
      expect(plan(sqlite, `SELECT 1 FROM ${table} WHERE objectId IS NULL LIMIT 1`)).toMatch(
        new RegExp(`USING COVERING INDEX ${table}_objectId`),
      );
    }
    database.close();
  });
});

describe('embedded migrations', () => {
  it('match the .sql files drizzle-kit wrote (run `npm run db:generate -- --name <what_it_does>` after a schema change)', () => {
    const dir = join(__dirname, 'migrations');
    const journal = JSON.parse(readFileSync(join(dir, 'meta', '_journal.json'), 'utf8')) as {
      entries: { tag: string }[];
    };
    expect(MIGRATIONS.map((m) => m.tag)).toEqual(journal.entries.map((e) => e.tag));
    for (const migration of MIGRATIONS) {
      expect(migration.sql, migration.tag).toBe(readFileSync(join(dir, `${migration.tag}.sql`), 'utf8'));
    }
  });
});

describe('0009_sync_base_only_pending', () => {
  it('keeps the sync base only of records with changes still to push', () => {
    const file = dbFile();
    const raw = new Database(file);
    migrate(
      raw,
      file,
      MIGRATIONS.filter((m) => m.tag < '0009'),
    );
    const base = raw.prepare(
      `INSERT INTO sync_base (entity, recordId, "values") VALUES ('Gemstone', ?, '{"location":"Vault"}')`,
    );
    base.run('edited');
    base.run('in-sync');
    raw
      .prepare(
        `INSERT INTO outbox (entity, recordId, op, fields, seq, enqueuedAt, attempts, nextAttemptAt) VALUES ('Gemstone', 'edited', 'update', '["location"]', 1, 0, 0, 0)`,
      )
      .run();
    raw.close();

    const database = openDatabase(file);
    expect(database.sqlite.prepare('SELECT recordId FROM sync_base').all()).toEqual([{ recordId: 'edited' }]);
    database.close();
  });
});

describe('0010_queue_filters', () => {
  it('walks the verification queue of one location in order, and counts waiting stones from the index alone', () => {
    const database = openDatabase(dbFile());
    const { sqlite } = database;
    const byLocation = plan(
      sqlite,
      "SELECT * FROM gemstones WHERE certificateStatus = 'none' AND location = ? AND createdAt IS NOT NULL ORDER BY createdAt, localUpdatedAt LIMIT 200",
      'Vault',
    );
    expect(byLocation).toMatch(
      /SEARCH gemstones USING INDEX gemstones_status_location_added \(certificateStatus=\? AND location=\? AND createdAt>\?\)/,
    );
    expect(byLocation).not.toMatch(/TEMP B-TREE/);
    expect(
      plan(
        sqlite,
        "SELECT location, certificateNumber, id, createdAt < ? OR localUpdatedAt < ?, count(*) FROM gemstones WHERE certificateStatus IN ('none', 'pending') GROUP BY 1, 2, 3, 4",
        '',
        0,
      ),
    ).toMatch(/USING COVERING INDEX gemstones_status_location_added/);
    database.close();
  });
});

describe('0011_certificate_status_changes', () => {
  it('keeps the entries a database already had, and finds a stone’s latest verification and pending status entry by index', () => {
    const file = dbFile();
    const raw = new Database(file);
    migrate(
      raw,
      file,
      MIGRATIONS.filter((m) => m.tag < '0011'),
    );
    raw.pragma('foreign_keys = OFF');
    raw
      .prepare(
        `INSERT INTO certificate_logs (id, localUpdatedAt, gemstone, certificateNumber, issuedBy, verifiedAt, verificationResult)
         VALUES ('old', 0, 's1', '2141234567', 'GIA', '2026-01-01T00:00:00.000Z', 'verified')`,
      )
      .run();
    raw.close();

    const database = openDatabase(file);
    const sqlite = database.sqlite;
    expect(sqlite.prepare('SELECT id, statusFrom, statusTo, recordedHere FROM certificate_logs').all()).toEqual([
      { id: 'old', statusFrom: null, statusTo: null, recordedHere: null },
    ]);
    // certificates/queries.ts: the latest verification (status changes skipped) rides the (gemstone, verifiedAt) index.
    expect(plan(sqlite, latestVerification.sql, 's1')).toMatch(
      /SEARCH certificate_logs USING INDEX certificate_logs_gemstone \(gemstone=\?\)/,
    );
    // sync/push.ts: the status change a stone's push names.
    expect(
      plan(
        sqlite,
        `SELECT id, notes FROM certificate_logs WHERE gemstone = ? AND verificationResult = 'status_change' AND statusTo = ?
           AND +objectId IS NULL AND recordedHere IS NULL ORDER BY verifiedAt DESC, rowid DESC LIMIT 1`,
        's1',
        'pending',
      ),
    ).toMatch(/SEARCH certificate_logs USING INDEX certificate_logs_gemstone \(gemstone=\?\)/);
    database.close();
  });
});

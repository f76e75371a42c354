import { afterEach, describe, expect, it } from 'vitest';
import { signedInAdmin, startTestCore, type TestCore } from '../test-support/core';
import { openDatabase } from './open';
import { CLASS_MAPPINGS } from './parse-mapping';
import { BASE_CAPTURE_SUFFIX, ensureBaseCaptureTriggers } from './sync-base';

// The sync base (the server's values as last seen) exists only for records with changes still to push; it
// is captured by a trigger just before the first local edit of a record the server has.

let opened: TestCore | undefined;
afterEach(() => opened?.dispose());

const stone = {
  sku: 'RU-BASE-1',
  gemstoneType: 'Ruby',
  caratWeight: 1.5,
  clarityGrade: 'Eye Clean',
  certificateStatus: 'none',
  location: 'Vault',
} as const;

/** A stone as it is once the server has it and nothing is left to push (as a pull leaves it). */
async function stoneTheServerHas() {
  opened = await startTestCore();
  const { core } = opened;
  const admin = await signedInAdmin(core);
  const created = await admin.inventory.create(stone);
  core.store.sqlite
    .prepare(
      "UPDATE gemstones SET objectId = 'srv1', createdAt = '2026-11-01T10:00:00.000Z', updatedAt = '2026-11-01T10:00:00.000Z' WHERE id = ?",
    )
    .run(created.id);
  core.store.sqlite.prepare('DELETE FROM outbox').run();
  return { core, admin, id: created.id };
}

const baseOf = (test: TestCore, id: string) =>
  (
    test.core.store.sqlite
      .prepare('SELECT "values" AS v FROM sync_base WHERE entity = \'Gemstone\' AND recordId = ?')
      .get(id) as { v: string } | undefined
  )?.v;

describe('sync base capture', () => {
  it('keeps no base for a record without local changes', async () => {
    const { id } = await stoneTheServerHas();
    expect(baseOf(opened!, id)).toBeUndefined();
  });

  it("captures the server's values just before the first local edit, and keeps them through later edits", async () => {
    const { admin, id } = await stoneTheServerHas();
    await admin.inventory.update({ id, changes: { location: 'Counter' } });
    const captured = JSON.parse(baseOf(opened!, id)!);
    expect(Object.keys(captured).sort()).toEqual(Object.keys(CLASS_MAPPINGS.Gemstone.fields).sort());
    expect(captured).toMatchObject({ sku: 'RU-BASE-1', caratWeight: 1.5, location: 'Vault', assignedBuyer: null });

    await admin.inventory.update({ id, changes: { location: 'Safe', caratWeight: 1.6 } });
    expect(JSON.parse(baseOf(opened!, id)!)).toEqual(captured);
  });

  it('captures nothing when a pull or push moves the server stamp, nor for a record the server does not have', async () => {
    const { core, admin, id } = await stoneTheServerHas();
    core.store.sqlite
      .prepare("UPDATE gemstones SET location = 'Counter', updatedAt = '2026-11-02T10:00:00.000Z' WHERE id = ?")
      .run(id);
    expect(baseOf(opened!, id)).toBeUndefined();

    const local = await admin.inventory.create({ ...stone, sku: 'RU-BASE-2' });
    await admin.inventory.update({ id: local.id, changes: { location: 'Counter' } });
    expect(baseOf(opened!, local.id)).toBeUndefined();
  });

  it('has a capture trigger per replicated table, with exactly its replicated fields', async () => {
    opened = await startTestCore();
    const sqlite = opened.core.store.sqlite;
    for (const mapping of Object.values(CLASS_MAPPINGS)) {
      const row = sqlite
        .prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?")
        .get(`${mapping.table}${BASE_CAPTURE_SUFFIX}`) as { sql: string } | undefined;
      expect(row, mapping.table).toBeDefined();
      const keys = [...row!.sql.matchAll(/'(\w+)', OLD\."\w+"/g)].map((m) => m[1]);
      expect(keys.sort(), mapping.table).toEqual(Object.keys(mapping.fields).sort());
    }
  });

  it('replaces a trigger whose field list is out of date, and leaves current ones alone on the next start', async () => {
    opened = await startTestCore();
    const file = opened.core.store.database.file;
    const sqlite = opened.core.store.sqlite;
    sqlite.exec('DROP TRIGGER gemstones_capture_sync_base');
    sqlite.exec(`CREATE TRIGGER gemstones_capture_sync_base BEFORE UPDATE ON gemstones BEGIN SELECT 1; END`);
    ensureBaseCaptureTriggers(sqlite);
    const triggers = () =>
      sqlite.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name").all();
    const current = triggers() as { name: string; sql: string }[];
    expect(current.find((t) => t.name === 'gemstones_capture_sync_base')?.sql).toContain(
      `json_object('sku', OLD."sku"`,
    );
    await opened.core.close();
    const reopened = openDatabase(file);
    expect(
      reopened.sqlite.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name").all(),
    ).toEqual(current);
    reopened.close();
  });
});

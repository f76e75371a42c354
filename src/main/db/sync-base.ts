import type Database from 'better-sqlite3';
import { CLASS_MAPPINGS } from './parse-mapping';

// The sync base (a record's server values as last seen, the base of the three-way conflict check) is kept
// only for records with local changes the server does not have yet. Any other record's own values are its
// base, so a first download or a push writes no base rows at all. The base is captured just before the
// first local edit of a record the server has, by a trigger per table: an UPDATE that leaves `updatedAt`
// (the server's stamp; pulls and pushes move it) as it was, on a record with an objectId and no base yet.

/** Capture triggers are named `<table>` + this; a bulk load must not set them aside. */
export const BASE_CAPTURE_SUFFIX = '_capture_sync_base';

function captureTriggerSql(className: keyof typeof CLASS_MAPPINGS): { name: string; sql: string } {
  const { table, fields } = CLASS_MAPPINGS[className];
  const name = `${table}${BASE_CAPTURE_SUFFIX}`;
  const values = Object.keys(fields)
    .map((field) => `'${field}', OLD."${field}"`)
    .join(', ');
  const sql =
    `CREATE TRIGGER "${name}" BEFORE UPDATE ON "${table}" FOR EACH ROW ` +
    `WHEN OLD.objectId IS NOT NULL AND NEW.updatedAt IS OLD.updatedAt ` +
    `AND NOT EXISTS (SELECT 1 FROM sync_base WHERE entity = '${className}' AND recordId = OLD.id) ` +
    `BEGIN INSERT INTO sync_base (entity, recordId, "values", serverUpdatedAt) ` +
    `VALUES ('${className}', OLD.id, json_object(${values}), OLD.updatedAt); END`;
  return { name, sql };
}

/**
 * Creates the capture triggers, or replaces one whose class gained or lost a replicated field (they are
 * derived from CLASS_MAPPINGS, not written by hand in a migration).
 */
export function ensureBaseCaptureTriggers(sqlite: Database.Database): void {
  const existing = sqlite.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?");
  const wanted = (Object.keys(CLASS_MAPPINGS) as (keyof typeof CLASS_MAPPINGS)[]).map(captureTriggerSql);
  const stale = wanted.filter(({ name, sql }) => (existing.get(name) as { sql: string } | undefined)?.sql !== sql);
  if (stale.length === 0) return;
  sqlite
    .transaction(() => {
      for (const { name, sql } of stale) {
        sqlite.exec(`DROP TRIGGER IF EXISTS "${name}"`);
        sqlite.exec(sql);
      }
    })
    .immediate();
}

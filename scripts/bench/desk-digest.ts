import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { CLASS_MAPPINGS } from '../../src/main/db/class-mappings';
import type { DeskDigest } from './desk-protocol';

// What must be equal on every desk once work stops: each replicated table's rows, by objectId, in the
// fields the classes replicate (class-mappings), so local bookkeeping (localUpdatedAt, the outbox) stays
// out. Pointers hold local ids, and a staff
// account's local id differs from desk to desk (each desk made its own first administrator): a pointer is
// compared by the objectId it leads to. A file is compared by its server name (whether its bytes were
// downloaded here yet is this desk's business).

export function deskDigest(db: Database.Database): DeskDigest {
  const tables: DeskDigest['tables'] = {};
  for (const mapping of Object.values(CLASS_MAPPINGS)) {
    const columns = Object.entries(mapping.fields).map(([field, kind]) =>
      kind.kind === 'pointer'
        ? `(SELECT p.objectId FROM "${CLASS_MAPPINGS[kind.target].table}" p WHERE p.id = t."${field}") AS "${field}"`
        : `t."${field}"`,
    );
    // A status change a workstation noted for itself (recordedHere) is never sent: each desk keeps its own.
    const where = mapping.table === 'certificate_logs' ? 'WHERE t.recordedHere IS NOT 1' : '';
    const rows = db
      .prepare(
        `SELECT t.objectId, t.updatedAt, ${columns.join(', ')} FROM "${mapping.table}" t ${where} ORDER BY t.objectId, t.id`,
      )
      .raw()
      .all() as unknown[][];
    const fileFields = Object.entries(mapping.fields)
      .map(([, kind], i) => (kind.kind === 'file' || kind.kind === 'files' ? i + 2 : -1))
      .filter((i) => i >= 0);
    const hash = createHash('sha256');
    for (const row of rows) {
      for (const i of fileFields) row[i] = fileNames(row[i]);
      hash.update(JSON.stringify(row));
      hash.update('\n');
    }
    tables[mapping.table] = { rows: rows.length, hash: hash.digest('hex').slice(0, 16) };
  }
  return { tables };
}

function fileNames(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const parsed = JSON.parse(value) as { name: string | null } | { name: string | null }[] | null;
  if (Array.isArray(parsed)) return parsed.map((f) => f.name);
  return parsed?.name ?? null;
}

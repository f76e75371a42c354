import type { Statement } from 'better-sqlite3';
import type { ReplicatedClass } from '../../../shared/enums';
import { CLASS_MAPPINGS } from '../../db/parse-mapping';
import { query, queryPer } from '../../db/query';
import type { Store } from '../../db/store';

// The replicated records themselves, in their classes' tables (the table and field names come from the class
// mapping, never from what a user typed). Each statement is built once per class (and field) and prepared
// once per store: a pulled page of 2,500 records runs them thousands of times.

type Row = Record<string, unknown>;
const table = (entity: ReplicatedClass) => CLASS_MAPPINGS[entity].table;

export const recordById = queryPer<[entity: ReplicatedClass], [id: string], Row>(
  (entity) => `SELECT * FROM ${table(entity)} WHERE id = ?`,
);
export const recordByObjectId = queryPer<[entity: ReplicatedClass], [objectId: string], Row>(
  (entity) => `SELECT * FROM ${table(entity)} WHERE objectId = ?`,
);
/** A record made here that the server does not have yet. */
export const unsentRecordById = queryPer<[entity: ReplicatedClass], [id: string], Row>(
  (entity) => `SELECT * FROM ${table(entity)} WHERE id = ? AND objectId IS NULL`,
);
/** Local id → objectId (null: not on the server yet). */
export const objectIdOf = queryPer<[entity: ReplicatedClass], [id: string], { objectId: string | null }>(
  (entity) => `SELECT objectId FROM ${table(entity)} WHERE id = ?`,
);
/** objectId → local id. */
export const localIdOf = queryPer<[entity: ReplicatedClass], [objectId: string], { id: string }>(
  (entity) => `SELECT id FROM ${table(entity)} WHERE objectId = ?`,
);
/** Every local record the server has, by objectId. */
export const serverObjectIds = queryPer<[entity: ReplicatedClass], [], { objectId: string }>(
  (entity) => `SELECT objectId FROM ${table(entity)} WHERE objectId IS NOT NULL`,
);
/** The server's time of the local copy of a record. */
export const serverTimeOf = queryPer<[entity: ReplicatedClass], [objectId: string], { updatedAt: string | null }>(
  (entity) => `SELECT updatedAt FROM ${table(entity)} WHERE objectId = ?`,
);
/** How many records a class has here, counted up to `limit` only. */
export const recordCountUpTo = queryPer<[entity: ReplicatedClass, limit: number], [], { n: number }>(
  (entity, limit) => `SELECT count(*) AS n FROM (SELECT 1 FROM ${table(entity)} LIMIT ${limit})`,
);

// The local twins of a page of server records (twins.ts): the ids and keys of the page go in as JSON text.

export const recordsByObjectIds = queryPer<[entity: ReplicatedClass], [objectIds: string], Row>(
  (entity) => `SELECT * FROM ${table(entity)} WHERE objectId IN (SELECT value FROM json_each(?))`,
);
/** Whether a class has any record the server does not have yet. */
export const hasUnsentRecords = queryPer<[entity: ReplicatedClass], [], { 1: 1 }>(
  (entity) => `SELECT 1 FROM ${table(entity)} WHERE objectId IS NULL LIMIT 1`,
);
export const unsentRecordsByIds = queryPer<[entity: ReplicatedClass], [ids: string], Row>(
  (entity) => `SELECT * FROM ${table(entity)} WHERE objectId IS NULL AND id IN (SELECT value FROM json_each(?))`,
);
export const unsentRecordsByKeys = queryPer<[entity: ReplicatedClass, key: string], [keys: string], Row>(
  (entity, key) =>
    `SELECT * FROM ${table(entity)} WHERE objectId IS NULL AND "${key}" IN (SELECT value FROM json_each(?))`,
);
/** Another record holding this business key value. */
export const keyHolder = queryPer<
  [entity: ReplicatedClass, key: string],
  [value: unknown, exceptId: string | null],
  Row
>((entity, key) => `SELECT * FROM ${table(entity)} WHERE "${key}" = ? AND id IS NOT ?`);

// Merging a pulled record (merge.ts).

/** The table's columns, as SQLite describes them. */
export const columnsOf = queryPer<
  [entity: ReplicatedClass],
  [],
  { name: string; type: string; notnull: number; dflt_value: unknown }
>((entity) => `PRAGMA table_info(${table(entity)})`);

const inserts = new WeakMap<Store, Map<string, Statement>>();

/**
 * The INSERT of a pulled record with these fields, after id, objectId, createdAt, updatedAt and
 * localUpdatedAt (most pages hold one shape). Found by the field list rather than by its SQL text, which
 * would be built and hashed again for every record of a download.
 */
export function insertPulled(store: Store, entity: ReplicatedClass, fields: string[]): Statement {
  let byShape = inserts.get(store);
  if (!byShape) inserts.set(store, (byShape = new Map()));
  const key = `${entity}:${fields.join(',')}`;
  let statement = byShape.get(key);
  if (!statement) {
    const columns = ['id', 'objectId', 'createdAt', 'updatedAt', 'localUpdatedAt', ...fields];
    statement = store.sqlite.prepare(
      `INSERT INTO ${table(entity)} (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
    );
    byShape.set(key, statement);
  }
  return statement;
}

/**
 * The UPDATE of a local record with what the server has: its objectId and times, and the fields that take
 * the server's value (`@field`, with `@now` as their edit time). Run with `@id`, `@objectId`, `@createdAt`,
 * `@updatedAt`.
 */
export function updatePulled(store: Store, entity: ReplicatedClass, fields: string[]): Statement {
  const assignments = fields.map((f) => `"${f}" = @${f}`);
  return store.statement(
    `UPDATE ${table(entity)} SET objectId = @objectId, createdAt = coalesce(createdAt, @createdAt), updatedAt = @updatedAt
     ${assignments.length ? `, ${assignments.join(', ')}, localUpdatedAt = @now` : ''} WHERE id = @id`,
  );
}

// Writing records as replication's bookkeeping (not a user's edit: localUpdatedAt stays).

export const setField = queryPer<[entity: ReplicatedClass, field: string], [value: unknown, id: string]>(
  (entity, field) => `UPDATE ${table(entity)} SET "${field}" = ? WHERE id = ?`,
);
export const clearField = queryPer<[entity: ReplicatedClass, field: string], [id: string]>(
  (entity, field) => `UPDATE ${table(entity)} SET "${field}" = NULL WHERE id = ?`,
);
/** The server now has a record made here: its objectId and times. */
export const linkToServer = queryPer<
  [entity: ReplicatedClass],
  [objectId: unknown, createdAt: string, updatedAt: unknown, id: string]
>((entity) => `UPDATE ${table(entity)} SET objectId = ?, createdAt = ?, updatedAt = ? WHERE id = ?`);
/** A record made here stays, no longer linked to the server's (gone) copy. */
export const unlinkFromServer = queryPer<[entity: ReplicatedClass], [id: string]>(
  (entity) => `UPDATE ${table(entity)} SET objectId = NULL WHERE id = ?`,
);
export const setServerTime = queryPer<[entity: ReplicatedClass], [updatedAt: unknown, id: string]>(
  (entity) => `UPDATE ${table(entity)} SET updatedAt = ? WHERE id = ?`,
);
/** Back to these values (`@field`) for record `@id`. */
export const revertFields = (store: Store, entity: ReplicatedClass, fields: string[], values: Row & { id: string }) =>
  store
    .statement(`UPDATE ${table(entity)} SET ${fields.map((f) => `"${f}" = @${f}`).join(', ')} WHERE id = @id`)
    .run(values);
export const deleteRecord = queryPer<[entity: ReplicatedClass], [id: string]>(
  (entity) => `DELETE FROM ${table(entity)} WHERE id = ?`,
);

// Records that point to another (deletions.ts).

export const recordsPointingTo = queryPer<[entity: ReplicatedClass, field: string], [id: string], Row>(
  (entity, field) => `SELECT * FROM ${table(entity)} WHERE "${field}" = ?`,
);
/** Records that merely link to it lose the link. */
export const unlinkPointersTo = queryPer<[entity: ReplicatedClass, field: string], [id: string]>(
  (entity, field) => `UPDATE ${table(entity)} SET "${field}" = NULL WHERE "${field}" = ?`,
);

// A user's edit, made for them (a re-applied value, changes handed over): it replicates like any other.

export const editField = queryPer<[entity: ReplicatedClass, field: string], [value: unknown, now: number, id: string]>(
  (entity, field) => `UPDATE ${table(entity)} SET "${field}" = ?, localUpdatedAt = ? WHERE id = ?`,
);
/** Records whose change waits to go (not a delete) and whose `field` names this person. */
export const waitingRecordsNaming = queryPer<
  [entity: ReplicatedClass, field: string],
  [entity: ReplicatedClass, userId: string],
  { id: string }
>(
  (entity, field) =>
    `SELECT t.id FROM ${table(entity)} t JOIN outbox o ON o.entity = ? AND o.recordId = t.id WHERE t."${field}" = ? AND o.op != 'delete'`,
);

// One field of a record, read.

export const fieldOf = queryPer<[entity: ReplicatedClass, field: string], [id: string], { f: string | null }>(
  (entity, field) => `SELECT "${field}" AS f FROM ${table(entity)} WHERE id = ?`,
);
export const currencyOf = queryPer<
  [entity: ReplicatedClass, currencyField: string],
  [id: string],
  { currency: string | null }
>((entity, currencyField) => `SELECT "${currencyField}" AS currency FROM ${table(entity)} WHERE id = ?`);

// What a pushed stone's change tells the server it comes with (push-prepare.ts).

/** The custody event that records a stone's move to this location: the latest. */
export const custodyEventOfMove = query<[gemstone: string, toLocation: unknown], { id: string }>(
  'SELECT id FROM custody_events WHERE gemstone = ? AND toLocation = ? ORDER BY movedAt DESC, rowid DESC LIMIT 1',
);
/**
 * The history entry of a stone's status change, not sent yet: the latest. (+objectId: found by the stone's
 * index, not by the objectId index, where every unsent entry sits.)
 */
export const unsentStatusChange = query<[gemstone: string, statusTo: unknown], { id: string; notes: string | null }>(
  `SELECT id, notes FROM certificate_logs WHERE gemstone = ? AND verificationResult = 'status_change' AND statusTo = ?
           AND +objectId IS NULL AND recordedHere IS NULL ORDER BY verifiedAt DESC, rowid DESC LIMIT 1`,
);

// A record named in the staff's words (describe.ts): its name without its kind.

const NAME_SQL: Record<ReplicatedClass, string> = {
  _User: 'SELECT fullName AS name FROM users WHERE id = ?',
  Buyer: "SELECT buyerCode || ' · ' || companyName AS name FROM buyers WHERE id = ?",
  Gemstone: 'SELECT sku AS name FROM gemstones WHERE id = ?',
  CustodyEvent:
    "SELECT g.sku || ' to ' || e.toLocation AS name FROM custody_events e JOIN gemstones g ON g.id = e.gemstone WHERE e.id = ?",
  CertificateLog: `SELECT g.sku || CASE WHEN c.verificationResult = 'status_change' THEN ', status change' ELSE ', ' || c.issuedBy || ' ' || c.certificateNumber END AS name
    FROM certificate_logs c JOIN gemstones g ON g.id = c.gemstone WHERE c.id = ?`,
  PurchaseInquiry:
    "SELECT b.companyName || ' for ' || g.sku AS name FROM purchase_inquiries i JOIN buyers b ON b.id = i.buyer JOIN gemstones g ON g.id = i.gemstone WHERE i.id = ?",
  Activity: "SELECT coalesce(nullif(subject, ''), type) AS name FROM activities WHERE id = ?",
  StoneHold:
    "SELECT g.sku || ' for ' || b.companyName AS name FROM stone_holds h JOIN gemstones g ON g.id = h.gemstone JOIN buyers b ON b.id = h.buyer WHERE h.id = ?",
  Memo: "SELECT 'to ' || b.companyName || ', due back ' || substr(m.dueBack, 1, 10) AS name FROM memos m JOIN buyers b ON b.id = m.buyer WHERE m.id = ?",
  Invoice:
    "SELECT coalesce(i.invoiceNumber, i.provisionalNumber) || ' to ' || b.companyName AS name FROM invoices i JOIN buyers b ON b.id = i.buyer WHERE i.id = ?",
  MemoLine:
    "SELECT g.sku || ' to ' || b.companyName AS name FROM memo_lines l JOIN gemstones g ON g.id = l.gemstone JOIN memos m ON m.id = l.memo JOIN buyers b ON b.id = m.buyer WHERE l.id = ?",
  Payment:
    "SELECT b.companyName || ' for ' || coalesce(i.invoiceNumber, i.provisionalNumber) AS name FROM payments p JOIN invoices i ON i.id = p.invoice JOIN buyers b ON b.id = p.buyer WHERE p.id = ?",
  Consignment:
    "SELECT g.sku || ' from ' || c.supplier AS name FROM consignments c JOIN gemstones g ON g.id = c.gemstone WHERE c.id = ?",
};
export const recordName = queryPer<[entity: ReplicatedClass], [id: string], { name: string | null }>(
  (entity) => NAME_SQL[entity],
);

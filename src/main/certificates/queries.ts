import type { Database } from 'better-sqlite3';
import { STATUS_CHANGE } from '../../shared/certificate-status';
import { QUEUE_AGES, UNKNOWN_LAB, type QueueFilter } from '../../shared/certificates';
import type { CertificateStatus } from '../../shared/enums';
import { AWAITING_STATUSES } from '../../shared/labs';
import { query } from '../db/query';
import type { Store } from '../db/store';
import type { DuplicateCertificate, EntryRow, StoneRow, VerificationStone } from './certificates';

// Every statement of the certificate log, verification, status changes and the verification queue,
// prepared once per store (Store.statement).

// ── Log entries ──

const SELECT_ENTRY = `
  SELECT c.id, c.objectId, c.gemstone, g.sku, g.gemstoneType, g.caratWeight, c.certificateNumber, c.issuedBy, c.verifiedBy,
         u.fullName AS verifiedByName, c.verifiedAt, c.verificationResult, c.notes, c.statusFrom, c.statusTo, c.recordedHere, c.corrects,
         c.formatOverride, c.document,
         (SELECT json_group_array(x.id) FROM (SELECT id FROM certificate_logs WHERE corrects = c.id ORDER BY verifiedAt, rowid) x) AS correctedBy
  FROM certificate_logs c LEFT JOIN gemstones g ON g.id = c.gemstone LEFT JOIN users u ON u.id = c.verifiedBy`;

export const entryById = query<[id: string], EntryRow>(`${SELECT_ENTRY} WHERE c.id = ?`);

/** One stone's entries, newest first. */
export const entriesOfStone = query<[gemstone: string], EntryRow>(
  `${SELECT_ENTRY} WHERE c.gemstone = ? ORDER BY c.verifiedAt DESC, c.rowid DESC`,
);

/** A log filter (`@gemstone`, `@from`, `@to`, `@issuedBy`, `@result`, `@verifiedBy`) as SQL conditions. */
export interface LogWhere {
  sql: string;
  params: Record<string, unknown>;
}

export const entryCount = (store: Store, where: LogWhere) =>
  (store.statement(`SELECT count(*) AS n FROM certificate_logs c ${where.sql}`).get(where.params) as { n: number }).n;

/** The filtered log, newest first; a page of it when `page` is given. */
export function entries(store: Store, where: LogWhere, page?: { limit: number; offset: number }): EntryRow[] {
  const order = `${SELECT_ENTRY} ${where.sql} ORDER BY c.verifiedAt DESC, c.rowid DESC`;
  return page
    ? (store.statement(`${order} LIMIT @limit OFFSET @offset`).all({ ...where.params, ...page }) as EntryRow[])
    : (store.statement(order).all(where.params) as EntryRow[]);
}

export const entryExists = (store: Store, id: string) =>
  store.statement('SELECT 1 FROM certificate_logs WHERE id = ?').get(id) !== undefined;

export const entryKind = query<[id: string], { gemstone: string; verificationResult: string }>(
  'SELECT gemstone, verificationResult FROM certificate_logs WHERE id = ?',
);

export const entryNotes = query<
  [id: string],
  { notes: string | null; formatOverride: number | null; verificationResult: string }
>('SELECT notes, formatOverride, verificationResult FROM certificate_logs WHERE id = ?');

export const setEntryNotes = query<[notes: string | null, now: number, id: string]>(
  'UPDATE certificate_logs SET notes = ?, localUpdatedAt = ? WHERE id = ?',
);

export const entryDocument = query<[id: string], { document: string | null; verificationResult: string }>(
  'SELECT document, verificationResult FROM certificate_logs WHERE id = ?',
);

export const setEntryDocument = query<[document: string, now: number, id: string]>(
  'UPDATE certificate_logs SET document = ?, localUpdatedAt = ? WHERE id = ?',
);

// ── Verifying a stone ──

export const stoneForLog = query<[id: string], StoneRow>(
  'SELECT id, sku, gemstoneType, caratWeight, certificateNumber, certificateStatus FROM gemstones WHERE id = ?',
);

const stoneToVerify = (column: 'id' | 'sku') =>
  query<[value: string], Omit<VerificationStone, 'lastEntry'>>(
    `SELECT id, sku, gemstoneType, caratWeight, clarityGrade, location, certificateNumber, certificateStatus FROM gemstones WHERE ${column} = ?`,
  );
export const stoneToVerifyById = stoneToVerify('id');
export const stoneToVerifyBySku = stoneToVerify('sku');

/** The stone's latest verification (a change of status is not one); rides the (gemstone, verifiedAt) index. */
export const LATEST_VERIFICATION = `SELECT id, issuedBy, certificateNumber, verificationResult, verifiedAt FROM certificate_logs
   WHERE gemstone = ? AND verificationResult <> '${STATUS_CHANGE}' ORDER BY verifiedAt DESC, rowid DESC LIMIT 1`;
export const latestVerification = query<
  [gemstone: string],
  NonNullable<VerificationStone['lastEntry']> & { id: string }
>(LATEST_VERIFICATION);

/** Other stones carrying one of `spellings`, on the stone itself or in their log (`viaLog`). */
export function stonesWithCertificate(store: Store, spellings: string[], exceptStone: string | null) {
  const marks = spellings.map(() => '?').join(', ');
  return store
    .statement(
      `SELECT g.id AS stoneId, g.sku, g.gemstoneType, g.caratWeight, g.certificateNumber, 0 AS viaLog
         FROM gemstones g WHERE g.certificateNumber IN (${marks}) AND g.id IS NOT ?
       UNION ALL
       SELECT g.id, g.sku, g.gemstoneType, g.caratWeight, c.certificateNumber, 1
         FROM certificate_logs c JOIN gemstones g ON g.id = c.gemstone
         WHERE c.certificateNumber IN (${marks}) AND c.gemstone IS NOT ? AND c.verificationResult <> '${STATUS_CHANGE}'
       ORDER BY viaLog, sku LIMIT 50`,
    )
    .all(...spellings, exceptStone, ...spellings, exceptStone) as (Omit<DuplicateCertificate, 'message'> & {
    viaLog: number;
  })[];
}

/** Whether the stone has a verification later than `verifiedAt`. */
export const laterVerificationExists = (store: Store, gemstone: string, verifiedAt: string) =>
  store
    .statement(
      `SELECT 1 FROM certificate_logs WHERE gemstone = ? AND verifiedAt > ? AND verificationResult <> '${STATUS_CHANGE}' LIMIT 1`,
    )
    .get(gemstone, verifiedAt) !== undefined;

export const setStoneCertificate = query<[number: string, status: string, now: number, id: string]>(
  'UPDATE gemstones SET certificateNumber = ?, certificateStatus = ?, localUpdatedAt = ? WHERE id = ?',
);

export const insertVerification = query<
  [
    {
      id: string;
      now: number;
      gemstone: string;
      certificateNumber: string;
      issuedBy: string;
      verifiedBy: string;
      verifiedAt: string;
      verificationResult: string;
      notes: string | null;
      corrects: string | null;
      formatOverride: number | null;
      document: string | null;
    },
  ]
>(
  `INSERT INTO certificate_logs (id, localUpdatedAt, gemstone, certificateNumber, issuedBy, verifiedBy, verifiedAt,
     verificationResult, notes, corrects, formatOverride, document)
   VALUES (@id, @now, @gemstone, @certificateNumber, @issuedBy, @verifiedBy, @verifiedAt, @verificationResult, @notes,
     @corrects, @formatOverride, @document)`,
);

// ── Changes of status ──

export const stoneStatus = query<[id: string], { certificateStatus: CertificateStatus }>(
  'SELECT certificateStatus FROM gemstones WHERE id = ?',
);

export const stoneCertificateNumber = query<[id: string], { certificateNumber: string | null }>(
  'SELECT certificateNumber FROM gemstones WHERE id = ?',
);

export const insertStatusChange = query<
  [
    {
      id: string;
      now: number;
      gemstone: string;
      certificateNumber: string;
      issuedBy: string;
      by: string | null;
      at: string;
      notes: string | null;
      from: string | null;
      to: string;
      recordedHere: number | null;
    },
  ]
>(
  `INSERT INTO certificate_logs (id, localUpdatedAt, gemstone, certificateNumber, issuedBy, verifiedBy, verifiedAt, verificationResult,
     notes, statusFrom, statusTo, recordedHere)
   VALUES (@id, @now, @gemstone, @certificateNumber, @issuedBy, @by, @at, '${STATUS_CHANGE}', @notes, @from, @to, @recordedHere)`,
);

/** An entry by local id or server objectId. */
export const entryOutcome = query<
  [idOrObjectId: string, same: string],
  { verificationResult: string; statusTo: string | null }
>('SELECT verificationResult, statusTo FROM certificate_logs WHERE id = ? OR objectId = ? LIMIT 1');

/** A verification of the stone recorded here is still queued for the backend. */
export const verificationOnItsWay = (store: Store, gemstone: string) =>
  store
    .statement(
      `SELECT 1 FROM outbox o JOIN certificate_logs c ON c.id = o.recordId
       WHERE o.entity = 'CertificateLog' AND c.gemstone = ? AND c.verificationResult <> '${STATUS_CHANGE}' LIMIT 1`,
    )
    .get(gemstone) !== undefined;

/** The backend refused this workstation's own change of the stone's status (an open dead letter). */
export const statusChangeRefusedHere = (store: Store, gemstone: string) =>
  store
    .statement(
      `SELECT 1 FROM sync_dead_letters WHERE entity = 'Gemstone' AND recordId = ? AND op <> 'pull' AND resolvedAt IS NULL
         AND EXISTS (SELECT 1 FROM json_each(fields) WHERE value = 'certificateStatus') LIMIT 1`,
    )
    .get(gemstone) !== undefined;

// ── The verification queue (see queue.ts) ──

const LAB_FUNCTION = 'loupe_lab_of_number';
/** The lab a waiting stone's certificate is from (see queue.ts); `gemstones` is the outer row. */
const LAB = `coalesce(
  CASE WHEN certificateStatus = 'pending' THEN (SELECT issuedBy FROM certificate_logs c WHERE c.gemstone = gemstones.id AND c.verificationResult <> 'status_change' ORDER BY verifiedAt DESC LIMIT 1) END,
  CASE WHEN certificateNumber IS NULL THEN '${UNKNOWN_LAB}' ELSE ${LAB_FUNCTION}(certificateNumber) END)`;

const COLUMNS = `id, sku, gemstoneType, caratWeight, clarityGrade, location, certificateNumber, certificateStatus, createdAt, localUpdatedAt,
  (SELECT verificationResult FROM certificate_logs c WHERE c.gemstone = gemstones.id AND c.verificationResult <> 'status_change' ORDER BY verifiedAt DESC LIMIT 1) AS lastResult,
  (SELECT verifiedAt FROM certificate_logs c WHERE c.gemstone = gemstones.id AND c.verificationResult <> 'status_change' ORDER BY verifiedAt DESC LIMIT 1) AS lastVerifiedAt`;

const withLabFunction = new WeakSet<Database>();
/** The store's connection, with the lab-of-number function the queue's SQL calls (before it is prepared). */
export function withLabOfNumber(store: Store, labOfNumber: (number: string | null) => string): Store {
  if (!withLabFunction.has(store.sqlite)) {
    store.sqlite.function(LAB_FUNCTION, { deterministic: true }, (n: unknown) =>
      labOfNumber(typeof n === 'string' ? n : null),
    );
    withLabFunction.add(store.sqlite);
  }
  return store;
}

/** How many stones await verification: read from the running tallies (a few hundred rows at most). */
export const awaitingStoneCount = query<string[], { n: number }>(
  `SELECT coalesce(sum(stones), 0) AS n FROM gemstone_tallies WHERE certificateStatus IN (${AWAITING_STATUSES.map(() => '?').join(', ')})`,
);

/** Waited more than `days` days: the known stones by the server's createdAt, the local-only ones by their last change. */
const olderThan = (name: string) =>
  `(CASE WHEN createdAt IS NOT NULL THEN createdAt < @${name}Iso ELSE localUpdatedAt < @${name}Ms END)`;

/** Counts the waiting stones by location, lab and age (the largest of QUEUE_AGES they have waited more than). */
export function cubeSql(): string {
  const marks = AWAITING_STATUSES.map((s) => `'${s}'`).join(', ');
  const ages = [...QUEUE_AGES].sort((a, b) => b - a);
  return `SELECT location, ${LAB} AS lab,
         CASE ${ages.map((d) => `WHEN ${olderThan(`d${d}`)} THEN ${d}`).join(' ')} ELSE 0 END AS age,
         count(*) AS n
       FROM gemstones WHERE certificateStatus IN (${marks}) GROUP BY 1, 2, 3`;
}

/** One part of the queue (one status; the stones the server knows, or the local-only ones), oldest first. */
export function rowsSql(filter: QueueFilter, known: boolean): string {
  const where = [
    'certificateStatus = @status',
    known ? 'createdAt IS NOT NULL' : 'createdAt IS NULL',
    ...(filter.olderThanDays ? [known ? 'createdAt < @oldIso' : 'localUpdatedAt < @oldMs'] : []),
    ...(filter.location ? ['location = @location'] : []),
    ...(filter.lab ? [`${LAB} = @lab`] : []),
  ].join(' AND ');
  return `SELECT ${COLUMNS} FROM gemstones WHERE ${where} ORDER BY ${known ? 'createdAt, localUpdatedAt' : 'localUpdatedAt'} LIMIT @limit`;
}

/** Run on a store `withLabOfNumber` has prepared. */
export const queueCube = <Cell>(store: Store, params: Record<string, string | number>) =>
  store.statement(cubeSql()).all(params) as Cell[];

export const queueRows = <Row>(
  store: Store,
  filter: QueueFilter,
  known: boolean,
  params: Record<string, string | number>,
) => store.statement(rowsSql(filter, known)).all(params) as Row[];

import type { Grading } from '../../../shared/grading';
import { query, updateFieldsSql } from '../../db/query';
import type { Store } from '../../db/store';
import type { CountReportLine } from '../count-report-files';
import type { CountLine, CountSummary } from '../counts';
import type { SignedOutStone } from '../custody';
import type { CertificateEntry, CustodyEntry, InquiryOnStone } from '../desk';
import type { PreferringBuyer } from '../preferring-buyers';
import { SELECT_STONE, type Stone } from './grid';

// Every statement of the inventory (stones, lists, custody, counts, the desk), prepared once per store
// (Store.statement). The grid's filtered, sorted pages are compiled in ./grid.ts.

// ── Stones ──

export const stoneById = query<[id: string], Stone>(`${SELECT_STONE} WHERE g.id = ?`);
export const stoneBySku = query<[sku: string], Stone>(`${SELECT_STONE} WHERE g.sku = ?`);

export const stoneIdBySku = query<[sku: string], { id: string }>('SELECT id FROM gemstones WHERE sku = ?');
export const skuTaken = (store: Store, sku: string) => stoneIdBySku.get(store, sku) !== undefined;

export const buyerExists = (store: Store, id: string) =>
  store.statement('SELECT 1 FROM buyers WHERE id = ?').get(id) !== undefined;

export const buyerIdsByCode = query<[], { buyerCode: string; id: string }>('SELECT buyerCode, id FROM buyers');

export const insertStone = query<[Record<string, unknown>]>(
  `INSERT INTO gemstones (id, localUpdatedAt, sku, gemstoneType, caratWeight, clarityGrade, certificateNumber,
     certificateStatus, location, assignedBuyer, colour, hue, tone, saturation, shape, cutGrade, lengthMm, widthMm,
     depthMm, origin, treatment, fluorescence, reportUrl, costPrice, askingPrice, priceCurrency)
   VALUES (@id, @now, @sku, @gemstoneType, @caratWeight, @clarityGrade, @certificateNumber,
     @certificateStatus, @location, @assignedBuyer, @colour, @hue, @tone, @saturation, @shape, @cutGrade, @lengthMm,
     @widthMm, @depthMm, @origin, @treatment, @fluorescence, @reportUrl, @costPrice, @askingPrice, @priceCurrency)`,
);

/** Sets the given stone fields (`@field`) and localUpdatedAt (`@now`) of stone `@id`. */
export const updateStoneFields = (store: Store, fields: readonly string[], params: Record<string, unknown>) =>
  store.statement(updateFieldsSql('gemstones', fields)).run(params);

// ── Managed lists ──

/** The values stones carry in a column (from the tallies: a few hundred rows). */
export const valuesOnStones = (store: Store, column: 'gemstoneType' | 'location') =>
  (store.statement(`SELECT DISTINCT ${column} AS v FROM gemstone_tallies ORDER BY 1`).all() as { v: string }[]).map(
    (r) => r.v,
  );

export const managedGemstoneTypes = query<[], { name: string; clarityScale: string }>(
  'SELECT name, clarityScale FROM gemstone_types ORDER BY addedAt, name',
);

export const managedLocations = query<[], { name: string; kind: string; retired: number }>(
  'SELECT name, kind, retired FROM locations ORDER BY addedAt, name',
);

export const upsertGemstoneType = query<[name: string, clarityScale: string, addedBy: string | null, now: number]>(
  `INSERT INTO gemstone_types (name, clarityScale, addedBy, addedAt) VALUES (?, ?, ?, ?)
   ON CONFLICT (name) DO UPDATE SET clarityScale = excluded.clarityScale`,
);

export const upsertLocation = query<[name: string, kind: string, retired: number, addedBy: string | null, now: number]>(
  `INSERT INTO locations (name, kind, retired, addedBy, addedAt) VALUES (?, ?, ?, ?, ?)
   ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, retired = excluded.retired`,
);

// ── Custody ──

export const stonePlaceBySku = query<[sku: string], { id: string; sku: string; location: string }>(
  'SELECT id, sku, location FROM gemstones WHERE sku = ?',
);

export const stoneLocation = query<[id: string], { location: string }>('SELECT location FROM gemstones WHERE id = ?');

export const setStoneLocation = query<[location: string, now: number, id: string]>(
  'UPDATE gemstones SET location = ?, localUpdatedAt = ? WHERE id = ?',
);

export const insertCustodyEvent = query<
  [
    {
      id: string;
      now: number;
      gemstone: string;
      fromLocation: string;
      toLocation: string;
      movedBy: string | null;
      movedAt: string;
      reason: string;
    },
  ]
>(
  `INSERT INTO custody_events (id, localUpdatedAt, gemstone, fromLocation, toLocation, movedBy, movedAt, reason)
   VALUES (@id, @now, @gemstone, @fromLocation, @toLocation, @movedBy, @movedAt, @reason)`,
);

/** Stones whose last move out of a `vault` location has not been followed by a return to one of `away`. */
export function stonesSignedOut(store: Store, vault: string[], away: string[]): SignedOutStone[] {
  const vaultList = vault.map((_, i) => `@v${i}`).join(', ');
  const awayList = away.map((_, i) => `@a${i}`).join(', ');
  const params: Record<string, string> = {};
  vault.forEach((v, i) => (params[`v${i}`] = v));
  away.forEach((a, i) => (params[`a${i}`] = a));
  return store
    .statement(
      `SELECT g.id, g.sku, g.gemstoneType, g.caratWeight, g.location, e.fromLocation AS signedOutFrom, e.movedAt AS signedOutAt,
              u.fullName AS signedOutByName, e.reason
       FROM custody_events e
       JOIN gemstones g ON g.id = e.gemstone
       LEFT JOIN users u ON u.id = e.movedBy
       WHERE e.fromLocation IN (${vaultList})
         AND g.location NOT IN (${awayList || "''"})
         AND e.rowid = (SELECT e2.rowid FROM custody_events e2 WHERE e2.gemstone = e.gemstone AND e2.fromLocation IN (${vaultList})
                        ORDER BY e2.movedAt DESC, e2.rowid DESC LIMIT 1)
       ORDER BY e.movedAt, g.sku
       LIMIT 5000`,
    )
    .all(params) as SignedOutStone[];
}

// ── The stone panel and the command palette ──

export const certificatesOfStone = query<
  [id: string],
  Omit<CertificateEntry, 'recordedHere'> & { recordedHere: number | null }
>(
  `SELECT c.id, c.certificateNumber, c.issuedBy, u.fullName AS verifiedByName, c.verifiedAt, c.verificationResult, c.notes,
          c.statusFrom, c.statusTo, c.recordedHere = 1 AS recordedHere
   FROM certificate_logs c LEFT JOIN users u ON u.id = c.verifiedBy
   WHERE c.gemstone = ? ORDER BY c.verifiedAt DESC, c.rowid DESC LIMIT 100`,
);

export const inquiriesOnStone = query<[id: string], InquiryOnStone>(
  `SELECT i.id, i.buyer AS buyerId, b.companyName AS buyerName, b.buyerCode, i.inquiryStatus, i.requestedCaratWeight,
          i.quotedPrice, i.currency, u.fullName AS handledByName, i.followUpAt
   FROM purchase_inquiries i JOIN buyers b ON b.id = i.buyer LEFT JOIN users u ON u.id = i.handledBy
   WHERE i.gemstone = ? ORDER BY i.localUpdatedAt DESC LIMIT 100`,
);

export const custodyOfStone = query<[id: string], CustodyEntry>(
  `SELECT e.id, e.fromLocation, e.toLocation, u.fullName AS movedByName, e.movedAt, e.reason
   FROM custody_events e LEFT JOIN users u ON u.id = e.movedBy
   WHERE e.gemstone = ? ORDER BY e.movedAt DESC, e.rowid DESC LIMIT 200`,
);

export const stoneChangesWaiting = (store: Store, id: string) =>
  store.statement("SELECT 1 FROM outbox WHERE entity = 'Gemstone' AND recordId = ?").get(id) !== undefined;

/** What the palette shows of a stone: its name, place, grading words and asking price (dropped for practitioners). */
export interface StoneHitRow extends Grading {
  id: string;
  sku: string;
  gemstoneType: string;
  caratWeight: number;
  location: string;
  certificateNumber: string | null;
  askingPrice: number | null;
  priceCurrency: string | null;
}
const HIT_COLUMNS = `id, sku, gemstoneType, caratWeight, location, certificateNumber, colour, hue, tone, saturation, shape,
  cutGrade, treatment, fluorescence, origin, askingPrice, priceCurrency`;

export const stonesBySkuPrefix = query<[from: string, to: string, limit: number], StoneHitRow>(
  `SELECT ${HIT_COLUMNS} FROM gemstones WHERE sku >= ? AND sku < ? ORDER BY sku LIMIT ?`,
);

export const stonesByCertificatePrefix = query<
  [from: string, to: string, limit: number],
  StoneHitRow & { certificateNumber: string }
>(
  `SELECT ${HIT_COLUMNS} FROM gemstones
   WHERE certificateNumber >= ? AND certificateNumber < ? ORDER BY certificateNumber LIMIT ?`,
);

export const buyersMatching = query<
  [{ like: string; word: string; limit: number }],
  { id: string; buyerCode: string; companyName: string; contactName: string }
>(
  `SELECT id, buyerCode, companyName, contactName FROM buyers
   WHERE companyName LIKE @like ESCAPE '\\' OR contactName LIKE @like ESCAPE '\\' OR buyerCode LIKE @like ESCAPE '\\'
      OR companyName LIKE @word ESCAPE '\\'
   ORDER BY companyName LIMIT @limit`,
);

/** Buyers whose preferred types include `?` (case-insensitive). */
const PREFERS = `EXISTS (SELECT 1 FROM json_each(coalesce(b.preferredGemstoneTypes, '[]')) p WHERE lower(p.value) = lower(?))`;

export const buyersPreferringType = query<[gemstoneType: string], PreferringBuyer>(
  `SELECT b.id, b.buyerCode, b.companyName, b.contactName, b.salesStatus FROM buyers b
   WHERE ${PREFERS} ORDER BY b.companyName, b.buyerCode`,
);

/** The first few, each carrying how many there are in all: one pass over the buyers, not two. */
export const firstBuyersPreferringType = query<
  [gemstoneType: string, limit: number],
  PreferringBuyer & { total: number }
>(
  `SELECT b.id, b.buyerCode, b.companyName, b.contactName, b.salesStatus, count(*) OVER () AS total FROM buyers b
   WHERE ${PREFERS} ORDER BY b.companyName, b.buyerCode LIMIT ?`,
);

// ── Stock counts ──

const SELECT_COUNT = `
  SELECT c.*, su.fullName AS startedByName, fu.fullName AS finishedByName,
    (SELECT count(*) FROM stock_count_items i WHERE i.countId = c.id AND i.expected = 1 AND i.scannedAt IS NOT NULL) AS scannedExpected,
    (SELECT count(*) FROM stock_count_items i WHERE i.countId = c.id AND i.scannedAt IS NOT NULL AND i.expected = 0) AS unexpectedSoFar
  FROM stock_counts c LEFT JOIN users su ON su.id = c.startedBy LEFT JOIN users fu ON fu.id = c.finishedBy`;

export const countSummary = query<[id: string], CountSummary>(`${SELECT_COUNT} WHERE c.id = ?`);

export const recentCounts = query<[], CountSummary>(
  `${SELECT_COUNT} ORDER BY c.status = 'open' DESC, c.startedAt DESC LIMIT 100`,
);

export const openCountAt = query<[location: string], { id: string }>(
  "SELECT id FROM stock_counts WHERE status = 'open' AND location = ?",
);

/** Opens a count of `location` with its expected list frozen now. */
export function insertCount(store: Store, id: string, location: string, startedBy: string | null, now: number) {
  store
    .statement(
      `INSERT INTO stock_counts (id, location, status, startedBy, startedAt, expectedStones, expectedCarats)
       VALUES (?, ?, 'open', ?, ?, 0, 0)`,
    )
    .run(id, location, startedBy, now);
  store
    .statement(
      `INSERT INTO stock_count_items (countId, sku, gemstone, gemstoneType, caratWeight, recordedLocation, expected)
       SELECT ?, sku, id, gemstoneType, caratWeight, location, 1 FROM gemstones WHERE location = ?`,
    )
    .run(id, location);
  store
    .statement(
      `UPDATE stock_counts SET (expectedStones, expectedCarats) =
         (SELECT count(*), coalesce(sum(caratWeight), 0) FROM stock_count_items WHERE countId = @id) WHERE id = @id`,
    )
    .run({ id });
}

export const countLine = query<[countId: string, sku: string], CountLine & { expected: number }>(
  'SELECT * FROM stock_count_items WHERE countId = ? AND sku = ?',
);

export const markScanned = query<[now: number, by: string | null, countId: string, sku: string]>(
  'UPDATE stock_count_items SET scannedAt = ?, scannedBy = ? WHERE countId = ? AND sku = ?',
);

export const insertUnexpectedLine = query<
  [
    countId: string,
    sku: string,
    gemstone: string | null,
    gemstoneType: string | null,
    caratWeight: number | null,
    recordedLocation: string | null,
    scannedAt: number,
    scannedBy: string | null,
  ]
>(
  `INSERT INTO stock_count_items (countId, sku, gemstone, gemstoneType, caratWeight, recordedLocation, expected, scannedAt, scannedBy)
   VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)`,
);

/** Which lines of a count: the expected ones scanned, the expected ones not scanned, the unexpected ones. */
const LINES = {
  matched: 'expected = 1 AND scannedAt IS NOT NULL',
  missing: 'expected = 1 AND scannedAt IS NULL',
  unexpected: 'expected = 0',
} as const;
export type CountLines = keyof typeof LINES;

export const countTally = (store: Store, countId: string, lines: CountLines) =>
  store
    .statement(
      `SELECT count(*) AS n, coalesce(sum(caratWeight), 0) AS ct FROM stock_count_items WHERE countId = ? AND ${LINES[lines]}`,
    )
    .get(countId) as { n: number; ct: number };

export const countLines = (
  store: Store,
  countId: string,
  lines: CountLines,
  order: 'sku' | 'scannedAt',
  limit: number,
) =>
  store
    .statement(
      `SELECT sku, gemstone, gemstoneType, caratWeight, recordedLocation, scannedAt FROM stock_count_items
       WHERE countId = ? AND ${LINES[lines]} ORDER BY ${order} LIMIT ${limit}`,
    )
    .all(countId) as CountLine[];

export const recentScans = query<[countId: string], CountLine & { expected: number }>(
  `SELECT sku, gemstone, gemstoneType, caratWeight, recordedLocation, scannedAt, expected FROM stock_count_items
   WHERE countId = ? AND scannedAt IS NOT NULL ORDER BY scannedAt DESC, rowid DESC LIMIT 50`,
);

export const setCountFinished = query<
  [
    by: string | null,
    now: number,
    matchedStones: number,
    matchedCarats: number,
    missingStones: number,
    missingCarats: number,
    unexpectedStones: number,
    unexpectedCarats: number,
    id: string,
  ]
>(
  `UPDATE stock_counts SET status = 'finished', finishedBy = ?, finishedAt = ?,
     matchedStones = ?, matchedCarats = ?, missingStones = ?, missingCarats = ?, unexpectedStones = ?, unexpectedCarats = ?
   WHERE id = ?`,
);

export const setCountCancelled = query<[by: string | null, now: number, id: string]>(
  "UPDATE stock_counts SET status = 'cancelled', finishedBy = ?, finishedAt = ? WHERE id = ?",
);

/** The report's lines: missing first, then unexpected in scan order, then matched, each by SKU. */
export const reportLines = query<
  [countId: string],
  Omit<CountReportLine, 'outcome'> & { gemstone: string | null; expected: number }
>(
  `SELECT sku, gemstone, gemstoneType, caratWeight, recordedLocation, scannedAt, expected FROM stock_count_items WHERE countId = ?
   ORDER BY CASE WHEN expected = 1 AND scannedAt IS NULL THEN 0 WHEN expected = 0 THEN 1 ELSE 2 END,
            CASE WHEN expected = 0 THEN scannedAt END, CASE WHEN expected = 0 THEN rowid END, sku`,
);

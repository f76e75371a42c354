import type { InquiryStatus } from '../../shared/enums';
import { query, updateFieldsSql } from '../db/query';
import type { Store } from '../db/store';
import type { InquiryRecord, StoneRecord } from './pipeline';
import type { InquiryRow } from './inquiries';
import type { StoneHold } from './stone-lookup';

// Every statement of inquiries (list, board, pipeline moves, stone lookup), prepared once per store
// (Store.statement).

const SELECT_INQUIRY = `
  SELECT i.id, i.objectId, i.buyer, b.companyName AS buyerName, b.buyerCode, i.gemstone, g.sku, g.gemstoneType,
         g.caratWeight, g.certificateStatus, g.location AS stoneLocation, i.inquiryStatus, i.requestedCaratWeight,
         i.quotedPrice, i.currency, i.handledBy, u.fullName AS handledByName, i.followUpAt, i.outcome, i.outcomeReason,
         coalesce(i.mismatchOverride, 0) AS mismatchOverride, coalesce(i.statusChangedAt, i.createdAt) AS statusChangedAt,
         i.localUpdatedAt, i.statusHistory, g.askingPrice AS stoneAskingPrice, g.priceCurrency AS stonePriceCurrency
  FROM purchase_inquiries i
  JOIN buyers b ON b.id = i.buyer
  JOIN gemstones g ON g.id = i.gemstone
  LEFT JOIN users u ON u.id = i.handledBy`;

/** Inquiries as the screens show them, filtered by `where` (conditions on i, joined with AND) in `order`. */
export function inquiryRows(store: Store, where: string[], params: unknown[], order: string): InquiryRow[] {
  return store
    .statement(`${SELECT_INQUIRY} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ${order}`)
    .all(...params) as InquiryRow[];
}

export const inquiryById = query<[id: string], InquiryRow>(`${SELECT_INQUIRY} WHERE i.id = ?`);

export const inquiriesOfBuyer = query<[buyerId: string], InquiryRow>(
  `${SELECT_INQUIRY} WHERE i.buyer = ? ORDER BY coalesce(i.statusChangedAt, i.createdAt) DESC, i.rowid DESC`,
);

/** A buyer's open inquiries, those on `stone` first. */
export const openInquiriesOfBuyer = query<[buyerId: string, stoneId: string], InquiryRow>(
  `${SELECT_INQUIRY} WHERE i.buyer = ? AND i.inquiryStatus IN ('new', 'quoted', 'reserved')
   ORDER BY i.gemstone = ? DESC, i.rowid DESC LIMIT 20`,
);

/** A board column: longest in stage first. */
export const inquiriesInStage = query<[status: string], InquiryRow>(
  `${SELECT_INQUIRY} WHERE i.inquiryStatus = ? ORDER BY coalesce(i.statusChangedAt, i.createdAt), i.rowid`,
);

export const openInquiryValues = query<
  [],
  { inquiryStatus: InquiryStatus; currency: string; quotedPrice: number | null; handledBy: string | null }
>(
  `SELECT inquiryStatus, currency, quotedPrice, handledBy FROM purchase_inquiries
   WHERE inquiryStatus IN ('new', 'quoted', 'reserved')`,
);

export const closedSince = query<
  [since: string],
  { outcome: string | null; currency: string; quotedPrice: number | null }
>(
  `SELECT outcome, currency, quotedPrice FROM purchase_inquiries
   WHERE inquiryStatus = 'closed' AND coalesce(statusChangedAt, updatedAt) >= ?`,
);

export const staffNames = query<[], { id: string; fullName: string }>('SELECT id, fullName FROM users');

// ── The pipeline ──

export const inquiryRecord = query<[id: string], InquiryRecord>(
  `SELECT id, buyer, gemstone, inquiryStatus, quotedPrice, currency, requestedCaratWeight, handledBy, followUpAt, statusHistory
   FROM purchase_inquiries WHERE id = ?`,
);

export const stoneRecord = query<[id: string], StoneRecord>(
  `SELECT g.id, g.sku, g.location, g.certificateStatus, g.assignedBuyer, b.companyName AS assignedBuyerName
   FROM gemstones g LEFT JOIN buyers b ON b.id = g.assignedBuyer WHERE g.id = ?`,
);

export const buyerCompanyName = query<[id: string], { companyName: string }>(
  'SELECT companyName FROM buyers WHERE id = ?',
);

export const buyerNameAndStatus = query<[id: string], { companyName: string; salesStatus: string }>(
  'SELECT companyName, salesStatus FROM buyers WHERE id = ?',
);

/** Another inquiry holding a stone reserved. */
export const otherReservationOf = query<[stoneId: string, exceptInquiryId: string], { id: string; buyerName: string }>(
  `SELECT i.id, b.companyName AS buyerName FROM purchase_inquiries i JOIN buyers b ON b.id = i.buyer
   WHERE i.gemstone = ? AND i.inquiryStatus = 'reserved' AND i.id <> ? LIMIT 1`,
);

/**
 * A hold of a stone for another buyer that still holds it (active, time not run out; `now` is the store's
 * clock as ISO text, which compares with heldUntil as text). Holds are the holds capability's; this is the
 * one question the pipeline asks of them, so a reservation or a sale cannot go around a hold.
 */
export const holdForAnotherBuyer = query<
  [stoneId: string, now: string, buyerId: string],
  { buyerName: string; heldUntil: string }
>(
  `SELECT b.companyName AS buyerName, h.heldUntil FROM stone_holds h JOIN buyers b ON b.id = h.buyer
   WHERE h.gemstone = ? AND h.status = 'active' AND h.heldUntil > ? AND h.buyer <> ? LIMIT 1`,
);

export const insertInquiry = query<
  [
    {
      id: string;
      now: number;
      buyer: string;
      gemstone: string;
      requestedCaratWeight: number;
      quotedPrice: number | null;
      currency: string;
      handledBy: string | null;
      followUpAt: string | null;
      history: string;
      at: string;
    },
  ]
>(
  `INSERT INTO purchase_inquiries (id, localUpdatedAt, buyer, gemstone, inquiryStatus, requestedCaratWeight, quotedPrice,
     currency, handledBy, followUpAt, statusHistory, statusChangedAt)
   VALUES (@id, @now, @buyer, @gemstone, 'new', @requestedCaratWeight, @quotedPrice, @currency, @handledBy, @followUpAt,
     @history, @at)`,
);

/** Sets the given inquiry fields (`@field`) and localUpdatedAt (`@now`) of inquiry `@id`. */
export const updateInquiryFields = (store: Store, fields: readonly string[], params: Record<string, unknown>) =>
  store.statement(updateFieldsSql('purchase_inquiries', fields)).run(params);

/** Sets the given stone fields (`@field`) and localUpdatedAt (`@now`) of stone `@id`. */
export const updateStoneFields = (store: Store, fields: readonly string[], params: Record<string, unknown>) =>
  store.statement(updateFieldsSql('gemstones', fields)).run(params);

// ── Rivals and refusals ──

export const reservationToUndo = query<
  [id: string],
  { id: string; buyer: string; gemstone: string; inquiryStatus: string; statusHistory: string | null }
>('SELECT id, buyer, gemstone, inquiryStatus, statusHistory FROM purchase_inquiries WHERE id = ?');

export const standingReservation = query<[stoneId: string, exceptInquiryId: string], { buyer: string }>(
  "SELECT buyer FROM purchase_inquiries WHERE gemstone = ? AND inquiryStatus = 'reserved' AND id <> ? LIMIT 1",
);

export const inquiryObjectId = query<[id: string], { objectId: string | null }>(
  'SELECT objectId FROM purchase_inquiries WHERE id = ?',
);

export const setInquiryStatus = query<[status: string, history: string, changedAt: string, now: number, id: string]>(
  'UPDATE purchase_inquiries SET inquiryStatus = ?, statusHistory = ?, statusChangedAt = ?, localUpdatedAt = ? WHERE id = ?',
);

export const stoneAssignedBuyer = query<[id: string], { assignedBuyer: string | null }>(
  'SELECT assignedBuyer FROM gemstones WHERE id = ?',
);

export const setStoneAssignedBuyer = query<[buyer: string | null, now: number, id: string]>(
  'UPDATE gemstones SET assignedBuyer = ?, localUpdatedAt = ? WHERE id = ?',
);

// ── Aging thresholds (a setting of this workstation) ──

export const settingValue = query<[key: string], { value: string }>('SELECT value FROM settings WHERE key = ?');

export const saveSetting = query<[key: string, value: string, now: number]>(
  `INSERT INTO settings (key, value, updatedAt) VALUES (?, ?, ?)
   ON CONFLICT (key) DO UPDATE SET value = excluded.value, updatedAt = excluded.updatedAt`,
);

// ── A stone looked up by SKU ──

/** The inquiry holding a stone: the sale that sold it, or the reservation holding it. */
export const holdingInquiry = (sold: boolean) =>
  query<[stoneId: string], Omit<StoneHold, 'kind'>>(
    `SELECT b.companyName AS buyerName, b.buyerCode, i.inquiryStatus AS stage, u.fullName AS handledByName
     FROM purchase_inquiries i JOIN buyers b ON b.id = i.buyer LEFT JOIN users u ON u.id = i.handledBy
     WHERE i.gemstone = ? AND ${sold ? "i.inquiryStatus = 'closed' AND i.outcome = 'sold'" : "i.inquiryStatus = 'reserved'"}
     ORDER BY coalesce(i.statusChangedAt, i.createdAt) DESC LIMIT 1`,
  );

const scannedStone = <Row>(match: string) =>
  query<[sku: string], Row>(
    `SELECT g.id, g.sku, g.gemstoneType, g.caratWeight, g.clarityGrade, g.certificateStatus, g.location,
            b.companyName AS assignedBuyerName, b.buyerCode AS assignedBuyerCode,
            (SELECT rb.companyName FROM purchase_inquiries r JOIN buyers rb ON rb.id = r.buyer
              WHERE r.gemstone = g.id AND r.inquiryStatus = 'reserved' LIMIT 1) AS reservedFor
     FROM gemstones g LEFT JOIN buyers b ON b.id = g.assignedBuyer
     WHERE ${match} LIMIT 1`,
  );

/** The exact SKU uses the unique index; the case-insensitive fallback only runs when that misses. */
export const scannedStoneBySku = <Row>(store: Store, sku: string) =>
  scannedStone<Row>('g.sku = ?').get(store, sku) ?? scannedStone<Row>('g.sku = ? COLLATE NOCASE').get(store, sku);

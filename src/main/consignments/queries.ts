import type { ConsignmentStatus } from '../../shared/enums';
import { query } from '../db/query';
import type { Store } from '../db/store';

// Every statement of consignments in. A stone is consigned while it has a consignment whose status is
// `in`; `returned` and `settled` close it (the stone went back, or we bought it). Days (dueDate) are
// stored as the instant their local day began, so they compare with the store's clock as ISO text.

/** A consignment as the screens show it (the stone and the staff names joined in). */
export interface ConsignmentRow {
  id: string;
  objectId: string | null;
  gemstone: string;
  sku: string;
  gemstoneType: string;
  caratWeight: number;
  location: string;
  supplier: string;
  supplierReference: string | null;
  terms: string | null;
  agreedPrice: number | null;
  currency: string;
  receivedAt: string;
  dueDate: string | null;
  status: ConsignmentStatus;
  receivedByName: string | null;
  settledAt: string | null;
  settlementReference: string | null;
  closedByName: string | null;
  /** When the stone went back to the supplier (its custody log), for a returned consignment. */
  returnedAt: string | null;
}

const SELECT_CONSIGNMENT = `
  SELECT c.id, c.objectId, c.gemstone, g.sku, g.gemstoneType, g.caratWeight, g.location, c.supplier,
         c.supplierReference, c.terms, c.agreedPrice, c.currency, c.receivedAt, c.dueDate, c.status,
         r.fullName AS receivedByName, c.settledAt, c.settlementReference, x.fullName AS closedByName,
         CASE WHEN c.status = 'returned' THEN (SELECT max(e.movedAt) FROM custody_events e
           WHERE e.gemstone = c.gemstone AND e.toLocation = @returnedTo AND e.movedAt >= c.receivedAt) END AS returnedAt
  FROM consignments c
  JOIN gemstones g ON g.id = c.gemstone
  LEFT JOIN users r ON r.id = c.receivedBy
  LEFT JOIN users x ON x.id = c.closedBy`;

interface Named {
  returnedTo: string;
}

export const consignmentById = query<[Named & { id: string }], ConsignmentRow>(
  `${SELECT_CONSIGNMENT} WHERE c.id = @id`,
);

/** A stone's consignments, latest first. */
export const consignmentsOfStone = query<[Named & { gemstone: string }], ConsignmentRow>(
  `${SELECT_CONSIGNMENT} WHERE c.gemstone = @gemstone ORDER BY c.receivedAt DESC, c.rowid DESC LIMIT 20`,
);

/**
 * Consignments still here, due in [dueFrom, dueBy) when those are given (overdue: before the start of
 * today; due soon: from today on, within a week); of one supplier (any case) when given.
 */
export const listInConsignments = query<
  [Named & { dueFrom: string | null; dueBy: string | null; supplier: string | null }],
  ConsignmentRow
>(
  `${SELECT_CONSIGNMENT}
   WHERE c.status = 'in' AND (@dueBy IS NULL OR c.dueDate < @dueBy) AND (@dueFrom IS NULL OR c.dueDate >= @dueFrom)
     AND (@supplier IS NULL OR c.supplier = @supplier COLLATE NOCASE)
   ORDER BY c.dueDate IS NULL, c.dueDate, c.receivedAt LIMIT 1000`,
);

export const listClosedConsignments = query<[Named & { supplier: string | null }], ConsignmentRow>(
  `${SELECT_CONSIGNMENT}
   WHERE c.status <> 'in' AND (@supplier IS NULL OR c.supplier = @supplier COLLATE NOCASE)
   ORDER BY coalesce(c.settledAt, c.receivedAt) DESC LIMIT 1000`,
);

export const listAllConsignments = query<[Named & { supplier: string | null }], ConsignmentRow>(
  `${SELECT_CONSIGNMENT}
   WHERE (@supplier IS NULL OR c.supplier = @supplier COLLATE NOCASE)
   ORDER BY c.status <> 'in', c.receivedAt DESC LIMIT 1000`,
);

/** The consignments holding the given stones now (a grid page, search hits): by the (gemstone, status) index. */
export function inConsignmentsOnStones(
  store: Store,
  stoneIds: readonly string[],
): { gemstone: string; supplier: string; dueDate: string | null }[] {
  if (stoneIds.length === 0) return [];
  return store
    .statement(
      `SELECT gemstone, supplier, dueDate FROM consignments
       WHERE gemstone IN (${stoneIds.map(() => '?').join(', ')}) AND status = 'in'`,
    )
    .all(...stoneIds) as { gemstone: string; supplier: string; dueDate: string | null }[];
}

/** The suppliers named before, most used first (the receive form offers them). */
export const knownSuppliers = query<[], { supplier: string; consignments: number }>(
  `SELECT supplier, count(*) AS consignments FROM consignments
   GROUP BY supplier COLLATE NOCASE ORDER BY count(*) DESC, supplier LIMIT 200`,
);

/** Overdue consignments: due before the start of today and still here (the follow-up count). */
export const overdueCount = query<[dueBy: string], { n: number }>(
  `SELECT count(*) AS n FROM consignments WHERE status = 'in' AND dueDate < ?`,
);

// ── Writes ──

/** What receiving, returning or settling needs to know of a stone. */
export interface StoneForConsignment {
  id: string;
  sku: string;
  location: string;
  costPrice: number | null;
  askingPrice: number | null;
  priceCurrency: string | null;
  reservedForName: string | null;
}

export const stoneForConsignment = query<[id: string], StoneForConsignment>(
  `SELECT g.id, g.sku, g.location, g.costPrice, g.askingPrice, g.priceCurrency,
          (SELECT b.companyName FROM purchase_inquiries i JOIN buyers b ON b.id = i.buyer
           WHERE i.gemstone = g.id AND i.inquiryStatus = 'reserved' LIMIT 1) AS reservedForName
   FROM gemstones g WHERE g.id = ?`,
);

/** The hold holding a stone now, if any (who for, until when). */
export const runningHoldOnStone = query<[stoneId: string, now: string], { buyerName: string; heldUntil: string }>(
  `SELECT b.companyName AS buyerName, h.heldUntil FROM stone_holds h JOIN buyers b ON b.id = h.buyer
   WHERE h.gemstone = ? AND h.status = 'active' AND h.heldUntil > ? ORDER BY h.heldUntil DESC LIMIT 1`,
);

export interface ConsignmentRecord {
  id: string;
  gemstone: string;
  supplier: string;
  status: ConsignmentStatus;
  agreedPrice: number | null;
  currency: string;
}

export const consignmentRecord = query<[id: string], ConsignmentRecord>(
  'SELECT id, gemstone, supplier, status, agreedPrice, currency FROM consignments WHERE id = ?',
);

export const insertConsignment = query<
  [
    {
      id: string;
      now: number;
      gemstone: string;
      supplier: string;
      supplierReference: string | null;
      terms: string | null;
      agreedPrice: number;
      currency: string;
      receivedAt: string;
      dueDate: string | null;
      receivedBy: string;
    },
  ]
>(
  `INSERT INTO consignments (id, localUpdatedAt, gemstone, supplier, supplierReference, terms, agreedPrice,
     currency, receivedAt, dueDate, status, receivedBy)
   VALUES (@id, @now, @gemstone, @supplier, @supplierReference, @terms, @agreedPrice, @currency, @receivedAt,
     @dueDate, 'in', @receivedBy)`,
);

export const closeConsignment = query<
  [
    {
      id: string;
      now: number;
      status: 'returned' | 'settled';
      settledAt: string | null;
      settlementReference: string | null;
      closedBy: string;
    },
  ]
>(
  `UPDATE consignments SET status = @status, settledAt = @settledAt, settlementReference = @settlementReference,
     closedBy = @closedBy, localUpdatedAt = @now WHERE id = @id AND status = 'in'`,
);

/** A consignment the server refused (another desk received the stone first), never stored there. */
export const unsentConsignment = query<[id: string], { objectId: string | null; status: string }>(
  'SELECT objectId, status FROM consignments WHERE id = ?',
);

export const dropUnsentConsignment = query<[id: string]>('DELETE FROM consignments WHERE id = ? AND objectId IS NULL');

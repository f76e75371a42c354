import type { Store } from '../db/store';

/** A stone as the inquiry form shows it after a scan: what it is, and whether someone already holds it. */
export interface ScannedStone {
  id: string;
  sku: string;
  gemstoneType: string;
  caratWeight: number;
  clarityGrade: string;
  certificateStatus: string;
  location: string;
  assignedBuyerName: string | null;
  /** The buyer of the inquiry that has it reserved, if any. */
  reservedFor: string | null;
}

/**
 * Exact SKU lookup for "create an inquiry from a stone (scan it)": a scanner types the SKU and Enter.
 * Case-insensitive, so a label printed in lower case still finds its stone.
 */
export function stoneBySku(store: Store, sku: string): ScannedStone | null {
  const query = (where: string) =>
    store.sqlite
      .prepare(
        `SELECT g.id, g.sku, g.gemstoneType, g.caratWeight, g.clarityGrade, g.certificateStatus, g.location,
                b.companyName AS assignedBuyerName,
                (SELECT rb.companyName FROM purchase_inquiries r JOIN buyers rb ON rb.id = r.buyer
                  WHERE r.gemstone = g.id AND r.inquiryStatus = 'reserved' LIMIT 1) AS reservedFor
         FROM gemstones g LEFT JOIN buyers b ON b.id = g.assignedBuyer
         WHERE ${where} LIMIT 1`,
      )
      .get(sku) as ScannedStone | undefined;
  // The exact SKU uses the unique index; the case-insensitive fallback only runs when that misses.
  return query('g.sku = ?') ?? query('g.sku = ? COLLATE NOCASE') ?? null;
}

import type { BuyerValues } from '../../shared/sales';
import { query, updateFieldsSql } from '../db/query';
import type { Store } from '../db/store';
import type { Buyer, ReservedStone } from './buyers';
import type { FittingStone, InterestedBuyer } from './matching';

// Every statement of buyers and client matching, prepared once per store (Store.statement).

export type BuyerRow = Omit<Buyer, 'preferredGemstoneTypes'> & { preferredGemstoneTypes: string | null };

const SELECT_BUYER = `
  SELECT b.id, b.objectId, b.buyerCode, b.companyName, b.contactName, b.email, b.phone, b.preferredGemstoneTypes,
         b.salesStatus, b.accountManager, u.fullName AS accountManagerName, b.localUpdatedAt,
         (SELECT count(*) FROM purchase_inquiries i WHERE i.buyer = b.id AND i.inquiryStatus IN ('new', 'quoted', 'reserved')) AS openInquiries
  FROM buyers b LEFT JOIN users u ON u.id = b.accountManager`;

export const buyerById = query<[id: string], BuyerRow>(`${SELECT_BUYER} WHERE b.id = ?`);

/** Buyers by company name; `search` is LIKE-matched (escaped with \) against `searchColumns`. */
export function buyerRows(
  store: Store,
  filter: { search?: { like: string; columns: string[] }; salesStatus?: string; limit: number },
): BuyerRow[] {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.search) {
    const { like, columns } = filter.search;
    where.push(`(${columns.map((c) => `${c} LIKE ? ESCAPE '\\'`).join(' OR ')})`);
    params.push(...columns.map(() => like));
  }
  if (filter.salesStatus) {
    where.push('b.salesStatus = ?');
    params.push(filter.salesStatus);
  }
  return store
    .statement(
      `${SELECT_BUYER} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY b.companyName COLLATE NOCASE LIMIT ?`,
    )
    .all(...params, filter.limit) as BuyerRow[];
}

export const reservedStonesOf = query<[buyerId: string], ReservedStone>(
  `SELECT g.id, g.sku, g.gemstoneType, g.caratWeight, g.location,
          (SELECT r.id FROM purchase_inquiries r WHERE r.gemstone = g.id AND r.buyer = g.assignedBuyer
             AND r.inquiryStatus = 'reserved' LIMIT 1) AS inquiryId
   FROM gemstones g WHERE g.assignedBuyer = ? ORDER BY g.sku`,
);

export const gemstoneTypesInStock = query<[], { t: string }>(
  'SELECT DISTINCT gemstoneType AS t FROM gemstones ORDER BY 1',
);

export const insertBuyerRow = query<
  [Omit<BuyerValues, 'preferredGemstoneTypes'> & { id: string; now: number; types: string }]
>(
  `INSERT INTO buyers (id, localUpdatedAt, buyerCode, companyName, contactName, email, phone, preferredGemstoneTypes,
     salesStatus, accountManager)
   VALUES (@id, @now, @buyerCode, @companyName, @contactName, @email, @phone, @types, @salesStatus, @accountManager)`,
);

/** Sets the given buyer fields (`@field` in `params`) and localUpdatedAt (`@now`) of buyer `@id`. */
export const updateBuyerFields = (store: Store, fields: readonly string[], params: Record<string, unknown>) =>
  store.statement(updateFieldsSql('buyers', fields)).run(params);

export const inquiryCountOf = query<[buyerId: string], { n: number }>(
  'SELECT count(*) AS n FROM purchase_inquiries WHERE buyer = ?',
);
export const activitiesOf = query<[buyerId: string], { id: string }>('SELECT id FROM activities WHERE relatedTo = ?');
export const deleteActivity = query<[id: string]>('DELETE FROM activities WHERE id = ?');
export const stonesAssignedTo = query<[buyerId: string], { id: string }>(
  'SELECT id FROM gemstones WHERE assignedBuyer = ?',
);
export const releaseStone = query<[now: number, id: string]>(
  'UPDATE gemstones SET assignedBuyer = NULL, localUpdatedAt = ? WHERE id = ?',
);
export const deleteBuyerRow = query<[id: string]>('DELETE FROM buyers WHERE id = ?');

export const numberedBuyerCodes = query<[], { buyerCode: string }>(
  "SELECT buyerCode FROM buyers WHERE buyerCode GLOB 'B-[0-9]*'",
);

export const staffIdentities = query<[], { id: string; username: string; email: string; fullName: string }>(
  'SELECT id, username, email, fullName FROM users',
);

export const buyerIdentities = query<[], { id: string; buyerCode: string; companyName: string; email: string }>(
  'SELECT id, buyerCode, companyName, email FROM buyers',
);

// ── Client matching ──

export const preferredTypesOf = query<[buyerId: string], { preferredGemstoneTypes: string | null }>(
  'SELECT preferredGemstoneTypes FROM buyers WHERE id = ?',
);

export const openInquiryWants = query<
  [buyerId: string],
  { gemstone: string; requestedCaratWeight: number; gemstoneType: string }
>(
  `SELECT i.gemstone, i.requestedCaratWeight, g.gemstoneType FROM purchase_inquiries i JOIN gemstones g ON g.id = i.gemstone
   WHERE i.buyer = ? AND i.inquiryStatus IN ('new', 'quoted', 'reserved')`,
);

/** Not sold, not assigned to a buyer, and held reserved by no inquiry. */
const AVAILABLE = `g.location <> 'Sold' AND g.assignedBuyer IS NULL
  AND NOT EXISTS (SELECT 1 FROM purchase_inquiries r WHERE r.gemstone = g.id AND r.inquiryStatus = 'reserved')`;

/** Available stones of `types`, within any of the carat `windows` (all weights when none), heaviest first. */
export function availableStonesFitting(store: Store, types: string[], windows: [number, number][]) {
  const typeClause = `g.gemstoneType IN (${types.map(() => '?').join(', ')})`;
  const weightClause = windows.length ? `AND (${windows.map(() => 'g.caratWeight BETWEEN ? AND ?').join(' OR ')})` : '';
  return store
    .statement(
      `SELECT g.id, g.sku, g.gemstoneType, g.caratWeight, g.clarityGrade, g.certificateStatus, g.location FROM gemstones g
       WHERE ${AVAILABLE} AND ${typeClause} ${weightClause}
       ORDER BY g.caratWeight DESC LIMIT 2000`,
    )
    .all(...types, ...windows.flat()) as Omit<FittingStone, 'nearRequested' | 'why'>[];
}

export const stoneTypeAndWeight = query<[id: string], { id: string; gemstoneType: string; caratWeight: number }>(
  'SELECT id, gemstoneType, caratWeight FROM gemstones WHERE id = ?',
);

/** Every buyer not blocked, with whether they ask about this stone, one like it, or prefer its type. */
export const buyersWanting = (nearMinCt: number, nearFraction: number) =>
  query<
    [{ stone: string; type: string; carat: number }],
    Omit<InterestedBuyer, 'why' | 'openInquiries'> & { onThisStone: number; nearRequest: number; prefers: number }
  >(
    `SELECT b.id, b.buyerCode, b.companyName, b.contactName, b.salesStatus, u.fullName AS accountManagerName,
       EXISTS (SELECT 1 FROM purchase_inquiries i WHERE i.buyer = b.id AND i.gemstone = @stone
                 AND i.inquiryStatus IN ('new', 'quoted', 'reserved')) AS onThisStone,
       EXISTS (SELECT 1 FROM purchase_inquiries i JOIN gemstones s ON s.id = i.gemstone
               WHERE i.buyer = b.id AND i.inquiryStatus IN ('new', 'quoted', 'reserved') AND i.gemstone <> @stone
                 AND s.gemstoneType = @type
                 AND abs(i.requestedCaratWeight - @carat) <= max(${nearMinCt}, ${nearFraction} * i.requestedCaratWeight) + 1e-9) AS nearRequest,
       EXISTS (SELECT 1 FROM json_each(coalesce(b.preferredGemstoneTypes, '[]')) p WHERE lower(p.value) = lower(@type)) AS prefers
     FROM buyers b LEFT JOIN users u ON u.id = b.accountManager
     WHERE b.salesStatus <> 'blocked'`,
  );

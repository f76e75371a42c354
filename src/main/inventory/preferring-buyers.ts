import type { Store } from '../db/store';

// "Buyers who prefer <type>" on a stone: the first few by company name with the exact number of them,
// and every one of them when asked ("Show all N"). Buyer.preferredGemstoneTypes is a JSON array of type
// names, compared case-insensitively; buyers are thousands, not millions, so json_each over them is fine.

export interface PreferringBuyer {
  id: string;
  buyerCode: string;
  companyName: string;
  contactName: string;
  salesStatus: string;
}

/** What a stone panel shows before "Show all". */
export const PREFERRING_PREVIEW = 8;

const PREFERS = `EXISTS (SELECT 1 FROM json_each(coalesce(b.preferredGemstoneTypes, '[]')) p WHERE lower(p.value) = lower(?))`;

export function buyersPreferring(
  store: Store,
  gemstoneType: string,
  limit?: number,
): { buyers: PreferringBuyer[]; total: number } {
  const buyers = store.sqlite
    .prepare(
      `SELECT b.id, b.buyerCode, b.companyName, b.contactName, b.salesStatus FROM buyers b
       WHERE ${PREFERS} ORDER BY b.companyName, b.buyerCode ${limit === undefined ? '' : 'LIMIT ?'}`,
    )
    .all(...(limit === undefined ? [gemstoneType] : [gemstoneType, limit])) as PreferringBuyer[];
  const total =
    limit === undefined || buyers.length < limit
      ? buyers.length
      : (store.sqlite.prepare(`SELECT count(*) AS n FROM buyers b WHERE ${PREFERS}`).get(gemstoneType) as { n: number })
          .n;
  return { buyers, total };
}

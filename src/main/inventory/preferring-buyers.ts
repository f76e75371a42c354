import type { Store } from '../db/store';
import { buyersPreferringType, firstBuyersPreferringType } from './queries';

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

export function buyersPreferring(
  store: Store,
  gemstoneType: string,
  limit?: number,
): { buyers: PreferringBuyer[]; total: number } {
  if (limit === undefined) {
    const buyers = buyersPreferringType.all(store, gemstoneType);
    return { buyers, total: buyers.length };
  }
  const first = firstBuyersPreferringType.all(store, gemstoneType, limit);
  return { buyers: first.map(({ total: _total, ...buyer }) => buyer), total: first[0]?.total ?? 0 };
}

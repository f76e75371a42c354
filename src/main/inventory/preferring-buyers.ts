import type { Store } from '../db/store';
import { buyersPreferringType, buyersPreferringTypeCount, firstBuyersPreferringType } from './queries';

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
  const buyers =
    limit === undefined
      ? buyersPreferringType.all(store, gemstoneType)
      : firstBuyersPreferringType.all(store, gemstoneType, limit);
  const total =
    limit === undefined || buyers.length < limit
      ? buyers.length
      : buyersPreferringTypeCount.get(store, gemstoneType)!.n;
  return { buyers, total };
}

import type { InquiryStatus } from '../../shared/enums';
import type { Store } from '../db/store';
import { SOLD_LOCATION } from './pipeline';
import { holdingInquiry, scannedStoneBySku } from './queries';

/**
 * Who holds a stone, for the warning the inquiry form shows before a new inquiry is saved:
 *   reserved  an inquiry holds it reserved (a new inquiry is still taken; it cannot be reserved until that one closes)
 *   sold      it is sold (the core refuses new inquiries on it)
 *   assigned  set aside for a buyer without a reserved inquiry (e.g. on memo)
 */
export interface StoneHold {
  kind: 'reserved' | 'sold' | 'assigned';
  /** The buyer holding it; null for a stone sold outside any inquiry. */
  buyerName: string | null;
  buyerCode: string | null;
  /** The stage of the inquiry that holds it (reserved, or closed for a sale); null without one. */
  stage: InquiryStatus | null;
  handledByName: string | null;
}

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
  hold: StoneHold | null;
}

/** The inquiry that holds `stoneId`: reserved, or closed as sold (latest first). */

export function stoneHold(
  store: Store,
  stone: { id: string; location: string; assignedBuyerName: string | null; assignedBuyerCode: string | null },
): StoneHold | null {
  const sold = stone.location === SOLD_LOCATION;
  const inquiry = holdingInquiry(sold).get(store, stone.id);
  if (sold)
    return { kind: 'sold', ...(inquiry ?? { buyerName: null, buyerCode: null, stage: null, handledByName: null }) };
  if (inquiry) return { kind: 'reserved', ...inquiry };
  if (stone.assignedBuyerName) {
    return {
      kind: 'assigned',
      buyerName: stone.assignedBuyerName,
      buyerCode: stone.assignedBuyerCode,
      stage: null,
      handledByName: null,
    };
  }
  return null;
}

/**
 * Exact SKU lookup for "create an inquiry from a stone (scan it)": a scanner types the SKU and Enter.
 * Case-insensitive, so a label printed in lower case still finds its stone.
 */
export function stoneBySku(store: Store, sku: string): ScannedStone | null {
  const row = scannedStoneBySku<Omit<ScannedStone, 'hold'> & { assignedBuyerCode: string | null }>(store, sku);
  if (!row) return null;
  const { assignedBuyerCode: _code, ...stone } = row;
  return { ...stone, hold: stoneHold(store, row) };
}

import type { Role } from '../../shared/enums';
import type { Store } from '../db/store';
import { openBuyerInquiryRows, toInquiry, type Inquiry } from '../inquiries/inquiries';
import { DomainError } from '../trpc/errors';
import {
  availableStonesFitting,
  buyersWanting,
  openInquiryWants,
  preferredTypesOf,
  stoneTypeAndWeight,
} from './queries';

// Client matching (seed 000). A stone is *available* when it is not sold, not assigned to a buyer, and no
// inquiry holds it reserved. A carat weight is *near* a requested one within ±20% (at least ±0.10 ct).
//   stones that fit a buyer: available stones of a type they prefer (or asked about in an open inquiry)
//     — and, when they have open inquiries, near one of the carat weights those inquiries request;
//     closest to a requested weight first. Stones already in their open inquiries are left out.
//   buyers who want a stone: buyers (not blocked) who prefer its type, have an open inquiry on it, or have
//     an open inquiry for the same type near its weight — each with their open inquiries.

export const NEAR_FRACTION = 0.2;
export const NEAR_MIN_CT = 0.1;

export function isNearWeight(carat: number, requested: number): boolean {
  return Math.abs(carat - requested) <= Math.max(NEAR_MIN_CT, NEAR_FRACTION * requested) + 1e-9;
}

export interface FittingStone {
  id: string;
  sku: string;
  gemstoneType: string;
  caratWeight: number;
  clarityGrade: string;
  certificateStatus: string;
  location: string;
  /** The requested weight it is nearest to, when the buyer has open inquiries. */
  nearRequested: number | null;
  why: string;
}

export const MATCH_LIMIT = 50;

export function stonesThatFit(store: Store, buyerId: string): FittingStone[] {
  const buyer = preferredTypesOf.get(store, buyerId);
  if (!buyer) throw new DomainError('NOT_FOUND', 'That buyer no longer exists.');
  const preferred: string[] = (() => {
    try {
      const v = JSON.parse(buyer.preferredGemstoneTypes ?? '[]') as unknown;
      return Array.isArray(v) ? v.filter((t): t is string => typeof t === 'string') : [];
    } catch {
      return [];
    }
  })();
  const open = openInquiryWants.all(store, buyerId);
  const types = [...new Set([...preferred, ...open.map((o) => o.gemstoneType)])];
  if (types.length === 0) return [];
  const weights = [...new Set(open.map((o) => o.requestedCaratWeight))];
  const inInquiries = new Set(open.map((o) => o.gemstone));

  // Narrow in SQL (type, and the union of the weight windows) so a large stock is not scanned in JS.
  const windows = weights.map((w): [number, number] => {
    const d = Math.max(NEAR_MIN_CT, NEAR_FRACTION * w) + 1e-9;
    return [w - d, w + d];
  });
  const rows = availableStonesFitting(store, types, windows);

  const fits: (FittingStone & { distance: number })[] = [];
  for (const stone of rows) {
    if (inInquiries.has(stone.id)) continue;
    const near = weights
      .filter((w) => isNearWeight(stone.caratWeight, w))
      .sort((a, b) => Math.abs(stone.caratWeight - a) - Math.abs(stone.caratWeight - b))[0];
    if (weights.length && near === undefined) continue;
    const prefers = preferred.includes(stone.gemstoneType);
    const why = [prefers ? `prefers ${stone.gemstoneType}` : `asked about ${stone.gemstoneType}`];
    if (near !== undefined) why.push(`near ${near.toFixed(2)} ct requested`);
    fits.push({
      ...stone,
      nearRequested: near ?? null,
      why: why.join(' · '),
      distance: near === undefined ? 0 : Math.abs(stone.caratWeight - near) / near,
    });
  }
  fits.sort((a, b) => a.distance - b.distance || b.caratWeight - a.caratWeight);
  return fits.slice(0, MATCH_LIMIT).map(({ distance: _d, ...stone }) => stone);
}

export interface InterestedBuyer {
  id: string;
  buyerCode: string;
  companyName: string;
  contactName: string;
  salesStatus: string;
  accountManagerName: string | null;
  /** Why they match, strongest first: an inquiry on this stone, a near request, a preference. */
  why: string[];
  openInquiries: Inquiry[];
}

/**
 * "Buyers who want this": for the stone detail and for intake. Returns no contact details (email, phone)
 * and no prices for roles that must not see them.
 */
export type StoneToMatch = { gemstoneId: string } | { gemstoneType: string; caratWeight: number };

export function buyersForStone(store: Store, role: Role, target: StoneToMatch): InterestedBuyer[] {
  // At intake the stone is not saved yet: its type and weight are enough.
  const stone =
    'gemstoneId' in target
      ? stoneTypeAndWeight.get(store, target.gemstoneId)
      : { id: '', gemstoneType: target.gemstoneType, caratWeight: target.caratWeight };
  if (!stone) throw new DomainError('NOT_FOUND', 'That stone no longer exists.');
  const candidates = buyersWanting(NEAR_MIN_CT, NEAR_FRACTION).all(store, {
    stone: stone.id,
    type: stone.gemstoneType,
    carat: stone.caratWeight,
  });
  const matches = candidates
    .filter((c) => c.onThisStone || c.nearRequest || c.prefers)
    .sort(
      (a, b) =>
        b.onThisStone - a.onThisStone || b.nearRequest - a.nearRequest || a.companyName.localeCompare(b.companyName),
    )
    .slice(0, MATCH_LIMIT);
  return matches.map(({ onThisStone, nearRequest, prefers, ...buyer }) => {
    const why: string[] = [];
    if (onThisStone) why.push('has an open inquiry on this stone');
    if (nearRequest) why.push(`asked for a ${stone.gemstoneType} near this weight`);
    if (prefers) why.push(`prefers ${stone.gemstoneType}`);
    const openInquiries = openBuyerInquiryRows(store, buyer.id, stone.id);
    return { ...buyer, why, openInquiries: openInquiries.map((i) => toInquiry(i, role)) };
  });
}

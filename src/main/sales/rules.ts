import type { Role } from '../../shared/enums';
import { hiddenFields } from '../../shared/privacy';
import type { Store } from '../db/store';
import type { SessionUser } from '../trpc/context';
import { DomainError } from '../trpc/errors';
import { staffNameAndRole, staffObjectId } from './queries';

// Rules shared by the sales capabilities (buyers, inquiries, activities).

/** Roles that may own a buyer or handle an inquiry: the people who sell (practitioners verify certificates). */
export const SALES_ROLES: readonly Role[] = ['admin', 'coordinator'];

/** Whether `role` may receive prices (PurchaseInquiry.quotedPrice) — and so any total made of them. */
export function canSeePrices(role: Role): boolean {
  return !hiddenFields('PurchaseInquiry', role).includes('quotedPrice');
}

/** A staff member named on a record (account manager, handled by) must exist and be one who sells. */
export function assertSalesStaff(store: Store, userId: string | null | undefined, field: string, what: string): void {
  if (!userId) return;
  const row = staffNameAndRole.get(store, userId);
  if (!row) throw new DomainError('INVALID_REFERENCE', `The ${what} is not a known staff member.`, field);
  if (!(SALES_ROLES as readonly string[]).includes(row.role)) {
    throw new DomainError(
      'INVALID_REFERENCE',
      `${row.fullName} is a practitioner; the ${what} must be a coordinator or an administrator.`,
      field,
    );
  }
}

/** How a staff member is named in history entries: their Parse objectId once known, so every workstation agrees. */
export function actorRef(store: Store, user: SessionUser): { by: string; byName: string } {
  return { by: staffObjectId.get(store, user.id)?.objectId ?? user.id, byName: user.fullName };
}

export const isoAt = (ms: number) => new Date(ms).toISOString();

export interface MoneyTotal {
  currency: string;
  /** Integer minor units of `currency`. */
  amount: number;
}

/** Sums (currency, minor units) pairs per currency (alphabetical); null prices are skipped. */
export function totalsByCurrency(rows: { currency: string; quotedPrice?: number | null }[]): MoneyTotal[] {
  const sums = new Map<string, number>();
  for (const row of rows) {
    if (row.quotedPrice === null || row.quotedPrice === undefined) continue;
    sums.set(row.currency, (sums.get(row.currency) ?? 0) + row.quotedPrice);
  }
  return [...sums]
    .map(([currency, amount]) => ({ currency, amount }))
    .sort((a, b) => a.currency.localeCompare(b.currency));
}

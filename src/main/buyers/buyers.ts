import { z } from 'zod';
import { DEFAULT_GEMSTONE_TYPES, SALES_STATUSES, type SalesStatus } from '../../shared/enums';
import { hiddenFields } from '../../shared/privacy';
import {
  buyerFields,
  createBuyerInput,
  listBuyersInput,
  type BuyerValues,
  type CreateBuyerInput,
} from '../../shared/sales';
import { listActivities, type Activity } from '../activities/activities';
import type { Store } from '../db/store';
import { buyerInquiryRows, toInquiry, type Inquiry } from '../inquiries/inquiries';
import type { SessionUser } from '../trpc/context';
import { DomainError } from '../trpc/errors';
import { redact } from '../trpc/privacy';
import { DuplicateIndex, duplicateMessage, type BuyerIdentity, type Duplicate } from './duplicates';
import { assertSalesStaff, canSeePrices, totalsByCurrency, type MoneyTotal } from '../sales/rules';
import {
  activitiesOf,
  buyerById,
  buyerRows,
  deleteActivity,
  deleteBuyerRow,
  gemstoneTypesInStock,
  inquiryCountOf,
  insertBuyerRow,
  numberedBuyerCodes,
  releaseStone,
  reservedStonesOf,
  stonesAssignedTo,
  updateBuyerFields,
  type BuyerRow,
} from './queries';

/** A buyer as the screens show it; email and phone are absent for roles that must not see them. */
export interface Buyer {
  id: string;
  objectId: string | null;
  buyerCode: string;
  companyName: string;
  contactName: string;
  email?: string;
  phone?: string | null;
  preferredGemstoneTypes: string[];
  salesStatus: SalesStatus;
  accountManager: string | null;
  accountManagerName: string | null;
  openInquiries: number;
  localUpdatedAt: number;
}

function parseTypes(json: string | null): string[] {
  if (!json) return [];
  try {
    const value = JSON.parse(json) as unknown;
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

function toBuyer(row: BuyerRow, role: SessionUser['role']): Buyer {
  return redact('Buyer', role, { ...row, preferredGemstoneTypes: parseTypes(row.preferredGemstoneTypes) });
}

function loadBuyerRow(store: Store, id: string): BuyerRow {
  const row = buyerById.get(store, id);
  if (!row) throw new DomainError('NOT_FOUND', 'That buyer no longer exists.');
  return row;
}

export function getBuyer(store: Store, role: SessionUser['role'], id: string): Buyer {
  return toBuyer(loadBuyerRow(store, id), role);
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Buyers by company name; search matches company, contact, code (and email, for those who may see it). */
export function listBuyers(
  store: Store,
  role: SessionUser['role'],
  rawInput: z.input<typeof listBuyersInput> = {},
): Buyer[] {
  const input = listBuyersInput.parse(rawInput) ?? { limit: 500 };
  let search: { like: string; columns: string[] } | undefined;
  if (input.search) {
    const columns = ['b.companyName', 'b.contactName', 'b.buyerCode'];
    if (!hiddenFields('Buyer', role).includes('email')) columns.push('b.email');
    search = { like: `%${escapeLike(input.search)}%`, columns };
  }
  const rows = buyerRows(store, { search, salesStatus: input.salesStatus, limit: input.limit });
  return rows.map((r) => toBuyer(r, role));
}

/** Administrators edit every buyer; a coordinator edits the buyers they manage. */
export function mayEditBuyer(user: SessionUser, buyer: { accountManager: string | null }): boolean {
  return user.role === 'admin' || (user.role === 'coordinator' && buyer.accountManager === user.id);
}

export interface ReservedStone {
  id: string;
  sku: string;
  gemstoneType: string;
  caratWeight: number;
  location: string;
  /** The reserved inquiry holding it, when the hold came through the pipeline. */
  inquiryId: string | null;
}

export interface BuyerProfile {
  buyer: Buyer;
  canEdit: boolean;
  openInquiries: Inquiry[];
  pastInquiries: Inquiry[];
  /** Open quoted value and won (sold) value per currency; absent for roles that must not see prices. */
  totals?: { open: MoneyTotal[]; won: MoneyTotal[] };
  activities: Activity[];
  reservedStones: ReservedStone[];
}

/** Everything about one buyer in one place: contact card, inquiries with totals, timeline, stones held for them. */
export function buyerProfile(store: Store, user: SessionUser, id: string): BuyerProfile {
  const row = loadBuyerRow(store, id);
  const inquiries = buyerInquiryRows(store, id);
  const open = inquiries.filter((i) => i.inquiryStatus !== 'closed');
  const past = inquiries.filter((i) => i.inquiryStatus === 'closed');
  const reservedStones = reservedStonesOf.all(store, id);
  return {
    buyer: toBuyer(row, user.role),
    canEdit: mayEditBuyer(user, row),
    openInquiries: open.map((i) => toInquiry(i, user.role)),
    pastInquiries: past.map((i) => toInquiry(i, user.role)),
    ...(canSeePrices(user.role)
      ? { totals: { open: totalsByCurrency(open), won: totalsByCurrency(past.filter((i) => i.outcome === 'sold')) } }
      : {}),
    activities: listActivities(store, { buyer: id }),
    reservedStones,
  };
}

/** Preferred types take the spelling of a type Loupe already knows ("ruby" → "Ruby"), so matching finds them. */
export function canonicalTypes(store: Store, types: string[]): string[] {
  const known = new Map<string, string>();
  const inStock = gemstoneTypesInStock.all(store).map((r) => r.t);
  for (const t of [...DEFAULT_GEMSTONE_TYPES, ...inStock])
    if (!known.has(t.toLowerCase())) known.set(t.toLowerCase(), t);
  return [...new Set(types.map((t) => known.get(t.toLowerCase()) ?? t))];
}

function duplicateError(duplicate: Duplicate, given: BuyerIdentity): DomainError {
  return new DomainError('DUPLICATE_BUYER', duplicateMessage(duplicate, given), duplicate.match, duplicate.existingId);
}

/** The existing buyer a new (or edited) one would duplicate, for the form to warn as the user types. */
export function checkDuplicate(store: Store, identity: BuyerIdentity, exceptId?: string) {
  const duplicate = DuplicateIndex.load(store).find(identity, exceptId);
  return duplicate ? { ...duplicate, message: duplicateMessage(duplicate, identity) } : null;
}

export function insertBuyer(store: Store, now: number, values: BuyerValues): string {
  const id = store.newId();
  insertBuyerRow.run(store, { ...values, id, now, types: JSON.stringify(values.preferredGemstoneTypes) });
  return id;
}

/**
 * Administrators create buyers. The same email or buyer code is refused; a very similar company name is
 * refused unless the user confirms it is a different company. Either way the refusal names the existing
 * buyer and carries its id ("open the existing one").
 */
export function createBuyer(store: Store, user: SessionUser, rawInput: CreateBuyerInput): Buyer {
  const { confirmSimilarName, ...input } = createBuyerInput.parse(rawInput);
  const values: BuyerValues = { ...input, accountManager: input.accountManager ?? user.id };
  const id = store.write((scope) => {
    assertSalesStaff(store, values.accountManager, 'accountManager', 'account manager');
    const duplicate = DuplicateIndex.load(store).find(values, undefined, !confirmSimilarName);
    if (duplicate) throw duplicateError(duplicate, values);
    const id = insertBuyer(store, scope.now, {
      ...values,
      preferredGemstoneTypes: canonicalTypes(store, values.preferredGemstoneTypes),
    });
    scope.enqueue('Buyer', id, 'create');
    return id;
  });
  return getBuyer(store, user.role, id);
}

const EDITABLE = [
  'buyerCode',
  'companyName',
  'contactName',
  'email',
  'phone',
  'preferredGemstoneTypes',
  'salesStatus',
  'accountManager',
] as const;

/** The account manager or an administrator edits a buyer; only administrators reassign the account manager. */
export function updateBuyer(
  store: Store,
  user: SessionUser,
  id: string,
  rawChanges: Partial<BuyerValues>,
  confirmSimilarName = false,
): Buyer {
  const changes = buyerFields.partial().parse(rawChanges);
  store.write((scope) => {
    const current = loadBuyerRow(store, id);
    if (!mayEditBuyer(user, current)) {
      const manager = current.accountManagerName
        ? `${current.accountManagerName}, the account manager,`
        : 'the account manager';
      throw new DomainError(
        'NOT_ACCOUNT_MANAGER',
        `Only ${manager} or an administrator can edit ${current.companyName}.`,
      );
    }
    const currentValues: Record<string, unknown> = {
      ...current,
      preferredGemstoneTypes: current.preferredGemstoneTypes ?? '[]',
    };
    const next: Record<string, unknown> = {};
    for (const field of EDITABLE) {
      const value = changes[field];
      if (value === undefined) continue;
      next[field] =
        field === 'preferredGemstoneTypes' ? JSON.stringify(canonicalTypes(store, value as string[])) : value;
    }
    const changed = Object.keys(next).filter((f) => next[f] !== currentValues[f]);
    if (changed.length === 0) return;
    if (changed.includes('accountManager')) {
      if (user.role !== 'admin')
        throw new DomainError(
          'FORBIDDEN_ROLE',
          'Only administrators can reassign a buyer’s account manager.',
          'accountManager',
        );
      assertSalesStaff(store, next.accountManager as string | null, 'accountManager', 'account manager');
    }
    if (changed.some((f) => f === 'email' || f === 'buyerCode' || f === 'companyName')) {
      const identity: BuyerIdentity = {
        email: changed.includes('email') ? changes.email : undefined,
        buyerCode: changed.includes('buyerCode') ? changes.buyerCode : undefined,
        companyName: changed.includes('companyName') ? changes.companyName : undefined,
      };
      const duplicate = DuplicateIndex.load(store).find(identity, id, !confirmSimilarName);
      if (duplicate) throw duplicateError(duplicate, identity);
    }
    const params: Record<string, unknown> = { id, now: scope.now };
    for (const f of changed) params[f] = next[f];
    updateBuyerFields(store, changed, params);
    scope.enqueue('Buyer', id, 'update', changed);
  });
  return getBuyer(store, user.role, id);
}

/**
 * Administrators delete buyers who have no inquiries (inquiries are history; set such a buyer dormant or
 * blocked instead). Their activities go with them and stones assigned to them are released.
 */
export function deleteBuyer(store: Store, id: string): { deleted: true } {
  store.write((scope) => {
    const buyer = loadBuyerRow(store, id);
    const { n } = inquiryCountOf.get(store, id)!;
    if (n > 0) {
      throw new DomainError(
        'BUYER_IN_USE',
        `${buyer.companyName} has ${n} ${n === 1 ? 'inquiry' : 'inquiries'}; a buyer with inquiries is kept for the history — set them dormant or blocked instead.`,
      );
    }
    const activities = activitiesOf.all(store, id);
    // Each deletion is queued before its row goes: the queue keeps the objectId the server knows it by.
    for (const a of activities) {
      scope.enqueue('Activity', a.id, 'delete');
      deleteActivity.run(store, a.id);
    }
    const stones = stonesAssignedTo.all(store, id);
    for (const s of stones) {
      releaseStone.run(store, scope.now, s.id);
      scope.enqueue('Gemstone', s.id, 'update', ['assignedBuyer']);
    }
    scope.enqueue('Buyer', id, 'delete');
    deleteBuyerRow.run(store, id);
  });
  return { deleted: true };
}

/** What the buyer form offers: a free buyer code, the statuses, and the gemstone types Loupe knows. */
export function buyerFormOptions(store: Store) {
  const codes = numberedBuyerCodes
    .all(store)
    .map((r) => Number(r.buyerCode.slice(2)))
    .filter((n) => Number.isSafeInteger(n));
  const next = codes.length ? Math.max(...codes) + 1 : 1;
  const inStock = gemstoneTypesInStock.all(store).map((r) => r.t);
  return {
    nextBuyerCode: `B-${String(next).padStart(4, '0')}`,
    salesStatuses: [...SALES_STATUSES],
    gemstoneTypes: [...new Set([...DEFAULT_GEMSTONE_TYPES, ...inStock])],
  };
}

import { parseHistory } from '../../shared/sales';
import type { InquiryOutcome, InquiryStatus, Role } from '../../shared/enums';
import { INQUIRY_OUTCOMES } from '../../shared/enums';
import { OPEN_INQUIRY_STATUSES, listInquiriesInput, type StatusHistoryEntry } from '../../shared/sales';
import type { z } from 'zod';
import { canSeePrices, totalsByCurrency, type MoneyTotal } from '../sales/rules';
import type { Store } from '../db/store';
import { DomainError } from '../trpc/errors';
import { redact } from '../trpc/privacy';
import { hiddenFields } from '../../shared/privacy';
import { agingThresholds } from './aging';
import {
  closedSince,
  inquiriesInStage,
  inquiriesOfBuyer,
  inquiryById,
  inquiryRows,
  openInquiriesOfBuyer,
  openInquiryValues,
  staffNames,
} from './queries';

/** An inquiry as the screens show it, with its buyer's and stone's names. quotedPrice is absent for practitioners. */
export interface Inquiry {
  id: string;
  objectId: string | null;
  buyer: string;
  buyerName: string;
  buyerCode: string;
  gemstone: string;
  sku: string;
  gemstoneType: string;
  caratWeight: number;
  certificateStatus: string;
  stoneLocation: string;
  inquiryStatus: InquiryStatus;
  requestedCaratWeight: number;
  /** Integer minor units of `currency`; absent for roles that must not see prices. */
  quotedPrice?: number | null;
  currency: string;
  handledBy: string | null;
  handledByName: string | null;
  followUpAt: string | null;
  outcome: InquiryOutcome | null;
  outcomeReason: string | null;
  mismatchOverride: boolean;
  /** When it entered its current status (ISO): the board's aging. */
  statusChangedAt: string | null;
  localUpdatedAt: number;
  /** The stone's asking price (minor units of stonePriceCurrency), where a quote starts; absent for practitioners. */
  stoneAskingPrice?: number | null;
  stonePriceCurrency: string | null;
}

export interface InquiryDetail extends Inquiry {
  statusHistory: StatusHistoryEntry[];
}

export type InquiryRow = Omit<Inquiry, 'mismatchOverride'> & { mismatchOverride: number; statusHistory: string | null };

/** A row as it may leave the core for this role. */
export function toInquiry(row: InquiryRow, role: Role): Inquiry {
  const { statusHistory: _history, stoneAskingPrice, ...rest } = row;
  const inquiry = redact('PurchaseInquiry', role, { ...rest, mismatchOverride: row.mismatchOverride === 1 });
  // The stone's price is the stone's field: hidden by the stone's rule (src/shared/privacy.ts).
  return hiddenFields('Gemstone', role).includes('askingPrice') ? inquiry : { ...inquiry, stoneAskingPrice };
}

export { parseHistory };

/** A buyer's inquiries, latest change first. */
export const buyerInquiryRows = (store: Store, buyerId: string) => inquiriesOfBuyer.all(store, buyerId);

/** A buyer's open inquiries, those on `stoneId` first. */
export const openBuyerInquiryRows = (store: Store, buyerId: string, stoneId: string) =>
  openInquiriesOfBuyer.all(store, buyerId, stoneId);

export function getInquiry(store: Store, role: Role, id: string): InquiryDetail {
  const row = inquiryById.get(store, id);
  if (!row) throw new DomainError('NOT_FOUND', 'That inquiry no longer exists.');
  return { ...toInquiry(row, role), statusHistory: parseHistory(row.statusHistory) };
}

export type ListInquiriesInput = z.input<typeof listInquiriesInput>;

/** The list view: filter by status, handler, buyer, stone, currency and follow-up date; soonest follow-up first. */
export function listInquiries(store: Store, role: Role, rawInput: ListInquiriesInput = {}): Inquiry[] {
  const input = listInquiriesInput.parse(rawInput) ?? { limit: 500 };
  const where: string[] = [];
  const params: unknown[] = [];
  const filter = (clause: string, value: unknown) => {
    where.push(clause);
    params.push(value);
  };
  if (input.status === 'open') where.push(`i.inquiryStatus IN ('new', 'quoted', 'reserved')`);
  else if (input.status) filter('i.inquiryStatus = ?', input.status);
  if (input.handledBy) filter('i.handledBy = ?', input.handledBy);
  if (input.buyer) filter('i.buyer = ?', input.buyer);
  if (input.gemstone) filter('i.gemstone = ?', input.gemstone);
  if (input.currency) filter('i.currency = ?', input.currency);
  if (input.followUpFrom) filter('i.followUpAt >= ?', input.followUpFrom);
  if (input.followUpTo) filter('i.followUpAt < ?', input.followUpTo);
  const rows = inquiryRows(
    store,
    where,
    [...params, input.limit],
    'ORDER BY i.followUpAt IS NULL, i.followUpAt, i.rowid DESC LIMIT ?',
  );
  return rows.map((r) => toInquiry(r, role));
}

export interface BoardColumn {
  status: InquiryStatus;
  count: number;
  /** Quoted value per currency; absent for roles that must not see prices. */
  totals?: MoneyTotal[];
  cards: Inquiry[];
}

/** Cards shown per column; the list view has the rest. */
export const BOARD_CARD_LIMIT = 200;

/** The kanban: open inquiries by status, longest in stage first, with counts, values and the aging thresholds. */
export function pipelineBoard(store: Store, role: Role) {
  const showPrices = canSeePrices(role);
  const columns: BoardColumn[] = OPEN_INQUIRY_STATUSES.map((status) => {
    const rows = inquiriesInStage.all(store, status);
    return {
      status,
      count: rows.length,
      ...(showPrices ? { totals: totalsByCurrency(rows) } : {}),
      cards: rows.slice(0, BOARD_CARD_LIMIT).map((r) => toInquiry(r, role)),
    };
  });
  return { columns, thresholds: agingThresholds(store) };
}

export interface DashboardWindow {
  todayStart: string;
  monthStart: string;
}

/** Open pipeline value by stage and currency, won/lost this month, inquiries per handler. */
export function salesDashboard(store: Store, role: Role, window: DashboardWindow) {
  const showPrices = canSeePrices(role);
  const open = openInquiryValues.all(store);
  const pipeline = OPEN_INQUIRY_STATUSES.map((status) => {
    const rows = open.filter((r) => r.inquiryStatus === status);
    return { status, count: rows.length, ...(showPrices ? { totals: totalsByCurrency(rows) } : {}) };
  });

  const closed = closedSince.all(store, window.monthStart);
  const month = Object.fromEntries(
    INQUIRY_OUTCOMES.map((o) => [o, closed.filter((r) => r.outcome === o).length]),
  ) as Record<InquiryOutcome, number>;
  const wonTotals = showPrices ? { wonTotals: totalsByCurrency(closed.filter((r) => r.outcome === 'sold')) } : {};

  const staff = new Map(staffNames.all(store).map((u) => [u.id, u.fullName]));
  const perHandlerMap = new Map<string | null, Record<string, number>>();
  for (const row of open) {
    const counts = perHandlerMap.get(row.handledBy) ?? { new: 0, quoted: 0, reserved: 0 };
    counts[row.inquiryStatus] = (counts[row.inquiryStatus] ?? 0) + 1;
    perHandlerMap.set(row.handledBy, counts);
  }
  const perHandler = [...perHandlerMap]
    .map(([handledBy, counts]) => ({
      handledBy,
      name: handledBy ? (staff.get(handledBy) ?? 'Unknown staff member') : 'Nobody',
      open: (counts.new ?? 0) + (counts.quoted ?? 0) + (counts.reserved ?? 0),
      new: counts.new ?? 0,
      quoted: counts.quoted ?? 0,
      reserved: counts.reserved ?? 0,
    }))
    .sort((a, b) => b.open - a.open || a.name.localeCompare(b.name));

  return { pipeline, month: { ...month, ...wonTotals }, perHandler };
}

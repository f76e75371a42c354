import type { InquiryOutcome, InquiryStatus } from '../../../shared/enums';
import { currencyExponent, formatMoney, toMajorUnits } from '../../../shared/money';
import type { AgingThresholds } from '../../../shared/sales';

export const STATUS_LABELS: Record<InquiryStatus, string> = { new: 'New', quoted: 'Quoted', reserved: 'Reserved', closed: 'Closed' };
export const STATUS_COLORS: Record<InquiryStatus, string> = { new: 'blue', quoted: 'violet', reserved: 'orange', closed: 'gray' };
/** What the move to a status is called on buttons and menus. */
export const MOVE_LABELS: Record<InquiryStatus, string> = { new: 'New', quoted: 'Quoted', reserved: 'Reserve the stone', closed: 'Close…' };

export const OUTCOME_LABELS: Record<InquiryOutcome, string> = { sold: 'Sold', lost: 'Lost', withdrawn: 'Withdrawn' };
export const OUTCOME_COLORS: Record<InquiryOutcome, string> = { sold: 'green', lost: 'red', withdrawn: 'gray' };

export const SALES_STATUS_LABELS: Record<string, string> = { prospect: 'Prospect', active: 'Active', dormant: 'Dormant', blocked: 'Blocked' };
export const SALES_STATUS_COLORS: Record<string, string> = { prospect: 'blue', active: 'green', dormant: 'gray', blocked: 'red' };

export const ACTIVITY_LABELS: Record<string, string> = { call: 'Call', email: 'Email', meeting: 'Meeting', note: 'Note', inquiry: 'Inquiry' };

export function money(minor: number | null | undefined, currency: string): string {
  if (minor === null || minor === undefined) return '—';
  try {
    return formatMoney(minor, currency);
  } catch {
    return `${minor} ${currency} (minor units)`;
  }
}

/** "US$1,000.00 · €250.50", or the given fallback when there is nothing to sum. */
export function totalsText(totals: { currency: string; amount: number }[] | undefined, empty = '—'): string {
  if (!totals || totals.length === 0) return empty;
  return totals.map((t) => money(t.amount, t.currency)).join(' · ');
}

/** Amber and red per the administrators' thresholds. */
export function agingColor(days: number, thresholds: AgingThresholds): 'red' | 'orange' | 'gray' {
  if (days >= thresholds.redDays) return 'red';
  if (days >= thresholds.amberDays) return 'orange';
  return 'gray';
}

/** Typed text → a number for the core to check ('' → null; "12,500.50" → 12500.5; nonsense → NaN). */
export function parseAmount(text: string): number | null {
  const cleaned = text.trim().replace(/[\s,']/g, '');
  if (cleaned === '') return null;
  return Number(cleaned);
}

/** Minor units → the amount as the user would type it ("12500.50"), for editing. */
export function amountText(minor: number | null | undefined, currency: string): string {
  if (minor === null || minor === undefined) return '';
  return toMajorUnits(minor, currency).toFixed(currencyExponent(currency));
}

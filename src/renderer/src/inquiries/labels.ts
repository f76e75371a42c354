import type { InquiryOutcome, InquiryStatus } from '../../../shared/enums';
import { ACTIVITY_TYPE_LABELS, SALES_STATUS_LABELS as SALES_LABELS } from '../../../shared/format';
import { currencyExponent, toMajorUnits } from '../../../shared/money';
import type { AgingThresholds } from '../../../shared/sales';

// The words come from src/shared/format; the colours and button wording are the screens' own.
export {
  INQUIRY_OUTCOME_LABELS as OUTCOME_LABELS,
  INQUIRY_STATUS_LABELS as STATUS_LABELS,
  money,
  totalsText,
} from '../../../shared/format';
/** Indexed by any string: a value another app wrote outside the list falls back to itself at the call sites. */
export const SALES_STATUS_LABELS: Record<string, string> = SALES_LABELS;
export const ACTIVITY_LABELS: Record<string, string> = ACTIVITY_TYPE_LABELS;

export const STATUS_COLORS: Record<InquiryStatus, string> = {
  new: 'blue',
  quoted: 'violet',
  reserved: 'orange',
  closed: 'gray',
};
/** What the move to a status is called on buttons and menus. */
export const MOVE_LABELS: Record<InquiryStatus, string> = {
  new: 'New',
  quoted: 'Quoted',
  reserved: 'Reserve the stone',
  closed: 'Close…',
};

export const OUTCOME_COLORS: Record<InquiryOutcome, string> = { sold: 'green', lost: 'red', withdrawn: 'gray' };

export const SALES_STATUS_COLORS: Record<string, string> = {
  prospect: 'blue',
  active: 'green',
  dormant: 'gray',
  blocked: 'red',
};

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

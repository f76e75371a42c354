import { toMajorUnits } from '../../../shared/money';
import type { StoneSortColumn } from '../../../shared/schemas';

// The inventory grid's columns at 1366 px: a compact set; the rest of a stone's grading is in its panel.

export interface Column {
  id: StoneSortColumn | 'perCarat';
  label: string;
  numeric?: boolean;
  width?: string;
  /** Only for roles that receive prices (the core sends practitioners none). */
  price?: boolean;
}
export const ALL_COLUMNS: Column[] = [
  // Wide enough at 1366 px for a whole SKU, a 10-digit certificate number and every status badge; the rest
  // of the grading is in the stone panel.
  { id: 'sku', label: 'SKU', width: '9%' },
  { id: 'gemstoneType', label: 'Type', width: '8%' },
  { id: 'caratWeight', label: 'Carat', numeric: true, width: '6%' },
  { id: 'clarityGrade', label: 'Clarity', width: '11%' },
  { id: 'colour', label: 'Colour', width: '7%' },
  { id: 'shape', label: 'Shape', width: '7%' },
  { id: 'certificateNumber', label: 'Certificate no.', width: '10%' },
  { id: 'certificateStatus', label: 'Certificate', width: '11%' },
  { id: 'location', label: 'Location', width: '8%' },
  { id: 'askingPrice', label: 'Asking', numeric: true, width: '9%', price: true },
  { id: 'perCarat', label: 'Per ct', numeric: true, width: '7%', price: true },
  { id: 'assignedBuyer', label: 'Assigned buyer' },
];

/** A price in the grid: whole currency units ("$12,501"), the exact amount in the stone panel. */
export function gridMoney(minor: number | null | undefined, currency: string | null): string {
  if (minor === null || minor === undefined || !currency) return '—';
  const major = toMajorUnits(minor, currency);
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency, maximumFractionDigits: 0 }).format(major);
  } catch {
    return `${Math.round(major).toLocaleString()} ${currency}`;
  }
}

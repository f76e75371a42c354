import type { Role } from '../../shared/enums';
import type { GemstoneTypeEntry } from '../../shared/inventory';
import { CSV_COLUMNS, type CsvColumn } from '../../shared/inventory';
import { toMajorUnits } from '../../shared/money';
import { GRADING_AND_PRICE_FIELDS, STONE_PRICE_FIELDS, type StoneValues } from '../../shared/schemas';
import { DomainError } from '../trpc/errors';
import { canSeeStonePrices, checkGrading, storedPrices } from './grading';
import type { Stone } from './queries/grid';

// The grading and price columns of the stones CSV: read as typed (numbers with a dot or a comma, prices
// in major units of the priceCurrency column) and written back the same way, so an export re-imports.

const NUMBER_COLUMNS = new Set<string>(['lengthMm', 'widthMm', 'depthMm', 'costPrice', 'askingPrice']);

/** The columns `role` gets in an export: practitioners get no price columns. */
export function exportColumns(role: Role): CsvColumn[] {
  const prices = canSeeStonePrices(role);
  return CSV_COLUMNS.filter((c) => prices || !(STONE_PRICE_FIELDS as readonly string[]).includes(c));
}

/** The grading and price cells of a row, as the input schema takes them ('' is none; a number cell as a number). */
export function gradingCells(cell: (column: CsvColumn) => string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of GRADING_AND_PRICE_FIELDS) {
    const text = cell(field);
    if (!NUMBER_COLUMNS.has(field)) out[field] = text === '' ? null : text;
    else out[field] = text === '' ? null : Number(text.replace(/\s/g, '').replace(',', '.'));
  }
  return out;
}

/**
 * Grading against the type's scale and prices in minor units, or the row's reason (in the column's words).
 * A practitioner's row that names a price is refused, not imported without it.
 */
export function checkGradingRow(
  type: GemstoneTypeEntry,
  values: StoneValues,
  role: Role,
): { values: StoneValues } | { field: string; message: string } {
  const named = STONE_PRICE_FIELDS.filter((f) => values[f] !== null);
  if (named.length > 0 && !canSeeStonePrices(role)) {
    return { field: named[0]!, message: 'prices are for coordinators and administrators; remove the price columns' };
  }
  try {
    const grading = checkGrading(type, values);
    const prices = storedPrices(values);
    return { values: { ...values, ...grading, ...prices } as StoneValues };
  } catch (error) {
    if (error instanceof DomainError) return { field: error.field ?? 'sku', message: error.message };
    throw error;
  }
}

/** The grading and price cells of a stone for an export, in CSV_COLUMNS order (prices only when `columns` has them). */
export function exportGradingCells(stone: Stone, columns: readonly CsvColumn[]): string[] {
  return GRADING_AND_PRICE_FIELDS.filter((f) => columns.includes(f)).map((field) => {
    const value = stone[field];
    if (value === null || value === undefined) return '';
    if ((STONE_PRICE_FIELDS as readonly string[]).includes(field)) {
      return String(toMajorUnits(value as number, stone.priceCurrency ?? 'USD'));
    }
    return typeof value === 'number' ? value.toFixed(2) : value;
  });
}

import { DIAMOND_COLOURS, type Role } from '../../shared/enums';
import type { GemstoneTypeEntry } from '../../shared/inventory';
import { toMajorUnits, toMinorUnits } from '../../shared/money';
import { hiddenFields } from '../../shared/privacy';
import {
  PRICE_FILTER_KEYS,
  STONE_PRICE_FIELDS,
  stonePriceProblems,
  type StoneFilter,
  type StoneSortColumn,
  type StoneValues,
} from '../../shared/schemas';
import { DomainError } from '../trpc/errors';
import { redact } from '../trpc/privacy';

// The rules of grading and prices beyond the field shapes: what depends on the stone's type (its clarity
// scale) and on the currency the prices are in, and who may name prices at all.

/** Whether `role` may receive and set a stone's cost and asking price (and so its margin and price per carat). */
export function canSeeStonePrices(role: Role): boolean {
  return hiddenFields('Gemstone', role).length === 0;
}

/** A practitioner naming a price (form, import, sort, filter) is refused, not ignored. */
export function assertMayNamePrices(role: Role, named: readonly string[], what = 'set'): void {
  if (canSeeStonePrices(role) || named.length === 0) return;
  throw new DomainError(
    'FORBIDDEN_ROLE',
    `Prices are for coordinators and administrators; a practitioner cannot ${what} them.`,
    named[0],
  );
}

/** A stone as `role` may receive it: without cost and asking price for practitioners (absent, not blanked). */
export function redactStone<T extends object>(role: Role, stone: T): T {
  return redact('Gemstone', role, stone);
}

/** Sorting or filtering by a price tells what the prices are: refused to roles that may not see them. */
export function assertMayOrderBy(role: Role, input: { sort: StoneSortColumn; filter: StoneFilter }): void {
  const named: string[] = [
    ...(STONE_PRICE_FIELDS as readonly string[]).filter((f) => input.sort === f),
    ...PRICE_FILTER_KEYS.filter((k) => input.filter[k] !== undefined),
  ];
  if (named.length === 0 || canSeeStonePrices(role)) return;
  throw new DomainError(
    'FORBIDDEN_ROLE',
    'Prices are for coordinators and administrators; a practitioner cannot sort or filter by them.',
    named[0],
  );
}

type Grading = Partial<Pick<StoneValues, 'colour' | 'fluorescence'>>;

/**
 * A stone graded on the diamond scale has a D–Z colour (typed in any case) and may have a fluorescence;
 * a coloured stone's colour is words and it has no fluorescence grade. Returns the colour to store.
 */
export function checkGrading(type: GemstoneTypeEntry, values: Grading): Grading {
  const out: Grading = {};
  if (type.clarityScale === 'diamond') {
    if (values.colour) {
      const grade = values.colour.toUpperCase();
      if (!(DIAMOND_COLOURS as readonly string[]).includes(grade)) {
        throw new DomainError(
          'INVALID_VALUE',
          `${type.name} colour is a grade from D to Z; ${values.colour} is not one.`,
          'colour',
        );
      }
      out.colour = grade;
    }
  } else if (values.fluorescence) {
    throw new DomainError(
      'INVALID_VALUE',
      `Fluorescence is graded on diamonds; leave it empty for ${type.name}.`,
      'fluorescence',
    );
  }
  return out;
}

type PriceValues = Partial<Pick<StoneValues, 'costPrice' | 'askingPrice' | 'priceCurrency'>>;
export interface StoredPrices {
  costPrice?: number | null;
  askingPrice?: number | null;
  priceCurrency?: string | null;
}

/**
 * Prices as typed (major units) → as stored (minor units of the currency). `current` is the stone's
 * stored prices when it is edited: a new currency keeps the amounts as typed before (like an inquiry's
 * quoted price), and refuses when they no longer fit it.
 */
export function storedPrices(changes: PriceValues, current: StoredPrices | null = null): StoredPrices {
  const currency = changes.priceCurrency !== undefined ? changes.priceCurrency : (current?.priceCurrency ?? null);
  const problem = stonePriceProblems(changes, currency)[0];
  if (problem) throw new DomainError('INVALID_VALUE', problem.message, problem.field);
  const out: StoredPrices = {};
  for (const field of STONE_PRICE_FIELDS) {
    const typed = changes[field];
    if (typed !== undefined) out[field] = typed === null ? null : toMinorUnits(typed, currency!);
  }
  if (changes.priceCurrency !== undefined) out.priceCurrency = changes.priceCurrency;
  const currencyChanged =
    current && changes.priceCurrency !== undefined && changes.priceCurrency !== current.priceCurrency;
  if (currencyChanged) {
    for (const field of STONE_PRICE_FIELDS) {
      const stored = current[field];
      if (out[field] !== undefined || stored === null || stored === undefined) continue;
      if (!currency) {
        throw new DomainError('PRICE_REQUIRED', 'Prices need a currency; clear the prices first.', 'priceCurrency');
      }
      try {
        out[field] = toMinorUnits(toMajorUnits(stored, current.priceCurrency!), currency);
      } catch {
        throw new DomainError('PRICE_REQUIRED', `Enter the prices again in ${currency}.`, field);
      }
    }
  }
  return out;
}

/** The price fields named (given a value) in `values`. */
export function namedPrices(values: Record<string, unknown>): string[] {
  return STONE_PRICE_FIELDS.filter((f) => values[f] !== undefined && values[f] !== null);
}

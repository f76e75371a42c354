import { currencyExponent, toMinorUnits } from './money';

// Price per carat, margin and discount, as the trade reckons them. Amounts are integer minor units of their
// currency (src/shared/money.ts); carat weights have two decimals.
//
// The rounding rule (docs/user-guide.md, "Grading and prices"):
//  * a price per carat shown beside a total is rounded to whole currency units (USD 4,250/ct), half up;
//  * a total computed from a price per carat typed by staff is rounded to whole currency units, half up;
//  * a total typed by staff is kept exactly as typed (to the currency's minor unit).
// Dealers quote per carat in whole units and price lists are made that way; cents per carat mean nothing.

/** Rounds numerator / denominator (positive integers, as BigInt) half up. */
function roundHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (2n * numerator + denominator) / (2n * denominator);
}

const hundredths = (carat: number) => BigInt(Math.round(carat * 100));

/** The price per carat of a total, in minor units, rounded to whole currency units. Null when it cannot be said. */
export function perCarat(totalMinor: number | null | undefined, carat: number, currency: string): number | null {
  if (totalMinor === null || totalMinor === undefined || !(carat > 0) || !Number.isFinite(totalMinor)) return null;
  const unit = 10n ** BigInt(currencyExponent(currency));
  const ct = hundredths(carat);
  if (ct <= 0n) return null;
  // totalMinor / (ct / 100) / unit, in whole units, then back to minor units.
  const minor = BigInt(Math.round(totalMinor));
  const wholeUnits = roundHalfUp(minor * 100n, ct * unit);
  return Number(wholeUnits * unit);
}

/**
 * The total for a price per carat typed in major units (4250 USD/ct × 1.01 ct = 4,292.50 → 4,293 USD), as
 * major units ready for the form. Throws RangeError for a price with more decimals than the currency has.
 */
export function totalFromPerCarat(perCaratMajor: number, carat: number, currency: string): number {
  const unit = 10n ** BigInt(currencyExponent(currency));
  const perCaratMinor = BigInt(toMinorUnits(perCaratMajor, currency));
  const ct = hundredths(carat);
  const wholeUnits = roundHalfUp(perCaratMinor * ct, 100n * unit);
  return Number(wholeUnits);
}

export interface Margin {
  /** Asking − cost, minor units (negative when the stone is priced under its cost). */
  amount: number;
  /** The margin as a share of the asking price, in percent with one decimal. */
  percentOfAsking: number;
}

/** The margin of a stone, or null without both prices. */
export function margin(costMinor: number | null | undefined, askingMinor: number | null | undefined): Margin | null {
  if (costMinor === null || costMinor === undefined || askingMinor === null || askingMinor === undefined) return null;
  if (!(askingMinor > 0)) return null;
  const amount = askingMinor - costMinor;
  return { amount, percentOfAsking: Math.round((amount / askingMinor) * 1000) / 10 };
}

/** Percent the quote is below the asking price (negative: above), one decimal; null without both. */
export function discountPercent(
  askingMinor: number | null | undefined,
  quotedMinor: number | null | undefined,
): number | null {
  if (askingMinor === null || askingMinor === undefined || quotedMinor === null || quotedMinor === undefined)
    return null;
  if (!(askingMinor > 0)) return null;
  return Math.round(((askingMinor - quotedMinor) / askingMinor) * 1000) / 10;
}

/** "8.5 % below asking", "3 % above asking", "at the asking price". */
export function discountText(percent: number | null): string | null {
  if (percent === null) return null;
  if (percent === 0) return 'at the asking price';
  const n = Math.abs(percent).toLocaleString('en', { maximumFractionDigits: 1 });
  return percent > 0 ? `${n} % below asking` : `${n} % above asking`;
}

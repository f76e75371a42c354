// Money is stored exactly in minor units of its currency. Parse holds a Number in major units; conversion
// happens only at that boundary (db/parse-mapping) and for display. What staff type has at most the
// currency's decimals, so it is a whole number of minor units. Another app may write more decimals
// (1234.567 USD): that is kept as written, a fraction of a minor unit (123456.7), and shown in full.

/** ISO 4217 currencies whose minor unit is not 2 digits. */
const EXPONENT_EXCEPTIONS: Record<string, number> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
};

/** The currencies Loupe offers first; any valid 3-letter ISO 4217 code is accepted. */
export const COMMON_CURRENCIES = [
  'USD',
  'EUR',
  'GBP',
  'CHF',
  'HKD',
  'SGD',
  'AED',
  'INR',
  'JPY',
  'CNY',
  'THB',
  'AUD',
  'CAD',
] as const;

export const CURRENCY_PATTERN = /^[A-Z]{3}$/;

export function currencyExponent(currency: string): number {
  return EXPONENT_EXCEPTIONS[currency] ?? 2;
}

/** Major units (a Parse Number or typed text) → integer minor units, refusing more precision than the currency has. */
export function toMinorUnits(major: number, currency: string): number {
  const factor = 10 ** currencyExponent(currency);
  const minor = Math.round(major * factor);
  if (!Number.isSafeInteger(minor)) throw new RangeError(`Amount ${major} ${currency} is out of range`);
  if (Math.abs(minor - major * factor) > 1e-6 * Math.max(1, Math.abs(major * factor))) {
    throw new RangeError(`${currency} amounts have at most ${currencyExponent(currency)} decimals`);
  }
  return minor;
}

/**
 * Moves the decimal point of `value` by `places` on its shortest decimal form, so 1234.567 becomes exactly
 * the Number closest to 123456.7 (multiplying by 100 in binary would give 123456.70000000001).
 */
function shiftDecimal(value: number, places: number): number {
  const [digits, exponent] = value.toExponential().split('e') as [string, string];
  return Number(`${digits}e${Number(exponent) + places}`);
}

/**
 * A Number in major units from another app → minor units, exactly: a whole number when it has at most the
 * currency's decimals, else with the fraction kept. Null when the amount cannot be kept exactly (more
 * significant digits than a Number holds once shifted), which the pull holds back rather than round.
 */
export function toMinorUnitsExact(major: number, currency: string): number | null {
  if (!Number.isFinite(major)) return null;
  const minor = shiftDecimal(major, currencyExponent(currency));
  return Number.isFinite(minor) && toMajorUnits(minor, currency) === major ? minor : null;
}

/** Minor units → major units as a Number (what Parse stores). */
export function toMajorUnits(minor: number, currency: string): number {
  const exponent = currencyExponent(currency);
  // Via the decimal form, so 1999 cents become exactly 19.99 and not 19.990000000000002.
  return Number.isInteger(minor) ? Number((minor / 10 ** exponent).toFixed(exponent)) : shiftDecimal(minor, -exponent);
}

/** Decimals of a Number as written (1234.567 → 3). */
function decimalsOf(value: number): number {
  const [digits, exponent] = value.toExponential().split('e') as [string, string];
  const fraction = digits.split('.')[1]?.length ?? 0;
  return Math.max(0, fraction - Number(exponent));
}

/**
 * An amount as the screens show it: the currency's decimals, or all of them when another app wrote more
 * (so 1234.567 USD is never shown as $1,234.57). A code Intl does not know ("US$") is shown after the amount.
 */
export function formatMoney(minor: number, currency: string, locale?: string): string {
  const exponent = currencyExponent(currency);
  const major = toMajorUnits(minor, currency);
  const digits = Math.min(20, Math.max(exponent, decimalsOf(major)));
  try {
    return new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(major);
  } catch {
    return `${new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(major)} ${currency}`;
  }
}

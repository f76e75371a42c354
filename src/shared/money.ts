// Money is stored exactly: integer minor units of an ISO 4217 currency. Parse holds a Number in major
// units; conversion happens only at that boundary (db/parse-mapping) and for display.

/** ISO 4217 currencies whose minor unit is not 2 digits. */
const EXPONENT_EXCEPTIONS: Record<string, number> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0,
  VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
};

/** The currencies Loupe offers first; any valid 3-letter ISO 4217 code is accepted. */
export const COMMON_CURRENCIES = ['USD', 'EUR', 'GBP', 'CHF', 'HKD', 'SGD', 'AED', 'INR', 'JPY', 'CNY', 'THB', 'AUD', 'CAD'] as const;

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

/** Integer minor units → major units as a Number (what Parse stores). */
export function toMajorUnits(minor: number, currency: string): number {
  const exponent = currencyExponent(currency);
  // Via the decimal string, so 1999 cents become exactly 19.99 and not 19.990000000000002.
  return Number((minor / 10 ** exponent).toFixed(exponent));
}

export function formatMoney(minor: number, currency: string, locale?: string): string {
  const exponent = currencyExponent(currency);
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  }).format(toMajorUnits(minor, currency));
}

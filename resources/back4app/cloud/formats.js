'use strict';
// Format rules shared by the triggers in main.js. Pure functions, so they can be tested on their own.

/**
 * Certificate (report) number formats of the labs whose numbering Loupe knows. Numbers are checked as
 * typed: no trimming, no case folding, so what is stored is exactly what was checked.
 *   GIA  exactly 10 digits                                  2141234567
 *   IGI  9 digits, optionally prefixed LG (lab-grown)        612345678, LG612345678
 *   GRS  GRS + 4-digit year + hyphen + 4 to 8 digits; one    GRS2019-123456, GRS 2019-123456,
 *        optional space after GRS and around the hyphen      GRS2019 - 123456
 * Other labs (AGL, SSEF, Gübelin, HRD, Other) are not checked.
 */
const LAB_FORMATS = {
  GIA: { pattern: /^\d{10}$/, expected: 'exactly 10 digits, e.g. 2141234567' },
  IGI: { pattern: /^(LG)?\d{9}$/, expected: '9 digits, optionally prefixed LG, e.g. LG612345678 or 612345678' },
  GRS: {
    pattern: /^GRS ?(19|20)\d{2} ?- ?\d{4,8}$/,
    expected: 'GRS, the year, a hyphen and the number, e.g. GRS2019-123456',
  },
};

/** Returns null when `number` fits `lab`'s format (or the lab's format is unknown), else what was expected. */
function certificateNumberProblem(lab, number) {
  const format = LAB_FORMATS[lab];
  if (!format) return null;
  if (typeof number === 'string' && format.pattern.test(number)) return null;
  return `${lab} certificate numbers are ${format.expected}`;
}

/** ISO 4217 alphabetic code: three capital letters. */
const CURRENCY_PATTERN = /^[A-Z]{3}$/;

/** Same rule as the workstation's SKU field (src/shared/schemas.ts). */
const SKU_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;

/** Deliberately loose: one @, something before it, a dot in the domain, no spaces. */
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Local ids are UUIDs; anything id-like up to 64 characters is accepted from other clients. */
const CLIENT_ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;

module.exports = {
  LAB_FORMATS,
  certificateNumberProblem,
  CURRENCY_PATTERN,
  SKU_PATTERN,
  EMAIL_PATTERN,
  CLIENT_ID_PATTERN,
};

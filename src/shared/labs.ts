import type { CertificateLogResult, CertificateStatus, Lab, VerificationResult } from './enums';

// The labs' certificate (report) number formats. The renderer warns with them as the user types; the core
// enforces them on verifications recorded here (a number outside its lab's format needs a format override
// with a reason). Other apps' entries are taken as written: the backend checks types, not formats
// (src/shared/record-rules.ts).
//
// Numbers are checked as typed (after trimming the ends): no case folding, so what is stored is exactly
// what was checked, as printed on the report.
//   GIA  exactly 10 digits                                  2141234567
//   IGI  9 digits, optionally prefixed LG (lab-grown)        612345678, LG612345678
//   GRS  GRS + 4-digit year + hyphen + 4 to 8 digits; one    GRS2019-123456, GRS 2019-123456,
//        optional space after GRS and around the hyphen      GRS2019 - 123456
// Other labs (AGL, SSEF, Gübelin, HRD, Other) are not checked.

export const LAB_FORMATS: Partial<Record<Lab, { pattern: RegExp; expected: string }>> = {
  GIA: { pattern: /^\d{10}$/, expected: 'exactly 10 digits, e.g. 2141234567' },
  IGI: { pattern: /^(LG)?\d{9}$/, expected: '9 digits, optionally prefixed LG, e.g. LG612345678 or 612345678' },
  GRS: {
    pattern: /^GRS ?(19|20)\d{2} ?- ?\d{4,8}$/,
    expected: 'GRS, the year, a hyphen and the number, e.g. GRS2019-123456',
  },
};

/** Null when `number` fits `lab`'s format (or Loupe does not know the lab's format), else what was expected. */
export function certificateNumberProblem(lab: string, number: string): string | null {
  const format = LAB_FORMATS[lab as Lab];
  if (!format) return null;
  if (typeof number === 'string' && format.pattern.test(number)) return null;
  return `${lab} certificate numbers are ${format.expected}`;
}

/** Whether Loupe checks this lab's numbers at all (the form says "not checked" for the others). */
export function labHasFormat(lab: string): boolean {
  return LAB_FORMATS[lab as Lab] !== undefined;
}

/**
 * The spellings of one certificate number that name the same report, for the duplicate check: an IGI
 * number with and without its LG prefix, a GRS number with or without its optional spaces. Stored
 * numbers keep their printed form; only the comparison folds them.
 */
export function sameCertificateNumbers(number: string): string[] {
  const igi = /^(?:LG)?(\d{9})$/.exec(number);
  if (igi) return [igi[1]!, `LG${igi[1]}`];
  const grs = /^GRS ?((?:19|20)\d{2}) ?- ?(\d{4,8})$/.exec(number);
  if (grs) {
    const out: string[] = [];
    for (const a of ['', ' '])
      for (const b of ['', ' ']) for (const c of ['', ' ']) out.push(`GRS${a}${grs[1]}${b}-${c}${grs[2]}`);
    return out;
  }
  return [number];
}

/**
 * How a verification result moves its stone's certificateStatus (the backend's CertificateLog afterSave
 * does the same): a report not found at the lab is a mismatch; a pending re-check leaves it pending.
 */
export const STATUS_FOR_RESULT: Record<VerificationResult, CertificateStatus> = {
  verified: 'verified',
  mismatch: 'mismatch',
  not_found: 'mismatch',
  pending_recheck: 'pending',
};

/** The results in words live with every other label (src/shared/format). */
export { VERIFICATION_RESULT_LABELS } from './format';

export const VERIFICATION_RESULT_COLORS: Record<CertificateLogResult, string> = {
  verified: 'green',
  mismatch: 'red',
  not_found: 'red',
  pending_recheck: 'yellow',
  status_change: 'gray',
};

/** Stones waiting for a verification: no certificate yet, or one still pending. */
export const AWAITING_STATUSES = ['none', 'pending'] as const satisfies readonly CertificateStatus[];

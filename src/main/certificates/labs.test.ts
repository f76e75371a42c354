import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LABS } from '../../shared/enums';
import { certificateNumberProblem, labHasFormat, sameCertificateNumbers, STATUS_FOR_RESULT } from '../../shared/labs';

// The formats the workstation checks as people type a verification (the backend accepts other apps'
// numbers as written: see src/shared/record-rules.ts).

/** [lab, number, fits its lab's format] */
const SAMPLES: [string, string, boolean][] = [
  // GIA: exactly 10 digits
  ['GIA', '2141234567', true],
  ['GIA', '0000000000', true],
  ['GIA', '214123456', false], // 9 digits
  ['GIA', '21412345678', false], // 11 digits
  ['GIA', '21412 34567', false],
  ['GIA', '214123456A', false],
  ['GIA', 'GIA2141234567', false],
  ['GIA', '２１４１２３４５６７', false], // full-width digits are not digits here
  ['GIA', '', false],
  // IGI: 9 digits, optionally prefixed LG (lab-grown)
  ['IGI', '612345678', true],
  ['IGI', 'LG612345678', true],
  ['IGI', 'lg612345678', false], // as printed: capitals
  ['IGI', 'LG 612345678', false],
  ['IGI', '61234567', false],
  ['IGI', '6123456789', false],
  ['IGI', 'LG61234567', false],
  ['IGI', 'XG612345678', false],
  // GRS: GRS + year + hyphen + 4–8 digits; one optional space after GRS and around the hyphen
  ['GRS', 'GRS2019-123456', true],
  ['GRS', 'GRS 2019-123456', true],
  ['GRS', 'GRS2019 - 123456', true],
  ['GRS', 'GRS 1998-1234', true],
  ['GRS', 'GRS2024-12345678', true],
  ['GRS', 'GRS2019-123', false], // 3 digits
  ['GRS', 'GRS2019-123456789', false], // 9 digits
  ['GRS', 'GRS2019123456', false], // no hyphen
  ['GRS', 'GRS  2019-123456', false], // two spaces
  ['GRS', 'GRS2119-123456', false], // not a year of this century or the last
  ['GRS', 'grs2019-123456', false],
  ['GRS', '2019-123456', false],
  // Labs whose numbering Loupe does not check: anything goes
  ['AGL', '1234', true],
  ['SSEF', '12345-ABC', true],
  ['Gübelin', '19-0123456', true],
  ['HRD', '220000123456', true],
  ['Other', 'whatever it says', true],
  ['AGL', '', true],
];

describe('lab number formats (src/shared/labs.ts)', () => {
  it.each(SAMPLES)('%s %j fits: %s', (lab, number, fits) => {
    expect(certificateNumberProblem(lab, number) === null).toBe(fits);
  });

  it('explains what the lab expects', () => {
    expect(certificateNumberProblem('GIA', '12345')).toBe(
      'GIA certificate numbers are exactly 10 digits, e.g. 2141234567',
    );
    expect(certificateNumberProblem('IGI', '12345')).toBe(
      'IGI certificate numbers are 9 digits, optionally prefixed LG, e.g. LG612345678 or 612345678',
    );
    expect(certificateNumberProblem('GRS', '12345')).toBe(
      'GRS certificate numbers are GRS, the year, a hyphen and the number, e.g. GRS2019-123456',
    );
  });

  it('checks exactly GIA, IGI and GRS among the documented labs', () => {
    expect(LABS.filter(labHasFormat)).toEqual(['GIA', 'IGI', 'GRS']);
  });

  it('treats an IGI number with and without LG, and a GRS number with or without its spaces, as the same report', () => {
    expect(sameCertificateNumbers('612345678').sort()).toEqual(['612345678', 'LG612345678']);
    expect(sameCertificateNumbers('LG612345678').sort()).toEqual(['612345678', 'LG612345678']);
    expect(sameCertificateNumbers('GRS 2019 - 123456')).toContain('GRS2019-123456');
    expect(sameCertificateNumbers('GRS2019-123456')).toHaveLength(8);
    expect(sameCertificateNumbers('2141234567')).toEqual(['2141234567']);
  });

  it('moves the stone as the backend does: not found is a mismatch, a pending re-check stays pending', () => {
    expect(STATUS_FOR_RESULT).toEqual({
      verified: 'verified',
      mismatch: 'mismatch',
      not_found: 'mismatch',
      pending_recheck: 'pending',
    });
    // Cloud Code's own table (main.js needs a Parse Server to load, so its literal is read from the source).
    const main = readFileSync(new URL('../../../resources/back4app/cloud/main.js', import.meta.url), 'utf8');
    const literal = /const STATUS_FOR_RESULT = (\{[^}]*\});/.exec(main)?.[1];
    expect(literal).toBeDefined();
    expect(new Function(`return ${literal}`)()).toEqual(STATUS_FOR_RESULT);
  });
});

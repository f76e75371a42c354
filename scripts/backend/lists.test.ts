// The backend's plain-JS copies agree with the workstation's TypeScript sources of truth.

import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';
import * as enums from '../../src/shared/enums';
import { ROLES } from '../../src/shared/enums';
import { hiddenFields, PROTECTED_FIELDS, type ProtectedClass } from '../../src/shared/privacy';
import { loadSchema } from './apply';

const require = createRequire(import.meta.url);
const lists = require('../../resources/back4app/cloud/lists.js') as Record<string, readonly string[]>;
const formats = require('../../resources/back4app/cloud/formats.js') as {
  certificateNumberProblem(lab: string, number: string): string | null;
};

describe('Cloud Code value lists', () => {
  test('equal src/shared/enums.ts, list for list', () => {
    const enumLists = enums as unknown as Record<string, unknown>;
    const names = Object.keys(lists);
    expect(names).toEqual(
      expect.arrayContaining([
        'ROLES', 'CERTIFICATE_STATUSES', 'CLARITY_GRADES', 'LABS', 'VERIFICATION_RESULTS', 'INQUIRY_STATUSES',
        'INQUIRY_OUTCOMES', 'SALES_STATUSES', 'ACTIVITY_TYPES', 'REPLICATED_CLASSES',
      ]),
    );
    for (const name of names) {
      expect(enumLists[name], `${name} is not exported by src/shared/enums.ts`).toBeDefined();
      expect(lists[name], name).toEqual(enumLists[name]);
    }
  });
});

describe('field privacy', () => {
  // Parse's rule: a field is hidden when every protectedFields entry that applies to the caller ("*" and
  // the caller's roles) lists it.
  function hiddenByCLP(protectedFields: Record<string, string[]> | undefined, role: string): string[] {
    const sets = [protectedFields?.['*'], protectedFields?.[`role:${role}`]].filter(
      (set): set is string[] => Array.isArray(set),
    );
    if (sets.length === 0) return [];
    return sets.reduce((acc, set) => acc.filter((field) => set.includes(field))).sort();
  }

  test('schema.json hides exactly what src/shared/privacy.ts hides, for every class and role', () => {
    const schema = loadSchema();
    for (const spec of schema.classes) {
      const protectedFields = spec.classLevelPermissions.protectedFields as Record<string, string[]> | undefined;
      for (const role of ROLES) {
        const expected =
          spec.className in PROTECTED_FIELDS ? [...hiddenFields(spec.className as ProtectedClass, role)].sort() : [];
        expect(hiddenByCLP(protectedFields, role), `${spec.className} as ${role}`).toEqual(expected);
      }
    }
    // and the protected classes are in the schema at all
    for (const className of Object.keys(PROTECTED_FIELDS)) {
      expect(schema.classes.map((c) => c.className)).toContain(className);
    }
  });
});

describe('certificate number formats', () => {
  test.each([
    ['GIA', '2141234567'],
    ['IGI', '612345678'],
    ['IGI', 'LG612345678'],
    ['GRS', 'GRS2019-123456'],
    ['GRS', 'GRS 2019-123456'],
    ['GRS', 'GRS2019 - 123456'],
    ['SSEF', 'anything at all'],
    ['Gübelin', '19-0212-1234'],
    ['AGL', 'CS 1098877'],
    ['HRD', '220000012345'],
    ['Other', 'X'],
  ])('%s %s is accepted', (lab, number) => {
    expect(formats.certificateNumberProblem(lab, number)).toBeNull();
  });

  test.each([
    ['GIA', '214123456'], // 9 digits
    ['GIA', '21412345678'], // 11 digits
    ['GIA', '2141 234567'],
    ['GIA', ' 2141234567'],
    ['IGI', '61234567'],
    ['IGI', 'LG6123456789'],
    ['IGI', 'lg612345678'],
    ['IGI', 'LX612345678'],
    ['GRS', 'GRS-2019-123456'],
    ['GRS', 'GRS19-123456'],
    ['GRS', '2019-123456'],
    ['GRS', 'GRS2019123456'],
    ['GRS', 'grs2019-123456'],
  ])('%s %s is refused', (lab, number) => {
    expect(formats.certificateNumberProblem(lab, number)).toMatch(new RegExp(`^${lab} certificate numbers are`));
  });
});

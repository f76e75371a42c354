// The backend's plain-JS copies agree with the workstation's TypeScript sources of truth.

import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';
import * as enums from '../../src/shared/enums';
import { ROLES } from '../../src/shared/enums';
import { hiddenFields, PROTECTED_FIELDS, type ProtectedClass } from '../../src/shared/privacy';
import { loadSchema } from './apply';

const require = createRequire(import.meta.url);
const lists = require('../../resources/back4app/cloud/lists.js') as Record<string, readonly string[]>;

describe('Cloud Code value lists', () => {
  test('equal src/shared/enums.ts, list for list', () => {
    const enumLists = enums as unknown as Record<string, unknown>;
    const names = Object.keys(lists);
    expect(names).toEqual(
      expect.arrayContaining([
        'ROLES',
        'CERTIFICATE_STATUSES',
        'CLARITY_GRADES',
        'LABS',
        'VERIFICATION_RESULTS',
        'INQUIRY_STATUSES',
        'INQUIRY_OUTCOMES',
        'SALES_STATUSES',
        'ACTIVITY_TYPES',
        'REPLICATED_CLASSES',
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
    const sets = [protectedFields?.['*'], protectedFields?.[`role:${role}`]].filter((set): set is string[] =>
      Array.isArray(set),
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

// Cloud Code's record rules (resources/back4app/cloud/rules.js) are the workstation's (src/shared/record-rules.ts):
// the same table, and the same verdict on every value.

import fc from 'fast-check';
import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';
import { RECORD_RULES, unstorableText, valueProblem, type FieldRule } from '../../src/shared/record-rules';

const require = createRequire(import.meta.url);
const cloud = require('../../resources/back4app/cloud/rules.js') as {
  RECORD_RULES: Record<string, Record<string, FieldRule>>;
  unstorableText(value: string): string | null;
  valueProblem(rule: FieldRule, value: unknown, now?: number): string | null;
};

const NOW = Date.parse('2026-06-01T12:00:00Z');

/** Values of every shape, including the ones other apps and old scripts have been seen to write. */
const SAMPLES: unknown[] = [
  null,
  undefined,
  '',
  '   ',
  'VS',
  'GIA Lab',
  'Certified',
  'verified',
  'closed',
  'admin',
  'USD',
  'usd',
  'text with\ttab and\nnewline and\r\nCRLF',
  'nul\u0000here',
  'bell\u0007',
  'lone \ud800 surrogate',
  'lone \udc00 low',
  'emoji 💎 whole',
  0,
  -3,
  0.004,
  1234.567,
  100000,
  100001,
  1e12,
  1e13,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  true,
  false,
  new Date(NOW),
  new Date(NOW + 30 * 60_000),
  new Date(NOW + 2 * 60 * 60_000),
  new Date('invalid'),
  { className: 'Gemstone', objectId: 'abc' },
  { className: 'Buyer', objectId: 'abc' },
  { className: '_User', objectId: 'abc' },
  { className: 'PurchaseInquiry', objectId: '' },
  { className: 'CertificateLog', objectId: 'x' },
  { name: 'report.pdf' },
  { name: '' },
  [],
  ['Ruby', 'Sapphire'],
  ['Ruby', 3],
  ['bad\u0001'],
  [{ status: 'new' }],
  [null],
];

describe('record rules', () => {
  test('Cloud Code has the same table as the workstation, class for class and field for field', () => {
    const strip = (table: unknown) => JSON.parse(JSON.stringify(table));
    expect(strip(cloud.RECORD_RULES)).toEqual(strip(RECORD_RULES));
  });

  test('both give the same verdict on every field for values of every shape', () => {
    for (const [className, fields] of Object.entries(RECORD_RULES)) {
      for (const [field, rule] of Object.entries(fields)) {
        for (const value of SAMPLES) {
          if (value === null || value === undefined) continue; // blank values are the required check's, not the value's
          for (const now of [undefined, NOW]) {
            const here = valueProblem(rule, value as never, now) === null;
            const there = cloud.valueProblem(cloud.RECORD_RULES[className]![field]!, value, now) === null;
            expect(there, `${className}.${field} = ${String(value)}`).toBe(here);
          }
        }
      }
    }
  });

  test('both find the same text unstorable, for any string', () => {
    const anyText = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 20 }),
    );
    fc.assert(
      fc.property(anyText, (value) => {
        expect(cloud.unstorableText(value) === null).toBe(unstorableText(value) === null);
      }),
      { numRuns: 2000 },
    );
  });

  test('what the seed allows but Loupe does not offer is accepted; what breaks a state machine or the database is not', () => {
    const ok = (className: keyof typeof RECORD_RULES, field: string, value: unknown) =>
      valueProblem(RECORD_RULES[className][field]!, value as never) === null;
    expect(ok('Gemstone', 'clarityGrade', 'VS')).toBe(true);
    expect(ok('CertificateLog', 'issuedBy', 'GIA Lab')).toBe(true);
    expect(ok('PurchaseInquiry', 'quotedPrice', 1234.567)).toBe(true);
    expect(ok('PurchaseInquiry', 'currency', 'US$')).toBe(true);
    expect(ok('Gemstone', 'certificateStatus', 'Certified')).toBe(false);
    expect(ok('Gemstone', 'caratWeight', -3)).toBe(false);
    expect(ok('PurchaseInquiry', 'inquiryStatus', 'won')).toBe(false);
    expect(ok('Gemstone', 'location', 'Vault\u0000')).toBe(false);
    expect(ok('Buyer', 'companyName', 'Broken \ud83d')).toBe(false);
  });
});

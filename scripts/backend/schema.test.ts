// The schema as the server reports it (GET /schemas with the master key) is seed 000's contract, field for
// field, plus exactly Loupe's documented additions.

import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';
import { canonicalCLP, loadSchema } from './apply';
import { CODES, create, demo, expectRefused, must, rest, unique, type Json } from './test-support';

interface SeedField {
  type: string;
  required: boolean;
  targetClass?: string;
}
const seed = JSON.parse(
  readFileSync(new URL('../../resources/back4app/seed-000-schema.json', import.meta.url), 'utf8'),
) as { classes: { className: string; fields: Record<string, SeedField> }[] };

/** Back4app's User class is Parse's _User. */
const parseName = (name: string) => (name === 'User' ? '_User' : name);
/** Fields Parse itself defines on _User; their required flags cannot be set through /schemas. */
const PARSE_USER_FIELDS = ['username', 'email', 'password'];

/** Fields Loupe adds on top of the seed (plus Parse's own ACL and _User internals). */
const ADDITIONS: Record<string, string[]> = {
  _User: ['ACL', 'authData', 'emailVerified', 'clientId'],
  Gemstone: [
    'ACL',
    'clientId',
    'lastCustodyEvent',
    'lastCertificateLog',
    'certificateStatusReason',
    // Grading, prices and photos (what a dealer sells with).
    'colour',
    'hue',
    'tone',
    'saturation',
    'shape',
    'cutGrade',
    'lengthMm',
    'widthMm',
    'depthMm',
    'origin',
    'treatment',
    'fluorescence',
    'reportUrl',
    'costPrice',
    'askingPrice',
    'priceCurrency',
    'photos',
  ],
  CertificateLog: ['ACL', 'clientId', 'corrects', 'formatOverride', 'document', 'statusFrom', 'statusTo'],
  Buyer: ['ACL', 'clientId'],
  PurchaseInquiry: [
    'ACL',
    'clientId',
    'outcome',
    'outcomeReason',
    'mismatchOverride',
    'statusHistory',
    'statusChangedAt',
  ],
};

let server: Map<string, { fields: Record<string, Json>; classLevelPermissions: Json }>;
beforeAll(async () => {
  const body = must(await rest('master', 'GET', '/schemas'), 'GET /schemas');
  server = new Map((body.results as Json[]).map((c) => [c.className as string, c as never]));
});

describe("seed 000's classes", () => {
  for (const seedClass of seed.classes) {
    const className = parseName(seedClass.className);

    test(`${className} has every seed field with its type, pointer target and required flag`, () => {
      const fields = server.get(className)?.fields;
      expect(fields, `${className} is missing on the server`).toBeDefined();
      for (const [name, want] of Object.entries(seedClass.fields)) {
        const have = fields![name];
        expect(have, `${className}.${name}`).toBeDefined();
        expect(have!.type, `${className}.${name} type`).toBe(want.type);
        expect(have!.targetClass ?? null, `${className}.${name} target`).toBe(
          want.targetClass ? parseName(want.targetClass) : null,
        );
        if (className === '_User' && PARSE_USER_FIELDS.includes(name)) continue; // enforced below instead
        expect(Boolean(have!.required), `${className}.${name} required`).toBe(want.required);
      }
    });

    test(`${className} has no fields beyond the seed and Loupe's documented additions`, () => {
      const extra = Object.keys(server.get(className)!.fields)
        .filter((name) => !(name in seedClass.fields))
        .sort();
      expect(extra).toEqual([...ADDITIONS[className]!].sort());
    });
  }

  test("_User's username, email and password are required, as the seed says", async () => {
    const admin = await demo('admin');
    const base = {
      username: unique('u'),
      password: 'pw-1234567890',
      email: 'x@example.com',
      fullName: 'X',
      role: 'practitioner',
    };
    const without = (field: string) => Object.fromEntries(Object.entries(base).filter(([key]) => key !== field));
    expectRefused(await rest(admin, 'POST', '/users', without('username')), 200);
    expectRefused(await rest(admin, 'POST', '/users', without('password')), 201);
    expectRefused(
      await rest(admin, 'POST', '/users', without('email')),
      CODES.VALIDATION_ERROR,
      /\(Email\) is required/,
    );
    expectRefused(
      await rest(admin, 'POST', '/users', without('fullName')),
      CODES.VALIDATION_ERROR,
      /\(Full name\) is required/,
    );
    expectRefused(await rest(admin, 'POST', '/users', without('role')), CODES.VALIDATION_ERROR, /\(Role\) is required/);
    await create(admin, '_User', base);
  });
});

describe("Loupe's own classes", () => {
  const expectFields = (className: string, want: Record<string, [type: string, target?: string]>) => {
    const fields = server.get(className)!.fields;
    for (const [name, [type, target]] of Object.entries(want)) {
      expect(fields[name]?.type, `${className}.${name}`).toBe(type);
      expect(fields[name]?.targetClass ?? null, `${className}.${name} target`).toBe(target ?? null);
    }
  };

  test('Activity follows seed 001, with relatedTo a Buyer and an optional inquiry', () => {
    expectFields('Activity', {
      type: ['String'],
      subject: ['String'],
      description: ['String'],
      dueDate: ['Date'],
      completedAt: ['Date'],
      relatedTo: ['Pointer', 'Buyer'],
      relatedInquiry: ['Pointer', 'PurchaseInquiry'],
      createdBy: ['Pointer', '_User'],
      clientId: ['String'],
    });
  });

  test('CustodyEvent records who moved a stone where', () => {
    expectFields('CustodyEvent', {
      gemstone: ['Pointer', 'Gemstone'],
      fromLocation: ['String'],
      toLocation: ['String'],
      movedBy: ['Pointer', '_User'],
      movedAt: ['Date'],
      reason: ['String'],
      clientId: ['String'],
    });
  });

  test('Tombstone records deletions', () => {
    expectFields('Tombstone', {
      targetClass: ['String'],
      targetId: ['String'],
      targetClientId: ['String'],
      deletedBy: ['Pointer', '_User'],
    });
  });

  test('class-level permissions on the server are the ones in schema.json', () => {
    for (const spec of loadSchema().classes) {
      expect(canonicalCLP(server.get(spec.className)?.classLevelPermissions), spec.className).toBe(
        canonicalCLP(spec.classLevelPermissions),
      );
    }
  });

  test('the three staff roles exist', async () => {
    const roles = must(await rest('master', 'GET', '/roles?keys=name')).results as Json[];
    expect(roles.map((role) => role.name).sort()).toEqual(['admin', 'coordinator', 'practitioner']);
  });

  test('every index in schema.json exists, including the unique ones', async () => {
    const schema = loadSchema();
    const result = must(
      await rest('master', 'POST', '/functions/loupeEnsureIndexes', {
        indexes: Object.fromEntries(schema.classes.map((c) => [c.className, c.indexes ?? {}])),
        uniqueIndexes: Object.fromEntries(schema.classes.map((c) => [c.className, c.uniqueIndexes ?? {}])),
        dryRun: true,
      }),
    ).result as { present: string[]; missing: string[] };
    expect(result.missing).toEqual([]);
    expect(result.present).toEqual(
      expect.arrayContaining([
        'Gemstone.Gemstone_pull',
        'Tombstone.Tombstone_pull',
        'Gemstone.Gemstone_unique_clientId',
        'PurchaseInquiry.PurchaseInquiry_one_reservation',
      ]),
    );
    for (const spec of schema.classes.filter((c) => c.className !== '_Role')) {
      expect(result.present, spec.className).toContain(`${spec.className}.${spec.className}_pull`);
    }
  });

  test('only the master key may ask for indexes', async () => {
    expectRefused(
      await rest(await demo('admin'), 'POST', '/functions/loupeEnsureIndexes', { indexes: {}, dryRun: true }),
      CODES.VALIDATION_ERROR,
      /Master key is required/,
    );
  });
});

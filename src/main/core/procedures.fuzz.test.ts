import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aStone, startTestCore, type TestCore } from '../test-support/core';
import { databaseHash } from '../test-support/maintenance';
import {
  acceptsInput,
  allProcedures,
  callProcedure,
  refusedByRole,
  roleConnections,
  type ProcedureInfo,
  type RoleConnections,
} from '../test-support/procedures';
import { aBuyer } from '../test-support/sales';
import { CALLERS, isAllowed } from './role-matrix';

// Property: whatever arrives — any shape, any role, nobody signed in — every procedure answers with a
// typed refusal (a tRPC error other than INTERNAL_SERVER_ERROR), nothing is thrown past the transport, and
// the database file is byte-for-byte what it was. Procedures are enumerated at run time, so one added
// later is fuzzed without touching this file. Bounded: a few runs per procedure and role.

const RUNS_WITH_INPUT = 12;
const RUNS_WITHOUT_INPUT = 2;

const nasty = fc.constantFrom<unknown>(
  undefined,
  null,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  -0,
  2 ** 53 + 1,
  -1,
  '',
  ' ',
  '\u0000',
  'x'.repeat(70_000),
  "'; DROP TABLE gemstones; --",
  '../../../../etc/passwd',
  '<img src=x onerror=alert(1)>',
  JSON.parse('{"__proto__": {"polluted": true}}'),
  { constructor: { prototype: { polluted: true } } },
  [[[[[[[[[[]]]]]]]]]],
);

const anyValue = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.anything({
      maxDepth: 2,
      withBigInt: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withTypedArray: true,
      withSparseArray: true,
      withBoxedValues: true,
    }),
  },
  { weight: 2, arbitrary: nasty },
);

interface ZodDef {
  type?: string;
  shape?: Record<string, unknown>;
  innerType?: { _zod?: { def?: ZodDef } };
  in?: { _zod?: { def?: ZodDef } };
  options?: { _zod?: { def?: ZodDef } }[];
}

/** The key sets of the object schemas inside a parser (through optional, default, pipe and union). */
function objectKeys(def: ZodDef | undefined, depth = 0): string[][] {
  if (!def || depth > 5) return [];
  if (def.type === 'object' && def.shape) return [Object.keys(def.shape)];
  if (def.innerType) return objectKeys(def.innerType._zod?.def, depth + 1);
  if (def.in) return objectKeys(def.in._zod?.def, depth + 1);
  if (def.options) return def.options.flatMap((o) => objectKeys(o._zod?.def, depth + 1));
  return [];
}

/** Inputs no parser of the procedure accepts: random values, nasty ones, and objects with the right keys and wrong values. */
function invalidInputs(procedure: ProcedureInfo): fc.Arbitrary<unknown> {
  const keySets = procedure.parsers.flatMap((p) => objectKeys((p as { _zod?: { def?: ZodDef } })._zod?.def));
  const nearMisses = keySets.map((keys) =>
    fc
      .record(Object.fromEntries(keys.map((k) => [k, anyValue])), { requiredKeys: [] })
      .map((record) => record as unknown),
  );
  const generator = nearMisses.length ? fc.oneof(anyValue, ...nearMisses) : anyValue;
  return procedure.parsers.length ? generator.filter((input) => !acceptsInput(procedure, input)) : generator;
}

let t: TestCore;
let roles: RoleConnections;

beforeAll(async () => {
  t = await startTestCore();
  roles = await roleConnections(t.core);
  // Some data for the invalid inputs to miss: stones, a buyer, an inquiry, an activity.
  const admin = t.core.caller(roles.connections.admin);
  const stone = await admin.inventory.create(aStone({ sku: 'FUZZ-1' }));
  await admin.inventory.create(aStone({ sku: 'FUZZ-2', certificateNumber: null, certificateStatus: 'none' }));
  const buyer = await admin.buyers.create(aBuyer());
  const inquiry = await admin.inquiries.create({
    buyer: buyer.id,
    gemstone: stone.id,
    requestedCaratWeight: stone.caratWeight,
    currency: 'USD',
  });
  await admin.activities.create({
    type: 'call',
    buyer: buyer.id,
    inquiry: inquiry.id,
    subject: 'Asked about the ruby',
    done: true,
  });
});
afterAll(() => t.dispose());

describe('every procedure, fuzzed with invalid input as every role', () => {
  it.each(allProcedures().map((p) => [p.path, p] as const))(
    '%s refuses with a typed error and changes nothing',
    async (_path, procedure) => {
      const before = databaseHash(t.core);
      for (const caller of CALLERS) {
        await fc.assert(
          fc.asyncProperty(invalidInputs(procedure), async (input) => {
            roles.reset();
            let result;
            try {
              result = await callProcedure(t.core, roles.connections[caller], procedure, input);
            } catch (error) {
              throw new Error(`an exception escaped ${procedure.path} as ${caller}: ${(error as Error).stack}`, {
                cause: error,
              });
            }
            if (!result.ok) {
              expect(result.error.data.code, `${procedure.path} as ${caller}: ${result.error.message}`).not.toBe(
                'INTERNAL_SERVER_ERROR',
              );
              expect(typeof result.error.message).toBe('string');
              // A refused role is refused before the input is even looked at.
              if (!isAllowed(procedure.path, caller))
                expect(refusedByRole(result), `${procedure.path} as ${caller}`).toBe(true);
            } else {
              // Only a procedure that takes no input can succeed: there is nothing invalid to give it.
              expect(procedure.parsers, `${procedure.path} accepted an invalid input as ${caller}`).toEqual([]);
              expect(isAllowed(procedure.path, caller), `${procedure.path} let ${caller} in`).toBe(true);
            }
          }),
          {
            numRuns: procedure.parsers.length ? RUNS_WITH_INPUT : RUNS_WITHOUT_INPUT,
            seed: 20251123,
            endOnFailure: true,
          },
        );
      }
      expect(databaseHash(t.core), `${procedure.path} changed the database`).toBe(before);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
  );
});

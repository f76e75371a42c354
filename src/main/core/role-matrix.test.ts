import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCore, type TestCore } from '../test-support/core';
import {
  allProcedures,
  callProcedure,
  probeInput,
  refusedByRole,
  roleConnections,
  type RoleConnections,
} from '../test-support/procedures';
import {
  CALLERS,
  isAllowed,
  ROLE_MATRIX,
  ROLE_MATRIX_BEGIN,
  ROLE_MATRIX_END,
  roleMatrixMarkdown,
  withRoleMatrix,
} from './role-matrix';

// Every procedure × every role (and nobody signed in) against the one table in role-matrix.ts. The role
// check must come before anything else looks at the request: each call carries an input the procedure
// refuses, so an allowed role gets a validation error and a refused one gets FORBIDDEN / UNAUTHORIZED.

const procedures = allProcedures();
let t: TestCore;
let roles: RoleConnections;

beforeAll(async () => {
  t = await startTestCore();
  roles = await roleConnections(t.core);
});
afterAll(() => t.dispose());

describe('the role matrix', () => {
  it('lists every procedure there is, and only those', () => {
    const paths = procedures.map((p) => p.path).sort();
    const missing = paths.filter((p) => !(p in ROLE_MATRIX));
    expect(missing, 'procedures missing from src/main/core/role-matrix.ts').toEqual([]);
    expect(
      Object.keys(ROLE_MATRIX).filter((p) => !paths.includes(p)),
      'rows for procedures that do not exist',
    ).toEqual([]);
  });

  it.each(procedures.map((p) => [p.path, p] as const))(
    '%s lets in exactly the roles the table says',
    async (_path, procedure) => {
      const outcome: Record<string, 'allow' | 'deny'> = {};
      const expected: Record<string, 'allow' | 'deny'> = {};
      for (const caller of CALLERS) {
        roles.reset();
        const result = await callProcedure(t.core, roles.connections[caller], procedure, probeInput(procedure));
        if (!result.ok)
          expect(result.error.data.code, `${caller}: ${result.error.message}`).not.toBe('INTERNAL_SERVER_ERROR');
        outcome[caller] = refusedByRole(result) ? 'deny' : 'allow';
        expected[caller] = isAllowed(procedure.path, caller) ? 'allow' : 'deny';
        if (refusedByRole(result)) {
          // A refusal says why, typed: nobody signed in → UNAUTHORIZED, the wrong role → FORBIDDEN.
          expect(result.ok ? null : result.error.data.code).toBe(
            caller === 'signed out' ? 'UNAUTHORIZED' : 'FORBIDDEN',
          );
        }
      }
      expect(outcome).toEqual(expected);
    },
  );

  it('is printed in docs/security.md as it is in the code', () => {
    const readme = readFileSync(join(__dirname, '../../../docs/security.md'), 'utf8');
    expect(readme).toContain(ROLE_MATRIX_BEGIN);
    expect(readme).toContain(ROLE_MATRIX_END);
    expect(readme, 'docs/security.md is out of date: run `npm run docs:roles`').toBe(withRoleMatrix(readme));
    expect(roleMatrixMarkdown().split('\n')).toHaveLength(Object.keys(ROLE_MATRIX).length + 2);
  });
});

import type { Core } from '../core/create-core';
import { runOperation, runSubscription, type Operation } from '../core/operations';
import type { MatrixCaller } from '../core/role-matrix';
import { appRouter } from '../core/router';
import { signedInAdmin, signedInAs } from './core';

// Every tRPC procedure, enumerated at run time (a new procedure is covered without touching the tests),
// and a way to call one as each role through the transport-neutral path the Electron window uses.

export interface Parser {
  safeParse(value: unknown): { success: boolean };
}

export interface ProcedureInfo {
  path: string;
  type: 'query' | 'mutation' | 'subscription';
  parsers: Parser[];
}

export function allProcedures(): ProcedureInfo[] {
  const procedures = (
    appRouter._def as unknown as {
      procedures: Record<string, { _def: { type: ProcedureInfo['type']; inputs: Parser[] } }>;
    }
  ).procedures;
  return Object.entries(procedures).map(([path, p]) => ({ path, type: p._def.type, parsers: p._def.inputs }));
}

/** True when every input parser of the procedure accepts the value (so the call would really run). */
export function acceptsInput(procedure: ProcedureInfo, value: unknown): boolean {
  return procedure.parsers.every((parser) => {
    try {
      return parser.safeParse(value).success;
    } catch {
      return false;
    }
  });
}

export interface ErrorShape {
  message: string;
  code: number;
  data: { code: string; httpStatus: number; reason: string | null; fieldErrors: Record<string, string[]> | null };
}

export type CallResult = { ok: true } | { ok: false; error: ErrorShape };

export interface RoleConnections {
  connections: Record<MatrixCaller, string>;
  /** Puts each connection back in its role (a signOut probe signs it out). */
  reset(): void;
}

/** An administrator, a coordinator, a practitioner, each signed in on a connection; and a signed-out one. */
export async function roleConnections(core: Core): Promise<RoleConnections> {
  await signedInAdmin(core, 'role-admin');
  await signedInAs(core, 'coordinator', 'role-coordinator');
  await signedInAs(core, 'practitioner', 'role-practitioner');
  const connections: Record<MatrixCaller, string> = {
    admin: 'role-admin',
    coordinator: 'conn-role-coordinator',
    practitioner: 'conn-role-practitioner',
    'signed out': 'role-nobody',
  };
  const userIds = new Map<string, string>();
  for (const connection of Object.values(connections)) {
    const ctx = core.createContext(connection);
    if (ctx.user) userIds.set(connection, ctx.user.id);
  }
  return {
    connections,
    reset() {
      const { sessions } = core.createContext('role-reset');
      for (const [connection, userId] of userIds) sessions.signIn(connection, userId);
      sessions.signOut(connections['signed out']);
    },
  };
}

/** Calls one procedure as it arrives from a window: errors come back as the typed shape, never thrown. */
export async function callProcedure(
  core: Core,
  connectionId: string,
  procedure: ProcedureInfo,
  input: unknown,
): Promise<CallResult> {
  const op: Operation = { type: procedure.type, path: procedure.path, input };
  if (procedure.type !== 'subscription') {
    const result = await runOperation(core, connectionId, op);
    return result.ok ? { ok: true } : { ok: false, error: result.error as ErrorShape };
  }
  // A subscription that was let in streams until it is stopped: stop it at its first value or soon after.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 50);
  const result = await runSubscription(core, connectionId, op, controller.signal, () => controller.abort());
  clearTimeout(timer);
  return result.ok ? { ok: true } : { ok: false, error: result.error as ErrorShape };
}

/** A refusal by the role check (not signed in, or the wrong role) rather than by anything after it. */
export function refusedByRole(result: CallResult): boolean {
  return !result.ok && (result.error.data.reason === 'NOT_SIGNED_IN' || result.error.data.reason === 'FORBIDDEN_ROLE');
}

/** An input no parser of the procedure accepts, from a few obvious candidates (undefined if it takes none). */
export function probeInput(procedure: ProcedureInfo): unknown {
  if (procedure.parsers.length === 0) return undefined;
  const candidates: unknown[] = [undefined, null, 12345, 'not an input', [], { __probe: true }];
  return candidates.find((c) => !acceptsInput(procedure, c)) ?? { __probe: true };
}

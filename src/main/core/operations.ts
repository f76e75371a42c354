import {
  callTRPCProcedure,
  getTRPCErrorFromUnknown,
  getTRPCErrorShape,
  TRPCError,
  type TRPCProcedureType as ProcedureType,
} from '@trpc/server';
import type { Context } from '../trpc/context';
import type { Core } from './create-core';

// The transport-neutral way to run one tRPC operation: the Electron shell carries these over IPC.
// Errors come back as values (the tRPC error shape), never as exceptions across the process boundary.

export interface Operation {
  type: ProcedureType;
  path: string;
  input?: unknown;
}

export type OperationResult = { ok: true; data: unknown } | { ok: false; error: unknown };

const PROCEDURE_TYPES = new Set<ProcedureType>(['query', 'mutation', 'subscription']);

/** Whatever arrives over IPC is untrusted: accept only the shape of an operation. */
export function parseOperation(raw: unknown): Operation | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const { type, path, input } = raw as Record<string, unknown>;
  if (typeof type !== 'string' || !PROCEDURE_TYPES.has(type as ProcedureType)) return null;
  if (typeof path !== 'string' || path.length > 200 || !/^[A-Za-z0-9_.]+$/.test(path)) return null;
  return { type: type as ProcedureType, path, input };
}

function errorShape(core: Core, error: unknown, op: Operation, ctx: Context) {
  const trpcError = getTRPCErrorFromUnknown(error);
  return getTRPCErrorShape({
    config: core.router._def._config,
    error: trpcError,
    type: op.type,
    path: op.path,
    input: op.input,
    ctx,
  });
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

export async function runOperation(
  core: Core,
  connectionId: string,
  op: Operation,
  signal?: AbortSignal,
): Promise<OperationResult> {
  const ctx = core.createContext(connectionId);
  try {
    if (op.type === 'subscription')
      throw new TRPCError({ code: 'BAD_REQUEST', message: 'Use subscribe for subscriptions' });
    const data = await callTRPCProcedure({
      router: core.router,
      path: op.path,
      getRawInput: async () => op.input,
      ctx,
      type: op.type,
      signal,
      batchIndex: 0,
    });
    return { ok: true, data };
  } catch (error) {
    return { ok: false, error: errorShape(core, error, op, ctx) };
  }
}

/** Runs a subscription, delivering each value, then `done` with an error shape if it failed. */
export async function runSubscription(
  core: Core,
  connectionId: string,
  op: Operation,
  signal: AbortSignal,
  onData: (data: unknown) => void,
): Promise<OperationResult> {
  const ctx = core.createContext(connectionId);
  try {
    if (op.type !== 'subscription') throw new TRPCError({ code: 'BAD_REQUEST', message: 'Not a subscription' });
    const result = await callTRPCProcedure({
      router: core.router,
      path: op.path,
      getRawInput: async () => op.input,
      ctx,
      type: op.type,
      signal,
      batchIndex: 0,
    });
    if (!isAsyncIterable(result))
      throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'Subscription did not return a stream' });
    for await (const value of result) {
      if (signal.aborted) break;
      onData(value);
    }
    return { ok: true, data: null };
  } catch (error) {
    if (signal.aborted) return { ok: true, data: null };
    return { ok: false, error: errorShape(core, error, op, ctx) };
  }
}

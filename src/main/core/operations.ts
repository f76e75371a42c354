import {
  callTRPCProcedure,
  getTRPCErrorFromUnknown,
  getTRPCErrorShape,
  TRPCError,
  type TRPCProcedureType as ProcedureType,
} from '@trpc/server';
import { MAX_REQUEST_BYTES } from '../../shared/media';
import type { Context } from '../trpc/context';
import { DomainError, REQUEST_TOO_LARGE_MESSAGE } from '../trpc/errors';
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

/**
 * Whether an input is larger than `limit` bytes as JSON would be (its texts count, and a little for the
 * rest), walked without recursion and given up on as soon as it is: what arrives over IPC can be anything.
 */
export function inputLargerThan(value: unknown, limit: number): boolean {
  let size = 0;
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === 'string') size += next.length + 2;
    else if (ArrayBuffer.isView(next) || next instanceof ArrayBuffer) size += next.byteLength;
    else if (Array.isArray(next)) {
      size += next.length * 2; // each item and its comma, at least: a long array is judged before it is walked
      if (size <= limit) for (const item of next as unknown[]) pending.push(item);
    } else if (typeof next === 'object' && next !== null)
      for (const [key, item] of Object.entries(next)) {
        size += key.length + 4;
        pending.push(item);
      }
    size += 8;
    if (size > limit) return true;
  }
  return false;
}

/** The browser host's body limit, for the window's IPC too: the same typed refusal either way. */
function checkSize(op: Operation) {
  if (inputLargerThan(op.input, MAX_REQUEST_BYTES))
    throw new DomainError('REQUEST_TOO_LARGE', REQUEST_TOO_LARGE_MESSAGE);
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
    checkSize(op);
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
    checkSize(op);
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

import { TRPCClientError } from '@trpc/client';

interface LoupeErrorData {
  code?: string;
  reason?: string | null;
  fieldErrors?: Record<string, string[]> | null;
}

/** The message a person can act on, from whatever the core refused with. */
export function errorMessage(error: unknown): string {
  if (error instanceof TRPCClientError) return error.message;
  return error instanceof Error ? error.message : 'Something went wrong.';
}

export function errorData(error: unknown): LoupeErrorData {
  return error instanceof TRPCClientError ? ((error.data ?? {}) as LoupeErrorData) : {};
}

/** Field → first message, for showing a refusal next to the field it is about. */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, messages] of Object.entries(errorData(error).fieldErrors ?? {})) {
    if (messages[0]) out[field] = messages[0];
  }
  return out;
}

// How replication tells failures apart: what to retry, when to ask someone to sign in again, and what to
// set aside for good. Every answer of the server is classified into one of these (see classifyParseError).

/** Network down, timeouts, 5xx, rate limits: try again later. */
export class TransientError extends Error {
  readonly kind = 'transient' as const;
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'TransientError';
  }
}

/** The session token is no longer valid (expired or revoked): the user must sign in again. */
export class SessionExpiredError extends Error {
  readonly kind = 'session' as const;
  constructor(message = 'The backend session has expired; sign in again.') {
    super(message);
    this.name = 'SessionExpiredError';
  }
}

/** The server refused for good (validation, permission, not found): retrying the same request cannot help. */
export class PermanentError extends Error {
  readonly kind = 'permanent' as const;
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
    this.name = 'PermanentError';
  }
}

/**
 * The server refused a /batch call as a whole for its size: Parse Server's `batchRequestLimit` (this
 * backend's own setting is 100; Back4app's plans may set another), or a proxy's body-size limit (413).
 * It says nothing about the changes in it, which go again in smaller batches.
 */
export class BatchTooLargeError extends PermanentError {
  constructor(
    message: string,
    code: number,
    /** The most sub-requests the server takes per call. */
    readonly limit: number,
  ) {
    super(message, code);
    this.name = 'BatchTooLargeError';
  }

  /** What the refused call held, in parts the server takes: each at most its limit, and smaller than the call. */
  partsOf<T>(items: T[]): T[][] {
    const size = Math.max(1, Math.min(this.limit, items.length - 1));
    const parts: T[][] = [];
    for (let at = 0; at < items.length; at += size) parts.push(items.slice(at, at + size));
    return parts;
  }
}

export type SyncError = TransientError | SessionExpiredError | PermanentError;

/** Parse error codes (Parse.Error) the replicator treats specially. */
export const PARSE_CODES = {
  CONNECTION_FAILED: 100,
  OBJECT_NOT_FOUND: 101,
  INTERNAL_SERVER_ERROR: 1,
  TIMEOUT: 124,
  DUPLICATE_VALUE: 137,
  REQUEST_LIMIT_EXCEEDED: 155,
  INVALID_SESSION_TOKEN: 209,
  SCRIPT_FAILED: 141,
  VALIDATION_ERROR: 142,
  OPERATION_FORBIDDEN: 119,
} as const;

const TRANSIENT_CODES = new Set<number>([
  PARSE_CODES.CONNECTION_FAILED,
  PARSE_CODES.INTERNAL_SERVER_ERROR,
  PARSE_CODES.TIMEOUT,
  PARSE_CODES.REQUEST_LIMIT_EXCEEDED,
]);

/** Classifies one Parse error body ({ code, error }) from a response or a batch sub-result. */
export function classifyParseError(code: number, message: string, status?: number): SyncError {
  if (code === PARSE_CODES.INVALID_SESSION_TOKEN) return new SessionExpiredError();
  if (TRANSIENT_CODES.has(code) || (status !== undefined && (status >= 500 || status === 429))) {
    return new TransientError(message, status);
  }
  return new PermanentError(message, code);
}

/** A whole-call refusal that is about the batch's size, with the size the server takes. */
export function tooLarge(error: unknown, sent: number): BatchTooLargeError | null {
  if (!(error instanceof PermanentError)) return null;
  // Parse Server: "Batch request contains 250 sub-requests, which exceeds the limit of 100."
  const limit = /exceeds the limit of (\d+)/i.exec(error.message);
  if (limit) return new BatchTooLargeError(error.message, error.code, Math.max(1, Number(limit[1])));
  if (error.code === 413) return new BatchTooLargeError(error.message, error.code, Math.max(1, Math.floor(sent / 2)));
  return null;
}

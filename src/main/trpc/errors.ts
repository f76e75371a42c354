import { TRPCError } from '@trpc/server';

/** Why a domain rule refused a request; the renderer can branch on it, people read the message. */
export type DomainReason =
  | 'DUPLICATE_SKU'
  | 'NOT_FOUND'
  | 'INVALID_REFERENCE'
  | 'ALREADY_SET_UP'
  | 'WRONG_CREDENTIALS'
  | 'NOT_SIGNED_IN'
  | 'FORBIDDEN_ROLE'
  | 'DUPLICATE_USERNAME'
  | 'LAST_ADMIN'
  | 'BACKEND_UNREACHABLE'
  | 'ACCOUNT_NOT_USABLE'
  | 'UNSTORABLE_TEXT'
  | 'INVALID_VALUE'
  | 'NO_BACKEND_ACCOUNT'
  // sales: buyers, inquiries, activities
  | 'DUPLICATE_BUYER'
  | 'NOT_ACCOUNT_MANAGER'
  | 'BUYER_IN_USE'
  | 'BUYER_BLOCKED'
  | 'ILLEGAL_TRANSITION'
  | 'PRICE_REQUIRED'
  | 'STONE_NOT_FREE'
  | 'CERTIFICATE_MISMATCH'
  | 'INQUIRY_CLOSED'
  | 'NOT_ACTIVITY_OWNER'
  // holds
  | 'STONE_HELD'
  | 'NOT_HOLD_OWNER'
  | 'HOLD_ENDED'
  // memos out, consignments in, invoices and payments
  | 'STONE_ON_MEMO'
  | 'MEMO_CLOSED'
  | 'MEMO_LINE_SETTLED'
  | 'CONSIGNMENT_UNSETTLED'
  | 'CONSIGNMENT_CLOSED'
  | 'INVOICE_VOID'
  | 'OVERPAYMENT'
  // inventory desk and vault
  | 'UNKNOWN_GEMSTONE_TYPE'
  | 'UNKNOWN_LOCATION'
  | 'WRONG_CLARITY_SCALE'
  | 'COUNT_ALREADY_OPEN'
  | 'COUNT_CLOSED'
  | 'COUNT_NOT_FINISHED'
  | 'CSV_COLUMNS'
  | 'NOTHING_TO_IMPORT'
  | 'CSV_TOO_LONG'
  // certificates
  | 'APPEND_ONLY'
  | 'CERTIFICATE_FORMAT'
  | 'DOCUMENT_TYPE'
  | 'DOCUMENT_TOO_LARGE'
  | 'DOCUMENT_ALREADY_ATTACHED'
  | 'CERTIFICATE_NOT_VERIFIED'
  // photos and videos of a stone
  | 'MEDIA_TYPE'
  | 'MEDIA_TOO_LARGE'
  | 'TOO_MANY_MEDIA'
  // a request larger than any a screen sends (the browser host's body limit, the window's IPC)
  | 'REQUEST_TOO_LARGE'
  // backups, restore, updates (maintenance)
  | 'BACKUP_REFUSED'
  | 'BACKUP_FOLDER'
  | 'MAINTENANCE_BUSY'
  | 'NOT_AVAILABLE_HERE';

const CODE_BY_REASON: Record<DomainReason, TRPCError['code']> = {
  DUPLICATE_SKU: 'CONFLICT',
  NOT_FOUND: 'NOT_FOUND',
  INVALID_REFERENCE: 'BAD_REQUEST',
  ALREADY_SET_UP: 'CONFLICT',
  WRONG_CREDENTIALS: 'UNAUTHORIZED',
  NOT_SIGNED_IN: 'UNAUTHORIZED',
  FORBIDDEN_ROLE: 'FORBIDDEN',
  DUPLICATE_USERNAME: 'CONFLICT',
  LAST_ADMIN: 'CONFLICT',
  BACKEND_UNREACHABLE: 'BAD_GATEWAY',
  ACCOUNT_NOT_USABLE: 'FORBIDDEN',
  UNSTORABLE_TEXT: 'BAD_REQUEST',
  INVALID_VALUE: 'BAD_REQUEST',
  NO_BACKEND_ACCOUNT: 'PRECONDITION_FAILED',
  DUPLICATE_BUYER: 'CONFLICT',
  NOT_ACCOUNT_MANAGER: 'FORBIDDEN',
  BUYER_IN_USE: 'CONFLICT',
  BUYER_BLOCKED: 'CONFLICT',
  ILLEGAL_TRANSITION: 'CONFLICT',
  PRICE_REQUIRED: 'BAD_REQUEST',
  STONE_NOT_FREE: 'CONFLICT',
  CERTIFICATE_MISMATCH: 'CONFLICT',
  INQUIRY_CLOSED: 'CONFLICT',
  NOT_ACTIVITY_OWNER: 'FORBIDDEN',
  STONE_HELD: 'CONFLICT',
  NOT_HOLD_OWNER: 'FORBIDDEN',
  HOLD_ENDED: 'CONFLICT',
  STONE_ON_MEMO: 'CONFLICT',
  MEMO_CLOSED: 'CONFLICT',
  MEMO_LINE_SETTLED: 'CONFLICT',
  CONSIGNMENT_UNSETTLED: 'CONFLICT',
  CONSIGNMENT_CLOSED: 'CONFLICT',
  INVOICE_VOID: 'CONFLICT',
  OVERPAYMENT: 'BAD_REQUEST',
  UNKNOWN_GEMSTONE_TYPE: 'BAD_REQUEST',
  UNKNOWN_LOCATION: 'BAD_REQUEST',
  WRONG_CLARITY_SCALE: 'BAD_REQUEST',
  COUNT_ALREADY_OPEN: 'CONFLICT',
  COUNT_CLOSED: 'CONFLICT',
  COUNT_NOT_FINISHED: 'CONFLICT',
  CSV_COLUMNS: 'BAD_REQUEST',
  NOTHING_TO_IMPORT: 'BAD_REQUEST',
  CSV_TOO_LONG: 'BAD_REQUEST',
  APPEND_ONLY: 'FORBIDDEN',
  CERTIFICATE_FORMAT: 'BAD_REQUEST',
  DOCUMENT_TYPE: 'BAD_REQUEST',
  DOCUMENT_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  DOCUMENT_ALREADY_ATTACHED: 'CONFLICT',
  CERTIFICATE_NOT_VERIFIED: 'CONFLICT',
  MEDIA_TYPE: 'BAD_REQUEST',
  MEDIA_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  TOO_MANY_MEDIA: 'CONFLICT',
  REQUEST_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  BACKUP_REFUSED: 'BAD_REQUEST',
  BACKUP_FOLDER: 'BAD_REQUEST',
  MAINTENANCE_BUSY: 'CONFLICT',
  NOT_AVAILABLE_HERE: 'PRECONDITION_FAILED',
};

/**
 * A refusal by a domain rule. It is a TRPCError, so it reaches the renderer typed; `field` ties it to a
 * form field so the form can show it where the user typed.
 */
export class DomainError extends TRPCError {
  constructor(
    readonly reason: DomainReason,
    message: string,
    readonly field?: string,
    /** The record the refusal is about, e.g. the existing buyer a duplicate clashes with ("open it"). */
    readonly existingId?: string,
  ) {
    super({ code: CODE_BY_REASON[reason], message });
    this.name = 'DomainError';
  }
}

/** What a request past MAX_REQUEST_BYTES (src/shared/media.ts) is told, whichever way it came. */
export const REQUEST_TOO_LARGE_MESSAGE =
  'That is more than Loupe takes in one go: at most 100 MB at a time. Attach large videos one by one.';

/**
 * A refusal the screens expect and show in words: a domain rule's, or input that failed its schema.
 * Anything else (a crash, a malformed request, an unknown procedure) keeps its HTTP status.
 */
export function isExpectedRefusal(error: TRPCError): boolean {
  if (error instanceof DomainError) return true;
  if (error.code === 'PAYLOAD_TOO_LARGE') return true; // a body past the host's limit (see init.ts)
  return error.code === 'BAD_REQUEST' && Array.isArray((error.cause as { issues?: unknown } | undefined)?.issues);
}

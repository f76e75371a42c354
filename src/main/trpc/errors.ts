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
  | 'LAST_ADMIN';

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
  ) {
    super({ code: CODE_BY_REASON[reason], message });
    this.name = 'DomainError';
  }
}

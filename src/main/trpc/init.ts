import { initTRPC } from '@trpc/server';
import { ROLE_LABELS, type Role } from '../../shared/enums';
import { asActor } from '../db/store';
import type { Context, SessionUser } from './context';
import { DomainError, type DomainReason } from './errors';

interface Issue {
  path?: ReadonlyArray<PropertyKey | { key: PropertyKey }>;
  message: string;
}

/** zod (and any Standard Schema) issues → { field: [messages] } for the form that sent them. */
function fieldErrorsFrom(cause: unknown): Record<string, string[]> | null {
  const issues = (cause as { issues?: unknown })?.issues;
  if (!Array.isArray(issues)) return null;
  const out: Record<string, string[]> = {};
  for (const issue of issues as Issue[]) {
    const key = (issue.path ?? [])
      .map((p) => (typeof p === 'object' && p !== null ? String(p.key) : String(p)))
      .filter((p) => p !== 'changes')
      .join('.') || '_';
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    let fieldErrors = fieldErrorsFrom(error.cause);
    let reason: DomainReason | 'INVALID_INPUT' | null = fieldErrors ? 'INVALID_INPUT' : null;
    let message = shape.message;
    if (error instanceof DomainError) {
      reason = error.reason;
      if (error.field) fieldErrors = { [error.field]: [error.message] };
    } else if (fieldErrors) {
      message = Object.entries(fieldErrors)
        .map(([field, messages]) => (field === '_' ? messages[0] : `${field}: ${messages[0]}`))
        .join('; ');
    } else if (shape.data.code === 'INTERNAL_SERVER_ERROR') {
      // Never leak internals (SQL, paths) to the renderer; the core logs the real error.
      message = 'Something went wrong in Loupe; the change was not saved. Try again, and report it if it repeats.';
    }
    const { stack: _stack, ...data } = shape.data;
    // A duplicate names the record it clashes with, so the screen can offer "open the existing one".
    const existingId = error instanceof DomainError && error.existingId ? { existingId: error.existingId } : {};
    return { ...shape, message, data: { ...data, reason, fieldErrors, ...existingId } };
  },
});

export const router = t.router;
export const mergeRouters = t.mergeRouters;
export const createCallerFactory = t.createCallerFactory;

/** Anyone, signed in or not (first-run setup, sign-in, status). */
export const publicProcedure = t.procedure;

/** Any signed-in staff member. */
export const staffProcedure = t.procedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new DomainError('NOT_SIGNED_IN', 'Sign in first.');
  const user = ctx.user as SessionUser;
  // Every change made inside this call is queued in this person's name.
  return asActor(user.id, () => next({ ctx: { ...ctx, user } }));
});

const PLURAL: Record<Role, string> = { admin: 'administrators', coordinator: 'coordinators', practitioner: 'practitioners' };
const ARTICLE: Record<Role, string> = { admin: 'an', coordinator: 'a', practitioner: 'a' };

/** Signed-in staff with one of the given roles; everyone else gets a typed FORBIDDEN that says why. */
export function roleProcedure(...roles: Role[]) {
  return staffProcedure.use(({ ctx, next }) => {
    if (!roles.includes(ctx.user.role)) {
      throw new DomainError(
        'FORBIDDEN_ROLE',
        `Only ${roles.map((r) => PLURAL[r]).join(' or ')} can do this; you are signed in as ` +
          `${ARTICLE[ctx.user.role]} ${ROLE_LABELS[ctx.user.role].toLowerCase()}.`,
      );
    }
    return next();
  });
}

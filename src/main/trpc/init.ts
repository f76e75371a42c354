import { initTRPC } from '@trpc/server';
import { ROLE_LABELS, type Role } from '../../shared/enums';
import { unstorableText, RECORD_RULES } from '../../shared/record-rules';
import { RecordRuleError } from '../db/errors';
import { asActor } from '../db/store';
import type { Context, SessionUser } from './context';
import { DomainError, REQUEST_TOO_LARGE_MESSAGE, type DomainReason } from './errors';

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
    const key =
      (issue.path ?? [])
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
    } else if (shape.data.code === 'PAYLOAD_TOO_LARGE') {
      // The browser host stopped reading a body past MAX_REQUEST_BYTES (tRPC's own error, without words).
      reason = 'REQUEST_TOO_LARGE';
      message = REQUEST_TOO_LARGE_MESSAGE;
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

/** Where in a request's input a text PostgreSQL or Parse could not store is, and why; null when there is none. */
function unstorableInput(
  value: unknown,
  path: string[] = [],
): { path: string[]; problem: string; line: number | null } | null {
  if (typeof value === 'string') {
    const problem = unstorableText(value);
    if (!problem) return null;
    // In a long text (a CSV file), say where.
    return { path, problem, line: value.includes('\n') ? firstBadLine(value) : null };
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = unstorableInput(value[i], [...path, String(i)]);
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = unstorableInput(item, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

function firstBadLine(text: string): number | null {
  const lines = text.split('\n');
  const index = lines.findIndex((line) => unstorableText(line.endsWith('\r') ? line.slice(0, -1) : line) !== null);
  return index < 0 ? null : index + 1;
}

const FIELD_NAMES: Record<string, string> = {
  csv: 'The file',
  password: 'The password',
  reason: 'The reason',
  name: 'The name',
  q: 'The search',
};

/** The field a path ends at, as staff know it. */
function fieldName(path: string[]): { field: string; label: string } {
  const field = [...path].reverse().find((p) => !/^\d+$/.test(p)) ?? '_';
  const ruled = Object.values(RECORD_RULES).find((rules) => field in rules)?.[field]?.label;
  return { field, label: FIELD_NAMES[field] ?? ruled ?? 'The text' };
}

/**
 * Every procedure's one door for what any field may hold: text the server could store (no NUL or other
 * control characters, no half characters), refused with a typed error on the field before anything runs;
 * and a write that would leave a record breaking the record rules, refused the same way (the store rolled
 * it back).
 */
const checkInput = t.middleware(async ({ getRawInput, next }) => {
  const unstorable = unstorableInput(await getRawInput());
  if (unstorable) {
    const { field, label } = fieldName(unstorable.path);
    const where = unstorable.line ? ` (line ${unstorable.line})` : '';
    throw new DomainError('UNSTORABLE_TEXT', `${label}${where} ${unstorable.problem}.`, field);
  }
  const result = await next();
  if (!result.ok && result.error.cause instanceof RecordRuleError) {
    const [first] = result.error.cause.problems;
    throw new DomainError('INVALID_VALUE', `${result.error.cause.message}.`, first?.field);
  }
  return result;
});

/** Anyone, signed in or not (first-run setup, sign-in, status). */
export const publicProcedure = t.procedure.use(checkInput);

/** Signed in; the input is checked after the caller is (a refusal by role says nothing about the input). */
const signedInProcedure = t.procedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new DomainError('NOT_SIGNED_IN', 'Sign in first.');
  const user = ctx.user as SessionUser;
  // Every change made inside this call is queued in this person's name.
  return asActor(user.id, () => next({ ctx: { ...ctx, user } }));
});

/** Any signed-in staff member. */
export const staffProcedure = signedInProcedure.use(checkInput);

const PLURAL: Record<Role, string> = {
  admin: 'administrators',
  coordinator: 'coordinators',
  practitioner: 'practitioners',
};
const ARTICLE: Record<Role, string> = { admin: 'an', coordinator: 'a', practitioner: 'a' };

/** Signed-in staff with one of the given roles; everyone else gets a typed FORBIDDEN that says why. */
export function roleProcedure(...roles: Role[]) {
  return signedInProcedure
    .use(({ ctx, next }) => {
      if (!roles.includes(ctx.user.role)) {
        throw new DomainError(
          'FORBIDDEN_ROLE',
          `Only ${roles.map((r) => PLURAL[r]).join(' or ')} can do this; you are signed in as ` +
            `${ARTICLE[ctx.user.role]} ${ROLE_LABELS[ctx.user.role].toLowerCase()}.`,
        );
      }
      return next();
    })
    .use(checkInput);
}

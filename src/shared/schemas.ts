import { z } from 'zod';
import { CERTIFICATE_STATUSES, CLARITY_GRADES, ROLES } from './enums';

// Input schemas shared by the renderer's forms and the core's procedures: the core is the one
// that enforces them (the renderer is untrusted), the renderer uses them to answer as the user types.

const trimmed = (label: string, max: number) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .max(max, `${label} must be at most ${max} characters`);

/** A local id (UUID) or a Parse objectId of another row. */
export const recordId = z.string().trim().min(1).max(64);

export const username = z
  .string({ error: 'Username is required' })
  .trim()
  .min(3, 'Username must be at least 3 characters')
  .max(40, 'Username must be at most 40 characters')
  .regex(/^[A-Za-z0-9._-]+$/, 'Username may use letters, digits, dot, dash and underscore only');

export const PASSWORD_MIN_LENGTH = 10;
export const newPassword = z
  .string({ error: 'Password is required' })
  .min(PASSWORD_MIN_LENGTH, `Password must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(200, 'Password must be at most 200 characters');

export const createFirstAdminInput = z.object({
  username,
  fullName: trimmed('Full name', 120),
  email: z.string().trim().max(254).pipe(z.email('Enter a valid email address')),
  password: newPassword,
});
export type CreateFirstAdminInput = z.infer<typeof createFirstAdminInput>;

export const signInInput = z.object({
  username: z.string().trim().min(1, 'Username is required').max(40),
  password: z.string().min(1, 'Password is required').max(200),
});
export type SignInInput = z.infer<typeof signInInput>;

export const roleSchema = z.enum(ROLES, { error: 'Choose a role' });

export const createStaffInput = createFirstAdminInput.extend({ role: roleSchema });
export type CreateStaffInput = z.infer<typeof createStaffInput>;

export const setRoleInput = z.object({ userId: recordId, role: roleSchema });

/**
 * Carat weight: positive, at most two decimals, as the trade records it. A scale reading to 0.001 ct is
 * rounded down to 0.01 ct unless the third decimal is 9 (GIA's rule); see `roundCaratWeight`.
 */
export const MAX_CARAT_WEIGHT = 100_000;
export function roundCaratWeight(weight: number): number {
  const thousandths = Math.round(weight * 1000);
  const hundredths = Math.floor(thousandths / 10);
  return (thousandths % 10 === 9 ? hundredths + 1 : hundredths) / 100;
}
export const caratWeight = z
  .number({ error: 'Carat weight must be a number' })
  .refine((n) => Number.isFinite(n), 'Carat weight must be a number')
  .refine((n) => n > 0, 'Carat weight must be greater than 0')
  .refine((n) => n <= MAX_CARAT_WEIGHT, `Carat weight must be at most ${MAX_CARAT_WEIGHT}`)
  .refine((n) => Math.abs(Math.round(n * 1000) - n * 1000) < 1e-6, 'Carat weight is weighed to at most 0.001 ct')
  .transform(roundCaratWeight)
  .refine((n) => n > 0, 'Carat weight rounds to 0.00 ct; a stone weighs at least 0.01 ct');

export const SKU_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;
export const sku = trimmed('SKU', 40).regex(
  SKU_PATTERN,
  'SKU may use letters, digits, dot, dash, slash and underscore, starting with a letter or digit',
);

export const stoneFields = z.object({
  sku,
  gemstoneType: trimmed('Gemstone type', 40),
  caratWeight,
  clarityGrade: z.enum(CLARITY_GRADES, { error: 'Choose a clarity grade from the list' }),
  certificateNumber: z
    .string()
    .trim()
    .max(40, 'Certificate number must be at most 40 characters')
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .optional()
    .transform((s) => s ?? null),
  certificateStatus: z.enum(CERTIFICATE_STATUSES, { error: 'Choose a certificate status' }),
  location: trimmed('Location', 60),
  assignedBuyer: recordId
    .nullable()
    .optional()
    .transform((s) => s ?? null),
});
export type StoneFields = z.input<typeof stoneFields>;
export type StoneValues = z.output<typeof stoneFields>;

/** Why the certificate status changes (kept in the stone's certificate history; required to lift a mismatch). */
export const statusReason = z.string().trim().max(500, 'Keep the reason under 500 characters').optional();
export const createStoneInput = stoneFields.extend({ statusReason });
export const updateStoneInput = z.object({ id: recordId, changes: stoneFields.partial(), statusReason });

/** A stone's fields, in the grid's order: each one staff can edit, and each one the grid sorts by. */
export const STONE_FIELDS = [
  'sku',
  'gemstoneType',
  'caratWeight',
  'clarityGrade',
  'certificateNumber',
  'certificateStatus',
  'location',
  'assignedBuyer',
] as const satisfies readonly (keyof StoneValues)[];

export const STONE_SORT_COLUMNS = STONE_FIELDS;
export type StoneSortColumn = (typeof STONE_SORT_COLUMNS)[number];

/** Why a carat range From … To cannot match any stone, or null (the grid's fields say it as you type; src/shared/carat-range.ts). */
export function caratRangeProblem(min: number | undefined, max: number | undefined): string | null {
  if (min === undefined || max === undefined || min <= max) return null;
  return `From (${min} ct) is larger than To (${max} ct)`;
}

/** Which stones the inventory grid shows; every part is optional and they combine with AND. */
const optionalChoice = z.string().trim().min(1).max(60).optional();
const optionalCarat = z.number().min(0).max(MAX_CARAT_WEIGHT).optional();
export const stoneFilter = z
  .object({
    gemstoneType: optionalChoice,
    clarityGrade: optionalChoice,
    certificateStatus: z.enum(CERTIFICATE_STATUSES).optional(),
    location: optionalChoice,
    /** A buyer's id, or 'none' for stones assigned to nobody. */
    assignedBuyer: recordId.optional(),
    caratMin: optionalCarat,
    caratMax: optionalCarat,
    /** The start of a SKU or certificate number (prefix match, so an index answers it). */
    text: z.string().trim().min(1).max(40).optional(),
  })
  .superRefine((f, ctx) => {
    const problem = caratRangeProblem(f.caratMin, f.caratMax);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['caratMax'] });
  })
  .default({});
export type StoneFilter = z.output<typeof stoneFilter>;
export type StoneFilterInput = z.input<typeof stoneFilter>;

export const listStonesInput = z
  .object({
    filter: stoneFilter,
    sort: z.enum(STONE_SORT_COLUMNS).default('caratWeight'),
    direction: z.enum(['asc', 'desc']).default('desc'),
    limit: z.number().int().min(1).max(500).default(100),
    offset: z.number().int().min(0).max(10_000_000).default(0),
  })
  .default({ filter: {}, sort: 'caratWeight', direction: 'desc', limit: 100, offset: 0 });
export type ListStonesInput = z.input<typeof listStonesInput>;

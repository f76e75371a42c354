import { z } from 'zod';
import {
  CERTIFICATE_STATUSES,
  CLARITY_GRADES,
  CUT_GRADES,
  FLUORESCENCE,
  ROLES,
  SATURATIONS,
  SHAPES,
  TONES,
  TREATMENTS,
} from './enums';
import { CURRENCY_PATTERN, toMinorUnits } from './money';
import { MAX_MEASUREMENT_MM, MAX_PRICE } from './record-rules';

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

/** Optional words: blank is none (null); a value matching a listed one (any case) takes the list's spelling. */
function optionalWords(label: string, max: number, listed: readonly string[] = []) {
  return z
    .string({ error: `${label} must be text` })
    .trim()
    .max(max, `${label} must be at most ${max} characters`)
    .nullable()
    .optional()
    .transform((s) => {
      if (!s) return null;
      return listed.find((v) => v.toLowerCase() === s.toLowerCase()) ?? s;
    });
}

/** One of a list, or none; a different case of a listed value is taken as that value. */
function optionalChoiceOf<const T extends readonly string[]>(label: string, list: T) {
  return z
    .string({ error: `Choose a ${label.toLowerCase()} from the list` })
    .trim()
    .nullable()
    .optional()
    .transform((s, ctx) => {
      if (!s) return null;
      const found = list.find((v) => v.toLowerCase() === s.toLowerCase());
      if (found) return found as T[number];
      ctx.addIssue({ code: 'custom', message: `Choose a ${label.toLowerCase()} from the list (${list.join(', ')})` });
      return z.NEVER;
    });
}

/** A measurement in millimetres, as a lab gives it: greater than 0, at most two decimals. */
function measurement(label: string) {
  return z
    .number({ error: `${label} must be a number of millimetres` })
    .refine((n) => Number.isFinite(n) && n > 0, `${label} must be greater than 0 mm`)
    .refine((n) => n <= MAX_MEASUREMENT_MM, `${label} must be at most ${MAX_MEASUREMENT_MM} mm`)
    .refine((n) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6, `${label} is measured to at most 0.01 mm`)
    .nullable()
    .optional()
    .transform((n) => n ?? null);
}

/** ISO 4217 currencies this runtime knows (Intl), e.g. USD, EUR, JPY. */
const ISO_CURRENCIES = new Set<string>(Intl.supportedValuesOf('currency'));
export const isIsoCurrency = (code: string) => CURRENCY_PATTERN.test(code) && ISO_CURRENCIES.has(code);

/** A stone's price in major units as typed (12500.50); the core stores it in minor units of priceCurrency. */
function stonePrice(label: string) {
  return z
    .number({ error: `${label} must be a number` })
    .refine((n) => Number.isFinite(n) && n > 0, `${label} must be greater than 0`)
    .refine((n) => n <= MAX_PRICE, `${label} must be at most 1,000,000,000,000`)
    .nullable()
    .optional()
    .transform((n) => n ?? null);
}

export const MAX_REPORT_URL = 500;

/** Grading and description: what a quote is made from. The core checks colour and fluorescence against the type's scale. */
function gradingFields() {
  return {
    /** A D–Z grade on the diamond scale; words for a coloured stone ("Royal blue"). */
    colour: optionalWords('Colour', 40),
    hue: optionalWords('Hue', 40),
    tone: optionalChoiceOf('Tone', TONES),
    saturation: optionalChoiceOf('Saturation', SATURATIONS),
    shape: optionalWords('Shape', 40, SHAPES),
    cutGrade: optionalChoiceOf('Cut grade', CUT_GRADES),
    lengthMm: measurement('Length'),
    widthMm: measurement('Width'),
    depthMm: measurement('Depth'),
    origin: optionalWords('Origin', 60),
    /** One of the labs' words, or the dealer's own ("Heated, minor oil"). */
    treatment: optionalWords('Treatment', 80, TREATMENTS),
    fluorescence: optionalChoiceOf('Fluorescence', FLUORESCENCE),
    reportUrl: z
      .string({ error: 'Report link must be text' })
      .trim()
      .max(MAX_REPORT_URL, `Report link must be at most ${MAX_REPORT_URL} characters`)
      .nullable()
      .optional()
      .transform((s, ctx) => {
        if (!s) return null;
        const url = URL.canParse(s) ? new URL(s) : null;
        if (!url || url.protocol !== 'https:' || !url.hostname) {
          ctx.addIssue({ code: 'custom', message: 'Report link must be a web address starting with https://' });
          return z.NEVER;
        }
        return s;
      }),
  };
}

function priceFields() {
  return {
    costPrice: stonePrice('Cost price'),
    askingPrice: stonePrice('Asking price'),
    priceCurrency: z
      .string({ error: 'Currency is a 3-letter ISO 4217 code, e.g. USD' })
      .trim()
      .toUpperCase()
      .nullable()
      .optional()
      .transform((s, ctx) => {
        if (!s) return null;
        if (!isIsoCurrency(s)) {
          ctx.addIssue({ code: 'custom', message: `${s} is not an ISO 4217 currency code (e.g. USD, EUR)` });
          return z.NEVER;
        }
        return s;
      }),
  };
}

/** The fields of a stone that hold money (minor units of priceCurrency once stored). */
export const STONE_PRICE_FIELDS = ['costPrice', 'askingPrice'] as const;

/**
 * Prices need their currency, and at most the currency's decimals. `currency` is the one the prices will be
 * in (the input's, else the stone's); issues go on the field they concern.
 */
export function stonePriceProblems(
  values: { costPrice?: number | null; askingPrice?: number | null },
  currency: string | null | undefined,
): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  for (const field of STONE_PRICE_FIELDS) {
    const price = values[field];
    if (price === null || price === undefined) continue;
    if (!currency) {
      problems.push({ field: 'priceCurrency', message: 'Choose the currency of the prices' });
      break;
    }
    try {
      toMinorUnits(price, currency);
    } catch (error) {
      problems.push({ field, message: (error as Error).message });
    }
  }
  return problems;
}

const withPriceRule = <
  T extends { costPrice?: number | null; askingPrice?: number | null; priceCurrency?: string | null },
>(
  v: T,
  ctx: z.RefinementCtx,
) => {
  for (const p of stonePriceProblems(v, v.priceCurrency))
    ctx.addIssue({ code: 'custom', path: [p.field], message: p.message });
};

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
  ...gradingFields(),
  ...priceFields(),
});
export type StoneFields = z.input<typeof stoneFields>;
export type StoneValues = z.output<typeof stoneFields>;
/** The grading and price fields, each optional where a stone is made in code (tests, imports of older files). */
export const GRADING_AND_PRICE_FIELDS = [
  'colour',
  'hue',
  'tone',
  'saturation',
  'shape',
  'cutGrade',
  'lengthMm',
  'widthMm',
  'depthMm',
  'origin',
  'treatment',
  'fluorescence',
  'reportUrl',
  'costPrice',
  'askingPrice',
  'priceCurrency',
] as const satisfies readonly (keyof StoneValues)[];
type GradingAndPriceField = (typeof GRADING_AND_PRICE_FIELDS)[number];
export type NewStoneValues = Omit<StoneValues, GradingAndPriceField> & Partial<Pick<StoneValues, GradingAndPriceField>>;

/** Why the certificate status changes (kept in the stone's certificate history; required to lift a mismatch). */
export const statusReason = z.string().trim().max(500, 'Keep the reason under 500 characters').optional();
export const createStoneInput = stoneFields.extend({ statusReason }).superRefine(withPriceRule);
/** Changes: a price without a currency is checked by the core against the stone's own currency. */
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
  ...GRADING_AND_PRICE_FIELDS,
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
const optionalPrice = z.number().min(0).max(MAX_PRICE).optional();
/** The filter keys that reveal prices: refused to roles that may not see them, like sorting by a price. */
export const PRICE_FILTER_KEYS = ['askingMin', 'askingMax'] as const;
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
    shape: optionalChoice,
    colour: optionalChoice,
    treatment: optionalChoice,
    /** Stones priced in this currency; with askingMin / askingMax (major units), an asking price range in it. */
    priceCurrency: z.string().trim().toUpperCase().regex(CURRENCY_PATTERN, 'Choose a currency').optional(),
    askingMin: optionalPrice,
    askingMax: optionalPrice,
  })
  .superRefine((f, ctx) => {
    const problem = caratRangeProblem(f.caratMin, f.caratMax);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['caratMax'] });
    if ((f.askingMin !== undefined || f.askingMax !== undefined) && !f.priceCurrency) {
      ctx.addIssue({ code: 'custom', message: 'Choose the currency of the price range', path: ['priceCurrency'] });
    }
    if (f.askingMin !== undefined && f.askingMax !== undefined && f.askingMin > f.askingMax) {
      ctx.addIssue({
        code: 'custom',
        message: `From (${f.askingMin}) is larger than To (${f.askingMax})`,
        path: ['askingMax'],
      });
    }
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

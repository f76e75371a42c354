import { z } from 'zod';
import { ACTIVITY_TYPES, INQUIRY_OUTCOMES, INQUIRY_STATUSES, SALES_STATUSES, type InquiryStatus } from './enums';
import { CURRENCY_PATTERN, toMinorUnits } from './money';
import { caratWeight, recordId } from './schemas';

// The sales side (buyers, inquiries, activities, follow-ups): input schemas shared by the core, which
// enforces them, and the renderer's forms, which answer with the same messages as the user types.

const text = (label: string, max: number) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .max(max, `${label} must be at most ${max} characters`);

const optionalText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be at most ${max} characters`)
    .nullable()
    .optional()
    .transform((s) => (s ? s : null));

/** An instant (ISO 8601 with an offset), kept as the canonical UTC ISO string. */
export const instant = z.iso
  .datetime({ offset: true, error: 'Enter a valid date' })
  .transform((s) => new Date(s).toISOString());

// ── Buyers ─────────────────────────────────────────────────────────────────────────────────────────

export const BUYER_CODE_PATTERN = /^[A-Z0-9][A-Z0-9._-]*$/;
export const buyerCode = text('Buyer code', 20)
  .transform((s) => s.toUpperCase())
  .refine((s) => BUYER_CODE_PATTERN.test(s), 'Buyer code may use letters, digits, dot, dash and underscore');

export const buyerEmail = z
  .string({ error: 'Email is required' })
  .trim()
  .min(1, 'Email is required')
  .max(254, 'Email must be at most 254 characters')
  .pipe(z.email('Enter a valid email address'));

/** Digits with the usual separators; 6 to 15 digits (E.164 allows at most 15). */
export const PHONE_PATTERN = /^\+?[0-9][0-9 ().\-/]*$/;
export const buyerPhone = z
  .string()
  .trim()
  .max(30, 'Phone must be at most 30 characters')
  .nullable()
  .optional()
  .transform((s) => (s ? s : null))
  .superRefine((s, ctx) => {
    if (s === null) return;
    const digits = s.replace(/\D/g, '').length;
    if (!PHONE_PATTERN.test(s))
      ctx.addIssue({ code: 'custom', message: 'Enter a phone number: digits, with + ( ) . - / or spaces' });
    else if (digits < 6 || digits > 15) ctx.addIssue({ code: 'custom', message: 'A phone number has 6 to 15 digits' });
  });

export const gemstoneTypeList = z
  .array(text('Gemstone type', 40), { error: 'Preferred gemstone types must be a list' })
  .max(30, 'At most 30 preferred gemstone types')
  .transform((types) => {
    const seen = new Set<string>();
    return types.filter((t) => !seen.has(t.toLowerCase()) && seen.add(t.toLowerCase()));
  });

const salesStatus = z.enum(SALES_STATUSES, { error: 'Choose a sales status from the list' });

/** The editable fields of a buyer, without defaults (so a partial edit never resets a field). */
export const buyerFields = z.object({
  buyerCode,
  companyName: text('Company name', 120),
  contactName: text('Contact name', 120),
  email: buyerEmail,
  phone: buyerPhone,
  preferredGemstoneTypes: gemstoneTypeList,
  salesStatus,
  /** Every buyer has an account manager (the backend requires one). */
  accountManager: z.string({ error: 'Choose an account manager' }).trim().min(1, 'Choose an account manager').max(64),
});
export type BuyerValues = z.output<typeof buyerFields>;

export const createBuyerInput = buyerFields.extend({
  preferredGemstoneTypes: gemstoneTypeList.optional().transform((t) => t ?? []),
  salesStatus: salesStatus.optional().transform((s) => s ?? 'prospect'),
  /** Omitted: the administrator creating the buyer manages it. */
  accountManager: recordId.optional(),
  /** The user saw the "very similar company name" warning and creates the buyer anyway. */
  confirmSimilarName: z.boolean().optional(),
});
export type CreateBuyerInput = z.input<typeof createBuyerInput>;

export const updateBuyerInput = z.object({
  id: recordId,
  changes: buyerFields.partial(),
  confirmSimilarName: z.boolean().optional(),
});

export const listBuyersInput = z
  .object({
    search: z.string().trim().max(120).optional(),
    salesStatus: salesStatus.optional(),
    limit: z.number().int().min(1).max(1000).default(500),
  })
  .optional();

export const checkDuplicateInput = z.object({
  buyerCode: z.string().trim().max(40).optional(),
  email: z.string().trim().max(254).optional(),
  companyName: z.string().trim().max(200).optional(),
  exceptId: recordId.optional(),
});

/** A buyers CSV file's text, read and checked in the core; dryRun checks every row and writes nothing. */
export const importBuyersInput = z.object({
  csv: z.string().max(5_000_000, 'The file is larger than 5 MB; split it into smaller files'),
  dryRun: z.boolean(),
});

// ── Money ──────────────────────────────────────────────────────────────────────────────────────────

/** ISO 4217 currencies this runtime knows (Intl), e.g. USD, EUR, JPY. */
const ISO_CURRENCIES = new Set<string>(Intl.supportedValuesOf('currency'));

export const currencyCode = z
  .string({ error: 'Currency is required' })
  .trim()
  .toUpperCase()
  .refine((s) => CURRENCY_PATTERN.test(s), 'Currency is a 3-letter ISO 4217 code, e.g. USD')
  .refine((s) => !CURRENCY_PATTERN.test(s) || ISO_CURRENCIES.has(s), 'Not an ISO 4217 currency code');

/** A price in major units as typed (12500.50); stored as integer minor units of its currency. */
export const priceAmount = z
  .number({ error: 'Quoted price must be a number' })
  .refine((n) => Number.isFinite(n), 'Quoted price must be a number')
  .refine((n) => n > 0, 'Quoted price must be greater than 0')
  .refine((n) => n <= 1e12, 'Quoted price must be at most 1,000,000,000,000');

/** Adds an issue on quotedPrice when the amount has more decimals than the currency has. */
function checkPricePrecision(price: number | null | undefined, currency: string | undefined, ctx: z.RefinementCtx) {
  if (price === null || price === undefined || !currency) return;
  try {
    toMinorUnits(price, currency);
  } catch (error) {
    ctx.addIssue({ code: 'custom', path: ['quotedPrice'], message: (error as Error).message });
  }
}

// ── Inquiries ──────────────────────────────────────────────────────────────────────────────────────

export const createInquiryInput = z
  .object({
    buyer: recordId,
    gemstone: recordId,
    requestedCaratWeight: caratWeight,
    currency: currencyCode,
    quotedPrice: priceAmount
      .nullable()
      .optional()
      .transform((n) => n ?? null),
    /** Omitted: whoever takes the inquiry handles it. Every inquiry has a handler (the backend requires one). */
    handledBy: recordId.optional(),
    followUpAt: instant
      .nullable()
      .optional()
      .transform((s) => s ?? null),
  })
  .superRefine((v, ctx) => checkPricePrecision(v.quotedPrice, v.currency, ctx));
export type CreateInquiryInput = z.input<typeof createInquiryInput>;

export const inquiryChanges = z
  .object({
    requestedCaratWeight: caratWeight,
    currency: currencyCode,
    quotedPrice: priceAmount.nullable(),
    handledBy: z
      .string({ error: 'Choose who handles the inquiry' })
      .trim()
      .min(1, 'Choose who handles the inquiry')
      .max(64),
    followUpAt: instant.nullable(),
  })
  .partial()
  .superRefine((v, ctx) => {
    if (typeof v.quotedPrice === 'number' && !v.currency) {
      ctx.addIssue({ code: 'custom', path: ['currency'], message: 'Give the currency with the price' });
    }
    checkPricePrecision(v.quotedPrice, v.currency, ctx);
  });
export type InquiryChanges = z.output<typeof inquiryChanges>;

export const updateInquiryInput = z.object({ id: recordId, changes: inquiryChanges });

/**
 * The pipeline: new → quoted → reserved, and any open status → closed (with an outcome and a reason).
 * Nothing leaves closed, and nothing moves backwards: a reservation ends by closing the inquiry.
 */
export const INQUIRY_TRANSITIONS: Record<InquiryStatus, readonly InquiryStatus[]> = {
  new: ['quoted', 'closed'],
  quoted: ['reserved', 'closed'],
  reserved: ['closed'],
  closed: [],
};
export const OPEN_INQUIRY_STATUSES = ['new', 'quoted', 'reserved'] as const satisfies readonly InquiryStatus[];

export function isLegalTransition(from: string, to: string): boolean {
  return (INQUIRY_TRANSITIONS[from as InquiryStatus] ?? []).includes(to as InquiryStatus);
}

export const transitionInput = z
  .object({
    id: recordId,
    to: z.enum(INQUIRY_STATUSES, { error: 'Choose a status from the pipeline' }),
    outcome: z.enum(INQUIRY_OUTCOMES, { error: 'Choose an outcome: sold, lost or withdrawn' }).optional(),
    reason: z.string().trim().max(500, 'Reason must be at most 500 characters').optional(),
    /** Administrators only: reserve a stone whose certificate is in mismatch. Recorded in the history. */
    mismatchOverride: z.boolean().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.to === 'closed' && !v.outcome)
      ctx.addIssue({ code: 'custom', path: ['outcome'], message: 'Choose how the inquiry ended' });
    if (v.to === 'closed' && !v.reason)
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'Give a reason for closing' });
    if (v.mismatchOverride && !v.reason) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'Say why the certificate mismatch is overridden' });
    }
  });
export type TransitionInput = z.input<typeof transitionInput>;

/** One entry of PurchaseInquiry.statusHistory. `by` is the staff member's objectId (or local id before sync). */
export interface StatusHistoryEntry {
  from: InquiryStatus | null;
  to: InquiryStatus;
  by: string;
  /** The staff member's name at the time, so the history reads well on any workstation. */
  byName?: string;
  at: string;
  reason?: string;
  outcome?: string;
  /** Set when an administrator reserved despite a certificate mismatch. */
  override?: 'certificate-mismatch';
  /** On a sale: the other open inquiries on the stone this workstation closed as lost (their ids, the server's clientIds). */
  rivalsClosed?: string[];
}

export const INQUIRY_FILTER_STATUSES = ['open', ...INQUIRY_STATUSES] as const;
export const listInquiriesInput = z
  .object({
    status: z.enum(INQUIRY_FILTER_STATUSES).optional(),
    handledBy: recordId.optional(),
    buyer: recordId.optional(),
    gemstone: recordId.optional(),
    currency: z.string().trim().toUpperCase().max(3).optional(),
    followUpFrom: instant.optional(),
    followUpTo: instant.optional(),
    limit: z.number().int().min(1).max(2000).default(500),
  })
  .optional();

/** Days in stage after which a card turns amber, then red; administrators set them. */
export const agingThresholdsInput = z
  .object({
    amberDays: z.number().int('Whole days').min(1, 'At least 1 day').max(365, 'At most 365 days'),
    redDays: z.number().int('Whole days').min(2, 'At least 2 days').max(730, 'At most 730 days'),
  })
  .refine((v) => v.redDays > v.amberDays, { path: ['redDays'], message: 'Red must be later than amber' });
export type AgingThresholds = z.output<typeof agingThresholdsInput>;
export const DEFAULT_AGING_THRESHOLDS: AgingThresholds = { amberDays: 7, redDays: 14 };

// ── Activities and follow-ups ──────────────────────────────────────────────────────────────────────

export const createActivityInput = z
  .object({
    type: z.enum(ACTIVITY_TYPES, { error: 'Choose call, email, meeting or note' }),
    subject: text('Subject', 200),
    description: optionalText('Notes', 4000),
    dueDate: instant
      .nullable()
      .optional()
      .transform((s) => s ?? null),
    /** Logged as already done (a call that just happened) rather than planned. */
    done: z.boolean().optional(),
    buyer: recordId.optional(),
    inquiry: recordId.optional(),
  })
  .refine((v) => v.buyer || v.inquiry, { path: ['buyer'], message: 'Log an activity on a buyer or an inquiry' });
export type CreateActivityInput = z.input<typeof createActivityInput>;

/** Local day boundaries come from the screen (the user's time zone), as the instant today began. */
export const followUpWindowInput = z.object({ todayStart: instant });

export const FOLLOW_UP_KINDS = ['inquiry', 'activity'] as const;
export const followUpRef = z.object({ kind: z.enum(FOLLOW_UP_KINDS), id: recordId });
export const snoozeInput = followUpRef.extend({ days: z.union([z.literal(1), z.literal(7)]) });

export const dashboardInput = z.object({ todayStart: instant, monthStart: instant });

/** An inquiry's status history as stored (JSON text); anything unreadable reads as no history. */
export function parseHistory(json: string | null): StatusHistoryEntry[] {
  if (!json) return [];
  try {
    const parsed = JSON.parse(json) as unknown;
    return Array.isArray(parsed) ? (parsed as StatusHistoryEntry[]) : [];
  } catch {
    return [];
  }
}

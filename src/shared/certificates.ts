import { z } from 'zod';
import { LABS, VERIFICATION_RESULTS } from './enums';
import { instant } from './sales';
import { recordId } from './schemas';

// Certificates (issue "Certificates"): input schemas shared by the core, which enforces them, and the
// renderer's forms, which answer with the same messages as the user types.

/** A scanned report: PDF or image, at most this many bytes (checked on the bytes, in the core). */
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;
export const DOCUMENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'image/webp'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];
/** What the file picker offers (the core still checks the bytes themselves). */
export const DOCUMENT_ACCEPT = '.pdf,.png,.jpg,.jpeg,.webp,application/pdf,image/png,image/jpeg,image/webp';

/** base64 of at most 20 MB, with room for padding; the exact limit is checked on the decoded bytes. */
const MAX_BASE64_LENGTH = Math.ceil(MAX_DOCUMENT_BYTES / 3) * 4 + 4;

export const documentUpload = z.object({
  fileName: z
    .string({ error: 'The document needs a file name' })
    .trim()
    .min(1, 'The document needs a file name')
    .max(200, 'The file name must be at most 200 characters'),
  base64: z
    .string({ error: 'Choose the scanned report' })
    .min(1, 'The file is empty')
    .max(MAX_BASE64_LENGTH, 'The document is larger than 20 MB; scan it at a lower resolution'),
});
export type DocumentUpload = z.input<typeof documentUpload>;

export const certificateNumber = z
  .string({ error: 'Certificate number is required' })
  .trim()
  .min(1, 'Certificate number is required')
  .max(40, 'Certificate number must be at most 40 characters');

const notes = z
  .string()
  .trim()
  .max(4000, 'Notes must be at most 4000 characters')
  .nullable()
  .optional()
  .transform((s) => (s ? s : null));

export const recordVerificationInput = z.object({
  gemstone: recordId,
  issuedBy: z.enum(LABS, { error: `Choose the lab: ${LABS.join(', ')}` }),
  certificateNumber,
  verificationResult: z.enum(VERIFICATION_RESULTS, {
    error: 'Choose the result: verified, mismatch, not found or pending re-check',
  }),
  notes,
  /** The person confirmed a number that does not follow its lab's format; the notes must say why. */
  formatOverride: z.boolean().optional(),
  /** The entry this one corrects (entries are append-only: a correction is a new entry). */
  corrects: recordId.nullable().optional(),
  document: documentUpload.nullable().optional(),
});
export type RecordVerificationInput = z.input<typeof recordVerificationInput>;

/** As the user types: the lab's format and whether the number is already on another stone. */
export const checkNumberInput = z.object({
  gemstone: recordId.optional(),
  issuedBy: z.enum(LABS),
  certificateNumber: z.string().trim().max(40),
});

/**
 * An edit of an entry. Only the notes may change (as on the backend); every other field is accepted
 * here only so the core can refuse it by name: the entries are an append-only audit trail.
 */
export const updateEntryInput = z.object({
  id: recordId,
  // No default for absent notes: an edit that does not mention them leaves them alone ('' clears them).
  changes: z.looseObject({
    notes: z.string().trim().max(4000, 'Notes must be at most 4000 characters').nullable().optional(),
  }),
});

export const attachDocumentInput = documentUpload.extend({ id: recordId });

export const logFilter = z
  .object({
    gemstone: recordId.optional(),
    /** verifiedAt ≥ from and < to (the screen sends local midnights; "to" is the day after the last day). */
    from: instant.optional(),
    to: instant.optional(),
    issuedBy: z.enum(LABS).optional(),
    verificationResult: z.enum(VERIFICATION_RESULTS).optional(),
    verifiedBy: recordId.optional(),
  })
  .default({});
export type LogFilterInput = z.input<typeof logFilter>;

export const listLogInput = z
  .object({
    filter: logFilter,
    limit: z.number().int().min(1).max(500).default(100),
    offset: z.number().int().min(0).max(10_000_000).default(0),
  })
  .default({ filter: {}, limit: 100, offset: 0 });

/** How long stones have waited, as the queue filters them: more than 7, 30 or 90 days. */
export const QUEUE_AGES = [7, 30, 90] as const;
/** The queue's lab option for stones whose lab Loupe cannot tell (no verification yet, no number of a known format). */
export const UNKNOWN_LAB = 'unknown';
export const queueFilter = z
  .object({
    lab: z.union([z.enum(LABS), z.literal(UNKNOWN_LAB)], { error: 'Choose a lab from the list' }).optional(),
    location: z.string().trim().min(1).max(60).optional(),
    olderThanDays: z
      .union([z.literal(7), z.literal(30), z.literal(90)], { error: 'Choose 7, 30 or 90 days' })
      .optional(),
  })
  .default({});
export type QueueFilter = z.output<typeof queueFilter>;
export const queueInput = z
  .object({ limit: z.number().int().min(1).max(1000).default(200), filter: queueFilter })
  .default({ limit: 200, filter: {} });

// The documented value lists of Loupe. The backend's Cloud Code keeps its own plain-JS copy
// (resources/back4app/cloud/lists.js); a test asserts both stay identical.

/** Staff roles (seed 000 "Access and Permissions"). */
export const ROLES = ['admin', 'coordinator', 'practitioner'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administrator',
  coordinator: 'Coordinator',
  practitioner: 'Practitioner',
};

/** Gemstone.certificateStatus: where the stone's paperwork stands. */
export const CERTIFICATE_STATUSES = ['none', 'pending', 'verified', 'mismatch'] as const;
export type CertificateStatus = (typeof CERTIFICATE_STATUSES)[number];

/** Diamond clarity scale (GIA), with SI3 accepted as a trade grade. */
export const DIAMOND_CLARITY_GRADES = [
  'FL',
  'IF',
  'VVS1',
  'VVS2',
  'VS1',
  'VS2',
  'SI1',
  'SI2',
  'SI3',
  'I1',
  'I2',
  'I3',
] as const;
/** Coloured stones are graded by eye per GIA's clarity types. */
export const COLOURED_CLARITY_GRADES = [
  'Eye Clean',
  'Slightly Included',
  'Moderately Included',
  'Heavily Included',
  'Severely Included',
] as const;
export const CLARITY_GRADES = [...DIAMOND_CLARITY_GRADES, ...COLOURED_CLARITY_GRADES] as const;
export type ClarityGrade = (typeof CLARITY_GRADES)[number];

/** The starting list of gemstone types; admins can extend it. */
export const DEFAULT_GEMSTONE_TYPES = [
  'Diamond',
  'Ruby',
  'Sapphire',
  'Emerald',
  'Alexandrite',
  'Spinel',
  'Tanzanite',
  'Tourmaline',
  'Aquamarine',
  'Garnet',
  'Opal',
  'Pearl',
] as const;

/** Where a stone can be; admins manage the list (issue "Inventory desk and vault"). */
export const DEFAULT_LOCATIONS = [
  'Vault',
  'Safe',
  'Showcase 1',
  'Counter',
  'Out on memo',
  'Sold',
  'Returned to supplier',
] as const;

/** CertificateLog.issuedBy: the grading laboratories Loupe knows. */
export const LABS = ['GIA', 'IGI', 'AGL', 'GRS', 'SSEF', 'Gübelin', 'HRD', 'Other'] as const;
export type Lab = (typeof LABS)[number];

/** CertificateLog.verificationResult. */
export const VERIFICATION_RESULTS = ['verified', 'mismatch', 'not_found', 'pending_recheck'] as const;
export type VerificationResult = (typeof VERIFICATION_RESULTS)[number];

/**
 * CertificateLog.verificationResult of every entry: a verification's result, or `status_change` for an
 * entry that records a change of the stone's certificate status made without a verification (the stone
 * form, an import, another app), with statusFrom → statusTo and the reason in its notes.
 */
export const CERTIFICATE_LOG_RESULTS = [...VERIFICATION_RESULTS, 'status_change'] as const;
export type CertificateLogResult = (typeof CERTIFICATE_LOG_RESULTS)[number];

/** PurchaseInquiry.inquiryStatus: new → quoted → reserved → closed. */
export const INQUIRY_STATUSES = ['new', 'quoted', 'reserved', 'closed'] as const;
export type InquiryStatus = (typeof INQUIRY_STATUSES)[number];

/** How a closed inquiry ended. */
export const INQUIRY_OUTCOMES = ['sold', 'lost', 'withdrawn'] as const;
export type InquiryOutcome = (typeof INQUIRY_OUTCOMES)[number];

/** Buyer.salesStatus. */
export const SALES_STATUSES = ['prospect', 'active', 'dormant', 'blocked'] as const;
export type SalesStatus = (typeof SALES_STATUSES)[number];

/** Activity.type (the generic CRM's activities). */
export const ACTIVITY_TYPES = ['call', 'email', 'meeting', 'note'] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

// ── Grading and description (issue "What a dealer sells with") ─────────────────────────────────────────
// Suggested lists: the forms offer them, and a value another app wrote that is not on them is kept as written.

/** Diamond colour, GIA's D-to-Z scale (D colourless … Z light yellow or brown). */
export const DIAMOND_COLOURS = [
  'D',
  'E',
  'F',
  'G',
  'H',
  'I',
  'J',
  'K',
  'L',
  'M',
  'N',
  'O',
  'P',
  'Q',
  'R',
  'S',
  'T',
  'U',
  'V',
  'W',
  'X',
  'Y',
  'Z',
] as const;

/** Coloured stones: tone, GIA's scale from very light to very dark. */
export const TONES = ['Very light', 'Light', 'Medium light', 'Medium', 'Medium dark', 'Dark', 'Very dark'] as const;

/** Coloured stones: saturation, GIA's scale from greyish or brownish to vivid. */
export const SATURATIONS = [
  'Greyish / brownish',
  'Slightly greyish / brownish',
  'Very slightly greyish / brownish',
  'Moderately strong',
  'Strong',
  'Vivid',
] as const;

export const SHAPES = [
  'Round',
  'Oval',
  'Cushion',
  'Emerald cut',
  'Princess',
  'Pear',
  'Marquise',
  'Radiant',
  'Asscher',
  'Heart',
  'Trillion',
  'Baguette',
  'Cabochon',
  'Rough',
] as const;

/** Cut grade (diamonds: GIA's scale; coloured stones are often described the same way). */
export const CUT_GRADES = ['Excellent', 'Very good', 'Good', 'Fair', 'Poor'] as const;

/** Treatments as labs name them; free text is allowed for anything else. */
export const TREATMENTS = [
  'None',
  'Heated',
  'Oiled',
  'Resin filled',
  'Glass filled',
  'Fracture filled',
  'Irradiated',
  'Diffused',
  'Dyed',
  'Coated',
  'HPHT',
  'Laser drilled',
] as const;

/** Diamond fluorescence (GIA). */
export const FLUORESCENCE = ['None', 'Faint', 'Medium', 'Strong', 'Very strong'] as const;

/**
 * StoneHold.status: a hold is `active` until it is released, made a reservation (`converted`) or closed
 * after its time ran out (`expired`). An active hold whose time has passed has expired by itself: it no
 * longer holds the stone, whatever its stored status says.
 */
export const HOLD_STATUSES = ['active', 'released', 'converted', 'expired'] as const;
export type HoldStatus = (typeof HOLD_STATUSES)[number];

/** Memo.status: a memo (stones out on approval with a buyer) is open until every line is back or sold. */
export const MEMO_STATUSES = ['open', 'closed'] as const;
export type MemoStatus = (typeof MEMO_STATUSES)[number];

/** MemoLine.status: a stone on a memo is `out` with the buyer until it is `returned` or `sold`. */
export const MEMO_LINE_STATUSES = ['out', 'returned', 'sold'] as const;
export type MemoLineStatus = (typeof MEMO_LINE_STATUSES)[number];

/**
 * Consignment.status: a stone another dealer (the supplier) lent us on memo is `in` until it goes back
 * (`returned`) or we buy it (`settled`: the settlement with the supplier is recorded). Only then may it be sold.
 */
export const CONSIGNMENT_STATUSES = ['in', 'returned', 'settled'] as const;
export type ConsignmentStatus = (typeof CONSIGNMENT_STATUSES)[number];

/** Invoice.status: an invoice stands as issued unless an administrator voids it (its number stays used). */
export const INVOICE_STATUSES = ['issued', 'void'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

/** Payment.method. */
export const PAYMENT_METHODS = ['bank_transfer', 'card', 'cash', 'cheque', 'other'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** The classes Loupe replicates, in the order their pointers allow (referenced first). */
export const REPLICATED_CLASSES = [
  '_User',
  'Buyer',
  'Gemstone',
  'CustodyEvent',
  'CertificateLog',
  'PurchaseInquiry',
  'Activity',
  'StoneHold',
  'Memo',
  'Invoice',
  'MemoLine',
  'Payment',
  'Consignment',
] as const;
export type ReplicatedClass = (typeof REPLICATED_CLASSES)[number];

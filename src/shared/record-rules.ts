import {
  ACTIVITY_TYPES,
  CERTIFICATE_LOG_RESULTS,
  CERTIFICATE_STATUSES,
  CLARITY_GRADES,
  CONSIGNMENT_STATUSES,
  CUT_GRADES,
  DIAMOND_COLOURS,
  FLUORESCENCE,
  HOLD_STATUSES,
  INQUIRY_OUTCOMES,
  INQUIRY_STATUSES,
  INVOICE_STATUSES,
  LABS,
  MEMO_LINE_STATUSES,
  MEMO_STATUSES,
  PAYMENT_METHODS,
  ROLES,
  SALES_STATUSES,
  SATURATIONS,
  SHAPES,
  TONES,
  TREATMENTS,
  type ReplicatedClass,
} from './enums';
import { VALUE_LABELS } from './value-labels';

// What a record of each replicated class must be for Loupe to store it, whoever wrote it: a form here, an
// import, or another app through the server. One table, checked by the core before a local write commits,
// by the pull before a record from the server is stored (one that fails is held back and listed, never
// coerced), and by Cloud Code before the server stores a write (resources/back4app/cloud/rules.js is its
// plain-JS copy; scripts/backend/rules.test.ts keeps the two equal).
//
// Two kinds of list:
// - `oneOf`: the values Loupe's state machines run on (certificate status, inquiry status, roles, …).
//   Anything else is refused everywhere: Loupe could not tell what the record means.
// - `suggested`: the lists Loupe's forms offer (clarity grades, labs, activity types). They guide staff who
//   type; a value another app wrote that is not on them is stored as written and shown "not on Loupe's list".
// Lengths, SKU and email shapes and lab number formats are the forms' concern too, not a reason to refuse
// another app's record.

export type RuleKind = 'text' | 'number' | 'boolean' | 'date' | 'pointer' | 'texts' | 'entries' | 'file' | 'files';

export interface FieldRule {
  kind: RuleKind;
  /** The field as staff know it. */
  label: string;
  required?: boolean;
  /** Numbers: strictly greater than this. */
  above?: number;
  /** Numbers: at most this. */
  max?: number;
  /** The only values Loupe can work with (see above). */
  oneOf?: readonly string[];
  /** The list Loupe's forms offer; other values are accepted (see above). */
  suggested?: readonly string[];
  /** Pointers: the class pointed to. */
  target?: ReplicatedClass;
  /** Event times: not more than an hour ahead of the server's clock (checked on writes, not on pulls). */
  notFuture?: boolean;
}

const text = (label: string, more: Partial<FieldRule> = {}): FieldRule => ({ kind: 'text', label, ...more });
const number = (label: string, more: Partial<FieldRule> = {}): FieldRule => ({ kind: 'number', label, ...more });
const date = (label: string, more: Partial<FieldRule> = {}): FieldRule => ({ kind: 'date', label, ...more });
const flag = (label: string): FieldRule => ({ kind: 'boolean', label });
const pointer = (label: string, target: ReplicatedClass, more: Partial<FieldRule> = {}): FieldRule => ({
  kind: 'pointer',
  label,
  target,
  ...more,
});

export const MAX_WEIGHT_CT = 100_000;
export const MAX_PRICE = 1e12;
/** A stone's measurements, in millimetres. */
export const MAX_MEASUREMENT_MM = 1000;
/** Clock skew tolerated on event times (workstations stamp them with their own clock). */
export const FUTURE_TOLERANCE_MS = 60 * 60 * 1000;

export const RECORD_RULES: Record<ReplicatedClass, Record<string, FieldRule>> = {
  _User: {
    username: text('Username', { required: true }),
    email: text('Email', { required: true }),
    fullName: text('Full name', { required: true }),
    role: text('Role', { required: true, oneOf: ROLES }),
  },
  Buyer: {
    buyerCode: text('Buyer code', { required: true }),
    companyName: text('Company', { required: true }),
    contactName: text('Contact', { required: true }),
    email: text('Email', { required: true }),
    phone: text('Phone'),
    preferredGemstoneTypes: { kind: 'texts', label: 'Preferred types' },
    // A blocked buyer gets no new inquiries: the value drives a rule.
    salesStatus: text('Sales status', { required: true, oneOf: SALES_STATUSES }),
    accountManager: pointer('Account manager', '_User', { required: true }),
  },
  Gemstone: {
    sku: text('SKU', { required: true }),
    gemstoneType: text('Type', { required: true }),
    caratWeight: number('Carat weight', { required: true, above: 0, max: MAX_WEIGHT_CT }),
    clarityGrade: text('Clarity', { required: true, suggested: CLARITY_GRADES }),
    certificateNumber: text('Certificate no.'),
    certificateStatus: text('Certificate', { required: true, oneOf: CERTIFICATE_STATUSES }),
    location: text('Location', { required: true }),
    assignedBuyer: pointer('Assigned buyer', 'Buyer'),
    // Grading and description: what a quote is made from. Colour is a D-to-Z grade for diamonds, a
    // colour in words for coloured stones (with hue, tone and saturation when graded that way).
    colour: text('Colour', { suggested: DIAMOND_COLOURS }),
    hue: text('Hue'),
    tone: text('Tone', { suggested: TONES }),
    saturation: text('Saturation', { suggested: SATURATIONS }),
    shape: text('Shape', { suggested: SHAPES }),
    cutGrade: text('Cut', { suggested: CUT_GRADES }),
    lengthMm: number('Length (mm)', { above: 0, max: MAX_MEASUREMENT_MM }),
    widthMm: number('Width (mm)', { above: 0, max: MAX_MEASUREMENT_MM }),
    depthMm: number('Depth (mm)', { above: 0, max: MAX_MEASUREMENT_MM }),
    origin: text('Origin'),
    treatment: text('Treatment', { suggested: TREATMENTS }),
    fluorescence: text('Fluorescence', { suggested: FLUORESCENCE }),
    reportUrl: text('Grading report link'),
    // Prices, in priceCurrency (cost and asking price share it).
    costPrice: number('Cost price', { above: 0, max: MAX_PRICE }),
    askingPrice: number('Asking price', { above: 0, max: MAX_PRICE }),
    priceCurrency: text('Price currency'),
    photos: { kind: 'files', label: 'Photos' },
  },
  CustodyEvent: {
    gemstone: pointer('Stone', 'Gemstone', { required: true }),
    fromLocation: text('From', { required: true }),
    toLocation: text('To', { required: true }),
    movedBy: pointer('Moved by', '_User'),
    movedAt: date('Moved at', { required: true, notFuture: true }),
    reason: text('Reason'),
  },
  CertificateLog: {
    gemstone: pointer('Stone', 'Gemstone', { required: true }),
    certificateNumber: text('Certificate no.', { required: true }),
    issuedBy: text('Lab', { required: true, suggested: LABS }),
    verifiedBy: pointer('Verified by', '_User', { required: true }),
    verifiedAt: date('Verified at', { required: true, notFuture: true }),
    verificationResult: text('Result', { required: true, oneOf: CERTIFICATE_LOG_RESULTS }),
    notes: text('Notes'),
    corrects: pointer('Corrects', 'CertificateLog'),
    formatOverride: flag('Format override'),
    document: { kind: 'file', label: 'Certificate document' },
    // A status change entry (verificationResult status_change): the stone's status before and after.
    statusFrom: text('Status before', { oneOf: CERTIFICATE_STATUSES }),
    statusTo: text('Status after', { oneOf: CERTIFICATE_STATUSES }),
  },
  PurchaseInquiry: {
    buyer: pointer('Buyer', 'Buyer', { required: true }),
    gemstone: pointer('Stone', 'Gemstone', { required: true }),
    inquiryStatus: text('Status', { required: true, oneOf: INQUIRY_STATUSES }),
    requestedCaratWeight: number('Requested carat weight', { required: true, above: 0, max: MAX_WEIGHT_CT }),
    quotedPrice: number('Quoted price', { above: 0, max: MAX_PRICE }),
    currency: text('Currency', { required: true }),
    handledBy: pointer('Handled by', '_User', { required: true }),
    followUpAt: date('Follow-up date'),
    outcome: text('Outcome', { oneOf: INQUIRY_OUTCOMES }),
    outcomeReason: text('Outcome reason'),
    mismatchOverride: flag('Mismatch override'),
    statusHistory: { kind: 'entries', label: 'Status history' },
    statusChangedAt: date('Status changed', { notFuture: true }),
  },
  Activity: {
    type: text('Activity type', { required: true, suggested: ACTIVITY_TYPES }),
    subject: text('Subject'),
    description: text('Description'),
    dueDate: date('Due date'),
    completedAt: date('Completed'),
    relatedTo: pointer('Buyer', 'Buyer'),
    relatedInquiry: pointer('Inquiry', 'PurchaseInquiry'),
    createdBy: pointer('Logged by', '_User'),
  },
  // A timed hold of a stone for a buyer: one active hold per stone (the core and Cloud Code).
  StoneHold: {
    gemstone: pointer('Stone', 'Gemstone', { required: true }),
    buyer: pointer('Buyer', 'Buyer', { required: true }),
    placedBy: pointer('Placed by', '_User', { required: true }),
    heldUntil: date('Held until', { required: true }),
    status: text('Hold status', { required: true, oneOf: HOLD_STATUSES }),
    endedAt: date('Ended', { notFuture: true }),
    endedBy: pointer('Ended by', '_User'),
    reservation: pointer('Reservation', 'PurchaseInquiry'),
    note: text('Note'),
  }, // Stones out on approval with a buyer: a memo and one line per stone (a stone is on one open line at most).
  Memo: {
    buyer: pointer('Buyer', 'Buyer', { required: true }),
    issuedBy: pointer('Issued by', '_User', { required: true }),
    issuedAt: date('Issued', { required: true, notFuture: true }),
    dueBack: date('Due back', { required: true }),
    terms: text('Terms'),
    currency: text('Currency', { required: true }),
    status: text('Memo status', { required: true, oneOf: MEMO_STATUSES }),
    closedAt: date('Closed', { notFuture: true }),
    note: text('Note'),
  },
  // The server numbers invoices (invoiceNumber, per year, never repeated); a workstation offline gives a
  // provisional number until then. Lines and tax lines are kept on the invoice as they were issued.
  Invoice: {
    invoiceNumber: text('Invoice no.'),
    invoiceYear: number('Invoice year', { above: 1999, max: 9999 }),
    provisionalNumber: text('Provisional no.'),
    buyer: pointer('Buyer', 'Buyer', { required: true }),
    inquiry: pointer('Inquiry', 'PurchaseInquiry'),
    memo: pointer('Memo', 'Memo'),
    issuedBy: pointer('Issued by', '_User', { required: true }),
    issuedAt: date('Issued', { required: true, notFuture: true }),
    currency: text('Currency', { required: true }),
    lines: { kind: 'entries', label: 'Invoice lines', required: true },
    subtotal: number('Subtotal', { required: true, max: MAX_PRICE }),
    taxLines: { kind: 'entries', label: 'Tax lines' },
    taxTotal: number('Tax', { max: MAX_PRICE }),
    total: number('Total', { required: true, max: MAX_PRICE }),
    status: text('Invoice status', { required: true, oneOf: INVOICE_STATUSES }),
    note: text('Note'),
  },
  MemoLine: {
    memo: pointer('Memo', 'Memo', { required: true }),
    gemstone: pointer('Stone', 'Gemstone', { required: true }),
    price: number('Memo price', { above: 0, max: MAX_PRICE }),
    currency: text('Currency', { required: true }),
    status: text('Line status', { required: true, oneOf: MEMO_LINE_STATUSES }),
    fromLocation: text('Came from'),
    returnedAt: date('Returned', { notFuture: true }),
    soldAt: date('Sold', { notFuture: true }),
    invoice: pointer('Invoice', 'Invoice'),
  },
  Payment: {
    invoice: pointer('Invoice', 'Invoice', { required: true }),
    buyer: pointer('Buyer', 'Buyer', { required: true }),
    amount: number('Amount', { required: true, above: 0, max: MAX_PRICE }),
    currency: text('Currency', { required: true }),
    method: text('Paid by', { required: true, oneOf: PAYMENT_METHODS }),
    receivedAt: date('Received', { required: true, notFuture: true }),
    reference: text('Reference'),
    recordedBy: pointer('Recorded by', '_User', { required: true }),
  },
  // A stone another dealer lent us on memo: ours to sell only once the settlement is recorded.
  Consignment: {
    gemstone: pointer('Stone', 'Gemstone', { required: true }),
    supplier: text('Supplier', { required: true }),
    supplierReference: text("Supplier's memo no."),
    terms: text('Terms'),
    agreedPrice: number('Agreed price', { above: 0, max: MAX_PRICE }),
    currency: text('Currency', { required: true }),
    receivedAt: date('Received', { required: true, notFuture: true }),
    dueDate: date('Due back'),
    status: text('Consignment status', { required: true, oneOf: CONSIGNMENT_STATUSES }),
    receivedBy: pointer('Received by', '_User', { required: true }),
    settledAt: date('Settled', { notFuture: true }),
    settlementReference: text('Settlement reference'),
    closedBy: pointer('Closed by', '_User'),
  },
};

export { VALUE_LABELS };

// ── text the server can store ─────────────────────────────────────────────────────────────────────────

/**
 * Why PostgreSQL or Parse could not store this text as it is, or null. NUL and the other C0 control
 * characters (except tab and line breaks: LF, and CR before LF) and lone UTF-16 surrogates (half a
 * character, which is not valid UTF-8) are refused: the server's database answers them with an error
 * that sets the whole change aside.
 */
export function unstorableText(value: string): string | null {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20) {
      if (code === 0x09 || code === 0x0a || (code === 0x0d && value.charCodeAt(i + 1) === 0x0a)) continue;
      return `contains a control character (U+${code.toString(16).toUpperCase().padStart(4, '0')}) that cannot be stored; remove it`;
    }
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return 'contains half of a character (a broken emoji or symbol) that cannot be stored; type it again';
    }
    if (code >= 0xdc00 && code <= 0xdfff)
      return 'contains half of a character (a broken emoji or symbol) that cannot be stored; type it again';
  }
  return null;
}

// ── checking a value ──────────────────────────────────────────────────────────────────────────────────

/**
 * A field's value in the form every side can check: text as a string, numbers, booleans, dates as Date,
 * pointers as { className, objectId }, lists as arrays, files as { name }. Each side converts its own
 * representation (Parse JSON, a Parse.Object, a local row) to this first.
 */
export type PlainValue =
  | string
  | number
  | boolean
  | Date
  | { className: string; objectId: string }
  | unknown[]
  | { name: string }
  | null
  | undefined;

export function isBlank(rule: FieldRule, value: unknown): boolean {
  return (
    value === undefined || value === null || (rule.kind === 'text' && typeof value === 'string' && value.trim() === '')
  );
}

const quote = (value: unknown) => (typeof value === 'string' ? `“${value}”` : String(value));
const labelled = (values: readonly string[]) => values.map((v) => VALUE_LABELS[v] ?? v).join(', ');

/** What is wrong with a present value, in staff's words, or null. `now`: check event times against it. */
export function valueProblem(rule: FieldRule, value: PlainValue, now?: number): string | null {
  switch (rule.kind) {
    case 'text': {
      if (typeof value !== 'string') return `${rule.label} must be text`;
      const unstorable = unstorableText(value);
      if (unstorable) return `${rule.label} ${unstorable}`;
      if (rule.oneOf && !rule.oneOf.includes(value))
        return `${rule.label} ${quote(value)} is not one Loupe works with (${labelled(rule.oneOf)})`;
      return null;
    }
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return `${rule.label} must be a number`;
      if (rule.above !== undefined && !(value > rule.above))
        return `${rule.label} must be greater than ${rule.above} (it is ${value})`;
      if (rule.max !== undefined && value > rule.max)
        return `${rule.label} must be at most ${rule.max.toLocaleString('en')} (it is ${value})`;
      return null;
    case 'boolean':
      return typeof value === 'boolean' ? null : `${rule.label} must be yes or no`;
    case 'date':
      if (!(value instanceof Date) || Number.isNaN(value.getTime())) return `${rule.label} must be a date`;
      if (rule.notFuture && now !== undefined && value.getTime() > now + FUTURE_TOLERANCE_MS) {
        return `${rule.label} cannot be in the future (check the computer's clock)`;
      }
      return null;
    case 'pointer': {
      const p = value as { className?: unknown; objectId?: unknown } | null;
      return p &&
        typeof p === 'object' &&
        p.className === rule.target &&
        typeof p.objectId === 'string' &&
        p.objectId !== ''
        ? null
        : `${rule.label} must point to a ${rule.target}`;
    }
    case 'texts':
      if (!Array.isArray(value)) return `${rule.label} must be a list`;
      for (const item of value) {
        if (typeof item !== 'string') return `${rule.label} must be a list of names`;
        const unstorable = unstorableText(item);
        if (unstorable) return `${rule.label} ${unstorable}`;
      }
      return null;
    case 'entries':
      if (!Array.isArray(value)) return `${rule.label} must be a list`;
      for (const item of value)
        if (!item || typeof item !== 'object' || Array.isArray(item)) return `${rule.label} must be a list of entries`;
      return null;
    case 'file': {
      const f = value as { name?: unknown } | null;
      return f && typeof f === 'object' && typeof f.name === 'string' && f.name !== ''
        ? null
        : `${rule.label} must be a file`;
    }
    case 'files':
      if (!Array.isArray(value)) return `${rule.label} must be a list of files`;
      for (const item of value) {
        const f = item as { name?: unknown } | null;
        if (!f || typeof f !== 'object' || typeof f.name !== 'string' || f.name === '')
          return `${rule.label} must be a list of files`;
      }
      return null;
  }
}

export interface FieldProblem {
  field: string;
  label: string;
  message: string;
}

export interface CheckOptions {
  /** Only these fields (an update); all of the class's when omitted (a create, a pulled record). */
  fields?: readonly string[];
  /** Fields that may be absent: hidden from this reader by the server (field privacy). */
  mayBeAbsent?: ReadonlySet<string>;
  /** Check event times against this clock (writes); omitted on pulls. */
  now?: number;
}

/** Every problem of a record (plain values, see {@link PlainValue}); empty when Loupe can store it. */
export function recordProblems(
  className: ReplicatedClass,
  record: Record<string, PlainValue>,
  options: CheckOptions = {},
): FieldProblem[] {
  const rules = RECORD_RULES[className];
  const problems: FieldProblem[] = [];
  for (const field of options.fields ?? Object.keys(rules)) {
    const rule = rules[field];
    if (!rule) continue;
    const value = record[field];
    if (isBlank(rule, value)) {
      if (rule.required && !(value === undefined && options.mayBeAbsent?.has(field))) {
        problems.push({
          field,
          label: rule.label,
          message: value === undefined || value === null ? `${rule.label} is missing` : `${rule.label} is empty`,
        });
      }
      continue;
    }
    const problem = valueProblem(rule, value, options.now);
    if (problem) problems.push({ field, label: rule.label, message: problem });
  }
  return problems;
}

/** A value another app wrote that is not on the list Loupe's forms offer (shown "not on Loupe's list"). */
export function offList(className: ReplicatedClass, field: string, value: unknown): boolean {
  const suggested = RECORD_RULES[className]?.[field]?.suggested;
  return suggested !== undefined && typeof value === 'string' && value !== '' && !suggested.includes(value);
}

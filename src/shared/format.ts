import type {
  ActivityType,
  CertificateLogResult,
  CertificateStatus,
  InquiryOutcome,
  InquiryStatus,
  Lab,
  SalesStatus,
} from './enums';
import { ROLE_LABELS } from './enums';
import { RECORD_RULES } from './record-rules';
import { formatMoney } from './money';

// How Loupe says things on screen and in the words columns of its exports: statuses in the trade's
// words, dates in the workstation's locale, money in its currency. Every screen and export reads from
// here, so no stored key ("not_found", "quoted") or ISO timestamp reaches a person.
//
// CSV exports keep the stored values in the columns an import reads back (a stone's certificateStatus,
// an entry's verificationResult, ISO instants), so an exported file re-imports unchanged; where an
// export shows words for people, it adds them in a column of their own from these same labels.

export { ROLE_LABELS };

export const CERTIFICATE_STATUS_LABELS: Record<CertificateStatus, string> = {
  none: 'No certificate',
  pending: 'Pending',
  verified: 'Verified',
  mismatch: 'Mismatch',
};

/** Every entry's result in the certificate history: a verification's, or a change of the stone's status. */
export const VERIFICATION_RESULT_LABELS: Record<CertificateLogResult, string> = {
  verified: 'Verified',
  mismatch: 'Mismatch',
  not_found: 'Not found at the lab',
  pending_recheck: 'Pending re-check',
  status_change: 'Status changed',
};

export const INQUIRY_STATUS_LABELS: Record<InquiryStatus, string> = {
  new: 'New',
  quoted: 'Quoted',
  reserved: 'Reserved',
  closed: 'Closed',
};

export const INQUIRY_OUTCOME_LABELS: Record<InquiryOutcome, string> = {
  sold: 'Sold',
  lost: 'Lost',
  withdrawn: 'Withdrawn',
};

export const SALES_STATUS_LABELS: Record<SalesStatus, string> = {
  prospect: 'Prospect',
  active: 'Active',
  dormant: 'Dormant',
  blocked: 'Blocked',
};

/** Activity types, and "inquiry" for an inquiry's own follow-up date on the follow-ups list. */
export const ACTIVITY_TYPE_LABELS: Record<ActivityType | 'inquiry', string> = {
  call: 'Call',
  email: 'Email',
  meeting: 'Meeting',
  note: 'Note',
  inquiry: 'Inquiry',
};

/** Labs go by their own names (as printed on their reports), the catch-all as Other. */
export const LAB_LABELS: Record<Lab, string> = {
  GIA: 'GIA',
  IGI: 'IGI',
  AGL: 'AGL',
  GRS: 'GRS',
  SSEF: 'SSEF',
  Gübelin: 'Gübelin',
  HRD: 'HRD',
  Other: 'Other',
};

/** A value another app wrote outside the known list is shown as written: it is data, not a key of ours. */
const lookup =
  <K extends string>(labels: Record<K, string>) =>
  (value: string | null | undefined): string =>
    value == null ? '—' : ((labels as Record<string, string>)[value] ?? value);

export const certificateStatusLabel = lookup(CERTIFICATE_STATUS_LABELS);
export const verificationResultLabel = lookup(VERIFICATION_RESULT_LABELS);
export const inquiryStatusLabel = lookup(INQUIRY_STATUS_LABELS);
export const inquiryOutcomeLabel = lookup(INQUIRY_OUTCOME_LABELS);
export const salesStatusLabel = lookup(SALES_STATUS_LABELS);
export const activityTypeLabel = lookup(ACTIVITY_TYPE_LABELS);
export const labLabel = lookup(LAB_LABELS);
export const roleLabel = lookup(ROLE_LABELS);

/** The value lists whose stored keys must never be shown, by the field that holds them. */
export const ENUM_LABELS_BY_FIELD: Record<string, (value: string) => string> = {
  certificateStatus: certificateStatusLabel,
  verificationResult: verificationResultLabel,
  inquiryStatus: inquiryStatusLabel,
  outcome: inquiryOutcomeLabel,
  salesStatus: salesStatusLabel,
  type: activityTypeLabel,
  role: roleLabel,
  issuedBy: labLabel,
};

/** Every stored field, as the screens call it (the Sync screen, import reports, refusals). */
export const FIELD_LABELS: Record<string, string> = {
  username: 'Username',
  email: 'Email',
  role: 'Role',
  fullName: 'Full name',
  buyerCode: 'Buyer code',
  companyName: 'Company',
  contactName: 'Contact',
  phone: 'Phone',
  preferredGemstoneTypes: 'Preferred types',
  salesStatus: 'Sales status',
  accountManager: 'Account manager',
  sku: 'SKU',
  gemstoneType: 'Type',
  caratWeight: 'Carat weight',
  clarityGrade: 'Clarity',
  certificateNumber: 'Certificate no.',
  certificateStatus: 'Certificate',
  location: 'Location',
  assignedBuyer: 'Assigned buyer',
  assignedBuyerCode: 'Assigned buyer code',
  gemstone: 'Stone',
  fromLocation: 'From',
  toLocation: 'To',
  movedBy: 'Moved by',
  movedAt: 'Moved at',
  reason: 'Reason',
  issuedBy: 'Lab',
  verifiedBy: 'Verified by',
  verifiedAt: 'Verified at',
  verificationResult: 'Result',
  notes: 'Notes',
  corrects: 'Corrects',
  formatOverride: 'Format override',
  document: 'Certificate document',
  statusFrom: 'Status before',
  statusTo: 'Status after',
  buyer: 'Buyer',
  inquiryStatus: 'Status',
  requestedCaratWeight: 'Requested carat weight',
  quotedPrice: 'Quoted price',
  currency: 'Currency',
  handledBy: 'Handled by',
  followUpAt: 'Follow-up date',
  outcome: 'Outcome',
  outcomeReason: 'Outcome reason',
  mismatchOverride: 'Mismatch override',
  statusHistory: 'Status history',
  statusChangedAt: 'Status changed',
  type: 'Activity type',
  subject: 'Subject',
  description: 'Description',
  dueDate: 'Due date',
  completedAt: 'Completed',
  relatedTo: 'Buyer',
  relatedInquiry: 'Inquiry',
  createdBy: 'Logged by',
  colour: 'Colour',
  hue: 'Hue',
  tone: 'Tone',
  saturation: 'Saturation',
  shape: 'Shape',
  cutGrade: 'Cut',
  lengthMm: 'Length (mm)',
  widthMm: 'Width (mm)',
  depthMm: 'Depth (mm)',
  origin: 'Origin',
  treatment: 'Treatment',
  fluorescence: 'Fluorescence',
  reportUrl: 'Grading report link',
  costPrice: 'Cost price',
  askingPrice: 'Asking price',
  priceCurrency: 'Price currency',
  photos: 'Photos',
  placedBy: 'Placed by',
  heldUntil: 'Held until',
  status: 'Hold status',
  endedAt: 'Ended',
  endedBy: 'Ended by',
  reservation: 'Reservation',
  note: 'Note',
  // The paperwork (memos, invoices, payments, consignments); where a name means something else in another
  // class (issuedBy, status), fieldLabel's class argument gives the record rules' own label.
  issuedAt: 'Issued',
  dueBack: 'Due back',
  terms: 'Terms',
  closedAt: 'Closed',
  invoiceNumber: 'Invoice no.',
  invoiceYear: 'Invoice year',
  provisionalNumber: 'Provisional no.',
  inquiry: 'Inquiry',
  memo: 'Memo',
  lines: 'Invoice lines',
  subtotal: 'Subtotal',
  taxLines: 'Tax lines',
  taxTotal: 'Tax',
  total: 'Total',
  price: 'Memo price',
  returnedAt: 'Returned',
  soldAt: 'Sold',
  invoice: 'Invoice',
  amount: 'Amount',
  method: 'Paid by',
  receivedAt: 'Received',
  reference: 'Reference',
  recordedBy: 'Recorded by',
  supplier: 'Supplier',
  supplierReference: "Supplier's memo no.",
  agreedPrice: 'Agreed price',
  receivedBy: 'Received by',
  settledAt: 'Settled',
  settlementReference: 'Settlement reference',
  closedBy: 'Closed by',
};

/** A field as staff call it; with its class, as that class's record rules name it ("Issued by", not "Lab"). */
export const fieldLabel = (field: string, entity?: string): string =>
  (entity ? (RECORD_RULES as Record<string, Record<string, { label: string }>>)[entity]?.[field]?.label : undefined) ??
  FIELD_LABELS[field] ??
  field;

/** A column of the stones CSV, as an import report names it ("Carat weight: …"). */
const CSV_COLUMN_LABELS: Record<string, string> = {
  gemstoneType: 'Gemstone type',
  clarityGrade: 'Clarity grade',
  certificateNumber: 'Certificate number',
  certificateStatus: 'Certificate status',
};
export const csvColumnLabel = (column: string): string => CSV_COLUMN_LABELS[column] ?? fieldLabel(column);

// ── Dates ─────────────────────────────────────────────────────────────────────────────────────────
// Date-only values (follow-up dates, due dates) are stored as the local midnight of their day and shown
// as that day; moments (verified at, moved at) as day and time. Both in the workstation's locale.

type When = string | number | Date | null | undefined;

function toDate(when: When): Date | null {
  if (when === null || when === undefined || when === '') return null;
  const date = when instanceof Date ? when : new Date(when);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** A calendar day: "7 Dec 2026" (or the locale's way of writing it). */
export function formatDay(when: When, locale?: string): string {
  const date = toDate(when);
  return date ? date.toLocaleDateString(locale, { day: 'numeric', month: 'short', year: 'numeric' }) : '—';
}

/** A moment: "7 Dec 2026, 14:05" (or the locale's way of writing it). */
export function formatDateTime(when: When, locale?: string): string {
  const date = toDate(when);
  return date
    ? date.toLocaleString(locale, {
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
      })
    : '—';
}

// ── Money ─────────────────────────────────────────────────────────────────────────────────────────

/** An amount in its currency, or "—" when there is none. */
export function money(minor: number | null | undefined, currency: string): string {
  if (minor === null || minor === undefined) return '—';
  try {
    return formatMoney(minor, currency);
  } catch {
    return `${minor} ${currency} (minor units)`;
  }
}

/** "US$1,000.00 · €250.50", or the given fallback when there is nothing to sum. */
export function totalsText(totals: { currency: string; amount: number }[] | undefined, empty = '—'): string {
  if (!totals || totals.length === 0) return empty;
  return totals.map((t) => money(t.amount, t.currency)).join(' · ');
}

// ── Replication, as a stone panel says it ──────────────────────────────────────────────────────────

/** Where a record stands with the server: a pulled record never edited here is on the server. */
export function replicationLabel(record: { objectId: string | null; changesWaiting: boolean }): string {
  if (record.changesWaiting)
    return record.objectId ? 'On the server; changes waiting to go' : 'Waiting to go to the server';
  return record.objectId ? 'On the server' : 'Only on this workstation';
}

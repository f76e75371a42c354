'use strict';
// Plain-JS copy of the workstation's record rules (src/shared/record-rules.ts): what a record of each class
// must be, whoever writes it. scripts/backend/rules.test.ts fails when the two drift apart.
//
// `oneOf` lists are the values Loupe's state machines run on: anything else is refused. `suggested` lists
// are what Loupe's forms offer: other values of the right type are accepted (other apps may write them).
// Messages name the class and field, for the developer of the app that sent the write.

const lists = require('./lists.js');

const text = (label, more) => Object.assign({ kind: 'text', label }, more);
const number = (label, more) => Object.assign({ kind: 'number', label }, more);
const date = (label, more) => Object.assign({ kind: 'date', label }, more);
const flag = (label) => ({ kind: 'boolean', label });
const pointer = (label, target, more) => Object.assign({ kind: 'pointer', label, target }, more);

const MAX_WEIGHT_CT = 100000;
const MAX_PRICE = 1e12;
const MAX_MEASUREMENT_MM = 1000;
const FUTURE_TOLERANCE_MS = 60 * 60 * 1000;

const RECORD_RULES = {
  _User: {
    username: text('Username', { required: true }),
    email: text('Email', { required: true }),
    fullName: text('Full name', { required: true }),
    role: text('Role', { required: true, oneOf: lists.ROLES }),
  },
  Buyer: {
    buyerCode: text('Buyer code', { required: true }),
    companyName: text('Company', { required: true }),
    contactName: text('Contact', { required: true }),
    email: text('Email', { required: true }),
    phone: text('Phone'),
    preferredGemstoneTypes: { kind: 'texts', label: 'Preferred types' },
    salesStatus: text('Sales status', { required: true, oneOf: lists.SALES_STATUSES }),
    accountManager: pointer('Account manager', '_User', { required: true }),
  },
  Gemstone: {
    sku: text('SKU', { required: true }),
    gemstoneType: text('Type', { required: true }),
    caratWeight: number('Carat weight', { required: true, above: 0, max: MAX_WEIGHT_CT }),
    clarityGrade: text('Clarity', { required: true, suggested: lists.CLARITY_GRADES }),
    certificateNumber: text('Certificate no.'),
    certificateStatus: text('Certificate', { required: true, oneOf: lists.CERTIFICATE_STATUSES }),
    location: text('Location', { required: true }),
    assignedBuyer: pointer('Assigned buyer', 'Buyer'),
    colour: text('Colour', { suggested: lists.DIAMOND_COLOURS }),
    hue: text('Hue'),
    tone: text('Tone', { suggested: lists.TONES }),
    saturation: text('Saturation', { suggested: lists.SATURATIONS }),
    shape: text('Shape', { suggested: lists.SHAPES }),
    cutGrade: text('Cut', { suggested: lists.CUT_GRADES }),
    lengthMm: number('Length (mm)', { above: 0, max: MAX_MEASUREMENT_MM }),
    widthMm: number('Width (mm)', { above: 0, max: MAX_MEASUREMENT_MM }),
    depthMm: number('Depth (mm)', { above: 0, max: MAX_MEASUREMENT_MM }),
    origin: text('Origin'),
    treatment: text('Treatment', { suggested: lists.TREATMENTS }),
    fluorescence: text('Fluorescence', { suggested: lists.FLUORESCENCE }),
    reportUrl: text('Grading report link'),
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
    issuedBy: text('Lab', { required: true, suggested: lists.LABS }),
    verifiedBy: pointer('Verified by', '_User', { required: true }),
    verifiedAt: date('Verified at', { required: true, notFuture: true }),
    verificationResult: text('Result', { required: true, oneOf: lists.CERTIFICATE_LOG_RESULTS }),
    notes: text('Notes'),
    corrects: pointer('Corrects', 'CertificateLog'),
    formatOverride: flag('Format override'),
    document: { kind: 'file', label: 'Certificate document' },
    statusFrom: text('Status before', { oneOf: lists.CERTIFICATE_STATUSES }),
    statusTo: text('Status after', { oneOf: lists.CERTIFICATE_STATUSES }),
  },
  PurchaseInquiry: {
    buyer: pointer('Buyer', 'Buyer', { required: true }),
    gemstone: pointer('Stone', 'Gemstone', { required: true }),
    inquiryStatus: text('Status', { required: true, oneOf: lists.INQUIRY_STATUSES }),
    requestedCaratWeight: number('Requested carat weight', { required: true, above: 0, max: MAX_WEIGHT_CT }),
    quotedPrice: number('Quoted price', { above: 0, max: MAX_PRICE }),
    currency: text('Currency', { required: true }),
    handledBy: pointer('Handled by', '_User', { required: true }),
    followUpAt: date('Follow-up date'),
    outcome: text('Outcome', { oneOf: lists.INQUIRY_OUTCOMES }),
    outcomeReason: text('Outcome reason'),
    mismatchOverride: flag('Mismatch override'),
    statusHistory: { kind: 'entries', label: 'Status history' },
    statusChangedAt: date('Status changed', { notFuture: true }),
  },
  Activity: {
    type: text('Activity type', { required: true, suggested: lists.ACTIVITY_TYPES }),
    subject: text('Subject'),
    description: text('Description'),
    dueDate: date('Due date'),
    completedAt: date('Completed'),
    relatedTo: pointer('Buyer', 'Buyer'),
    relatedInquiry: pointer('Inquiry', 'PurchaseInquiry'),
    createdBy: pointer('Logged by', '_User'),
  },
  StoneHold: {
    gemstone: pointer('Stone', 'Gemstone', { required: true }),
    buyer: pointer('Buyer', 'Buyer', { required: true }),
    placedBy: pointer('Placed by', '_User', { required: true }),
    heldUntil: date('Held until', { required: true }),
    status: text('Hold status', { required: true, oneOf: lists.HOLD_STATUSES }),
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
    status: text('Memo status', { required: true, oneOf: lists.MEMO_STATUSES }),
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
    status: text('Invoice status', { required: true, oneOf: lists.INVOICE_STATUSES }),
    note: text('Note'),
  },
  MemoLine: {
    memo: pointer('Memo', 'Memo', { required: true }),
    gemstone: pointer('Stone', 'Gemstone', { required: true }),
    price: number('Memo price', { above: 0, max: MAX_PRICE }),
    currency: text('Currency', { required: true }),
    status: text('Line status', { required: true, oneOf: lists.MEMO_LINE_STATUSES }),
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
    method: text('Paid by', { required: true, oneOf: lists.PAYMENT_METHODS }),
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
    status: text('Consignment status', { required: true, oneOf: lists.CONSIGNMENT_STATUSES }),
    receivedBy: pointer('Received by', '_User', { required: true }),
    settledAt: date('Settled', { notFuture: true }),
    settlementReference: text('Settlement reference'),
    closedBy: pointer('Closed by', '_User'),
  },
};

/** Why PostgreSQL could not store this text (NUL and other C0 controls but tab and line breaks, lone surrogates), or null. */
function unstorableText(value) {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20) {
      if (code === 0x09 || code === 0x0a || (code === 0x0d && value.charCodeAt(i + 1) === 0x0a)) continue;
      return `contains the control character U+${code.toString(16).toUpperCase().padStart(4, '0')}, which cannot be stored`;
    }
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return 'contains a lone UTF-16 surrogate, which cannot be stored';
    }
    if (code >= 0xdc00 && code <= 0xdfff) return 'contains a lone UTF-16 surrogate, which cannot be stored';
  }
  return null;
}

function isBlank(rule, value) {
  return (
    value === undefined || value === null || (rule.kind === 'text' && typeof value === 'string' && value.trim() === '')
  );
}

/** What is wrong with a present value (plain form: see record-rules.ts), or null. */
function valueProblem(rule, value, now) {
  switch (rule.kind) {
    case 'text': {
      if (typeof value !== 'string') return 'must be a String';
      const unstorable = unstorableText(value);
      if (unstorable) return unstorable;
      if (rule.oneOf && !rule.oneOf.includes(value)) return `must be one of ${rule.oneOf.join(', ')} (got "${value}")`;
      return null;
    }
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a Number';
      if (rule.above !== undefined && !(value > rule.above)) return `must be greater than ${rule.above} (got ${value})`;
      if (rule.max !== undefined && value > rule.max) return `must be at most ${rule.max} (got ${value})`;
      return null;
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be a Boolean';
    case 'date':
      if (!(value instanceof Date) || Number.isNaN(value.getTime())) return 'must be a Date';
      if (rule.notFuture && now !== undefined && value.getTime() > now + FUTURE_TOLERANCE_MS) {
        return "cannot be in the future (check the computer's clock)";
      }
      return null;
    case 'pointer':
      return value &&
        typeof value === 'object' &&
        value.className === rule.target &&
        typeof value.objectId === 'string' &&
        value.objectId !== ''
        ? null
        : `must be a Pointer to ${rule.target}`;
    case 'texts':
      if (!Array.isArray(value)) return 'must be an Array';
      for (const item of value) {
        if (typeof item !== 'string') return 'must be an Array of Strings';
        const unstorable = unstorableText(item);
        if (unstorable) return unstorable;
      }
      return null;
    case 'entries':
      if (!Array.isArray(value)) return 'must be an Array';
      for (const item of value)
        if (!item || typeof item !== 'object' || Array.isArray(item)) return 'must be an Array of Objects';
      return null;
    case 'file':
      return value && typeof value === 'object' && typeof value.name === 'string' && value.name !== ''
        ? null
        : 'must be a File';
    case 'files':
      if (!Array.isArray(value)) return 'must be an Array of Files';
      for (const item of value)
        if (!item || typeof item !== 'object' || typeof item.name !== 'string' || item.name === '')
          return 'must be an Array of Files';
      return null;
    default:
      return null;
  }
}

module.exports = { RECORD_RULES, MAX_WEIGHT_CT, MAX_PRICE, FUTURE_TOLERANCE_MS, unstorableText, isBlank, valueProblem };

import type { ReplicatedClass } from '../../shared/enums';

// The registry of replicated classes: each Parse class's local table and the kind of each of its fields.
// db/parse-mapping.ts converts values by these kinds; the replicator and the mapping tests read it too.

export type FieldKind =
  | { kind: 'string' }
  | { kind: 'number' }
  | { kind: 'boolean' }
  | { kind: 'date' }
  | { kind: 'array' }
  | { kind: 'pointer'; target: ReplicatedClass }
  | { kind: 'money'; currencyField: string }
  | { kind: 'file' }
  | { kind: 'files' };

/**
 * A file field as stored locally (JSON text): the bytes live in the data folder's `documents/` under
 * their SHA-256; `name`/`url` are the Parse File's once uploaded (or pulled).
 */
export interface LocalFile {
  /** Parse File name, null until uploaded. */
  name: string | null;
  url: string | null;
  /** File name under documents/ (its SHA-256 plus extension), null until downloaded. */
  stored: string | null;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string | null;
}

export interface ClassMapping {
  className: ReplicatedClass;
  table: string;
  /** Every replicated field (Parse name = local column). */
  fields: Record<string, FieldKind>;
  /** False for classes the workstation only pulls (users are matched, never created, by workstations). */
  pushable: boolean;
  /**
   * The dealer's own unique name for a record (a stone's SKU, a buyer's code, a username), unique here and
   * on the server. A record made in two places under one such name is one record (see sync/pull.ts).
   */
  businessKey?: { field: string; label: string; record: string };
}

const string = { kind: 'string' } as const;
const number = { kind: 'number' } as const;
const boolean = { kind: 'boolean' } as const;
const date = { kind: 'date' } as const;
const array = { kind: 'array' } as const;
const pointer = (target: ReplicatedClass) => ({ kind: 'pointer', target }) as const;
const money = (currencyField: string) => ({ kind: 'money', currencyField }) as const;
const file = { kind: 'file' } as const;
const files = { kind: 'files' } as const;

/**
 * Registry of replicated classes. A capability that adds a replicated field adds it here (and to
 * resources/back4app/schema.json); the replicator and the mapping tests pick it up from here.
 */
export const CLASS_MAPPINGS: Record<ReplicatedClass, ClassMapping> = {
  _User: {
    className: '_User',
    table: 'users',
    pushable: false,
    businessKey: { field: 'username', label: 'username', record: 'staff account' },
    fields: { username: string, email: string, role: string, fullName: string },
  },
  Buyer: {
    className: 'Buyer',
    table: 'buyers',
    pushable: true,
    businessKey: { field: 'buyerCode', label: 'buyer code', record: 'buyer' },
    fields: {
      buyerCode: string,
      companyName: string,
      contactName: string,
      email: string,
      phone: string,
      preferredGemstoneTypes: array,
      salesStatus: string,
      accountManager: pointer('_User'),
    },
  },
  Gemstone: {
    className: 'Gemstone',
    table: 'gemstones',
    pushable: true,
    businessKey: { field: 'sku', label: 'SKU', record: 'stone' },
    fields: {
      sku: string,
      gemstoneType: string,
      caratWeight: number,
      clarityGrade: string,
      certificateNumber: string,
      certificateStatus: string,
      location: string,
      assignedBuyer: pointer('Buyer'),
      colour: string,
      hue: string,
      tone: string,
      saturation: string,
      shape: string,
      cutGrade: string,
      lengthMm: number,
      widthMm: number,
      depthMm: number,
      origin: string,
      treatment: string,
      fluorescence: string,
      reportUrl: string,
      costPrice: money('priceCurrency'),
      askingPrice: money('priceCurrency'),
      priceCurrency: string,
      photos: files,
    },
  },
  CustodyEvent: {
    className: 'CustodyEvent',
    table: 'custody_events',
    pushable: true,
    fields: {
      gemstone: pointer('Gemstone'),
      fromLocation: string,
      toLocation: string,
      movedBy: pointer('_User'),
      movedAt: date,
      reason: string,
    },
  },
  CertificateLog: {
    className: 'CertificateLog',
    table: 'certificate_logs',
    pushable: true,
    fields: {
      gemstone: pointer('Gemstone'),
      certificateNumber: string,
      issuedBy: string,
      verifiedBy: pointer('_User'),
      verifiedAt: date,
      verificationResult: string,
      notes: string,
      corrects: pointer('CertificateLog'),
      formatOverride: boolean,
      document: file,
      statusFrom: string,
      statusTo: string,
    },
  },
  PurchaseInquiry: {
    className: 'PurchaseInquiry',
    table: 'purchase_inquiries',
    pushable: true,
    fields: {
      buyer: pointer('Buyer'),
      gemstone: pointer('Gemstone'),
      inquiryStatus: string,
      requestedCaratWeight: number,
      quotedPrice: money('currency'),
      currency: string,
      handledBy: pointer('_User'),
      followUpAt: date,
      outcome: string,
      outcomeReason: string,
      mismatchOverride: boolean,
      statusHistory: array,
      statusChangedAt: date,
    },
  },
  Activity: {
    className: 'Activity',
    table: 'activities',
    pushable: true,
    fields: {
      type: string,
      subject: string,
      description: string,
      dueDate: date,
      completedAt: date,
      relatedTo: pointer('Buyer'),
      relatedInquiry: pointer('PurchaseInquiry'),
      createdBy: pointer('_User'),
    },
  },
  StoneHold: {
    className: 'StoneHold',
    table: 'stone_holds',
    pushable: true,
    fields: {
      gemstone: pointer('Gemstone'),
      buyer: pointer('Buyer'),
      placedBy: pointer('_User'),
      heldUntil: date,
      status: string,
      endedAt: date,
      endedBy: pointer('_User'),
      reservation: pointer('PurchaseInquiry'),
      note: string,
    },
  },
  // The trade's paperwork (db/schema-trade.ts).
  Memo: {
    className: 'Memo',
    table: 'memos',
    pushable: true,
    fields: {
      buyer: pointer('Buyer'),
      issuedBy: pointer('_User'),
      issuedAt: date,
      dueBack: date,
      terms: string,
      currency: string,
      status: string,
      closedAt: date,
      note: string,
    },
  },
  Invoice: {
    className: 'Invoice',
    table: 'invoices',
    pushable: true,
    fields: {
      invoiceNumber: string,
      invoiceYear: number,
      provisionalNumber: string,
      buyer: pointer('Buyer'),
      inquiry: pointer('PurchaseInquiry'),
      memo: pointer('Memo'),
      issuedBy: pointer('_User'),
      issuedAt: date,
      currency: string,
      lines: array,
      subtotal: money('currency'),
      taxLines: array,
      taxTotal: money('currency'),
      total: money('currency'),
      status: string,
      note: string,
    },
  },
  MemoLine: {
    className: 'MemoLine',
    table: 'memo_lines',
    pushable: true,
    fields: {
      memo: pointer('Memo'),
      gemstone: pointer('Gemstone'),
      price: money('currency'),
      currency: string,
      status: string,
      fromLocation: string,
      returnedAt: date,
      soldAt: date,
      invoice: pointer('Invoice'),
    },
  },
  Payment: {
    className: 'Payment',
    table: 'payments',
    pushable: true,
    fields: {
      invoice: pointer('Invoice'),
      buyer: pointer('Buyer'),
      amount: money('currency'),
      currency: string,
      method: string,
      receivedAt: date,
      reference: string,
      recordedBy: pointer('_User'),
    },
  },
  Consignment: {
    className: 'Consignment',
    table: 'consignments',
    pushable: true,
    fields: {
      gemstone: pointer('Gemstone'),
      supplier: string,
      supplierReference: string,
      terms: string,
      agreedPrice: money('currency'),
      currency: string,
      receivedAt: date,
      dueDate: date,
      status: string,
      receivedBy: pointer('_User'),
      settledAt: date,
      settlementReference: string,
      closedBy: pointer('_User'),
    },
  },
};

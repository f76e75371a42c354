import type { ReplicatedClass } from '../../shared/enums';
import { toMajorUnits, toMinorUnits } from '../../shared/money';

// The one place that maps local rows to Parse JSON and back. Local column names are the Parse field
// names; what differs is the representation of a few kinds of value:
//   date     local ISO text           ↔ { __type: 'Date', iso }
//   pointer  local id of the target   ↔ { __type: 'Pointer', className, objectId }
//   array    local JSON text          ↔ Array
//   boolean  local 0/1                ↔ Boolean
//   money    local integer minor units ↔ Number in major units (of the row's currency field)

export type FieldKind =
  | { kind: 'string' }
  | { kind: 'number' }
  | { kind: 'boolean' }
  | { kind: 'date' }
  | { kind: 'array' }
  | { kind: 'pointer'; target: ReplicatedClass }
  | { kind: 'money'; currencyField: string }
  | { kind: 'file' };

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
};

export type LocalRow = Record<string, unknown>;

/** Resolves pointers between local ids and Parse objectIds (null when the other side is not known yet). */
export interface PointerResolver {
  objectIdOf(className: ReplicatedClass, localId: string): string | null;
  localIdOf(className: ReplicatedClass, objectId: string): string | null;
}

export class UnresolvedPointerError extends Error {
  constructor(
    readonly className: ReplicatedClass,
    readonly field: string,
    readonly target: ReplicatedClass,
    readonly id: string,
  ) {
    super(`${className}.${field} points to a ${target} (${id}) that is not known on the other side yet`);
    this.name = 'UnresolvedPointerError';
  }
}

/** Local row → Parse JSON body, for the given fields (all of them when `fields` is omitted). */
export function toParse(
  className: ReplicatedClass,
  row: LocalRow,
  resolver: PointerResolver,
  fields: readonly string[] = Object.keys(CLASS_MAPPINGS[className].fields),
): Record<string, unknown> {
  const mapping = CLASS_MAPPINGS[className];
  const body: Record<string, unknown> = {};
  for (const field of fields) {
    const kind = mapping.fields[field];
    if (!kind) continue; // a local-only column
    const value = row[field];
    if (value === null || value === undefined) {
      body[field] = { __op: 'Delete' };
      continue;
    }
    switch (kind.kind) {
      case 'date':
        body[field] = { __type: 'Date', iso: new Date(String(value)).toISOString() };
        break;
      case 'pointer': {
        const objectId = resolver.objectIdOf(kind.target, String(value));
        if (!objectId) throw new UnresolvedPointerError(className, field, kind.target, String(value));
        body[field] = { __type: 'Pointer', className: kind.target, objectId };
        break;
      }
      case 'array':
        body[field] = typeof value === 'string' ? JSON.parse(value) : value;
        break;
      case 'boolean':
        body[field] = value === true || value === 1;
        break;
      case 'money':
        body[field] = toMajorUnits(Number(value), String(row[kind.currencyField]));
        break;
      case 'file': {
        const local = JSON.parse(String(value)) as LocalFile;
        // The replicator uploads the bytes first; until then the field cannot be sent.
        if (!local.name) throw new UnresolvedPointerError(className, field, className, 'file not uploaded yet');
        body[field] = { __type: 'File', name: local.name, url: local.url };
        break;
      }
      default:
        body[field] = value;
    }
  }
  return body;
}

/** Each class's fields as [name, kind] pairs, made once: a download maps every record with them. */
const FIELD_ENTRIES = Object.fromEntries(Object.entries(CLASS_MAPPINGS).map(([className, mapping]) => [className, Object.entries(mapping.fields)])) as Record<
  ReplicatedClass,
  [string, FieldKind][]
>;

/**
 * Parse JSON → local column values, only for the keys present: a field hidden from this user
 * (protectedFields) is absent, and must not erase the local value.
 */
export function fromParse(className: ReplicatedClass, json: Record<string, unknown>, resolver: PointerResolver): LocalRow {
  const row: LocalRow = {};
  for (const [field, kind] of FIELD_ENTRIES[className]) {
    if (!(field in json)) continue;
    const value = json[field];
    if (value === null || value === undefined) {
      row[field] = null;
      continue;
    }
    switch (kind.kind) {
      case 'date':
        row[field] = typeof value === 'object' ? new Date(String((value as { iso: string }).iso)).toISOString() : new Date(String(value)).toISOString();
        break;
      case 'pointer': {
        const objectId = (value as { objectId?: string }).objectId;
        row[field] = objectId ? resolver.localIdOf(kind.target, objectId) : null;
        if (objectId && row[field] === null) throw new UnresolvedPointerError(className, field, kind.target, objectId);
        break;
      }
      case 'array':
        row[field] = JSON.stringify(value);
        break;
      case 'boolean':
        row[field] = value ? 1 : 0;
        break;
      case 'file': {
        const remoteFile = value as { name: string; url?: string };
        const local: LocalFile = { name: remoteFile.name, url: remoteFile.url ?? null, stored: null, fileName: remoteFile.name.replace(/^[0-9a-f]{32}_/, ''), contentType: 'application/octet-stream', size: 0, sha256: null };
        row[field] = JSON.stringify(local);
        break;
      }
      case 'money': {
        const currency = (json[kind.currencyField] as string | undefined) ?? null;
        if (!currency) throw new Error(`${className}.${field} arrived without its currency`);
        row[field] = toMinorUnits(Number(value), currency);
        break;
      }
      default:
        row[field] = value;
    }
  }
  return row;
}

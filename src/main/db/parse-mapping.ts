import type { ReplicatedClass } from '../../shared/enums';
import { toMajorUnits, toMinorUnitsExact } from '../../shared/money';
import { RECORD_RULES, recordProblems, type FieldProblem, type PlainValue } from '../../shared/record-rules';

// The one place that maps local rows to Parse JSON and back. Local column names are the Parse field
// names; what differs is the representation of a few kinds of value:
//   date     local ISO text           ↔ { __type: 'Date', iso }
//   pointer  local id of the target   ↔ { __type: 'Pointer', className, objectId }
//   array    local JSON text          ↔ Array
//   boolean  local 0/1                ↔ Boolean
//   money    local integer minor units ↔ Number in major units (of the row's currency field)
//   file     local LocalFile JSON      ↔ { __type: 'File', name, url }
//   files    local LocalFile[] JSON    ↔ Array of { __type: 'File', name, url } (a stone's photos)

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
      case 'files': {
        const locals = JSON.parse(String(value)) as LocalFile[];
        // Each file goes up before the list that names it (see sync/push-prepare.ts).
        const waiting = locals.find((local) => !local.name);
        if (waiting) throw new UnresolvedPointerError(className, field, className, 'file not uploaded yet');
        body[field] = locals.map((local) => ({ __type: 'File', name: local.name, url: local.url }));
        break;
      }
      default:
        body[field] = value;
    }
  }
  return body;
}

/** Each class's fields as [name, kind] pairs, made once: a download maps every record with them. */
const FIELD_ENTRIES = Object.fromEntries(
  Object.entries(CLASS_MAPPINGS).map(([className, mapping]) => [className, Object.entries(mapping.fields)]),
) as Record<ReplicatedClass, [string, FieldKind][]>;

/** A Parse JSON value in the plain form the record rules check; anything unexpected is passed on as it is, for the rules to name. */
function plainOf(kind: FieldKind, value: unknown): PlainValue {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value as PlainValue;
  const typed = value as { __type?: string; iso?: unknown; className?: unknown; objectId?: unknown; name?: unknown };
  if (kind.kind === 'date' && typed.__type === 'Date' && typeof typed.iso === 'string') return new Date(typed.iso);
  if (kind.kind === 'pointer' && typed.__type === 'Pointer')
    return { className: String(typed.className), objectId: String(typed.objectId ?? '') };
  if (kind.kind === 'file' && typed.__type === 'File') return { name: String(typed.name ?? '') };
  return value as PlainValue;
}

/** A list of Parse Files in the plain form (each file as { name }); anything else passed on for the rules to name. */
function plainFiles(value: unknown): PlainValue {
  if (!Array.isArray(value)) return value as PlainValue;
  return value.map((item: unknown) => {
    const typed = item as { __type?: unknown; name?: unknown } | null;
    return typed && typeof typed === 'object' && typed.__type === 'File' && typeof typed.name === 'string'
      ? { name: typed.name }
      : item;
  });
}

export interface FromParseOptions {
  /**
   * Fields that may be missing from the answer because the server hides them from this reader (field
   * privacy, other users' emails): left out of the row when absent. Any other absent field is unset on
   * the server, and so null here.
   */
  mayBeAbsent?: ReadonlySet<string>;
}

/** A record from the server as local columns, or why Loupe cannot store it as it is. */
export type Mapped = { row: LocalRow; problems: [] } | { row: null; problems: FieldProblem[] };

/**
 * Parse JSON → local column values. The record is first held to the record rules (src/shared/record-rules.ts),
 * the same as a local write; then each value is converted exactly: nothing is coerced. A required pointer
 * to a record this workstation does not have is a problem too (the pull holds the record back and tries
 * again); an optional one reads as empty, as Parse's own include does for a record that is gone.
 */
export function fromParse(
  className: ReplicatedClass,
  json: Record<string, unknown>,
  resolver: PointerResolver,
  options: FromParseOptions = {},
): Mapped {
  const entries = FIELD_ENTRIES[className];
  const plain: Record<string, PlainValue> = {};
  for (const [field, kind] of entries)
    if (field in json) plain[field] = kind.kind === 'files' ? plainFiles(json[field]) : plainOf(kind, json[field]);
  const problems = recordProblems(className, plain, { mayBeAbsent: options.mayBeAbsent });
  if (problems.length > 0) return { row: null, problems };

  const rules = RECORD_RULES[className];
  const row: LocalRow = {};
  for (const [field, kind] of entries) {
    if (!(field in json)) {
      if (!options.mayBeAbsent?.has(field)) row[field] = null;
      continue;
    }
    const value = plain[field];
    if (value === null || value === undefined) {
      row[field] = null;
      continue;
    }
    switch (kind.kind) {
      case 'date':
        row[field] = (value as Date).toISOString();
        break;
      case 'pointer': {
        const objectId = (value as { objectId: string }).objectId;
        row[field] = resolver.localIdOf(kind.target, objectId);
        if (row[field] === null && rules[field]?.required) {
          problems.push({
            field,
            label: rules[field].label,
            message: `${rules[field].label} (${objectId}) is not on this workstation`,
          });
        }
        break;
      }
      case 'array':
        row[field] = JSON.stringify(value);
        break;
      case 'boolean':
        row[field] = value ? 1 : 0;
        break;
      case 'file': {
        row[field] = JSON.stringify(remoteLocalFile(json[field] as { name: string; url?: string }));
        break;
      }
      case 'files': {
        const remoteFiles = json[field] as { name: string; url?: string }[];
        row[field] = JSON.stringify(remoteFiles.map((remote) => remoteLocalFile(remote)));
        break;
      }
      case 'money': {
        const currency = json[kind.currencyField];
        if (typeof currency !== 'string' || currency.trim() === '') {
          problems.push({
            field,
            label: rules[field]!.label,
            message: `${rules[field]!.label} ${String(value)} has no currency`,
          });
          row[field] = null;
          break;
        }
        const minor = toMinorUnitsExact(value as number, currency);
        if (minor === null)
          problems.push({
            field,
            label: rules[field]!.label,
            message: `${rules[field]!.label} ${String(value)} ${currency} has more digits than Loupe can keep exactly`,
          });
        row[field] = minor;
        break;
      }
      default:
        row[field] = value;
    }
  }
  return problems.length > 0 ? { row: null, problems } : { row, problems: [] };
}

/** A Parse File from the server, as a LocalFile not downloaded yet. */
function remoteLocalFile(remote: { name: string; url?: string }): LocalFile {
  return {
    name: remote.name,
    url: remote.url ?? null,
    stored: null,
    fileName: remote.name.replace(/^[0-9a-f]{32}_/, ''),
    contentType: 'application/octet-stream',
    size: 0,
    sha256: null,
  };
}

/** A local row's value in the plain form the record rules check (see record-rules.ts). */
function plainOfLocal(kind: FieldKind, value: unknown, row: LocalRow): PlainValue {
  if (value === null || value === undefined) return value as null | undefined;
  switch (kind.kind) {
    case 'date':
      return new Date(String(value));
    case 'pointer':
      return { className: kind.target, objectId: String(value) };
    case 'boolean':
      return value === 1 || value === true;
    case 'array':
      try {
        return typeof value === 'string' ? (JSON.parse(value) as unknown[]) : (value as unknown[]);
      } catch {
        return value as string;
      }
    case 'money':
      return typeof value === 'number' ? toMajorUnits(value, String(row[kind.currencyField])) : (value as PlainValue);
    case 'file':
      try {
        return { name: (JSON.parse(String(value)) as LocalFile).fileName };
      } catch {
        return value as string;
      }
    case 'files':
      try {
        return (JSON.parse(String(value)) as LocalFile[]).map((f) => ({ name: f.fileName }));
      } catch {
        return value as string;
      }
    default:
      return value as PlainValue;
  }
}

/**
 * What is wrong with a local row by the record rules (only `fields`, for an update), so a local write is
 * held to the same rules as a record from the server. Event times are the workstation's own: not checked
 * against its clock.
 */
export function localRowProblems(
  className: ReplicatedClass,
  row: LocalRow,
  fields?: readonly string[],
): FieldProblem[] {
  const plain: Record<string, PlainValue> = {};
  for (const [field, kind] of FIELD_ENTRIES[className])
    if (!fields || fields.includes(field)) plain[field] = plainOfLocal(kind, row[field], row);
  return recordProblems(className, plain, { fields });
}

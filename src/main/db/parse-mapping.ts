import type { ReplicatedClass } from '../../shared/enums';
import { toMajorUnits, toMinorUnitsExact } from '../../shared/money';
import { RECORD_RULES, recordProblems, type FieldProblem, type PlainValue } from '../../shared/record-rules';
import { CLASS_MAPPINGS, type FieldKind, type LocalFile } from './class-mappings';

export { CLASS_MAPPINGS, type ClassMapping, type FieldKind, type LocalFile } from './class-mappings';

// The one place that maps local rows to Parse JSON and back (the classes and their fields are in
// class-mappings.ts). Local column names are the Parse field names; what differs is the representation of
// a few kinds of value:
//   date     local ISO text           ↔ { __type: 'Date', iso }
//   pointer  local id of the target   ↔ { __type: 'Pointer', className, objectId }
//   array    local JSON text          ↔ Array
//   boolean  local 0/1                ↔ Boolean
//   money    local integer minor units ↔ Number in major units (of the row's currency field)
//   file     local LocalFile JSON      ↔ { __type: 'File', name, url }
//   files    local LocalFile[] JSON    ↔ Array of { __type: 'File', name, url } (a stone's photos)
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

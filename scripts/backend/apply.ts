// Applies Loupe's schema (resources/back4app/schema.json) to a Parse Server over REST: classes, fields,
// class-level permissions, roles and indexes. Idempotent; never drops or retypes anything.
//
//   npm run backend:apply -- --server-url URL --app-id ID --master-key KEY [--schema FILE] [--dry-run]
//
// Exit codes: 0 applied (or nothing to do), 1 failed (unreachable server, refused key, server error),
// 2 bad command line, 3 applied what it could but something needs a person (see the "!" lines).

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface FieldSpec {
  type: string;
  targetClass?: string;
  required?: boolean;
}
export type IndexKeys = Record<string, 1 | -1>;
export interface UniqueIndexSpec {
  fields: IndexKeys;
  where?: Record<string, string>;
}
export interface ClassSpec {
  className: string;
  fields: Record<string, FieldSpec>;
  classLevelPermissions: Record<string, unknown>;
  indexes?: Record<string, IndexKeys>;
  uniqueIndexes?: Record<string, UniqueIndexSpec>;
}
export interface LoupeSchema {
  roles: string[];
  classes: ClassSpec[];
}

export interface ApplyTarget {
  serverURL: string;
  appId: string;
  masterKey: string;
}
export interface ApplyOptions extends ApplyTarget {
  schema?: LoupeSchema;
  /** Report what would change without changing anything. */
  dryRun?: boolean;
}
export interface ApplyReport {
  /** What was changed (or, in a dry run, would be). */
  changes: string[];
  /** Differences apply must not resolve itself (e.g. a field with another type): someone has to look. */
  conflicts: string[];
  /** Differences that are harmless or cannot be changed over the API; printed for information. */
  notes: string[];
}

export const SCHEMA_PATH = fileURLToPath(new URL('../../resources/back4app/schema.json', import.meta.url));

/** The roles' ACL: staff can read the role rows, only the master key writes them. */
export function roleACL(roles: readonly string[]): Record<string, { read: boolean }> {
  return Object.fromEntries(roles.map((role) => [`role:${role}`, { read: true }]));
}

export function loadSchema(path: string = SCHEMA_PATH): LoupeSchema {
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<LoupeSchema>;
  if (!Array.isArray(parsed.classes) || !Array.isArray(parsed.roles)) {
    throw new Error(`${path} is not a Loupe schema file (expected "roles" and "classes").`);
  }
  return parsed as LoupeSchema;
}

/** A failure that stops apply: the server cannot be reached or refuses us. */
export class ApplyError extends Error {
  override name = 'ApplyError';
}

interface ServerClass {
  className: string;
  fields: Record<string, FieldSpec>;
  classLevelPermissions?: Record<string, unknown>;
}

interface IndexResult {
  engine: string;
  present: string[];
  created: string[];
  missing: string[];
  failed: { name: string; message: string }[];
}

class ParseError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

function client(target: ApplyTarget) {
  const base = target.serverURL.replace(/\/+$/, '');
  return async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(base + path, {
        method,
        headers: {
          'X-Parse-Application-Id': target.appId,
          'X-Parse-Master-Key': target.masterKey,
          'Content-Type': 'application/json',
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
      throw new ApplyError(`Cannot reach the Parse Server at ${base}${cause}`);
    }
    const raw = await response.text();
    let json: { code?: number; error?: string } & Record<string, unknown>;
    try {
      json = JSON.parse(raw) as typeof json;
    } catch {
      throw new ApplyError(`${base}${path} did not answer like a Parse Server (HTTP ${response.status}).`);
    }
    if (response.status === 401 || response.status === 403) {
      throw new ApplyError(
        `The server refused the app id or master key (HTTP ${response.status}: ${json.error ?? 'unauthorized'}).`,
      );
    }
    if (!response.ok) throw new ParseError(json.code ?? 0, json.error ?? `HTTP ${response.status}`, response.status);
    return json as T;
  };
}

function describeType(field: FieldSpec): string {
  return field.targetClass ? `${field.type}<${field.targetClass}>` : field.type;
}

/** Canonical JSON of class-level permissions, so equal permissions compare equal whatever their key order. */
export function canonicalCLP(clp: Record<string, unknown> | undefined): string {
  const sortDeep = (value: unknown): unknown => {
    if (Array.isArray(value)) return [...value].map(sortDeep).sort();
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.keys(value)
          .sort()
          .map((key) => [key, sortDeep((value as Record<string, unknown>)[key])]),
      );
    }
    return value;
  };
  const copy = { ...(clp ?? {}) } as Record<string, unknown>;
  // `"*": []` protects nothing, exactly like leaving "*" out; Parse adds it on its own.
  const protectedFields = { ...((copy.protectedFields as Record<string, unknown[]> | undefined) ?? {}) };
  if (Array.isArray(protectedFields['*']) && protectedFields['*'].length === 0) delete protectedFields['*'];
  copy.protectedFields = protectedFields;
  return JSON.stringify(sortDeep(copy));
}

export async function applySchema(options: ApplyOptions): Promise<ApplyReport> {
  const schema = options.schema ?? loadSchema();
  const dryRun = options.dryRun ?? false;
  const send = client(options);
  /** A change the server refused stops apply, saying which one. */
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    try {
      return await send<T>(method, path, body);
    } catch (error) {
      if (error instanceof ParseError && !path.startsWith('/functions/')) {
        throw new ApplyError(`${method} ${path} was refused: ${error.message} (Parse error ${error.code})`);
      }
      throw error;
    }
  };
  const report: ApplyReport = { changes: [], conflicts: [], notes: [] };

  const serverClasses = (await call<{ results: ServerClass[] }>('GET', '/schemas')).results;
  const onServer = new Map(serverClasses.map((c) => [c.className, c]));

  // 1. Classes and fields (before permissions: pointer permissions name fields that must exist).
  for (const spec of schema.classes) {
    const existing = onServer.get(spec.className);
    if (!existing) {
      const names = Object.keys(spec.fields);
      report.changes.push(`created class ${spec.className}${names.length ? ` with fields ${names.join(', ')}` : ''}`);
      if (!dryRun) {
        await call('POST', `/schemas/${spec.className}`, {
          className: spec.className,
          fields: spec.fields,
          classLevelPermissions: spec.classLevelPermissions,
        });
      }
      continue;
    }
    const missing: Record<string, FieldSpec> = {};
    for (const [name, wanted] of Object.entries(spec.fields)) {
      const have = existing.fields[name];
      if (!have) {
        missing[name] = wanted;
        report.changes.push(`added field ${spec.className}.${name} (${describeType(wanted)})`);
      } else if (have.type !== wanted.type || (have.targetClass ?? null) !== (wanted.targetClass ?? null)) {
        report.conflicts.push(
          `${spec.className}.${name} is ${describeType(have)} on the server but Loupe expects ${describeType(wanted)}; ` +
            'left unchanged. Migrate or rename the field by hand, then run apply again.',
        );
      } else if (Boolean(have.required) !== Boolean(wanted.required)) {
        report.notes.push(
          `${spec.className}.${name} is ${have.required ? '' : 'not '}required on the server but Loupe's schema says ` +
            `${wanted.required ? 'required' : 'optional'}; left unchanged (Parse cannot change it without recreating the field).`,
        );
      }
    }
    if (!dryRun && Object.keys(missing).length > 0) {
      await call('PUT', `/schemas/${spec.className}`, { className: spec.className, fields: missing });
    }
  }

  // 2. Class-level permissions (replaced as a whole: a partial update could leave a class more open).
  for (const spec of schema.classes) {
    const existing = onServer.get(spec.className);
    if (!existing) continue; // created above with its permissions
    if (canonicalCLP(existing.classLevelPermissions) !== canonicalCLP(spec.classLevelPermissions)) {
      report.changes.push(`updated class-level permissions of ${spec.className}`);
      if (!dryRun) {
        await call('PUT', `/schemas/${spec.className}`, {
          className: spec.className,
          classLevelPermissions: spec.classLevelPermissions,
        });
      }
    }
  }

  // 3. Roles.
  const where = encodeURIComponent(JSON.stringify({ name: { $in: schema.roles } }));
  const roles = await call<{ results: { name: string }[] }>('GET', `/roles?where=${where}&keys=name&limit=100`);
  const haveRoles = new Set(roles.results.map((r) => r.name));
  for (const role of schema.roles) {
    if (haveRoles.has(role)) continue;
    report.changes.push(`created role ${role}`);
    if (!dryRun) await call('POST', '/roles', { name: role, ACL: roleACL(schema.roles) });
  }

  // 4. Indexes, through Cloud Code (see resources/back4app/cloud/indexes.js for why).
  const indexes = Object.fromEntries(schema.classes.map((c) => [c.className, c.indexes ?? {}]));
  const uniqueIndexes = Object.fromEntries(schema.classes.map((c) => [c.className, c.uniqueIndexes ?? {}]));
  try {
    const { result } = await call<{ result: IndexResult }>('POST', '/functions/loupeEnsureIndexes', {
      indexes,
      uniqueIndexes,
      dryRun,
    });
    for (const name of result.created) report.changes.push(`created index ${name}`);
    for (const name of result.missing) report.changes.push(`created index ${name}`);
    for (const failure of result.failed)
      report.conflicts.push(`index ${failure.name} could not be created: ${failure.message}`);
  } catch (error) {
    if (!(error instanceof ParseError)) throw error;
    if (error.code === 141 && /invalid function/i.test(error.message)) {
      report.conflicts.push(
        "indexes not checked: the server does not run Loupe's Cloud Code (function loupeEnsureIndexes is missing). " +
          'Upload resources/back4app/cloud, then run apply again.',
      );
    } else {
      report.conflicts.push(`indexes not checked: ${error.message}`);
    }
  }
  return report;
}

export function formatReport(report: ApplyReport, dryRun = false): string {
  const lines: string[] = [];
  for (const change of report.changes) lines.push(`${dryRun ? 'would: ' : '+ '}${change}`);
  for (const note of report.notes) lines.push(`note: ${note}`);
  for (const conflict of report.conflicts) lines.push(`! ${conflict}`);
  if (report.changes.length === 0) {
    lines.push("No changes: the server already matches Loupe's schema.");
  } else {
    lines.push(
      `${dryRun ? 'Would apply' : 'Applied'} ${report.changes.length} change${report.changes.length === 1 ? '' : 's'}.`,
    );
  }
  if (report.conflicts.length > 0) {
    lines.push(
      `${report.conflicts.length} problem${report.conflicts.length === 1 ? '' : 's'} need attention (lines starting with "!").`,
    );
  }
  return lines.join('\n');
}

const USAGE = `Usage: npm run backend:apply -- --server-url URL --app-id ID --master-key KEY [--schema FILE] [--dry-run]

  --server-url   the Parse Server URL, e.g. https://parseapi.back4app.com
  --app-id       the app's Application ID
  --master-key   the app's Master Key (or set LOUPE_MASTER_KEY to keep it out of your shell history)
  --schema       schema file (default: resources/back4app/schema.json)
  --dry-run      print what would change, change nothing

Exit codes: 0 done, 1 failed, 2 bad command line, 3 done but something needs attention.`;

export async function main(argv: string[]): Promise<number> {
  const values: Record<string, string> = {};
  let dryRun = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      return 0;
    }
    if (arg === '--dry-run') {
      dryRun = true;
      continue;
    }
    const match = /^--(server-url|app-id|master-key|schema)(?:=(.*))?$/.exec(arg);
    if (!match) {
      console.error(`Unknown argument ${arg}\n\n${USAGE}`);
      return 2;
    }
    const value = match[2] ?? argv[++i];
    if (value === undefined || value === '') {
      console.error(`${arg} needs a value\n\n${USAGE}`);
      return 2;
    }
    values[match[1]!] = value;
  }
  const serverURL = values['server-url'];
  const appId = values['app-id'];
  const masterKey = values['master-key'] ?? process.env.LOUPE_MASTER_KEY;
  if (!serverURL || !appId || !masterKey) {
    console.error(`--server-url, --app-id and --master-key are required.\n\n${USAGE}`);
    return 2;
  }
  let schema: LoupeSchema;
  try {
    schema = loadSchema(values.schema ? resolve(values.schema) : SCHEMA_PATH);
  } catch (error) {
    console.error(`Cannot read the schema: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  try {
    const report = await applySchema({ serverURL, appId, masterKey, schema, dryRun });
    console.log(formatReport(report, dryRun));
    return report.conflicts.length > 0 ? 3 : 0;
  } catch (error) {
    console.error(`apply failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

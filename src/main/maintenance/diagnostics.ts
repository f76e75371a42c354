import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { formatDoctorReport, type DoctorReport } from './doctor';
import { fileStamp } from './backups';
import type { Redactor } from './redact';

// "Export diagnostics": one zip with the logs and the doctor report, for whoever helps the dealer. It
// never contains the database, the secret store or settings; every file is redacted again on the way
// in (logs written by an older Loupe included), and the finished zip is searched for every known secret
// before it is handed out: if one were found, no bundle is made at all.

export interface DiagnosticsInput {
  logsDir: string;
  report: DoctorReport;
  redactor: Redactor;
  /** Values that must not appear (the secret store's contents, the launch token, …). */
  secrets: readonly string[];
  now: number;
}

export interface DiagnosticsBundle {
  fileName: string;
  bytes: Uint8Array;
  files: string[];
}

/** Per log file, at most this much of its end goes in (the newest lines matter). */
const MAX_LOG_BYTES = 2_000_000;

const README = `Loupe diagnostics

doctor.txt   the self-check report (integrity, migrations, outbox, refused changes, backend, backups)
doctor.json  the same, for tools
logs/        the application logs (rotated files included)

No database, no passwords, session tokens or keys are included: logs are redacted when written and
again when this bundle was made.
`;

export class SecretLeakError extends Error {
  constructor(readonly entry: string) {
    super(`A secret was found in ${entry}; the diagnostics bundle was not created.`);
    this.name = 'SecretLeakError';
  }
}

function logFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => /\.log$/.test(name) && statSync(join(dir, name)).isFile())
    .sort();
}

export function buildDiagnostics(input: DiagnosticsInput): DiagnosticsBundle {
  const { redactor } = input;
  for (const secret of input.secrets) redactor.addSecret(secret);
  const entries: Record<string, Uint8Array> = {
    'README.txt': strToU8(README),
    'doctor.txt': strToU8(redactor.redact(formatDoctorReport(input.report))),
    'doctor.json': strToU8(redactor.redact(JSON.stringify(input.report, null, 2))),
  };
  for (const name of logFiles(input.logsDir)) {
    const raw = readFileSync(join(input.logsDir, name));
    const tail = raw.length > MAX_LOG_BYTES ? raw.subarray(raw.length - MAX_LOG_BYTES) : raw;
    entries[`logs/${name}`] = strToU8(redactor.redact(tail.toString('utf8')));
  }
  const bytes = zipSync(entries, { level: 6, mtime: new Date(input.now) });
  assertNoSecrets(bytes, [...input.secrets, ...redactor.secrets]);
  return { fileName: `loupe-diagnostics-${fileStamp(input.now)}.zip`, bytes, files: Object.keys(entries) };
}

/** Opens the zip again and searches every entry for every secret. */
export function assertNoSecrets(zip: Uint8Array, secrets: readonly string[]): void {
  const contents = unzipSync(zip);
  const needles = secrets.filter((s) => s && s.length >= 6);
  for (const [name, data] of Object.entries(contents)) {
    const text = strFromU8(data);
    for (const secret of needles) if (text.includes(secret)) throw new SecretLeakError(name);
  }
}

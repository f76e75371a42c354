import { existsSync, statSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { MIGRATIONS, SCHEMA_VERSION } from '../db/migrate';
import { STRANDED_SQL } from '../db/stranded';
import { listBackups, type BackupFile } from './backups';
import { readInWorker, type StepResult } from './sqlite-worker';

// `loupe doctor` and Settings → "Check the database": a plain report of what a support call would ask
// first. It reads the database file on a read-only connection of its own (in a worker thread), so it
// also works on a database too damaged for the core to open, and while the app is running.

export interface DoctorOptions {
  databaseFile: string;
  dataDir: string;
  backupFolder: string;
  version: string;
  nativeBinding?: string;
  fetch?: typeof fetch;
  now?: number;
  /** 'full' runs integrity_check (every page and index: ~30 s on a million stones); 'quick' runs quick_check. */
  level?: 'full' | 'quick';
  /** How long the backend gets to answer /health. */
  backendTimeoutMs?: number;
  /** Session tokens are kept with weak protection, and why (the window on Linux without a keyring). */
  secretsWarning?: string | null;
}

export type Verdict = 'ok' | 'attention' | 'damaged';

export interface DoctorReport {
  generatedAt: number;
  version: string;
  platform: string;
  dataDir: string;
  database: { file: string; exists: boolean; bytes: number };
  integrity: { level: 'full' | 'quick'; ok: boolean; problems: string[]; ms: number };
  migrations: { schemaVersion: number; shipped: number; applied: string[]; pending: string[]; unknown: string[] };
  outbox: { pending: number; oldestPendingAt: number | null; retrying: number; lastError: string | null };
  /** Changes the backend refused, still listed. */
  deadLetters: { open: number; oldestAt: number | null };
  /** Records from the backend this workstation could not store as they are, still listed. */
  heldBack: { open: number };
  /** Waiting changes that cannot be sent: they name staff without a backend account. */
  stranded: { changes: number; staff: { fullName: string; changes: number }[] };
  conflicts: { open: number };
  backend: { configured: boolean; serverURL: string | null; reachable: boolean | null; detail: string };
  backups: { folder: string; count: number; newest: Pick<BackupFile, 'name' | 'kind' | 'at' | 'bytes'> | null };
  /** Weak protection of session tokens, when the host says so. */
  secrets: { warning: string | null };
  verdict: Verdict;
  /** What needs a person, each with what to do. */
  findings: string[];
}

const DAY = 24 * 60 * 60 * 1000;

function rows(step: StepResult | undefined): unknown[][] {
  return step && step.ok ? step.rows : [];
}
function scalar(step: StepResult | undefined): unknown {
  return rows(step)[0]?.[0] ?? null;
}
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

async function backendHealth(serverURL: string, fetchImpl: typeof fetch, timeoutMs: number) {
  const url = `${serverURL.replace(/\/+$/, '')}/health`;
  const started = Date.now();
  try {
    const res = await fetchImpl(url, { signal: AbortSignal.timeout(timeoutMs) });
    const ms = Date.now() - started;
    if (res.ok) return { reachable: true, detail: `reachable (HTTP ${res.status}, ${ms} ms)` };
    return { reachable: false, detail: `answered HTTP ${res.status} at ${url}` };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    const why =
      (error as Error).name === 'TimeoutError'
        ? `no answer within ${timeoutMs / 1000} s`
        : (cause ?? (error as Error).message);
    return { reachable: false, detail: `not reachable (${why})` };
  }
}

export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  const now = options.now ?? Date.now();
  const level = options.level ?? 'full';
  const exists = existsSync(options.databaseFile);
  const findings: string[] = [];
  let damaged = false;

  const read = exists
    ? await readInWorker(
        options.databaseFile,
        [
          { name: 'integrity', sql: `PRAGMA ${level === 'full' ? 'integrity_check' : 'quick_check'}(100)` },
          { name: 'version', sql: 'PRAGMA user_version' },
          { name: 'migrations', sql: 'SELECT idx, tag, hash FROM loupe_migrations ORDER BY idx' },
          { name: 'outbox', sql: 'SELECT count(*), min(enqueuedAt), sum(attempts > 0) FROM outbox' },
          {
            name: 'outboxError',
            sql: 'SELECT lastError FROM outbox WHERE lastError IS NOT NULL ORDER BY nextAttemptAt DESC LIMIT 1',
          },
          {
            name: 'deadLetters',
            sql: "SELECT count(*), min(createdAt) FROM sync_dead_letters WHERE resolvedAt IS NULL AND op != 'pull'",
          },
          { name: 'heldBack', sql: "SELECT count(*) FROM sync_dead_letters WHERE resolvedAt IS NULL AND op = 'pull'" },
          { name: 'stranded', sql: STRANDED_SQL },
          { name: 'conflicts', sql: 'SELECT count(*) FROM sync_conflicts WHERE resolvedAt IS NULL' },
          { name: 'backend', sql: "SELECT value FROM settings WHERE key = 'backend'" },
        ],
        { nativeBinding: options.nativeBinding },
      )
    : null;

  // Integrity
  let integrity: DoctorReport['integrity'] = { level, ok: false, problems: [], ms: read?.ms ?? 0 };
  if (!exists) {
    integrity.problems = ['There is no database file yet (Loupe creates it at first start).'];
  } else if (read!.openError) {
    integrity.problems = [read!.openError.message];
  } else {
    const step = read!.steps.integrity!;
    const lines = step.ok ? step.rows.map((r) => String(r[0])) : [step.error];
    integrity = {
      level,
      ok: lines.length === 1 && lines[0] === 'ok',
      problems: lines[0] === 'ok' ? [] : lines,
      ms: read!.ms,
    };
  }
  if (exists && !integrity.ok) {
    damaged = true;
    findings.push(
      'The database is damaged. Restore the latest good backup (Settings → Backups → Restore, or `loupe restore <file>`); ' +
        'the damaged file is kept aside.',
    );
  }

  // Migrations
  const schemaVersion = Number(scalar(read?.steps.version) ?? 0);
  const appliedRows = rows(read?.steps.migrations) as [number, string, string][];
  const unknown = appliedRows
    .filter(([idx, tag, hash]) => MIGRATIONS[idx]?.tag !== tag || MIGRATIONS[idx]?.hash !== hash)
    .map(([, tag]) => tag);
  const applied = appliedRows.map(([, tag]) => tag);
  const pending = MIGRATIONS.slice(Math.min(appliedRows.length, SCHEMA_VERSION)).map((m) => m.tag);
  if (schemaVersion > SCHEMA_VERSION || unknown.length) {
    findings.push(
      schemaVersion > SCHEMA_VERSION
        ? `The database was written by a newer Loupe (schema ${schemaVersion}; this one knows ${SCHEMA_VERSION}): update Loupe.`
        : `Applied migrations differ from the ones this Loupe ships (${unknown.join(', ')}): restore a backup or update Loupe.`,
    );
  }

  // Outbox, refused changes, conflicts
  const [pendingCount, oldest, retrying] = rows(read?.steps.outbox)[0] ?? [0, null, 0];
  const outbox = {
    pending: Number(pendingCount ?? 0),
    oldestPendingAt: num(oldest),
    retrying: Number(retrying ?? 0),
    lastError: (scalar(read?.steps.outboxError) as string | null) ?? null,
  };
  const [deadCount, deadOldest] = rows(read?.steps.deadLetters)[0] ?? [0, null];
  const deadLetters = { open: Number(deadCount ?? 0), oldestAt: num(deadOldest) };
  const heldBack = { open: Number(scalar(read?.steps.heldBack) ?? 0) };
  // Columns of STRANDED_SQL: userId, username, fullName, changes.
  const strandedStaff = (rows(read?.steps.stranded) as [string, string, string, number][]).map(
    ([, , fullName, changes]) => ({ fullName, changes: Number(changes) }),
  );
  const stranded = { changes: strandedStaff.reduce((n, s) => n + s.changes, 0), staff: strandedStaff };
  const conflicts = { open: Number(scalar(read?.steps.conflicts) ?? 0) };

  // Backend
  let serverURL: string | null;
  try {
    const raw = scalar(read?.steps.backend);
    serverURL = raw ? ((JSON.parse(String(raw)) as { serverURL?: string }).serverURL ?? null) : null;
  } catch {
    serverURL = null;
  }
  const backend: DoctorReport['backend'] = serverURL
    ? {
        configured: true,
        serverURL,
        ...(await backendHealth(serverURL, options.fetch ?? fetch, options.backendTimeoutMs ?? 5000)),
      }
    : {
        configured: false,
        serverURL: null,
        reachable: null,
        detail: 'not connected (this workstation works on its own)',
      };
  if (backend.configured && !backend.reachable)
    findings.push(`The backend ${backend.detail}: changes wait here until it answers; check the network.`);
  if (backend.configured && outbox.oldestPendingAt !== null && now - outbox.oldestPendingAt > DAY) {
    findings.push(
      `${outbox.pending} change(s) have waited to be sent since ${formatTime(outbox.oldestPendingAt)}: open Sync and check the connection.`,
    );
  }
  if (backend.configured && stranded.changes > 0) {
    findings.push(
      `${stranded.changes} change(s) cannot be sent: they name staff with no backend account (${strandedStaff.map((s) => `${s.fullName}: ${s.changes}`).join(', ')}). ` +
        'An administrator creates their backend accounts, or hands their changes to another user, in Settings → Staff.',
    );
  }
  if (deadLetters.open > 0)
    findings.push(`${deadLetters.open} change(s) were refused by the backend: see Sync → Refused by the server.`);
  if (heldBack.open > 0)
    findings.push(
      `${heldBack.open} record(s) from the backend could not be taken in as they are: see Sync → Not taken in.`,
    );

  // Backups
  const backups = listBackups(options.backupFolder);
  const newest = backups[0] ?? null;
  if (!newest)
    findings.push(`There is no backup in ${options.backupFolder} yet: use Settings → Backups → Back up now.`);
  else if (now - newest.at > 2 * DAY)
    findings.push(`The newest backup is from ${formatTime(newest.at)}: check the backup folder is reachable.`);

  const secretsWarning = options.secretsWarning ?? null;
  if (secretsWarning) findings.push(secretsWarning);

  const verdict: Verdict = damaged ? 'damaged' : findings.length ? 'attention' : 'ok';
  return {
    generatedAt: now,
    version: options.version,
    platform: `${platform()} ${arch()}, Node ${process.versions.node}${process.versions.electron ? `, Electron ${process.versions.electron}` : ''}`,
    dataDir: options.dataDir,
    database: { file: options.databaseFile, exists, bytes: exists ? statSync(options.databaseFile).size : 0 },
    integrity,
    migrations: { schemaVersion, shipped: SCHEMA_VERSION, applied, pending, unknown },
    outbox,
    deadLetters,
    heldBack,
    stranded,
    conflicts,
    backend,
    backups: {
      folder: options.backupFolder,
      count: backups.length,
      newest: newest && { name: newest.name, kind: newest.kind, at: newest.at, bytes: newest.bytes },
    },
    secrets: { warning: secretsWarning },
    verdict,
    findings,
  };
}

export function formatTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

/** The report as plain text: one line per subject, then what needs attention. */
export function formatDoctorReport(r: DoctorReport): string {
  const line = (label: string, text: string) => `${label.padEnd(12)}${text}`;
  const integrity = !r.database.exists
    ? 'no database yet'
    : r.integrity.ok
      ? `ok (${r.integrity.level === 'full' ? 'integrity_check' : 'quick_check'}, ${(r.integrity.ms / 1000).toFixed(1)} s)`
      : `DAMAGED — ${r.integrity.problems.slice(0, 5).join('; ')}${r.integrity.problems.length > 5 ? ` (+${r.integrity.problems.length - 5} more)` : ''}`;
  const m = r.migrations;
  const migrations =
    `${m.applied.length} of ${m.shipped} applied` +
    (m.pending.length
      ? `; ${m.pending.length} pending (applied at the next start, after a backup): ${m.pending.join(', ')}`
      : ', none pending') +
    (m.unknown.length ? `; NOT SHIPPED BY THIS LOUPE: ${m.unknown.join(', ')}` : '');
  const o = r.outbox;
  const outbox =
    o.pending === 0
      ? 'nothing waiting to be sent'
      : `${o.pending} change(s) waiting, oldest since ${formatTime(o.oldestPendingAt!)}` +
        (o.retrying ? `; ${o.retrying} being retried${o.lastError ? ` (last error: ${o.lastError})` : ''}` : '');
  const dead =
    r.deadLetters.open === 0
      ? 'none'
      : `${r.deadLetters.open} open, oldest from ${formatTime(r.deadLetters.oldestAt!)}`;
  const stuck =
    r.stranded.changes === 0 ? 'none' : `${r.stranded.changes} change(s) naming staff with no backend account`;
  const backend = r.backend.configured ? `${r.backend.serverURL} — ${r.backend.detail}` : r.backend.detail;
  const b = r.backups;
  const backups = b.newest
    ? `${b.count} in ${b.folder}; newest ${formatTime(b.newest.at)} (${b.newest.kind}, ${formatBytes(b.newest.bytes)})`
    : `none in ${b.folder}`;
  const lines = [
    `Loupe doctor — ${formatTime(r.generatedAt)}`,
    line('Loupe', `${r.version} on ${r.platform}`),
    line('Data', r.dataDir),
    line(
      'Database',
      r.database.exists ? `${r.database.file} (${formatBytes(r.database.bytes)})` : `${r.database.file} (missing)`,
    ),
    line('Integrity', integrity),
    line('Migrations', migrations),
    line('Outbox', outbox),
    line('Cannot go', stuck),
    line('Refused', dead),
    line(
      'Held back',
      r.heldBack.open === 0 ? 'none' : `${r.heldBack.open} record(s) from the backend (Sync → Not taken in)`,
    ),
    line('Conflicts', r.conflicts.open === 0 ? 'none open' : `${r.conflicts.open} open (Sync → Conflicts)`),
    line('Backend', backend),
    line('Backups', backups),
    ...(r.secrets.warning ? [line('Secrets', 'session tokens are obfuscated, not encrypted (no keyring)')] : []),
    '',
    r.verdict === 'ok'
      ? 'All good: nothing needs attention.'
      : `${r.verdict === 'damaged' ? 'DAMAGED' : 'Needs attention'}:`,
    ...r.findings.map((f) => `  - ${f}`),
  ];
  return lines.join('\n') + '\n';
}

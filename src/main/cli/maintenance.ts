import { writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { createCore, DATABASE_FILE, SECRETS_FILE } from '../core/create-core';
import { LOUPE_VERSION } from '../core/version';
import {
  backUpOnline,
  backupFolder,
  rotateBackups,
  stageRestore,
  swapInStaged,
  undoSwap,
} from '../maintenance/backups';
import { buildDiagnostics } from '../maintenance/diagnostics';
import { formatBytes, formatDoctorReport, runDoctor } from '../maintenance/doctor';
import { logsFolder } from '../maintenance/logger';
import { Redactor } from '../maintenance/redact';
import { FileSecretStore } from '../sync/secrets';
import type { CliIO } from './main';

// `loupe backup`, `loupe restore <file>`, `loupe doctor`, `loupe diagnostics`: the same operations as
// Settings, for scripts and for a workstation whose window will not open.

export const MAINTENANCE_USAGE = `  backup [--to FOLDER] back up the database now (to the backup folder or FOLDER); Loupe may be open
  restore FILE         replace the database with a backup: the file is checked first and the current
                       database is kept as loupe.db.before-restore-<time>. Close Loupe first.
  doctor [--json] [--quick]
                       check integrity, migrations, outbox, refused changes, backend and backups;
                       exits 1 when something needs attention
  diagnostics --out FILE
                       write the logs and the doctor report, without any secret, to a zip file
`;

export const MAINTENANCE_COMMANDS = new Set(['backup', 'restore', 'doctor', 'diagnostics']);

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

const absolute = (path: string) => (isAbsolute(path) ? path : resolve(path));

function doctorOptions(dataDir: string, args: string[]) {
  return {
    databaseFile: join(dataDir, DATABASE_FILE),
    dataDir,
    // The folder as chosen in Settings (mirrored beside the database), readable even when it is damaged.
    backupFolder: backupFolder(null, dataDir),
    version: LOUPE_VERSION,
    level: args.includes('--quick') ? ('quick' as const) : ('full' as const),
  };
}

export async function runMaintenanceCommand(
  command: string,
  args: string[],
  dataDir: string,
  io: CliIO,
): Promise<number> {
  if (command === 'doctor') {
    const report = await runDoctor(doctorOptions(dataDir, args));
    io.out(args.includes('--json') ? JSON.stringify(report, null, 2) : formatDoctorReport(report));
    return report.verdict === 'ok' ? 0 : 1;
  }

  if (command === 'diagnostics') {
    const out = option(args, '--out');
    if (!out) {
      io.err('Say where to write the zip: loupe diagnostics --out loupe-diagnostics.zip');
      return 2;
    }
    const report = await runDoctor({ ...doctorOptions(dataDir, args), level: 'quick' });
    const bundle = buildDiagnostics({
      logsDir: logsFolder(dataDir),
      report,
      redactor: new Redactor(),
      // The browser host's secret store; the window's is encrypted and never read here (nor bundled).
      secrets: new FileSecretStore(join(dataDir, SECRETS_FILE)).values(),
      now: Date.now(),
    });
    writeFileSync(absolute(out), bundle.bytes);
    io.out(`Wrote ${absolute(out)} (${bundle.files.join(', ')}).`);
    return 0;
  }

  if (command === 'restore') {
    const source = args[1];
    if (!source || source.startsWith('--')) {
      io.err('Say which backup to restore: loupe restore /path/to/loupe-…-daily.db');
      return 2;
    }
    const databaseFile = join(dataDir, DATABASE_FILE);
    let staged;
    try {
      staged = await stageRestore(absolute(source), databaseFile);
    } catch (error) {
      io.err((error as Error).message);
      return 1;
    }
    const now = Date.now();
    const keptAside = swapInStaged(databaseFile, staged.staged, now);
    try {
      // Opening applies the migrations an older backup needs (after backing it up) and proves it opens.
      await (await createCore({ dataDir, startSync: false })).close();
    } catch (error) {
      undoSwap(databaseFile, keptAside, now);
      io.err(`The backup could not be opened (${(error as Error).message}); the previous database is back in place.`);
      return 1;
    }
    io.out(
      `Restored ${absolute(source)} (${staged.check.stones} stones). The previous database is kept as ${keptAside}.`,
    );
    return 0;
  }

  // backup
  let core;
  try {
    core = await createCore({ dataDir, startSync: false });
  } catch (error) {
    io.err(`Loupe could not open its data: ${(error as Error).message}`);
    return 2;
  }
  try {
    const to = option(args, '--to');
    const backup = to
      ? await backUpOnline(core.store.sqlite, absolute(to), 'manual', Date.now())
      : await core.maintenance.backUp('manual');
    if (to) rotateBackups(absolute(to));
    io.out(`Backed up to ${backup.file} (${formatBytes(backup.bytes)}).`);
    return 0;
  } catch (error) {
    io.err((error as Error).message);
    return 1;
  } finally {
    await core.close();
  }
}

import { syncHeadline } from '../../shared/sync';
import { createCore } from '../core/create-core';
import { defaultDataDir } from '../core/paths';
import { exportData } from './export';
import { MAINTENANCE_COMMANDS, MAINTENANCE_USAGE, runMaintenanceCommand } from './maintenance';

// `npm run loupe -- <command>`: the workstation's core without a window, for managers' scripts and tests.
const USAGE = `Usage: loupe <command> [options]

Commands:
  sync                 run one full sync with the configured backend; exits 1 if it did not complete
  export --format json print every stone, buyer, inquiry, certificate log and activity as JSON
${MAINTENANCE_USAGE}
Options:
  --data-dir DIR       the workstation's data folder (default: LOUPE_DATA_DIR or the app's user-data folder)
`;

export interface CliIO {
  out: (text: string) => void;
  err: (text: string) => void;
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

export async function runCli(args: string[], io: CliIO, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [command] = args;
  if (!command || command === '--help' || command === 'help') {
    io.out(USAGE);
    return command ? 0 : 2;
  }
  const dataDir = option(args, '--data-dir') ?? defaultDataDir(env);
  if (MAINTENANCE_COMMANDS.has(command)) return runMaintenanceCommand(command, args, dataDir, io);
  if (command !== 'sync' && command !== 'export') {
    io.err(`Unknown command "${command}".\n${USAGE}`);
    return 2;
  }
  if (command === 'export' && (option(args, '--format') ?? 'json') !== 'json') {
    io.err('Only --format json is supported.');
    return 2;
  }
  let core;
  try {
    core = await createCore({ dataDir, startSync: false });
  } catch (error) {
    io.err(`Loupe could not open its data: ${(error as Error).message}`);
    return 2;
  }
  try {
    if (command === 'export') {
      io.out(JSON.stringify(exportData(core.store), null, 2));
      return 0;
    }
    if (!core.replicator.connected) {
      io.err('This workstation is not connected to a backend; connect it in Settings first.');
      return 1;
    }
    const report = await core.replicator.syncNow();
    const status = core.replicator.status();
    io.out(
      `pushed ${report.pushed}, pulled ${report.pulled}, conflicts ${report.conflicts}, set aside ${report.deadLettered}; ` +
        `${status.pendingChanges} change(s) still waiting; ${syncHeadline(status).label}`,
    );
    if (!report.ok)
      io.err(`Sync did not complete: ${report.error ?? status.lastError ?? 'some changes must be retried'}`);
    return report.ok ? 0 : 1;
  } finally {
    await core.close();
  }
}

/** Exits only once everything written to stdout has reached the pipe (a large export would be cut short). */
function exitAfterFlush(code: number) {
  process.stdout.write('', () => process.exit(code));
}

if (require.main === module) {
  runCli(process.argv.slice(2), { out: (t) => console.log(t), err: (t) => console.error(t) }).then(
    (code) => exitAfterFlush(code),
    (error: Error) => {
      console.error(`loupe: ${error.message}`);
      process.exit(1);
    },
  );
}

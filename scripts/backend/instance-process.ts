// One Parse Server instance of a scaled-out backend (scale-out.ts), in a process of its own: Parse Server
// keeps process-wide state, so each instance needs one. Its settings come as JSON in LOUPE_INSTANCE; it
// prints one ready line on stdout, its progress on stderr, and stops when its stdin closes (the parent
// asks, or is gone).

import type { ApplyReport } from './apply';
import { startLocalBackend, type LocalBackendOptions } from './local-server';

export const INSTANCE_READY = 'LOUPE_INSTANCE_READY ';

export type InstanceSettings = Required<Pick<LocalBackendOptions, 'dataDir' | 'port' | 'shared'>> &
  Pick<LocalBackendOptions, 'seedDemo' | 'verbose'>;

export interface InstanceReady {
  serverURL: string;
  liveQueryURL: string;
  applyReport: ApplyReport;
}

async function main() {
  const settings = JSON.parse(process.env.LOUPE_INSTANCE ?? '') as InstanceSettings;
  const log = (message: string) => console.error(message);
  const backend = await startLocalBackend({ ...settings, log });
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= backend
      .stop()
      .catch((error: unknown) => log(`while stopping: ${String(error)}`))
      .finally(() => process.exit(0)));
  process.stdin.on('end', stop).on('close', stop).resume();
  process.on('SIGTERM', stop);
  const ready: InstanceReady = {
    serverURL: backend.serverURL,
    liveQueryURL: backend.liveQueryURL,
    applyReport: backend.applyReport,
  };
  process.stdout.write(`${INSTANCE_READY}${JSON.stringify(ready)}\n`);
}

if (process.env.LOUPE_INSTANCE) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}

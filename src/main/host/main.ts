import { join } from 'node:path';
import { createCore } from '../core/create-core';
import { defaultDataDir } from '../core/paths';
import { startBrowserHost } from './server';

// `npm run serve` (and `npm start` without the Electron binary): the workstation in a browser tab.
async function main() {
  const dataDir = defaultDataDir();
  const port = process.env.LOUPE_PORT ? Number(process.env.LOUPE_PORT) : 0;
  const core = await createCore({ dataDir });
  const host = await startBrowserHost({
    core,
    port,
    rendererDir: join(__dirname, '../renderer'),
    log: (line) => console.error(line),
  });
  console.log(`Loupe data: ${core.databaseFile}`);
  console.log(`Loupe is ready at ${host.url}`);
  console.log('Open that address in a browser on this computer; it works only on this computer. Ctrl+C stops Loupe.');

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await host.close();
    core.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: Error) => {
  // A damaged or newer database, a busy port: one sentence a person can act on, never a stack trace.
  console.error(`Loupe could not start: ${error.message}`);
  process.exit(2);
});

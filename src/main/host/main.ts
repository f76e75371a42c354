import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { CoreHolder } from '../core/core-holder';
import { defaultDataDir } from '../core/paths';
import { logsFolder, RotatingFileLogger } from '../maintenance/logger';
import { Redactor } from '../maintenance/redact';
import { startBrowserHost } from './server';

// `npm run serve` (and `npm start` without the Electron binary): the workstation in a browser tab.
async function main() {
  const dataDir = defaultDataDir();
  const port = process.env.LOUPE_PORT ? Number(process.env.LOUPE_PORT) : 0;
  const token = randomBytes(32).toString('base64url');
  const redactor = new Redactor();
  redactor.addSecret(token);
  // <data folder>/logs/host.log, rotated; once started, errors are echoed to this terminal too.
  let echo = false;
  const logger = new RotatingFileLogger({
    dir: logsFolder(dataDir),
    name: 'host',
    redactor,
    echo: (level, line) => echo && level === 'error' && console.error(line),
  });
  // The holder keeps the host up when the database cannot be opened: the page offers a backup instead.
  const holder = await CoreHolder.start({ dataDir, logger, redactor, extraSecrets: () => [token] });
  const host = await startBrowserHost({
    core: holder,
    port,
    token,
    rendererDir: join(__dirname, '../renderer'),
    log: (line) => logger.error(line),
  });
  logger.info(`browser host started on ${host.origin}`);
  console.log(`Loupe data: ${holder.databaseFile}`);
  if (!holder.core && holder.state.kind !== 'ready' && holder.state.kind !== 'restoring') {
    console.error(`Loupe could not open its database: ${holder.state.message}`);
    console.error('Open the address below to restore a backup.');
  }
  console.log(`Loupe is ready at ${host.url}`);
  echo = true;
  console.log('Open that address in a browser on this computer; it works only on this computer. Ctrl+C stops Loupe.');

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await host.close();
    await holder.close();
    logger.info('browser host stopped');
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

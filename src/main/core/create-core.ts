import { join } from 'node:path';
import { findUser } from '../auth/accounts';
import { ChangeFeed } from '../db/changes';
import { openDatabase, type LoupeDatabase } from '../db/open';
import { Store } from '../db/store';
import type { Context } from '../trpc/context';
import { createCallerFactory } from '../trpc/init';
import { appRouter, type AppRouter } from './router';
import { MemorySessions } from './sessions';
import { handleRefusedInquiry } from '../inquiries/refusals';
import { HoldExpiry } from '../holds/expiry';
import { handleRefusedHold } from '../holds/refusals';
import { handleRefusedMemoLine } from '../memos/refusals';
import { handleRefusedPayment } from '../invoices/refusals';
import { handleRefusedConsignment } from '../consignments/refusals';
import { Replicator, type ReplicatorOptions } from '../sync/replicator';
import type { Timers } from '../sync/scheduler';
import { FileSecretStore, type SecretStore } from '../sync/secrets';
import { backUpBeforeMigration } from '../maintenance/backups';
import { silentLogger, type Logger } from '../maintenance/logger';
import { Redactor } from '../maintenance/redact';
import { Maintenance, type RestoreHow, type RestoreReport } from '../maintenance/services';
import { NoUpdates, type UpdateProvider } from '../maintenance/updates';
import { answerMedia, type MediaAnswer } from '../media/serve';
import { thumbnailsOf } from '../media/thumbnails';
import { LOUPE_VERSION } from './version';

export interface CoreOptions {
  /** Folder holding loupe.db; the shells pass Electron's userData or LOUPE_DATA_DIR. */
  dataDir: string;
  /** better_sqlite3.node built for Electron's ABI, when the Electron shell hosts the core. */
  nativeBinding?: string;
  clock?: () => number;
  /** Where backend session tokens are kept (the Electron shell passes one encrypted with safeStorage). */
  secrets?: SecretStore;
  /** fetch used to reach the backend (tests put a fault-injecting proxy in front of it instead). */
  fetch?: typeof fetch;
  /** Start background replication when a backend is configured (default true; the CLI syncs on demand). */
  startSync?: boolean;
  /** The replicator's timers, polls, LiveQuery link, pull overlap and how strictly it keeps to its state table (tests: see ReplicatorOptions). */
  replicator?: Pick<
    ReplicatorOptions,
    'timers' | 'illegalTransitions' | 'liveSignal' | 'pollMs' | 'safetyPollMs' | 'overlapMs'
  >;
  /** The timer that wakes screens when a hold runs out (tests: ManualTimers with an injected clock). */
  holdTimers?: Timers;
  log?: (line: string) => void;
  /** Where the core logs (the host's rotating file, electron-log in the window); nowhere by default. */
  logger?: Logger;
  /** Shared with the logger, so diagnostics remove what the logs were told to hide. */
  redactor?: Redactor;
  /** The app's version (the shell passes Electron's; the rest read package.json). */
  version?: string;
  /** Updates: the Electron shell injects electron-updater behind this; elsewhere there are none. */
  updates?: UpdateProvider;
  /** Given by the core's owner (CoreHolder): closes this core, swaps in the backup, opens a new core. */
  restore?: (file: string, how?: RestoreHow) => Promise<RestoreReport>;
  /** Secrets kept outside the secret store, which diagnostics must leave out (the host's launch token). */
  extraSecrets?: () => readonly string[];
  /** How weakly the secret store protects session tokens, when it does (Linux without a keyring): said in Settings and by the doctor. */
  secretsWarning?: string | null;
}

export interface Core {
  dataDir: string;
  databaseFile: string;
  router: AppRouter;
  store: Store;
  replicator: Replicator;
  /** Backups, restore, self-check, doctor, diagnostics, updates. */
  maintenance: Maintenance;
  /** A stone's photos and videos by URL (/media/…?s=pass), for the window's protocol and the browser host. */
  media: { answer(url: URL, range: string | null): Promise<MediaAnswer> };
  /** The context for one request from one connection (a window or a browser-host client). */
  createContext(connectionId: string): Context;
  /** A server-side caller for a connection: the CLI and tests use the same procedures as the screens. */
  caller(connectionId: string): Caller;
  /** Resolves once the sync cycle and every worker under way are done and the database is closed. */
  close(): Promise<void>;
}

const createCaller = createCallerFactory(appRouter);
export type Caller = ReturnType<typeof createCaller>;

export const DATABASE_FILE = 'loupe.db';
/** Session tokens of the browser host and CLI: a file only this user can read (0600). */
export const SECRETS_FILE = 'secrets.json';

/**
 * The composition root: opens and migrates the database before anything is served, then wires the
 * capability routers to it. Throws DatabaseTooNewError / DatabaseCorruptError with a message for people.
 */
export async function createCore(options: CoreOptions): Promise<Core> {
  const databaseFile = join(options.dataDir, DATABASE_FILE);
  const clock = options.clock ?? Date.now;
  const logger = options.logger ?? silentLogger;
  const database: LoupeDatabase = openDatabase(databaseFile, {
    nativeBinding: options.nativeBinding,
    // Before migrations change an existing database's shape: a copy to go back to.
    beforeMigrate: (sqlite, plan) => {
      const backup = backUpBeforeMigration(sqlite, options.dataDir, clock());
      logger.info(`backed up before migrating schema ${plan.fromVersion} → ${plan.toVersion}: ${backup.file}`);
    },
  });
  const store = new Store(database, new ChangeFeed(), options.clock);
  const sessions = new MemorySessions();
  const secrets = options.secrets ?? new FileSecretStore(join(options.dataDir, SECRETS_FILE));
  const replicator = new Replicator({
    store,
    secrets,
    fetch: options.fetch,
    log: options.log ?? (options.logger ? (line) => logger.info(line) : undefined),
    background: options.startSync ?? true,
    ...options.replicator,
    // What a refusal means for a record is the capability's business, not the replicator's.
    onRefused: (entity, recordId, sent, message, userId, now) => {
      if (entity === 'PurchaseInquiry') handleRefusedInquiry(store, recordId, sent, message, userId, now);
      if (entity === 'StoneHold') handleRefusedHold(store, recordId, sent, message, now);
      if (entity === 'MemoLine') handleRefusedMemoLine(store, recordId, sent, message, now);
      if (entity === 'Payment') handleRefusedPayment(store, recordId);
      if (entity === 'Consignment') handleRefusedConsignment(store, recordId, sent);
    },
  });
  if (options.startSync ?? true) replicator.start();
  const holdExpiry = new HoldExpiry(store, options.holdTimers);
  const maintenance = new Maintenance({
    store,
    dataDir: options.dataDir,
    databaseFile,
    nativeBinding: options.nativeBinding,
    secrets,
    fetch: options.fetch,
    version: options.version ?? LOUPE_VERSION,
    logger,
    redactor: options.redactor ?? new Redactor(),
    updates: options.updates ?? new NoUpdates(options.version ?? LOUPE_VERSION),
    restore: options.restore,
    extraSecrets: options.extraSecrets,
    secretsWarning: options.secretsWarning ?? null,
  });

  const createContext = (connectionId: string): Context => {
    const userId = sessions.userIdFor(connectionId);
    const user = userId ? findUser(store, userId) : null;
    if (userId && !user) sessions.signOut(connectionId);
    return { store, sync: replicator, sessions, app: maintenance, connectionId, user };
  };

  const media = {
    answer: (url: URL, range: string | null) =>
      answerMedia(
        {
          store,
          signedIn: (connectionId) => createContext(connectionId).user !== null,
          download: (stoneId, file) => replicator.downloadMedia(stoneId, file),
        },
        url,
        range,
      ),
  };

  // Closing waits for the sync cycle and every worker under way, then closes the database (once).
  let closing: Promise<void> | undefined;
  return {
    dataDir: options.dataDir,
    databaseFile,
    router: appRouter,
    store,
    replicator,
    maintenance,
    media,
    createContext,
    caller: (connectionId) => createCaller(() => createContext(connectionId)),
    close: () => {
      if (closing) return closing;
      holdExpiry.close();
      const stopping = Promise.all([maintenance.close(), replicator.close(), thumbnailsOf(store).close()]);
      if (!maintenance.busy && !replicator.busy) {
        // Nothing under way: closed now, as the caller expects of a plain close.
        database.close();
        return (closing = stopping.then(() => undefined));
      }
      return (closing = stopping.then(() => database.close()));
    },
  };
}

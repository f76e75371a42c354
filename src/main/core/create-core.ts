import { join } from 'node:path';
import { findUser } from '../auth/accounts';
import { ChangeFeed } from '../db/changes';
import { openDatabase, type LoupeDatabase } from '../db/open';
import { Store } from '../db/store';
import type { Context } from '../trpc/context';
import { createCallerFactory } from '../trpc/init';
import { appRouter, type AppRouter } from './router';
import { MemorySessions } from './sessions';

export interface CoreOptions {
  /** Folder holding loupe.db; the shells pass Electron's userData or LOUPE_DATA_DIR. */
  dataDir: string;
  /** better_sqlite3.node built for Electron's ABI, when the Electron shell hosts the core. */
  nativeBinding?: string;
  clock?: () => number;
}

export interface Core {
  dataDir: string;
  databaseFile: string;
  router: AppRouter;
  store: Store;
  /** The context for one request from one connection (a window or a browser-host client). */
  createContext(connectionId: string): Context;
  /** A server-side caller for a connection: the CLI and tests use the same procedures as the screens. */
  caller(connectionId: string): Caller;
  close(): void;
}

const createCaller = createCallerFactory(appRouter);
export type Caller = ReturnType<typeof createCaller>;

export const DATABASE_FILE = 'loupe.db';

/**
 * The composition root: opens and migrates the database before anything is served, then wires the
 * capability routers to it. Throws DatabaseTooNewError / DatabaseCorruptError with a message for people.
 */
export async function createCore(options: CoreOptions): Promise<Core> {
  const databaseFile = join(options.dataDir, DATABASE_FILE);
  const database: LoupeDatabase = openDatabase(databaseFile, { nativeBinding: options.nativeBinding });
  const store = new Store(database, new ChangeFeed(), options.clock);
  const sessions = new MemorySessions();

  const createContext = (connectionId: string): Context => {
    const userId = sessions.userIdFor(connectionId);
    const user = userId ? findUser(store, userId) : null;
    if (userId && !user) sessions.signOut(connectionId);
    return { store, sessions, connectionId, user };
  };

  return {
    dataDir: options.dataDir,
    databaseFile,
    router: appRouter,
    store,
    createContext,
    caller: (connectionId) => createCaller(() => createContext(connectionId)),
    close: () => database.close(),
  };
}

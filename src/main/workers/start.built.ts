/// <reference types="electron-vite/node" />
import sqliteRead from './sqlite-read.worker?nodeWorker';
import bulkLoad from './bulk-load.worker?nodeWorker';
import thumbnails from './thumbnail.worker?nodeWorker';
import type * as FromSource from './start';

// What ./start.ts exports, in the build (electron.vite.config.ts swaps this module in): electron-vite emits
// each worker as a chunk of its own under out/main/chunks and `?nodeWorker` gives a function starting it.
// Typed as ./start.ts's exports; a name missing here fails the build, where the core imports it.

export const startSqliteRead: typeof FromSource.startSqliteRead = sqliteRead;
export const startBulkLoadHelper: typeof FromSource.startBulkLoadHelper = bulkLoad;
export const startThumbnails: typeof FromSource.startThumbnails = thumbnails;

import { createHash } from 'node:crypto';
import { existsSync, openSync, readFileSync, closeSync, writeSync } from 'node:fs';
import Database from 'better-sqlite3';
import { CoreHolder, type HolderOptions } from '../core/core-holder';
import type { Core } from '../core/create-core';
import { tempDataDir } from './core';

// Helpers for backup, restore, recovery and hardening tests.

/** A holder (the app's owner of the core) on a fresh data dir, without background work. */
export async function startTestHolder(options: Partial<HolderOptions> = {}) {
  const data = tempDataDir();
  const holder = await CoreHolder.start({ dataDir: data.dir, startSync: false, background: false, ...options });
  return {
    holder,
    dir: data.dir,
    get core(): Core {
      if (!holder.core) throw new Error(`no core: ${JSON.stringify(holder.state)}`);
      return holder.core;
    },
    async dispose() {
      await holder.close();
      data.remove();
    },
  };
}

/** The database file's bytes (and its WAL's) after a checkpoint: equal hashes mean nothing was written. */
export function databaseHash(core: Core): string {
  core.store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  const hash = createHash('sha256').update(readFileSync(core.databaseFile));
  const wal = `${core.databaseFile}-wal`;
  if (existsSync(wal)) hash.update(readFileSync(wal));
  return hash.digest('hex');
}

/** Overwrites one page of a closed database with noise: a damaged b-tree that integrity_check reports. */
export function damagePage(file: string, page: number): void {
  const fd = openSync(file, 'r+');
  try {
    const pageSize = 4096;
    const noise = Buffer.alloc(pageSize - 16);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 131 + 17) % 251;
    writeSync(fd, noise, 0, noise.length, (page - 1) * pageSize + 8);
  } finally {
    closeSync(fd);
  }
}

/** The root page of a table (damage it and the table is unreadable, while the file still opens). */
export function rootPageOf(file: string, table: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return (
      db.prepare("SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) as {
        rootpage: number;
      }
    ).rootpage;
  } finally {
    db.close();
  }
}

/** Rows of a table in a database file, read on a connection of its own. */
export function readRows<T>(file: string, sql: string): T[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

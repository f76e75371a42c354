import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { sep } from 'node:path';
import type Database from 'better-sqlite3';

// What a worker thread needs to open a connection of its own to the same database file: better-sqlite3's
// entry (outside app.asar when packaged: workers load it with plain fs) and the native binding the main
// connection was opened with (Electron's build inside the app).

export function betterSqlitePath(): string {
  const resolved = createRequire(__filename).resolve('better-sqlite3');
  const unpacked = resolved.replace(`app.asar${sep}`, `app.asar.unpacked${sep}`);
  return unpacked !== resolved && existsSync(unpacked) ? unpacked : resolved;
}

const bindings = new WeakMap<Database.Database, string | undefined>();

export function rememberNativeBinding(sqlite: Database.Database, nativeBinding: string | undefined): void {
  bindings.set(sqlite, nativeBinding);
}

export function nativeBindingOf(sqlite: Database.Database): string | undefined {
  return bindings.get(sqlite);
}

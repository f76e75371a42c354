import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import type { LocalFile } from './parse-mapping';
import type { Store } from './store';

// Documents (scanned lab reports) live next to the database, in documents/, named by their SHA-256 so the
// same scan is stored once. Records hold a LocalFile (JSON) that replication turns into a Parse File.

export function documentsDir(store: Store): string {
  return join(dirname(store.database.file), 'documents');
}

/** Stores the bytes and returns the LocalFile to keep on the record (not uploaded yet). */
export function storeDocument(store: Store, bytes: Buffer, fileName: string, contentType: string): LocalFile {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const stored = `${sha256}${extname(fileName)
    .toLowerCase()
    .replace(/[^.a-z0-9]/g, '')}`;
  const dir = documentsDir(store);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, stored);
  if (!existsSync(path)) writeFileSync(path, bytes);
  return { name: null, url: null, stored, fileName, contentType, size: bytes.length, sha256 };
}

/** The bytes of a document kept here, or null when only the server has them (not downloaded yet). */
export function readDocument(store: Store, file: LocalFile): Buffer | null {
  if (!file.stored) return null;
  const path = join(documentsDir(store), file.stored);
  return existsSync(path) ? readFileSync(path) : null;
}

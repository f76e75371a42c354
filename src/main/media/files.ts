import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { documentsDir } from '../db/documents';
import type { LocalFile } from '../db/parse-mapping';
import type { Store } from '../db/store';

// A stone's `photos` column: a JSON array of LocalFile (db/parse-mapping.ts), the first one the cover.
// The bytes live in documents/ under their SHA-256 (db/documents.ts), thumbnails in documents/thumbs/.

export const THUMB_SIZE = 240;

export function parseMedia(text: unknown): LocalFile[] {
  if (typeof text !== 'string' || text === '') return [];
  try {
    const parsed = JSON.parse(text) as unknown;
    return Array.isArray(parsed) ? (parsed as LocalFile[]) : [];
  } catch {
    return [];
  }
}

/**
 * An item's stable key (64 hex): the SHA-256 of its bytes; for a file only the server has yet, the SHA-256
 * of its server name. URLs carry it, never a path.
 */
export function mediaKey(file: LocalFile): string {
  if (file.sha256 && /^[0-9a-f]{64}$/.test(file.sha256)) return file.sha256;
  return createHash('sha256')
    .update(file.name ?? file.fileName)
    .digest('hex');
}

/** The same item on both sides: by server name once it has one, else by its bytes. */
const identity = (file: LocalFile) => (file.name ? `n:${file.name}` : `s:${file.sha256 ?? ''}`);

/** Two lists name the same items in the same order (what each side knows of the bytes aside). */
export function sameMedia(a: unknown, b: unknown): boolean {
  const left = parseMedia(a);
  const right = parseMedia(b);
  return left.length === right.length && left.every((file, i) => identity(file) === identity(right[i]!));
}

/**
 * The server's list, keeping what this workstation knows of files it already has (the local copy, its
 * type and size): a pulled list names files only by their server name.
 */
export function mergeMedia(local: unknown, remote: unknown): string | null {
  if (remote === null || remote === undefined) return null;
  const known = new Map(parseMedia(local).map((file) => [identity(file), file]));
  return JSON.stringify(parseMedia(remote).map((file) => known.get(identity(file)) ?? file));
}

export const thumbsDir = (store: Store) => join(documentsDir(store), 'thumbs');
/** Where an item's thumbnail is (or will be) kept. */
export const thumbPath = (store: Store, key: string) => join(thumbsDir(store), `${key}.jpg`);

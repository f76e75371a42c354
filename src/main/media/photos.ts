import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { MAX_MEDIA_PER_STONE, mediaUrl, type MediaItem, type MediaUpload } from '../../shared/media';
import { documentsDir, storeDocument } from '../db/documents';
import type { LocalFile } from '../db/parse-mapping';
import type { Store } from '../db/store';
import { DomainError } from '../trpc/errors';
import { mediaKey, parseMedia, thumbPath } from './files';
import { dropStaleBase, hasPendingChange, noteStoneMedia, setStoneMedia, stoneMedia } from './queries';
import { thumbnailsOf } from './thumbnails';
import { checkAttachSize, checkMedia, kindOf, type CheckedMedia } from './types';

// Attaching, removing and ordering a stone's photos and videos. Every upload is checked on its bytes before
// anything is written; the list and its outbox entry (field `photos`) commit in one transaction. The first
// item is the cover: its thumbnail is the one the grid and the scan panel show.

function stoneOf(store: Store, id: string) {
  const stone = stoneMedia.get(store, id);
  if (!stone) throw new DomainError('NOT_FOUND', 'That stone does not exist (it may have been deleted).');
  return stone;
}

/** The stone's photos and videos, as the screens show them. */
export function listMedia(store: Store, stoneId: string, pass: string): MediaItem[] {
  return parseMedia(stoneOf(store, stoneId).photos).map((file) => itemOf(file, stoneId, pass));
}

function itemOf(file: LocalFile, stoneId: string, pass: string): MediaItem {
  const key = mediaKey(file);
  return {
    key,
    kind: kindOf(file.contentType) === 'video' || /\.(mp4|m4v|mov|webm)$/i.test(file.fileName) ? 'video' : 'photo',
    fileName: file.fileName,
    size: file.size,
    uploaded: file.name !== null,
    thumbUrl: mediaUrl(pass, 'thumb', stoneId, key),
    url: mediaUrl(pass, 'file', stoneId, key),
  };
}

/** Adds photos/videos at the end (the first photo of a stone without any becomes its cover). */
export function attachMedia(store: Store, stoneId: string, uploads: MediaUpload[], pass: string): MediaItem[] {
  checkAttachSize(uploads);
  const checked: CheckedMedia[] = uploads.map(checkMedia); // a refusal here stores nothing
  const added = store.write((scope) => {
    const stone = stoneOf(store, stoneId);
    const list = parseMedia(stone.photos);
    const have = new Set(list.map((f) => f.sha256));
    // The same file twice (here already, or twice in this drop) is kept once.
    const fresh = checked.filter((media) => {
      const sha = createHash('sha256').update(media.bytes).digest('hex');
      if (have.has(sha)) return false;
      have.add(sha);
      return true;
    });
    if (list.length + fresh.length > MAX_MEDIA_PER_STONE)
      throw new DomainError(
        'TOO_MANY_MEDIA',
        `Stone ${stone.sku} has ${list.length} photos and videos; a stone can have at most ${MAX_MEDIA_PER_STONE}. Remove some first.`,
        'files',
      );
    // Stored only once every rule has passed (content-addressed, so a retry does not duplicate it).
    const added = fresh.map((media) => storeDocument(store, media.bytes, media.fileName, media.contentType));
    if (added.length === 0) return added;
    setStoneMedia.run(store, JSON.stringify([...list, ...added]), scope.now, stoneId);
    scope.enqueue('Gemstone', stoneId, 'update', ['photos']);
    return added;
  });
  // Thumbnails are made in the background; until one is there, the screens show a placeholder.
  for (const file of added) void makeThumbnail(store, file).catch(() => false);
  return listMedia(store, stoneId, pass);
}

/** Makes the thumbnail of a photo kept here (false: a video, not here yet, or not decodable). */
export async function makeThumbnail(store: Store, file: LocalFile): Promise<boolean> {
  if (!file.stored || kindOf(file.contentType) === 'video') return false;
  return thumbnailsOf(store).make(join(documentsDir(store), file.stored), thumbPath(store, mediaKey(file)));
}

export function removeMedia(store: Store, stoneId: string, key: string, pass: string): MediaItem[] {
  store.write((scope) => {
    const list = parseMedia(stoneOf(store, stoneId).photos);
    const left = list.filter((file) => mediaKey(file) !== key);
    if (left.length === list.length)
      throw new DomainError('NOT_FOUND', 'That photo is no longer on this stone (it may have been removed).');
    setStoneMedia.run(store, left.length ? JSON.stringify(left) : null, scope.now, stoneId);
    scope.enqueue('Gemstone', stoneId, 'update', ['photos']);
  });
  return listMedia(store, stoneId, pass);
}

/** Puts the items in the order given (each key once, all of them): the first is the cover. */
export function reorderMedia(store: Store, stoneId: string, keys: string[], pass: string): MediaItem[] {
  store.write((scope) => {
    const list = parseMedia(stoneOf(store, stoneId).photos);
    const byKey = new Map(list.map((file) => [mediaKey(file), file]));
    if (keys.length !== list.length || new Set(keys).size !== keys.length || keys.some((k) => !byKey.has(k)))
      throw new DomainError(
        'INVALID_VALUE',
        'The stone’s photos changed meanwhile (on another screen or workstation); look again and retry.',
        'keys',
      );
    const ordered = keys.map((k) => byKey.get(k)!);
    if (ordered.every((file, i) => file === list[i])) return;
    setStoneMedia.run(store, JSON.stringify(ordered), scope.now, stoneId);
    scope.enqueue('Gemstone', stoneId, 'update', ['photos']);
  });
  return listMedia(store, stoneId, pass);
}

/**
 * Bookkeeping on the stone's list (a file's server name after its upload, its local copy after a
 * download): not a user's edit, so nothing is queued, and a base row the trigger captured for it goes.
 */
export function noteMedia(
  store: Store,
  stoneId: string,
  match: (file: LocalFile) => boolean,
  patch: Partial<LocalFile>,
) {
  return store.sqlite
    .transaction(() => {
      const stone = stoneMedia.get(store, stoneId);
      if (!stone) return false;
      const list = parseMedia(stone.photos);
      let changed = false;
      const next = list.map((file) => {
        if (!match(file)) return file;
        changed = true;
        return { ...file, ...patch };
      });
      if (!changed) return false;
      noteStoneMedia.run(store, JSON.stringify(next), stoneId);
      if (!hasPendingChange.get(store, stoneId)) dropStaleBase.run(store, stoneId);
      return true;
    })
    .immediate();
}

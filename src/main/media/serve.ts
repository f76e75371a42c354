import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { documentsDir } from '../db/documents';
import type { LocalFile } from '../db/parse-mapping';
import type { Store } from '../db/store';
import { mediaKey, parseMedia, thumbPath } from './files';
import { makeThumbnail } from './photos';
import { stoneMedia } from './queries';
import { kindOf } from './types';

// Photos and videos reach <img>/<video> by URL, from the app's own origin (the window's app:// protocol,
// the browser host's HTTP): /media/thumb|file/<stone>/<key>, /media/cover/<stone>. A URL carries the
// signed-in connection's pass (?s=…, minted by the core, checked here), so only a signed-in session can
// fetch media; it names a stone and a 64-hex key, never a path, and the file is found through the stone.

const secrets = new WeakMap<Store, Buffer>();
const secretOf = (store: Store) => {
  let secret = secrets.get(store);
  if (!secret) secrets.set(store, (secret = randomBytes(32)));
  return secret;
};
const sign = (store: Store, connectionId: string) =>
  createHmac('sha256', secretOf(store)).update(connectionId).digest('base64url');

/** The connection's media pass (valid while this core runs; useful only while the connection is signed in). */
export function mediaPass(store: Store, connectionId: string): string {
  return `${Buffer.from(connectionId).toString('base64url')}.${sign(store, connectionId)}`;
}

/** The connection a pass was minted for, or null for a forged or malformed one. */
export function connectionOfPass(store: Store, pass: string | null): string | null {
  const [encoded, signature, extra] = (pass ?? '').split('.');
  if (!encoded || !signature || extra !== undefined) return null;
  const connectionId = Buffer.from(encoded, 'base64url').toString();
  const expected = Buffer.from(sign(store, connectionId));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected) ? connectionId : null;
}

export interface MediaAnswer {
  status: number;
  headers: Record<string, string>;
  /** Bytes to send, or a part of a file kept here. */
  body?: Buffer | string;
  file?: { path: string; start: number; end: number };
}

export interface MediaServing {
  store: Store;
  /** Whether a connection is signed in now. */
  signedIn(connectionId: string): boolean;
  /** A file only the server has: downloaded and kept (null when it cannot be had now). */
  download(stoneId: string, file: LocalFile): Promise<LocalFile | null>;
}

const COMMON = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };
const plain = (status: number, text: string): MediaAnswer => ({
  status,
  headers: { ...COMMON, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  body: text,
});

/** A neutral film-frame picture standing for a video (no video decoder ships with Loupe). */
export const VIDEO_PLACEHOLDER = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 240 240"><rect width="240" height="240" fill="#2e3440"/><circle cx="120" cy="120" r="48" fill="#eceff4" opacity="0.85"/><path d="M106 96 L146 120 L106 144 Z" fill="#2e3440"/></svg>`;

const PATH = /^\/media\/(thumb|file|cover)\/([^/]{1,200})(?:\/([0-9a-f]{64}))?$/;

/** Answers one media request (GET /media/…?s=pass), with a Range header for video seeking. */
export async function answerMedia(serving: MediaServing, url: URL, range: string | null): Promise<MediaAnswer> {
  const connectionId = connectionOfPass(serving.store, url.searchParams.get('s'));
  if (!connectionId || !serving.signedIn(connectionId)) return plain(401, 'Sign in to see photos.');
  const match = PATH.exec(url.pathname);
  if (!match) return plain(404, 'Not found');
  const [, what, rawStone, key] = match as unknown as [string, 'thumb' | 'file' | 'cover', string, string | undefined];
  if ((what === 'cover') !== (key === undefined)) return plain(404, 'Not found');
  let stoneId: string;
  try {
    stoneId = decodeURIComponent(rawStone);
  } catch {
    return plain(400, 'Bad request');
  }
  const stone = stoneMedia.get(serving.store, stoneId);
  const list = parseMedia(stone?.photos);
  let file = what === 'cover' ? list[0] : list.find((f) => mediaKey(f) === key);
  if (!file) return plain(404, 'Not found');
  const isVideo = kindOf(file.contentType) === 'video' || /\.(mp4|m4v|mov|webm)$/i.test(file.fileName);

  if (what !== 'file' && isVideo)
    return {
      status: 200,
      headers: { ...COMMON, 'content-type': 'image/svg+xml', 'cache-control': 'private, max-age=86400' },
      body: VIDEO_PLACEHOLDER,
    };
  if (!file.stored || !existsSync(join(documentsDir(serving.store), file.stored))) {
    file = (await serving.download(stoneId, file)) ?? undefined;
    if (!file?.stored)
      return plain(404, 'This photo is not on this workstation yet, and the server cannot be reached.');
  }
  if (what !== 'file') {
    const thumb = thumbPath(serving.store, mediaKey(file));
    if (!existsSync(thumb) && !(await makeThumbnail(serving.store, file).catch(() => false)))
      return plain(404, 'No thumbnail');
    const size = statSync(thumb).size;
    return {
      status: 200,
      headers: { ...COMMON, 'content-type': 'image/jpeg', 'cache-control': 'private, max-age=86400' },
      file: { path: thumb, start: 0, end: size - 1 },
    };
  }
  const path = join(documentsDir(serving.store), file.stored);
  const size = statSync(path).size;
  const headers = {
    ...COMMON,
    'content-type': file.contentType,
    'cache-control': 'private, max-age=86400',
    'accept-ranges': 'bytes',
  };
  const wanted = /^bytes=(\d*)-(\d*)$/.exec(range ?? '');
  if (wanted && (wanted[1] || wanted[2])) {
    const start = wanted[1] ? Number(wanted[1]) : Math.max(0, size - Number(wanted[2]));
    const end = wanted[1] && wanted[2] ? Math.min(Number(wanted[2]), size - 1) : size - 1;
    if (start > end || start >= size)
      return { status: 416, headers: { ...headers, 'content-range': `bytes */${size}` }, body: '' };
    return {
      status: 206,
      headers: {
        ...headers,
        'content-range': `bytes ${start}-${end}/${size}`,
        'content-length': String(end - start + 1),
      },
      file: { path, start, end },
    };
  }
  return {
    status: 200,
    headers: { ...headers, 'content-length': String(size) },
    file: { path, start: 0, end: size - 1 },
  };
}

/** The answer's bytes in memory (the window's protocol answers with a Response; the host streams the file). */
export async function bodyOf(answer: MediaAnswer): Promise<Buffer | string> {
  if (!answer.file) return answer.body ?? '';
  const { path, start, end } = answer.file;
  const handle = await open(path, 'r');
  try {
    const bytes = Buffer.alloc(Math.max(0, end - start + 1));
    await handle.read(bytes, 0, bytes.length, start);
    return bytes;
  } finally {
    await handle.close();
  }
}

import { basename, extname } from 'node:path';
import {
  MAX_ATTACH_BYTES,
  MAX_PHOTO_BYTES,
  MAX_VIDEO_BYTES,
  type MediaKind,
  type MediaType,
  type MediaUpload,
} from '../../shared/media';
import { DomainError } from '../trpc/errors';

// A photo or video arrives as base64 in a mutation. Its type is read from the bytes (the name and the
// browser's type say nothing reliable); sizes are checked before anything is decoded or stored.

export interface CheckedMedia {
  bytes: Buffer;
  contentType: MediaType;
  kind: MediaKind;
  fileName: string;
}

const EXTENSIONS: Record<MediaType, string[]> = {
  'image/jpeg': ['.jpg', '.jpeg'],
  'image/png': ['.png'],
  'image/webp': ['.webp'],
  'video/mp4': ['.mp4', '.m4v'],
  'video/quicktime': ['.mov'],
  'video/webm': ['.webm'],
};

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const EBML = Buffer.from([0x1a, 0x45, 0xdf, 0xa3]);
const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1', 'avif', 'avis']);

/** The type the bytes declare (magic numbers): a kept type, 'heif' (HEIC/AVIF, refused with its own words), or null. */
export function sniffMedia(bytes: Buffer): MediaType | 'heif' | null {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(PNG)) return 'image/png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP')
    return 'image/webp';
  if (bytes.length >= 12 && bytes.toString('latin1', 4, 8) === 'ftyp') {
    const brand = bytes.toString('latin1', 8, 12);
    if (HEIF_BRANDS.has(brand)) return 'heif';
    return brand === 'qt  ' ? 'video/quicktime' : 'video/mp4';
  }
  if (bytes.length >= 4 && bytes.subarray(0, 4).equals(EBML)) {
    // Matroska and WebM share the container; the doctype near the start says which.
    return bytes.subarray(0, 64).includes('webm') ? 'video/webm' : null;
  }
  return null;
}

export const kindOf = (contentType: string): MediaKind => (contentType.startsWith('video/') ? 'video' : 'photo');

const megabytes = (n: number) => `${(n / (1024 * 1024)).toFixed(1)} MB`;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The bytes a base64 text decodes to (whitespace aside), without decoding it. */
function decodedSize(base64: string): number {
  const length = base64.length - (base64.match(/\s/g)?.length ?? 0);
  let end = base64.length;
  while (end > 0 && /\s/.test(base64[end - 1]!)) end--;
  const padding = base64[end - 1] !== '=' ? 0 : base64[end - 2] === '=' ? 2 : 1;
  return Math.floor((length * 3) / 4) - padding;
}

/**
 * One attach carries at most MAX_ATTACH_BYTES, its files together (one video at the limit): checked before
 * anything is decoded, so a drop of many large files never holds them all in memory at once.
 */
export function checkAttachSize(uploads: MediaUpload[]): void {
  const total = uploads.reduce((sum, upload) => sum + decodedSize(upload.base64), 0);
  if (uploads.length > 1 && total > MAX_ATTACH_BYTES)
    throw new DomainError(
      'MEDIA_TOO_LARGE',
      `These ${uploads.length} files come to ${megabytes(total)}; Loupe takes at most 100 MB at a time. Attach them in smaller groups.`,
      'files',
    );
}

/** Decodes and checks one upload; refuses with MEDIA_TYPE or MEDIA_TOO_LARGE (on the `files` field). */
export function checkMedia(upload: MediaUpload): CheckedMedia {
  const name = basename(upload.fileName.replace(/\\/g, '/')).trim() || 'photo';
  const base64 = upload.base64.replace(/\s+/g, '');
  if (!BASE64.test(base64) || base64.length % 4 === 1)
    throw new DomainError('MEDIA_TYPE', `${name} did not arrive intact; choose the file again.`, 'files');
  const size = decodedSize(base64);
  if (size > MAX_VIDEO_BYTES)
    throw new DomainError('MEDIA_TOO_LARGE', `${name} is ${megabytes(size)}; a video can be at most 100 MB.`, 'files');
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length === 0) throw new DomainError('MEDIA_TYPE', `${name} is empty.`, 'files');
  const sniffed = sniffMedia(bytes);
  if (sniffed === 'heif')
    throw new DomainError(
      'MEDIA_TYPE',
      `${name} is a HEIC/HEIF photo, which Loupe cannot show; save it as JPEG (on an iPhone: Settings → Camera → Formats → Most Compatible) and attach it again.`,
      'files',
    );
  if (!sniffed)
    throw new DomainError(
      'MEDIA_TYPE',
      `${name} is not a photo (JPEG, PNG or WebP) or a video (MP4, MOV or WebM).`,
      'files',
    );
  const kind = kindOf(sniffed);
  if (kind === 'photo' && bytes.length > MAX_PHOTO_BYTES)
    throw new DomainError(
      'MEDIA_TOO_LARGE',
      `${name} is ${megabytes(bytes.length)}; a photo can be at most 20 MB.`,
      'files',
    );
  // The name keeps what the person called it, with the extension of what it really is.
  const extensions = EXTENSIONS[sniffed];
  const fileName = extensions.includes(extname(name).toLowerCase())
    ? name
    : `${name.slice(0, name.length - extname(name).length) || kind}${extensions[0]}`;
  return { bytes, contentType: sniffed, kind, fileName };
}

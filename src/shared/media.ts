import { z } from 'zod';
import { recordId } from './schemas';

// Photos and short videos of a stone (issue 25): the limits staff are told and the core enforces, the
// input schemas, and what the screens get back. The type is always read from the bytes, in the core.

export const MAX_PHOTO_BYTES = 20 * 1024 * 1024;
export const MAX_VIDEO_BYTES = 100 * 1024 * 1024;
/** At most this many photos and videos on one stone (the mobile apps page through a stone's pictures). */
export const MAX_MEDIA_PER_STONE = 12;

export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export const VIDEO_TYPES = ['video/mp4', 'video/quicktime', 'video/webm'] as const;
export type PhotoType = (typeof PHOTO_TYPES)[number];
export type VideoType = (typeof VIDEO_TYPES)[number];
export type MediaType = PhotoType | VideoType;

/** What the file picker offers (the core still checks the bytes themselves). */
export const MEDIA_ACCEPT =
  '.jpg,.jpeg,.png,.webp,.mp4,.mov,.webm,image/jpeg,image/png,image/webp,video/mp4,video/quicktime,video/webm';

/** base64 of a video at the limit, with room for padding; the exact limit is checked on the decoded bytes. */
const MAX_BASE64_LENGTH = Math.ceil(MAX_VIDEO_BYTES / 3) * 4 + 4;

/** What one attach carries at most, all its files together: one video at the limit (the screens send one file at a time). */
export const MAX_ATTACH_BYTES = MAX_VIDEO_BYTES;
/**
 * The largest request a screen sends (an attach at MAX_ATTACH_BYTES, as base64 in JSON, with room for its
 * names): the browser host reads no more of a body, and the window's IPC takes no larger input.
 */
export const MAX_REQUEST_BYTES = Math.ceil(MAX_ATTACH_BYTES / 3) * 4 + 1024 * 1024;

export const mediaUpload = z.object({
  fileName: z.string().trim().min(1, 'The file needs a name').max(200, 'The file name must be at most 200 characters'),
  base64: z.string().min(1, 'The file is empty').max(MAX_BASE64_LENGTH, 'A video can be at most 100 MB'),
});
export type MediaUpload = z.input<typeof mediaUpload>;

export const attachMediaInput = z.object({
  stone: recordId,
  files: z.array(mediaUpload).min(1).max(MAX_MEDIA_PER_STONE),
});
/** A stone's photo or video, by its key (see MediaItem.key). */
export const mediaItemInput = z.object({ stone: recordId, key: z.string().regex(/^[0-9a-f]{64}$/) });
/** The stone's media in the order wanted: the first is the cover (the thumbnail everywhere). */
export const reorderMediaInput = z.object({
  stone: recordId,
  keys: z.array(z.string().regex(/^[0-9a-f]{64}$/)).max(MAX_MEDIA_PER_STONE),
});

export type MediaKind = 'photo' | 'video';

/** One photo or video as the screens show it. URLs are relative to the app's own origin. */
export interface MediaItem {
  /** Stable name of the item: the SHA-256 of its bytes, or of its server name while it is not downloaded. */
  key: string;
  kind: MediaKind;
  fileName: string;
  /** Bytes; 0 while only the server has it. */
  size: number;
  /** Uploaded to the backend (the dealer's other apps see it). */
  uploaded: boolean;
  thumbUrl: string;
  url: string;
}

/** A media URL: /media/<thumb|file>/<stone>/<key>?s=<the session's media pass>. */
export function mediaUrl(pass: string, what: 'thumb' | 'file', stone: string, key: string): string {
  return `/media/${what}/${encodeURIComponent(stone)}/${key}?s=${encodeURIComponent(pass)}`;
}

import { basename, extname } from 'node:path';
import { MAX_DOCUMENT_BYTES, type DocumentType, type DocumentUpload } from '../../shared/certificates';
import { DomainError } from '../trpc/errors';

// A scanned lab report arrives as base64 in a mutation. It is checked here, on its bytes (the name and
// the browser's type say nothing reliable): a PDF or an image (PNG, JPEG, WebP) of at most 20 MB.
// Nothing is stored until the check has passed.

export interface CheckedDocument {
  bytes: Buffer;
  contentType: DocumentType;
  fileName: string;
}

const EXTENSIONS: Record<DocumentType, string[]> = {
  'application/pdf': ['.pdf'],
  'image/png': ['.png'],
  'image/jpeg': ['.jpg', '.jpeg'],
  'image/webp': ['.webp'],
};

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The type the bytes themselves declare (magic numbers), or null for anything else. */
export function sniffDocumentType(bytes: Buffer): DocumentType | null {
  // PDF readers accept the header anywhere in the first 1024 bytes (some scanners write a preamble).
  if (bytes.subarray(0, 1024).includes('%PDF-')) return 'application/pdf';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'image/png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP')
    return 'image/webp';
  return null;
}

const megabytes = (n: number) => `${(n / (1024 * 1024)).toFixed(1)} MB`;

/** Decodes and checks an upload; refuses with DOCUMENT_TYPE or DOCUMENT_TOO_LARGE (on the `document` field). */
export function checkDocument(upload: DocumentUpload, field = 'document'): CheckedDocument {
  // The last path segment only: a name is a label, never a place to write to.
  const name = basename(upload.fileName.replace(/\\/g, '/')).trim() || 'report';
  const base64 = upload.base64.replace(/\s+/g, '');
  if (!BASE64.test(base64) || base64.length % 4 === 1) {
    throw new DomainError('DOCUMENT_TYPE', `${name} did not arrive intact; choose the file again.`, field);
  }
  // Decoded size from the text alone, so an oversized upload is refused before it is decoded.
  const size = Math.floor((base64.length * 3) / 4) - (base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0);
  if (size > MAX_DOCUMENT_BYTES) {
    throw new DomainError(
      'DOCUMENT_TOO_LARGE',
      `${name} is ${megabytes(size)}; a scanned report can be at most 20 MB.`,
      field,
    );
  }
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length === 0) throw new DomainError('DOCUMENT_TYPE', `${name} is empty.`, field);
  const contentType = sniffDocumentType(bytes);
  if (!contentType) {
    throw new DomainError(
      'DOCUMENT_TYPE',
      `${name} is not a PDF or an image (PNG, JPEG or WebP); attach the scanned report itself.`,
      field,
    );
  }
  // The name keeps what the person called it, with the extension of what it really is.
  const extensions = EXTENSIONS[contentType];
  const fileName = extensions.includes(extname(name).toLowerCase())
    ? name
    : `${name.slice(0, name.length - extname(name).length) || 'report'}${extensions[0]}`;
  return { bytes, contentType, fileName };
}

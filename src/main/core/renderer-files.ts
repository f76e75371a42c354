import { existsSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';

// The built renderer's files as both shells serve them: the browser host over HTTP, the Electron window
// over its app:// protocol. One rule for which file a path names, and the same security headers.

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

/** The same policy as index.html's meta tag, sent as a header too. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "font-src 'self' data:; connect-src 'self'; frame-src blob:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

export type RendererFile = { file: string; headers: Record<string, string> } | { status: 400 | 404 };

/**
 * The file a URL path names in the built renderer, or why not: a malformed escape or a NUL is a 400,
 * anything outside the folder a 404; a path that is no file is the app's page (screens are client-side).
 */
export function rendererFile(rendererDir: string, pathname: string): RendererFile {
  const root = resolve(rendererDir);
  let path: string;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    return { status: 400 };
  }
  if (path.includes('\0')) return { status: 400 };
  let file = normalize(join(root, path));
  if (file !== root && !file.startsWith(root + sep)) return { status: 404 };
  if (!existsSync(file) || !statSync(file).isFile()) file = join(root, 'index.html');
  const isHtml = file.endsWith('.html');
  return {
    file,
    headers: {
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': isHtml ? 'no-store' : 'private, max-age=3600',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
    },
  };
}

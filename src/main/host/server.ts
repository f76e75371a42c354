import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { TRPCError } from '@trpc/server';
import { MAX_REQUEST_BYTES } from '../../shared/media';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { CoreHolder } from '../core/core-holder';
import { rendererFile } from '../core/renderer-files';
import type { Core } from '../core/create-core';
import { appRouter } from '../core/router';
import { isExpectedRefusal } from '../trpc/errors';
import { handleRecovery } from './recovery';

// The browser host: the same core and renderer as the Electron window, served on 127.0.0.1 only.
// Every request needs the per-launch token: the printed URL carries it once, and it is exchanged for an
// HttpOnly cookie so it does not linger in the address bar or reach page scripts.

export interface BrowserHostOptions {
  /** The core, or its holder: requests then always reach the current core (it is replaced by a restore). */
  core: Core | CoreHolder;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
  token?: string;
  log?: (line: string) => void;
}

export interface BrowserHost {
  /** The address to open, with the launch token. */
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export const LOOPBACK = '127.0.0.1';

export { CONTENT_SECURITY_POLICY } from '../core/renderer-files';

/** decodeURIComponent, or null for a malformed escape ("%", "%E0%A4%A"): never an exception. */
function decoded(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/**
 * The cookies of a request. Any page on another port of 127.0.0.1 can set cookies this host receives
 * (cookies do not keep ports apart), so a malformed one is skipped, not trusted to decode.
 */
function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const value = decoded(part.slice(eq + 1).trim());
    if (value !== null) cookies.set(part.slice(0, eq).trim(), value);
  }
  return cookies;
}

/**
 * Why a request that can change something or read the core comes from somewhere else than Loupe's own
 * page, or null. Cookies do not keep ports apart either (SameSite counts 127.0.0.1 on any port as the
 * same site), so a page on another port would send the launch cookie along: the browser's own account of
 * where a request comes from (Sec-Fetch-Site, Origin) decides. Scripts that send neither use the bearer
 * token, which no page has.
 */
function foreignRequest(req: IncomingMessage, origins: readonly string[]): string | null {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none')
    return `a page on another site or port (${site})`;
  const origin = req.headers.origin;
  if (origin !== undefined && !origins.includes(origin)) return `a page at ${origin}`;
  return null;
}

/** A form (or any page) can post text, URL-encoded, multipart or raw bytes to anyone; only JSON needs Loupe's own page. */
function isJson(req: IncomingMessage): boolean {
  return /^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '');
}

function sameSecret(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function refuse(res: ServerResponse, status: number, message: string) {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(message);
}

/**
 * Holds a tRPC answer until it is complete and sends it in one write with its length. The adapter
 * streams every answer (headers and body, then the end in a later turn), which cost a scan several
 * milliseconds between the stone arriving and the browser knowing it had all of it. An answer ready
 * before the request has all arrived (a body past the limit is refused as soon as it is past) waits for
 * the rest, read and dropped: a client still sending would otherwise see a broken connection, not the refusal.
 */
function sendWhole(req: IncomingMessage, res: ServerResponse) {
  const chunks: Buffer[] = [];
  const end = res.end.bind(res) as (chunk?: unknown) => ServerResponse;
  res.write = ((chunk: string | Uint8Array, encoding?: unknown, callback?: unknown) => {
    chunks.push(
      typeof chunk === 'string'
        ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8')
        : Buffer.from(chunk),
    );
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof done === 'function') queueMicrotask(() => (done as () => void)());
    return true;
  }) as ServerResponse['write'];
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    if (chunk !== undefined && typeof chunk !== 'function')
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array));
    const body = Buffer.concat(chunks);
    if (!res.headersSent) {
      res.removeHeader('transfer-encoding');
      res.setHeader('content-length', body.length);
    }
    const callback = [chunk, ...rest].find((a) => typeof a === 'function') as (() => void) | undefined;
    const send = () => {
      end(body);
      callback?.();
    };
    if (req.complete) send();
    else {
      req.once('end', send).resume();
      req.once('close', () => (req.complete ? undefined : res.destroy()));
    }
    return res;
  }) as ServerResponse['end'];
}

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const { log = () => {} } = options;
  const holder = options.core instanceof CoreHolder ? options.core : null;
  const fixedCore = holder ? null : (options.core as Core);
  const currentCore = (): Core | null => (holder ? holder.core : fixedCore);
  const token = options.token ?? randomBytes(32).toString('base64url');
  const rendererDir = resolve(options.rendererDir);
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error(
      `The renderer is not built (${join(rendererDir, 'index.html')} is missing); run "npm run build" first.`,
    );
  }

  let port = 0;
  // Cookie names carry the port: browsers share cookies across ports of one host, and two workstations
  // may run side by side on one machine.
  const tokenCookie = () => `loupe_token_${port}`;
  const clientCookie = () => `loupe_client_${port}`;

  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    // No body larger than the largest a screen sends (one attach of a 100 MB video, as base64): read so far
    // and no further, it gets the typed REQUEST_TOO_LARGE refusal (trpc/init.ts); the rest is read and dropped.
    maxBodySize: MAX_REQUEST_BYTES,
    createContext: ({ req }) => {
      const core = currentCore();
      if (!core)
        throw new TRPCError({
          code: 'SERVICE_UNAVAILABLE',
          message: 'Loupe is reopening its database; try again in a moment.',
        });
      return core.createContext(connectionIdOf(req));
    },
    onError: ({ error, path }) => {
      if (error.code === 'INTERNAL_SERVER_ERROR')
        log(`error in ${path ?? 'request'}: ${error.cause?.stack ?? error.stack}`);
    },
    // Chromium logs every 4xx answer as a console error, though a refused duplicate or a wrong role is
    // part of the work: such refusals are answered 200 with the typed error in the body (the client
    // reads the body, not the status). The host's own refusals above keep their status.
    responseMeta: ({ errors }) => (errors.length > 0 && errors.every(isExpectedRefusal) ? { status: 200 } : {}),
  });

  function connectionIdOf(req: IncomingMessage): string {
    const client = parseCookies(req.headers.cookie).get(clientCookie());
    return client ? `browser:${client}` : 'browser:api';
  }

  function isAuthorised(req: IncomingMessage): boolean {
    const cookie = parseCookies(req.headers.cookie).get(tokenCookie());
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    return sameSecret(cookie, token) || sameSecret(bearer, token);
  }

  function serveStatic(pathname: string, res: ServerResponse) {
    const found = rendererFile(rendererDir, pathname);
    if ('status' in found) return refuse(res, found.status, found.status === 400 ? 'Bad request' : 'Not found');
    res.writeHead(200, found.headers);
    createReadStream(found.file)
      .on('error', () => res.destroy())
      .pipe(res);
  }

  /** A stone's photo or video (the URL's pass is checked by the core: media/serve.ts), streamed from its file. */
  function serveMedia(url: URL, req: IncomingMessage, res: ServerResponse) {
    const core = currentCore();
    if (!core) return refuse(res, 404, 'Not found');
    core.media
      .answer(url, typeof req.headers.range === 'string' ? req.headers.range : null)
      .then((answer) => {
        res.writeHead(answer.status, answer.headers);
        if (req.method === 'HEAD') return res.end();
        if (!answer.file) return res.end(answer.body ?? '');
        createReadStream(answer.file.path, { start: answer.file.start, end: answer.file.end })
          .on('error', () => res.destroy())
          .pipe(res);
      })
      .catch((error: Error) => {
        log(`media request failed: ${error.message}`);
        if (!res.headersSent) refuse(res, 500, 'The photo could not be read.');
        else res.destroy();
      });
  }

  const server = createServer((req, res) => {
    // Whatever bytes arrive, the answer is a 4xx or a closed connection: never an exception that stops Loupe.
    try {
      handle(req, res);
    } catch (error) {
      log(`bad request ${JSON.stringify(req.url)}: ${(error as Error).message}`);
      if (!res.headersSent) refuse(res, 400, 'Bad request');
      else res.destroy();
    }
  });
  // A request Node cannot even parse (a broken request line or header): 400 and close.
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    else socket.destroy();
  });

  function handle(req: IncomingMessage, res: ServerResponse) {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', `http://${LOOPBACK}`);
    } catch {
      return refuse(res, 400, 'Bad request');
    }
    // DNS rebinding: a foreign page resolving its own name to 127.0.0.1 still sends its own Host.
    const host = req.headers.host ?? '';
    if (host !== `${LOOPBACK}:${port}` && host !== `localhost:${port}`)
      return refuse(res, 403, 'Loupe answers only on 127.0.0.1.');

    const offered = url.searchParams.get('token');
    if (offered !== null && req.method === 'GET' && !url.pathname.startsWith('/trpc/')) {
      if (!sameSecret(offered, token))
        return refuse(res, 401, 'This Loupe link has expired: use the address printed when Loupe started.');
      const client = parseCookies(req.headers.cookie).get(clientCookie()) ?? randomBytes(18).toString('base64url');
      url.searchParams.delete('token');
      res.writeHead(303, {
        'set-cookie': [
          `${tokenCookie()}=${token}; HttpOnly; SameSite=Strict; Path=/`,
          `${clientCookie()}=${client}; HttpOnly; SameSite=Strict; Path=/`,
        ],
        location: url.pathname + url.search,
        'cache-control': 'no-store',
      });
      return res.end();
    }

    if (!isAuthorised(req))
      return refuse(res, 401, 'Loupe needs the address printed when it started (it carries an access token).');
    // What acts or reads the core answers Loupe's own page only (see foreignRequest), and takes JSON only.
    const acting = url.pathname.startsWith('/trpc/') || (req.method !== 'GET' && req.method !== 'HEAD');
    if (acting) {
      const foreign = foreignRequest(req, [`http://${LOOPBACK}:${port}`, `http://localhost:${port}`]);
      if (foreign) return refuse(res, 403, `Loupe does not take requests from ${foreign}.`);
      if (req.method === 'POST' && url.pathname.startsWith('/trpc/') && !isJson(req))
        return refuse(res, 415, 'Loupe takes JSON requests only.');
    }
    // No core (a damaged database, or a restore under way): the recovery screen instead of the app.
    if (holder && !holder.core) {
      handleRecovery(req, res, holder, url.pathname).catch((error: Error) => {
        log(`recovery failed: ${error.stack ?? error.message}`);
        if (!res.headersSent) refuse(res, 500, 'Loupe could not restore the backup.');
      });
      return;
    }
    if (url.pathname.startsWith('/trpc/')) {
      if (req.method !== 'GET' && req.method !== 'POST') return refuse(res, 405, 'Method not allowed');
      // Subscriptions stream (server-sent events); every other answer is sent whole, in one write.
      if (!(req.headers.accept ?? '').includes('text/event-stream')) sendWhole(req, res);
      return trpc(req, res);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Method not allowed');
    if (url.pathname.startsWith('/media/')) return serveMedia(url, req, res);
    serveStatic(url.pathname, res);
  }

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, LOOPBACK, () => resolvePromise());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://${LOOPBACK}:${port}`;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    close: () =>
      new Promise<void>((resolvePromise) => {
        server.closeAllConnections();
        server.close(() => resolvePromise());
      }),
  };
}

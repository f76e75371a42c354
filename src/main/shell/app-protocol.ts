import { readFile } from 'node:fs/promises';
import { rendererFile } from '../core/renderer-files';
import type { Core } from '../core/create-core';
import { bodyOf } from '../media/serve';
import { APP_ORIGIN } from './security';

// app://loupe/…: the built renderer served to the window by the shell (protocol.handle), instead of
// file:// pages that could read any file the user can. One origin of its own, the browser host's headers.

/** The handler for protocol.handle('app', …): a Response for every request, never an exception. */
export function appProtocolHandler(
  rendererDir: string,
  /** The running core, for /media/… (a stone's photos; the URL's pass is checked by the core). */
  core: () => Pick<Core, 'media'> | null = () => null,
): (request: { url: string; method?: string; headers?: Headers }) => Promise<Response> {
  const host = new URL(APP_ORIGIN).host;
  return async (request) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return new Response('Bad request', { status: 400 });
    }
    if (url.host !== host || (request.method && request.method !== 'GET' && request.method !== 'HEAD'))
      return new Response('Not found', { status: 404 });
    if (url.pathname.startsWith('/media/')) {
      const running = core();
      if (!running) return new Response('Not found', { status: 404 });
      try {
        const answer = await running.media.answer(url, request.headers?.get('range') ?? null);
        const body = request.method === 'HEAD' ? null : await bodyOf(answer);
        return new Response(body, { status: answer.status, headers: answer.headers });
      } catch {
        return new Response('Not found', { status: 404 });
      }
    }
    const found = rendererFile(rendererDir, url.pathname);
    if ('status' in found)
      return new Response(found.status === 400 ? 'Bad request' : 'Not found', { status: found.status });
    try {
      return new Response(await readFile(found.file), { status: 200, headers: found.headers });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  };
}

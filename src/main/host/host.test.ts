import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppRouter } from '../core/router';
import { startTestHost } from '../test-support/host';
import type { BrowserHost } from './server';

let host: BrowserHost;
let stop: () => Promise<void>;

beforeEach(async () => {
  ({ host, stop } = await startTestHost());
});
afterEach(() => stop());

/** A raw HTTP request, so the Host header and cookies are exactly what we say. */
function get(path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>(
    (resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port: host.port, path, headers: { host: `127.0.0.1:${host.port}`, ...headers } },
        (res) => {
          let body = '';
          res.on('data', (c) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
        },
      );
      req.on('error', reject);
      req.end();
    },
  );
}

describe('the browser host', () => {
  it('listens on 127.0.0.1 only', async () => {
    expect(host.origin).toBe(`http://127.0.0.1:${host.port}`);
    // Every other address of this machine (other interfaces, IPv6 loopback) refuses the connection.
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a && !(a.family === 'IPv4' && a.address.startsWith('127.')))
      .map((a) => a!.address.split('%')[0]!);
    for (const address of [...new Set(['::1', ...others])]) {
      const reached = await new Promise<boolean>((resolve) => {
        const socket = connect({ host: address, port: host.port, timeout: 2000 });
        socket.once('connect', () => (socket.destroy(), resolve(true)));
        socket.once('error', () => resolve(false));
        socket.once('timeout', () => (socket.destroy(), resolve(false)));
      });
      expect(reached, `reachable on ${address}`).toBe(false);
    }
  });

  it('refuses every request without the launch token', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/assets/app.js')).status).toBe(401);
    expect((await get('/trpc/auth.status')).status).toBe(401);
    expect((await get('/?token=wrong')).status).toBe(401);
    expect((await get('/trpc/auth.status', { authorization: 'Bearer wrong' })).status).toBe(401);
  });

  it('exchanges the token in the printed URL for an HttpOnly cookie and serves the app with it', async () => {
    const exchange = await get(`/?token=${host.token}`);
    expect(exchange.status).toBe(303);
    expect(exchange.headers.location).toBe('/');
    const cookies = (exchange.headers['set-cookie'] as string[]).map((c) => c.split(';')[0]).join('; ');
    expect(exchange.headers['set-cookie']![0]).toMatch(/HttpOnly; SameSite=Strict/);
    const page = await get('/', { cookie: cookies });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(page.body).toContain('<title>Loupe</title>');
    const api = await get('/trpc/auth.status', { cookie: cookies });
    expect(JSON.parse(api.body)).toEqual({ result: { data: { needsFirstAdmin: true, user: null } } });
  });

  it('accepts the token as a bearer header (scripts), and refuses a foreign Host (DNS rebinding)', async () => {
    expect((await get('/trpc/auth.status', { authorization: `Bearer ${host.token}` })).status).toBe(200);
    expect(
      (await get('/trpc/auth.status', { authorization: `Bearer ${host.token}`, host: `evil.example:${host.port}` }))
        .status,
    ).toBe(403);
  });

  it('sends a query answer whole, with its length (a scan is not kept waiting for the end of a stream)', async () => {
    const answer = await get('/trpc/auth.status', { authorization: `Bearer ${host.token}` });
    expect(answer.status).toBe(200);
    expect(answer.headers['transfer-encoding']).toBeUndefined();
    expect(Number(answer.headers['content-length'])).toBe(Buffer.byteLength(answer.body));
    expect(JSON.parse(answer.body)).toHaveProperty('result');
  });

  it('stays up whatever a request carries: a malformed cookie, request target or path gets a 4xx', async () => {
    // A page on any other port of 127.0.0.1 can plant such a cookie: before, the host then died at every visit.
    expect((await get('/', { cookie: 'a=%' })).status).toBe(401);
    expect((await get('/', { cookie: `a=%; loupe_token_${host.port}=${host.token}` })).status).toBe(200);
    expect((await get('//[', { authorization: `Bearer ${host.token}` })).status).toBe(400);
    expect((await get('/%E0%A4%A', { authorization: `Bearer ${host.token}` })).status).toBe(400);
    expect((await get('/%00', { authorization: `Bearer ${host.token}` })).status).toBe(400);
    expect((await get('/trpc/auth.status', { authorization: `Bearer ${host.token}` })).status).toBe(200);
  });

  it("takes what acts or reads the core only from Loupe's own page, and only as JSON", async () => {
    const auth = { authorization: `Bearer ${host.token}` };
    const post = (path: string, headers: Record<string, string>, body = '{}') =>
      new Promise<number>((resolve, reject) => {
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port: host.port,
            path,
            method: 'POST',
            headers: { host: `127.0.0.1:${host.port}`, ...auth, ...headers },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode!);
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    // A form on another page can post these content types to anyone without asking: refused.
    for (const type of [
      'multipart/form-data; boundary=x',
      'application/octet-stream',
      'text/plain',
      'application/x-www-form-urlencoded',
    ]) {
      expect(await post('/trpc/auth.signOut', { 'content-type': type }), type).toBe(415);
    }
    // A page on another port (same site, so it has the cookie) or another origin: refused, whatever it sends.
    expect(await post('/trpc/auth.signOut', { 'content-type': 'application/json', origin: 'http://127.0.0.1:1' })).toBe(
      403,
    );
    expect(
      await post('/trpc/auth.signOut', { 'content-type': 'application/json', 'sec-fetch-site': 'same-site' }),
    ).toBe(403);
    expect(
      await post('/trpc/auth.signOut', { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' }),
    ).toBe(403);
    expect((await get('/trpc/auth.status', { ...auth, 'sec-fetch-site': 'same-site' })).status).toBe(403);
    // Loupe's own page (and a script with the bearer token) are answered.
    expect(
      await post('/trpc/auth.signOut', {
        'content-type': 'application/json',
        origin: host.origin,
        'sec-fetch-site': 'same-origin',
      }),
    ).toBe(200);
    expect(await post('/trpc/auth.signOut', { 'content-type': 'application/json' })).toBe(200);
  });

  it("answers a rule's expected refusal 200 with the typed error in the body (no console error in Chromium); the client still raises it", async () => {
    const auth = { authorization: `Bearer ${host.token}` };
    // Not signed in (a domain rule) and input that fails its schema: 200, the typed error in the body.
    const notSignedIn = await get('/trpc/inventory.counts.list', auth);
    expect(notSignedIn.status).toBe(200);
    expect(JSON.parse(notSignedIn.body).error.data).toMatchObject({ code: 'UNAUTHORIZED', reason: 'NOT_SIGNED_IN' });
    const badInput = await fetch(`${host.origin}/trpc/auth.signIn`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(badInput.status).toBe(200);
    expect(((await badInput.json()) as { error: { data: unknown } }).error.data).toMatchObject({
      code: 'BAD_REQUEST',
      reason: 'INVALID_INPUT',
    });
    // What is not a rule's refusal keeps its status: an unknown procedure.
    expect((await get('/trpc/no.such.procedure', auth)).status).toBe(404);

    const client = createTRPCClient<AppRouter>({
      links: [httpBatchLink({ url: `${host.origin}/trpc`, headers: auth })],
    });
    const error = await client.inventory.counts.list.query().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCClientError);
    expect((error as TRPCClientError<AppRouter>).data).toMatchObject({ code: 'UNAUTHORIZED', reason: 'NOT_SIGNED_IN' });
    expect((error as TRPCClientError<AppRouter>).message).toBe('Sign in first.');
  });

  it('never serves files outside the renderer folder', async () => {
    const res = await get('/..%2f..%2f..%2fetc%2fpasswd', { authorization: `Bearer ${host.token}` });
    expect(res.body).not.toContain('root:');
  });
});

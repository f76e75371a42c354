import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seeded } from '../../shared/seeded-random';
import { startTestHost } from '../test-support/host';
import type { BrowserHost } from './server';

// The browser host against thousands of malformed requests over raw sockets, as another program on the
// same computer might send them: broken request lines and targets, bad escapes, odd headers and cookies,
// bodies that do not match their length, and connections left half-open. Every one gets a 4xx or a closed
// connection (never a 5xx, never a crash), and a signed-in request is still served afterwards. With the
// launch token, a request may reach the app and be answered 2xx/3xx; without it, never.
//
// LOUPE_FUZZ_SEED replays a run; LOUPE_FUZZ_CASES sets how many (default 15,000, about 10 s here).

const SEED = Number(process.env.LOUPE_FUZZ_SEED ?? 20261207);
const CASES = Number(process.env.LOUPE_FUZZ_CASES ?? 15_000);
const AT_ONCE = 40;

let host: BrowserHost;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ host, stop } = await startTestHost());
});
afterAll(() => stop());

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const bytes = (random: Random, max: number) =>
  Buffer.from(Array.from({ length: Math.floor(random() * max) }, () => Math.floor(random() * 256)));
const ascii = (random: Random, max: number, alphabet = ' !"#$%&\'()*+,-./0123456789:;<=>?@ABCZ[\\]^_`abcz{|}~') =>
  Array.from({ length: Math.floor(random() * max) }, () => pick(random, [...alphabet])).join('');

const METHODS = [
  'GET',
  'POST',
  'PUT',
  'DELETE',
  'HEAD',
  'OPTIONS',
  'PATCH',
  'CONNECT',
  'TRACE',
  'G\u00e9T',
  '',
  'GET GET',
  'PRI',
];
const TARGETS = [
  '/',
  '//[',
  '/%E0%A4%A',
  '/%',
  '/%00',
  '/%2e%2e/%2e%2e/etc/passwd',
  '/trpc/',
  '/trpc/auth.status',
  '/trpc/app.backups.create',
  '/trpc/auth.signOut?batch=1',
  '/trpc/inventory.list?input=%7B',
  '/recovery/restore',
  '/?token=',
  '/?token=%',
  '*',
  'http://evil/',
  '/assets/../../x',
  '/\u00ff',
  '',
];
const VERSIONS = ['HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/9', 'http/1.1', 'HTTP/1.1 extra', ''];

/** One malformed (or nearly well-formed) request as raw bytes, and whether it carries the launch token. */
function request(random: Random): { raw: Buffer; signed: boolean; halfOpen: boolean } {
  const signed = random() < 0.3;
  const target =
    random() < 0.6 ? pick(random, TARGETS) + (random() < 0.3 ? ascii(random, 30) : '') : `/${ascii(random, 60)}`;
  const line = `${pick(random, METHODS)} ${target} ${pick(random, VERSIONS)}`;
  const headers: string[] = [];
  if (random() < 0.85)
    headers.push(
      `Host: ${random() < 0.8 ? `127.0.0.1:${host.port}` : pick(random, ['evil.example', '', `localhost:${host.port}`, '[::1]', '127.0.0.1'])}`,
    );
  if (signed)
    headers.push(
      random() < 0.5 ? `Authorization: Bearer ${host.token}` : `Cookie: loupe_token_${host.port}=${host.token}`,
    );
  if (random() < 0.5)
    headers.push(
      `Cookie: ${pick(random, ['a=%', 'a=%E0%A4%A', '=', ';;;', 'x', `loupe_client_${host.port}=%ZZ`])}${ascii(random, 20)}`,
    );
  if (random() < 0.4)
    headers.push(
      `Content-Type: ${pick(random, ['application/json', 'multipart/form-data; boundary=--x', 'application/octet-stream', 'text/plain', ascii(random, 20)])}`,
    );
  if (random() < 0.3)
    headers.push(`Origin: ${pick(random, ['http://127.0.0.1:1', 'null', host.origin, ascii(random, 20)])}`);
  if (random() < 0.3)
    headers.push(
      `Sec-Fetch-Site: ${pick(random, ['same-site', 'cross-site', 'same-origin', 'none', ascii(random, 10)])}`,
    );
  if (random() < 0.2)
    headers.push(`Content-Length: ${pick(random, ['0', '5', '-1', '99999999999999999999', 'abc', ''])}`);
  if (random() < 0.15) headers.push('Transfer-Encoding: chunked');
  if (random() < 0.2) headers.push(`${ascii(random, 12, 'abcXYZ-_ :\u0000\u007f')}: ${ascii(random, 40)}`);
  if (random() < 0.05) headers.push(`X-Long: ${'x'.repeat(20_000)}`);
  const body =
    random() < 0.4
      ? random() < 0.5
        ? bytes(random, 200)
        : Buffer.from(
            pick(random, [
              '{"0":{}}',
              '{',
              'zz\r\n0\r\n\r\n',
              '--x\r\nContent-Disposition: form-data; name="0"\r\n\r\n{}\r\n--x--',
            ]),
          )
      : Buffer.alloc(0);
  const halfOpen = random() < 0.1;
  const text = `${line}\r\n${headers.join('\r\n')}${headers.length ? '\r\n' : ''}${halfOpen ? '' : '\r\n'}`;
  const raw =
    random() < 0.05
      ? bytes(random, 300)
      : Buffer.concat([Buffer.from(text, 'latin1'), halfOpen ? Buffer.alloc(0) : body]);
  return { raw, signed, halfOpen };
}

/** Sends raw bytes; resolves with the status line's code, or null when the server closed without answering. */
function send(raw: Buffer, halfOpen: boolean): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: host.port });
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(answer);
      if (status) {
        socket.destroy();
        resolve(Number(status[1]));
      }
    });
    socket.on('error', () => resolve(null)); // reset by the server: closed
    socket.on('close', () => resolve(null));
    socket.once('connect', () => {
      socket.write(raw);
      if (halfOpen)
        socket.destroy(); // left half-way: the server must shrug it off
      else socket.end();
    });
    socket.setTimeout(20_000, () =>
      reject(new Error(`no answer and not closed for ${JSON.stringify(raw.toString('latin1').slice(0, 120))}`)),
    );
  });
}

describe('the browser host, fuzzed over raw sockets', () => {
  it(`answers ${CASES} malformed requests with a 4xx or a closed connection, and still serves a signed-in request`, async () => {
    const random = seeded(SEED);
    const cases = Array.from({ length: CASES }, () => request(random));
    const outcomes: { status: number | null; signed: boolean; raw: Buffer }[] = [];
    for (let at = 0; at < cases.length; at += AT_ONCE) {
      const slice = cases.slice(at, at + AT_ONCE);
      const statuses = await Promise.all(slice.map((c) => send(c.raw, c.halfOpen)));
      slice.forEach((c, i) => outcomes.push({ status: statuses[i]!, signed: c.signed, raw: c.raw }));
    }
    const wrong = outcomes.filter((o) => o.status !== null && (o.status >= 500 || (!o.signed && o.status < 400)));
    expect(
      wrong.map((o) => `${o.status}: ${JSON.stringify(o.raw.toString('latin1').slice(0, 200))}`),
      `seed ${SEED}: answers other than a 4xx or a close (replay with LOUPE_FUZZ_SEED=${SEED})`,
    ).toEqual([]);
    expect(
      outcomes.filter((o) => o.status !== null && o.status >= 400).length,
      'most requests are answered, not just dropped',
    ).toBeGreaterThan(CASES / 2);

    const signedIn = await fetch(`${host.origin}/trpc/auth.status`, {
      headers: { authorization: `Bearer ${host.token}` },
    });
    expect(signedIn.status).toBe(200);
    expect(await signedIn.json()).toEqual({ result: { data: { needsFirstAdmin: true, user: null } } });
  }, 120_000);
});

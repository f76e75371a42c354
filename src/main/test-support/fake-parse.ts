import { ParseClient } from '../sync/parse-client';

// A stand-in for Parse Server's REST API inside a core test: a fetch function that answers /batch calls
// sub-request by sub-request and /classes queries as the test says, so push and pull can be exercised
// against a real store in milliseconds. What it answers is the test's business; it only speaks the protocol.

export interface SubRequest {
  method: string;
  /** Without the mount path: classes/Gemstone, classes/Gemstone/abc. */
  path: string;
  body?: Record<string, unknown>;
}

export type SubAnswer = { success: Record<string, unknown> } | { error: { code: number; error: string } };

export interface FakeParseHandlers {
  /** One sub-request of a /batch call (default: stored, with a new objectId). */
  batch?(request: SubRequest): SubAnswer | Promise<SubAnswer>;
  /** A query of one class, alone or in a /batch call (default: nothing found). */
  find?(className: string, where: Record<string, unknown>): Record<string, unknown>[];
  /** POST /login (default: refused as a wrong password). */
  login?(username: string, password: string): Record<string, unknown> | null;
  /** POST /files/<name> (default: stored, named as Parse names files, served at /files/<appId>/<name>). */
  file?(fileName: string, bytes: Buffer): Promise<{ name: string } | { error: { code: number; error: string } }>;
  /** Every request, before it is answered: throw to play a network that fails. */
  beforeEach?(path: string): void;
}

export interface FakeParse {
  client: ParseClient;
  /** The fetch the client uses: give it to a core (CoreOptions.fetch) to put the core in front of this server. */
  fetch: typeof fetch;
  /** Where the core is to find it (BackendSettings). */
  settings: { serverURL: string; appId: string; clientKey: string };
  /** The /batch calls received, each as its sub-requests. */
  batches: SubRequest[][];
  /** Files uploaded, by their server name. */
  files: Map<string, Buffer>;
}

const MOUNT = '/parse';

/** The class a REST path queries (users have their own route), or null. */
const classOf = (path: string) => (path === 'users' ? '_User' : (/^classes\/(\w+)$/.exec(path)?.[1] ?? null));

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', date: new Date().toUTCString() },
  });

export function fakeParse(handlers: FakeParseHandlers = {}): FakeParse {
  const batches: SubRequest[][] = [];
  const files = new Map<string, Buffer>();
  const settings = { serverURL: `http://parse.test${MOUNT}`, appId: 'loupe-test', clientKey: 'test-key' };
  let made = 0;
  const stored = (request: SubRequest): SubAnswer => {
    const at = new Date().toISOString();
    return request.method === 'POST'
      ? { success: { objectId: `obj${++made}`, createdAt: at } }
      : { success: { updatedAt: at } };
  };
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input));
    const path = url.pathname.slice(MOUNT.length + 1);
    handlers.beforeEach?.(path);
    if (path === 'batch' && init?.method === 'POST') {
      const { requests } = JSON.parse(String(init.body)) as { requests: SubRequest[] };
      const received = requests.map((r) => ({ ...r, path: r.path.slice(MOUNT.length + 1) }));
      batches.push(received);
      return json(
        await Promise.all(
          received.map((r) => {
            const finding = r.method === 'GET' ? classOf(r.path) : null;
            if (finding) {
              const found = handlers.find?.(finding, (r.body?.where ?? {}) as Record<string, unknown>) ?? [];
              return r.body?.count
                ? { success: { results: [], count: found.length } }
                : { success: { results: found } };
            }
            return handlers.batch ? handlers.batch(r) : stored(r);
          }),
        ),
      );
    }
    const upload = /^files\/([^/]+)$/.exec(path);
    if (upload && init?.method === 'POST') {
      const bytes = Buffer.from(init.body as Uint8Array);
      const fileName = decodeURIComponent(upload[1]!);
      const answer = handlers.file
        ? await handlers.file(fileName, bytes)
        : { name: `${(++made).toString(16).padStart(32, '0')}_${fileName}` };
      if ('error' in answer) return json(answer.error, 400);
      files.set(answer.name, bytes);
      return json({ name: answer.name, url: `http://parse.test${MOUNT}/files/${settings.appId}/${answer.name}` }, 201);
    }
    const served = /^files\/[^/]+\/([^/]+)$/.exec(path);
    if (served && (init?.method ?? 'GET') === 'GET') {
      const bytes = files.get(decodeURIComponent(served[1]!));
      return bytes ? new Response(new Uint8Array(bytes)) : new Response('Not found', { status: 404 });
    }
    if (path === 'login' && init?.method === 'POST') {
      const { username, password } = JSON.parse(String(init.body)) as { username: string; password: string };
      const user = handlers.login?.(username, password);
      return user ? json(user) : json({ code: 101, error: 'Invalid username/password.' }, 404);
    }
    const className = classOf(path);
    if (className && (init?.method ?? 'GET') === 'GET') {
      const where = JSON.parse(url.searchParams.get('where') ?? '{}') as Record<string, unknown>;
      return json({ results: handlers.find?.(className, where) ?? [] });
    }
    return json({ code: 119, error: `The fake server does not answer ${init?.method ?? 'GET'} ${path}` }, 400);
  };
  const client = new ParseClient(settings, { fetch: fetch as typeof globalThis.fetch });
  return { client, fetch: fetch as typeof globalThis.fetch, settings, batches, files };
}

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
  /** A query of one class (default: nothing found). */
  find?(className: string, where: Record<string, unknown>): Record<string, unknown>[];
}

export interface FakeParse {
  client: ParseClient;
  /** The /batch calls received, each as its sub-requests. */
  batches: SubRequest[][];
}

const MOUNT = '/parse';

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', date: new Date().toUTCString() },
  });

export function fakeParse(handlers: FakeParseHandlers = {}): FakeParse {
  const batches: SubRequest[][] = [];
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
    if (path === 'batch' && init?.method === 'POST') {
      const { requests } = JSON.parse(String(init.body)) as { requests: SubRequest[] };
      const received = requests.map((r) => ({ ...r, path: r.path.slice(MOUNT.length + 1) }));
      batches.push(received);
      return json(await Promise.all(received.map((r) => (handlers.batch ? handlers.batch(r) : stored(r)))));
    }
    const query = /^classes\/(\w+)$/.exec(path);
    if (query && (init?.method ?? 'GET') === 'GET') {
      const where = JSON.parse(url.searchParams.get('where') ?? '{}') as Record<string, unknown>;
      return json({ results: handlers.find?.(query[1]!, where) ?? [] });
    }
    return json({ code: 119, error: `The fake server does not answer ${init?.method ?? 'GET'} ${path}` }, 400);
  };
  const client = new ParseClient(
    { serverURL: `http://parse.test${MOUNT}`, appId: 'loupe-test', clientKey: 'test-key' },
    { fetch: fetch as typeof globalThis.fetch },
  );
  return { client, batches };
}

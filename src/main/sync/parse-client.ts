// A small REST client for Parse Server / Back4app: only what replication needs, with every failure
// classified so the replicator knows whether to retry, pause or set a change aside.

import { classifyParseError, PermanentError, TransientError, tooLarge, type SyncError } from './parse-errors';
import { lastResultOf, resultsInText } from './parse-text';

export {
  BatchTooLargeError,
  classifyParseError,
  PARSE_CODES,
  PermanentError,
  SessionExpiredError,
  TransientError,
  type SyncError,
} from './parse-errors';

export interface BackendConnection {
  /** e.g. https://parseapi.back4app.com or http://127.0.0.1:1337/parse */
  serverURL: string;
  appId: string;
  /** The app's client-side key (Back4app: JavaScript or REST API key); never the master key. */
  clientKey: string;
}

/** Where a class's objects are on the REST API (users have their own route). */
function classPath(className: string): string {
  return className === '_User' ? 'users' : `classes/${className}`;
}

export interface BatchRequest {
  method: 'POST' | 'PUT' | 'DELETE';
  path: string;
  body?: Record<string, unknown>;
}

export type BatchResult = { success: Record<string, unknown> } | { error: SyncError };

export interface FindOptions {
  where?: Record<string, unknown>;
  order?: string;
  limit?: number;
  keys?: string;
  /** Also how many objects match (in the answer's `count`). */
  count?: boolean;
}

interface RequestOptions {
  body?: unknown;
  sessionToken?: string;
  query?: Record<string, string>;
  signal?: AbortSignal;
  /** The answer's text, before it is parsed. */
  beforeParse?: (text: string) => void;
}

/** For a find whose answer is awaited in full: its last result as soon as it arrives, and a way to cancel it. */
export interface EarlyLook {
  /**
   * Called before the answer is parsed in full, with its last result (null: none, or not readable so) and
   * about how many results it holds (see {@link resultsInText}).
   */
  onLast?: (last: Record<string, unknown> | null, results: number) => void;
  signal?: AbortSignal;
}

export interface FindQuery {
  className: string;
  options: FindOptions;
}

/** One page of a find, with the server's clock when it answered, and the count when asked for. */
export interface FoundPage {
  results: Record<string, unknown>[];
  serverTime: number | null;
  count?: number;
}

export interface ParseClientOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export class ParseClient {
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;
  readonly base: URL;

  constructor(
    readonly connection: BackendConnection,
    options: ParseClientOptions = {},
  ) {
    this.fetchImpl = options.fetch ?? fetch;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.base = new URL(connection.serverURL.endsWith('/') ? connection.serverURL : `${connection.serverURL}/`);
  }

  /** The mount path ("/parse") that batch sub-request paths must start with. */
  get mountPath(): string {
    return this.base.pathname.replace(/\/$/, '');
  }

  private headers(sessionToken?: string): Record<string, string> {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-parse-application-id': this.connection.appId,
    };
    if (this.connection.clientKey) {
      // Back4app hands out several client-side keys; the server accepts whichever matches.
      headers['x-parse-rest-api-key'] = this.connection.clientKey;
      headers['x-parse-javascript-key'] = this.connection.clientKey;
      headers['x-parse-client-key'] = this.connection.clientKey;
    }
    if (sessionToken) headers['x-parse-session-token'] = sessionToken;
    return headers;
  }

  async request<T>(
    method: string,
    path: string,
    options: { body?: unknown; sessionToken?: string; query?: Record<string, string> } = {},
  ): Promise<T> {
    return (await this.requestWithTime<T>(method, path, options)).body;
  }

  /** A request and the server's clock when it answered (its Date header, whole seconds; null without one). */
  async requestWithTime<T>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<{ body: T; serverTime: number | null }> {
    const url = new URL(path.replace(/^\//, ''), this.base);
    for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, v);
    let response: Response;
    try {
      response = await this.fetchImpl(url, {
        method,
        headers: this.headers(options.sessionToken),
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: options.signal
          ? AbortSignal.any([options.signal, AbortSignal.timeout(this.timeoutMs)])
          : AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new TransientError(`The backend could not be reached (${(error as Error).message}).`);
    }
    const text = await response.text().catch(() => '');
    if (response.ok && options.beforeParse) {
      options.beforeParse(text);
      // Let what that started (the next page's request) go out before this thread parses for milliseconds.
      await new Promise((resolve) => setImmediate(resolve));
    }
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : {};
    } catch {
      // A proxy's own page; 413 (body too large) is the one that asks for smaller requests, not a later try.
      if (response.status === 413) throw new PermanentError('The backend answered 413: the request is too large.', 413);
      throw new TransientError(
        `The backend answered ${response.status} with something that is not Parse JSON.`,
        response.status,
      );
    }
    if (!response.ok) {
      const { code, error } = json as { code?: number; error?: string };
      if (typeof code === 'number') throw classifyParseError(code, error ?? `HTTP ${response.status}`, response.status);
      throw response.status >= 500 || response.status === 429
        ? new TransientError(`The backend answered ${response.status}.`, response.status)
        : new PermanentError(`The backend answered ${response.status}.`, response.status);
    }
    const date = Date.parse(response.headers.get('date') ?? '');
    return { body: json as T, serverTime: Number.isFinite(date) ? date : null };
  }

  login(username: string, password: string) {
    return this.request<{
      objectId: string;
      sessionToken: string;
      username: string;
      email?: string;
      role?: string;
      fullName?: string;
      updatedAt: string;
      createdAt: string;
    }>('POST', 'login', { body: { username, password } });
  }

  me(sessionToken: string) {
    return this.request<Record<string, unknown>>('GET', 'users/me', { sessionToken });
  }

  async find(className: string, options: FindOptions, sessionToken: string): Promise<Record<string, unknown>[]> {
    return (await this.findPage(className, options, sessionToken)).results;
  }

  /** find, with the server's clock when it answered. */
  async findPage(
    className: string,
    options: FindOptions,
    sessionToken: string,
    early: EarlyLook = {},
  ): Promise<FoundPage> {
    const query: Record<string, string> = {};
    if (options.where) query.where = JSON.stringify(options.where);
    if (options.order) query.order = options.order;
    if (options.limit !== undefined) query.limit = String(options.limit);
    if (options.keys) query.keys = options.keys;
    if (options.count) query.count = '1';
    const path = classPath(className);
    const onLast = early.onLast;
    const { body, serverTime } = await this.requestWithTime<{ results: Record<string, unknown>[]; count?: number }>(
      'GET',
      path,
      {
        query,
        sessionToken,
        signal: early.signal,
        beforeParse: onLast && ((text) => onLast(lastResultOf(text), resultsInText(text))),
      },
    );
    return { results: body.results, serverTime, count: body.count };
  }

  /**
   * Several finds in one /batch request: one round trip, and one request for the server to admit (and for a
   * hosted plan to count) instead of one per class. Each answer stands on its own, as in a push. A server
   * that takes fewer sub-requests per call gets several calls; one that refuses the call as a whole for
   * any other reason gets one find per query, so the pull never depends on finds inside /batch.
   */
  async findPages(queries: FindQuery[], sessionToken: string): Promise<({ page: FoundPage } | { error: SyncError })[]> {
    try {
      return await this.findPagesInOneCall(queries, sessionToken);
    } catch (error) {
      const refused = tooLarge(error, queries.length);
      if (refused && queries.length > 1) {
        return (await Promise.all(refused.partsOf(queries).map((part) => this.findPages(part, sessionToken)))).flat();
      }
      if (!(error instanceof PermanentError)) throw error;
      return Promise.all(
        queries.map(({ className, options }) =>
          this.findPage(className, options, sessionToken).then(
            (page) => ({ page }),
            (failure: unknown) => ({
              error:
                failure instanceof Error && 'kind' in failure
                  ? (failure as SyncError)
                  : new TransientError(String(failure)),
            }),
          ),
        ),
      );
    }
  }

  private async findPagesInOneCall(
    queries: FindQuery[],
    sessionToken: string,
  ): Promise<({ page: FoundPage } | { error: SyncError })[]> {
    const requests = queries.map(({ className, options: { count, ...options } }) => ({
      method: 'GET',
      path: `${this.mountPath}/${classPath(className)}`,
      body: {
        ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
        ...(count ? { count: 1 } : {}),
      },
    }));
    const { body, serverTime } = await this.requestWithTime<
      (
        { success: { results: Record<string, unknown>[]; count?: number } } | { error: { code: number; error: string } }
      )[]
    >('POST', 'batch', { body: { requests }, sessionToken });
    if (!Array.isArray(body) || body.length !== queries.length)
      throw new TransientError('The backend answered a batch of finds with something else.');
    return body.map((answer) =>
      'success' in answer
        ? { page: { results: answer.success.results, serverTime, count: answer.success.count } }
        : { error: classifyParseError(answer.error.code, answer.error.error) },
    );
  }

  /** Uploads a file's bytes; the answer's name and url go into the object's File field. */
  async uploadFile(
    fileName: string,
    contentType: string,
    bytes: Buffer,
    sessionToken: string,
  ): Promise<{ name: string; url: string }> {
    const url = new URL(`files/${encodeURIComponent(fileName.replace(/[^A-Za-z0-9._-]/g, '_'))}`, this.base);
    let response: Response;
    try {
      response = await this.fetchImpl(url, {
        method: 'POST',
        headers: { ...this.headers(sessionToken), 'content-type': contentType },
        body: new Uint8Array(bytes),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new TransientError(`The backend could not be reached (${(error as Error).message}).`);
    }
    const json = (await response.json().catch(() => ({}))) as {
      name?: string;
      url?: string;
      code?: number;
      error?: string;
    };
    if (!response.ok || !json.name) {
      if (typeof json.code === 'number')
        throw classifyParseError(json.code, json.error ?? `HTTP ${response.status}`, response.status);
      throw new TransientError(`File upload answered ${response.status}.`, response.status);
    }
    return { name: json.name, url: json.url ?? '' };
  }

  /** Downloads a Parse File by its URL (Parse serves files to anyone holding the URL and the app id). */
  async downloadFile(fileUrl: string): Promise<Buffer> {
    let response: Response;
    try {
      response = await this.fetchImpl(fileUrl, {
        headers: { 'x-parse-application-id': this.connection.appId },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new TransientError(`The backend could not be reached (${(error as Error).message}).`);
    }
    if (!response.ok)
      throw response.status >= 500
        ? new TransientError(`File download answered ${response.status}.`)
        : new PermanentError(`File download answered ${response.status}.`, response.status);
    return Buffer.from(await response.arrayBuffer());
  }

  /**
   * Runs sub-requests in one /batch call; each sub-result is classified on its own. A call refused for its
   * size throws {@link BatchTooLargeError}; any other failure of the call as a whole throws as classified.
   *
   * `allOrNothing` asks the server to run them in one database transaction (Parse's `transaction: true`):
   * every one is stored or none is, and a refusal of any one fails the whole call (Parse Server answers 500
   * without saying which).
   */
  async batch(
    requests: BatchRequest[],
    sessionToken: string,
    options: { allOrNothing?: boolean } = {},
  ): Promise<BatchResult[]> {
    const body = {
      requests: requests.map((r) => ({ method: r.method, path: `${this.mountPath}/${r.path}`, body: r.body })),
      ...(options.allOrNothing ? { transaction: true } : {}),
    };
    let results: ({ success: Record<string, unknown> } | { error: { code: number; error: string } })[];
    try {
      results = await this.request('POST', 'batch', { body, sessionToken });
    } catch (error) {
      throw tooLarge(error, requests.length) ?? error;
    }
    if (!Array.isArray(results) || results.length !== requests.length) {
      throw new TransientError('The backend answered a batch of changes with something else.');
    }
    return results.map((result) =>
      'success' in result
        ? { success: result.success }
        : { error: classifyParseError(result.error.code, result.error.error) },
    );
  }
}

import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

// Test support: an HTTP proxy on 127.0.0.1 between a workstation and the backend that misbehaves on a
// share of requests the way networks do: the connection drops before the server sees the request, the
// server answers 500, the answer is slow, or (worst) the server commits and the answer is lost.

export type Fault = 'drop' | 'error500' | 'latency' | 'lostResponse';

export interface FaultProxyOptions {
  target: string;
  /** Share of requests that get a fault (0..1). */
  rate: number;
  /** Deterministic randomness, so a failure can be replayed. */
  random: () => number;
  faults?: readonly Fault[];
  /** Bodies larger than this get 413 and an HTML page, as a front proxy's body-size limit answers. */
  maxBodyBytes?: number;
  /**
   * /batch calls with more sub-requests than this are refused as Parse Server refuses them under a lower
   * `requestComplexity.batchRequestLimit` (a hosted plan's, say) than the test backend's own 100.
   */
  maxBatchRequests?: number;
}

export interface FaultProxy {
  url: string;
  counts: Record<Fault | 'ok' | 'refusedBatch', number>;
  setRate(rate: number): void;
  close(): Promise<void>;
}

export { seeded } from '../../shared/seeded-random';

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(options.target);
  const faults = options.faults ?? ['drop', 'error500', 'latency', 'lostResponse'];
  let rate = options.rate;
  const counts: FaultProxy['counts'] = { ok: 0, drop: 0, error500: 0, latency: 0, lostResponse: 0, refusedBatch: 0 };

  const forward = (
    req: IncomingMessage,
    body: Buffer,
    onResponse: (status: number, headers: IncomingMessage['headers'], data: Buffer) => void,
    onError: () => void,
  ) => {
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: req.url,
        method: req.method,
        headers: { ...req.headers, host: target.host },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => onResponse(res.statusCode ?? 502, res.headers, Buffer.concat(chunks)));
      },
    );
    upstream.on('error', onError);
    upstream.end(body);
  };

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (options.maxBodyBytes !== undefined && body.length > options.maxBodyBytes) {
        res.writeHead(413, { 'content-type': 'text/html' });
        return res.end('<html><body><h1>413 Request Entity Too Large</h1></body></html>');
      }
      if (options.maxBatchRequests !== undefined && req.method === 'POST' && req.url?.endsWith('/batch')) {
        const sent = (JSON.parse(body.toString('utf8')) as { requests?: unknown[] }).requests?.length ?? 0;
        if (sent > options.maxBatchRequests) {
          counts.refusedBatch++;
          res.writeHead(400, { 'content-type': 'application/json' });
          return res.end(
            JSON.stringify({
              code: 107,
              error: `Batch request contains ${sent} sub-requests, which exceeds the limit of ${options.maxBatchRequests}.`,
            }),
          );
        }
      }
      const fault = options.random() < rate ? faults[Math.floor(options.random() * faults.length)]! : null;
      counts[fault ?? 'ok']++;
      const reply = (status: number, headers: IncomingMessage['headers'], data: Buffer) => {
        const { 'content-length': _len, 'transfer-encoding': _te, connection: _c, ...rest } = headers;
        res.writeHead(status, { ...rest, 'content-length': data.length });
        res.end(data);
      };
      const broken = () => res.destroy();
      switch (fault) {
        case 'drop':
          return res.socket?.destroy();
        case 'error500':
          res.writeHead(500, { 'content-type': 'text/plain' });
          return res.end('Internal Server Error');
        case 'latency':
          return setTimeout(() => forward(req, body, reply, broken), 50 + Math.floor(options.random() * 400));
        case 'lostResponse':
          // The server does the work; the workstation never hears back.
          return forward(req, body, () => res.socket?.destroy(), broken);
        default:
          return forward(req, body, reply, broken);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${target.pathname}`,
    counts,
    setRate: (r) => (rate = r),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

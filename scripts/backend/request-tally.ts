import type http from 'node:http';
import type express from 'express';

// Test only: the local server counts the requests it receives (REST, batch, files, and LiveQuery's connection
// request), so a test can hold a workstation's own count against the server's. Each is counted under the
// test's label (an `x-loupe-test-desk` header its fetch adds) or else under its session token: a file
// download carries no token, and LiveQuery's connection request carries no label.
// Read at GET /loupe-test/requests?key=… (the server listens on 127.0.0.1 only).

export const REQUEST_TALLY_PATH = '/loupe-test/requests';

export function tallyRequests(app: express.Express, server: http.Server) {
  const counts = new Map<string, number>();
  const note = (req: http.IncomingMessage) => {
    const key = req.headers['x-loupe-test-desk'] ?? req.headers['x-parse-session-token'];
    if (typeof key === 'string' && key) counts.set(key, (counts.get(key) ?? 0) + 1);
  };
  app.get(REQUEST_TALLY_PATH, (req, res) => {
    res.json({ count: counts.get(String(req.query.key ?? '')) ?? 0 });
  });
  app.use((req, _res, next) => {
    note(req);
    next();
  });
  server.on('upgrade', note);
}

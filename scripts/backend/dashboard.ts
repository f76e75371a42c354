// Parse Dashboard (npm `parse-dashboard`) for the local backend: the tool dealers and other apps' developers
// use on Back4app, here to try what other apps do to the data Loupe shares (edit a row, delete one, leave a
// required field empty). Loopback only, behind a sign-in; it holds the master key.

import http from 'node:http';
import type net from 'node:net';
import { createRequire } from 'node:module';
import express from 'express';

/** Local development credentials, fixed like the backend's own keys. */
export const DASHBOARD_USER = 'dashboard';
export const DASHBOARD_PASSWORD = 'loupe-dashboard';
const MOUNT = '/dashboard';

export interface RunningDashboard {
  url: string;
  stop(): Promise<void>;
}

type DashboardFactory = (config: object, options: object) => express.Express;

export async function startDashboard(
  backend: { serverURL: string; appId: string; masterKey: string },
  port: number,
): Promise<RunningDashboard> {
  const ParseDashboard = createRequire(import.meta.url)('parse-dashboard') as DashboardFactory;
  const dashboard = ParseDashboard(
    {
      apps: [
        {
          serverURL: backend.serverURL,
          appId: backend.appId,
          masterKey: backend.masterKey,
          appName: 'Loupe (local backend)',
        },
      ],
      users: [{ user: DASHBOARD_USER, pass: DASHBOARD_PASSWORD }],
    },
    { cookieSessionSecret: `${backend.masterKey}-dashboard-session` },
  );
  const app = express();
  app.use(MOUNT, dashboard);
  const server = http.createServer(app);
  const bound = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
  });
  return {
    url: `http://127.0.0.1:${bound}${MOUNT}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

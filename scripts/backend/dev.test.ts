// `npm run backend:dev` as a person runs it: it prints how to connect, keeps its data across restarts,
// seeds the demo once, and stops cleanly on Ctrl+C.

import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'loupe-dev-'));
chmodSync(dataDir, 0o755); // PostgreSQL may run as another user (when the tests run as root)
const running: ChildProcess[] = [];
afterAll(() => {
  for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

/** Starts the dev server (its own Parse Server, in its own process) and waits until it is ready. */
async function startDev(): Promise<{ child: ChildProcess; output: () => string }> {
  // tsx directly rather than through npm, so the signal goes to the process that handles it
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'scripts/backend/dev.ts', '--data-dir', dataDir, '--port', '0'],
    {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  running.push(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += String(chunk)));
  child.stderr!.on('data', (chunk: Buffer) => (output += String(chunk)));
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => output.includes('Press Ctrl+C to stop.') && (clearInterval(timer), resolve()), 50);
    child.once('exit', (code) => (clearInterval(timer), reject(new Error(`backend:dev exited (${code}):\n${output}`))));
  });
  return { child, output: () => output };
}

async function interrupt(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGINT');
  return exited;
}

test('backend:dev prints its connection details, keeps data across restarts and stops cleanly', async () => {
  const first = await startDev();
  const printed = first.output();
  expect(printed).toContain(`Data folder: ${dataDir}`);
  const serverURL = /Server URL\s+(http:\/\/127\.0\.0\.1:\d+\/parse)/.exec(printed)?.[1];
  expect(serverURL).toBeDefined();
  expect(printed).toMatch(/LiveQuery URL\s+ws:\/\/127\.0\.0\.1:\d+\/parse/);
  expect(printed).toMatch(/Application ID\s+loupe-local/);
  expect(printed).toMatch(/JavaScript key\s+\S+/);
  expect(printed).toMatch(/REST API key\s+\S+/);
  expect(printed).toMatch(/Master key\s+\S+\s+\(backend:apply only/);
  expect(printed).toMatch(/demo\.admin\s+password loupe-demo-admin/);
  expect(printed).toMatch(/demo\.practitioner\s+password loupe-demo-practitioner/);
  expect(printed).toMatch(/Created \d+ demo rows\./);
  const health = await fetch(`${serverURL}/health`);
  expect(health.ok).toBe(true);
  await expectDashboard(printed);

  expect(await interrupt(first.child)).toBe(0);
  expect(first.output()).toContain('Stopped.');
  expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false); // PostgreSQL shut down cleanly
  expect(existsSync(path.join(dataDir, 'backend.lock'))).toBe(false);

  const second = await startDev();
  expect(second.output()).toContain('Demo data already present.');
  expect(second.output()).toContain('Schema: up to date.');
  expect(await interrupt(second.child)).toBe(0);
});

/** Parse Dashboard is printed with its address and sign-in, on loopback, and shows this backend's app once signed in. */
async function expectDashboard(printed: string) {
  const [, url, user, password] =
    /(http:\/\/127\.0\.0\.1:\d+\/dashboard)\s+sign in as (\S+), password (\S+)/.exec(printed) ?? [];
  expect(url, 'the dashboard address').toBeDefined();
  const config = `${url}/parse-dashboard-config.json`;
  expect((await fetch(config)).status).toBe(401); // nothing without signing in
  const page = await fetch(`${url}/login`);
  const cookie = page.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const csrf = JSON.parse(
    /<script id="csrf" type="application\/json">([^<]*)<\/script>/.exec(await page.text())![1]!,
  ) as string;
  const signIn = await fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ username: user!, password: password!, _csrf: csrf }).toString(),
  });
  expect(signIn.status).toBe(302);
  expect(signIn.headers.get('location')).toBe('/dashboard/apps');
  // The session is renewed on signing in: the newest cookie of each name counts.
  const jar = new Map(
    [...page.headers.getSetCookie(), ...signIn.headers.getSetCookie()].map(
      (c) => c.split(';')[0]!.split('=') as [string, string],
    ),
  );
  const session = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
  const apps = (await (await fetch(config, { headers: { cookie: session } })).json()) as { apps: { appId: string }[] };
  expect(apps.apps.map((a) => a.appId)).toEqual(['loupe-local']);
}

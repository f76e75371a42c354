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
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/backend/dev.ts', '--data-dir', dataDir, '--port', '0'], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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

  expect(await interrupt(first.child)).toBe(0);
  expect(first.output()).toContain('Stopped.');
  expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false); // PostgreSQL shut down cleanly
  expect(existsSync(path.join(dataDir, 'backend.lock'))).toBe(false);

  const second = await startDev();
  expect(second.output()).toContain('Demo data already present.');
  expect(second.output()).toContain('Schema: up to date.');
  expect(await interrupt(second.child)).toBe(0);
});

// The local backend's PostgreSQL survives a crashed run: a stale lock, an orphaned server, a reused pid.

import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { isRunning, startPostgres } from './local-server';

const LOCAL_SERVER = fileURLToPath(new URL('./local-server.ts', import.meta.url));
const dir = mkdtempSync(path.join(os.tmpdir(), 'loupe-crash-'));
chmodSync(dir, 0o755); // PostgreSQL may run as another user (when the tests run as root)
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** Running, not a zombie: a killed orphan can linger as one where nothing reaps it. */
const alive = isRunning;
const postmasterPid = () => Number(readFileSync(path.join(dir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);

/** A backend process that starts PostgreSQL, writes a row, and then can be killed without cleaning up. */
async function crashingBackend(): Promise<ChildProcess> {
  const script = path.join(dir, 'crashing-backend.ts');
  writeFileSync(
    script,
    `import { startPostgres } from ${JSON.stringify(LOCAL_SERVER)};
(async () => {
  const pg = await startPostgres({ dataDir: process.argv[2]!, fast: true });
  await pg.query('loupe', 'CREATE TABLE IF NOT EXISTS crash_probe (note text)');
  await pg.query('loupe', "INSERT INTO crash_probe VALUES ('written before the crash')");
  console.log('ready');
  setInterval(() => undefined, 1000);
})();
`,
  );
  const child = spawn(process.execPath, ['--import', 'tsx', script, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => String(chunk).includes('ready') && resolve());
    child.on('exit', (code) => reject(new Error(`the backend process exited early (${code})`)));
  });
  return child;
}

describe('starting PostgreSQL on a data folder', () => {
  test('refuses a folder a live backend uses, then takes over after that backend crashed', async () => {
    const child = await crashingBackend();
    await expect(startPostgres({ dataDir: dir, fast: true })).rejects.toThrow(
      /Another Loupe backend \(process \d+\) is using/,
    );

    child.kill('SIGKILL'); // a crash: no cleanup, PostgreSQL keeps running without its owner
    await new Promise((r) => child.once('exit', r));
    const orphan = postmasterPid();
    expect(alive(orphan)).toBe(true);

    const messages: string[] = [];
    const pg = await startPostgres({ dataDir: dir, fast: true, log: (m) => messages.push(m) });
    try {
      expect(messages.join('\n')).toMatch(/Stopping the PostgreSQL a previous run left behind/);
      expect(alive(orphan)).toBe(false);
      const { rows } = await pg.query('loupe', 'SELECT note FROM crash_probe');
      expect(rows).toEqual([{ note: 'written before the crash' }]);
    } finally {
      await pg.stop();
    }
  });

  test('starts when postmaster.pid names a live process that is not its PostgreSQL', async () => {
    // After a reboot the pid in a stale postmaster.pid can belong to anything; PostgreSQL would refuse.
    writeFileSync(
      path.join(dir, 'postgres', 'postmaster.pid'),
      `${process.pid}\n${path.join(dir, 'postgres')}\n0\n5432\n\n\n\n`,
    );
    const pg = await startPostgres({ dataDir: dir, fast: true });
    try {
      expect((await pg.query('loupe', 'SELECT count(*)::int AS n FROM crash_probe')).rows).toEqual([{ n: 1 }]);
    } finally {
      await pg.stop();
    }
    expect(alive(process.pid)).toBe(true); // and it was left alone
  });
});

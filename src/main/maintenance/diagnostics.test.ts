import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../cli/main';
import { SECRETS_FILE } from '../core/create-core';
import { FileSecretStore } from '../sync/secrets';
import { refusal, signedInAdmin, signedInAs } from '../test-support/core';
import { startTestHolder } from '../test-support/maintenance';
import { assertNoSecrets, SecretLeakError } from './diagnostics';
import { logsFolder, RotatingFileLogger } from './logger';
import { Redactor } from './redact';

const cleanups: (() => void)[] = [];
afterEach(() =>
  cleanups
    .splice(0)
    .reverse()
    .forEach((f) => f()),
);

const SESSION_TOKEN = 'r:3f1c9a7be2d04c6f8a51b7e09d2c4f6a';
const PASSWORD = 'Opal-Vault-Passphrase-2718';
const MASTER_KEY = 'mk_9a8b7c6d5e4f3a2b1c0d';
const LAUNCH_TOKEN = 'K7rQ2xVb9mLp4tZs8wNe1yHc6uJd3fGa0oXi5kRb';

function everyFile(zip: Uint8Array): Record<string, string> {
  return Object.fromEntries(Object.entries(unzipSync(zip)).map(([name, data]) => [name, strFromU8(data)]));
}

describe('export diagnostics', () => {
  it('zips the logs and the doctor report with no session token, password or master key in it', async () => {
    const redactor = new Redactor();
    const holderDir = await startTestHolder({
      redactor,
      extraSecrets: () => [LAUNCH_TOKEN],
    });
    cleanups.push(() => holderDir.dispose());
    const { dir } = holderDir;
    const logger = new RotatingFileLogger({ dir: logsFolder(dir), name: 'host', redactor });

    // The secrets are in the system: a backend session in the secret store, a password typed at sign-in.
    new FileSecretStore(join(dir, SECRETS_FILE)).set('session:someone', SESSION_TOKEN);
    const admin = await signedInAdmin(holderDir.core);

    // Code that tried to log them (each shape a careless line might take).
    logger.info(`sign-in attempt for amara password=${PASSWORD}`);
    logger.info('connect', {
      username: 'amara',
      password: PASSWORD,
      sessionToken: SESSION_TOKEN,
      masterKey: MASTER_KEY,
    });
    logger.error(`push failed: {"X-Parse-Session-Token":"${SESSION_TOKEN}","X-Parse-Master-Key":"${MASTER_KEY}"}`);
    logger.warn(`replicator saw ${SESSION_TOKEN} in a response`);
    logger.info(`environment LOUPE_MASTER_KEY=${MASTER_KEY}`);
    logger.info(`Loupe is ready at http://127.0.0.1:4000/?token=${LAUNCH_TOKEN}`);
    logger.error(new Error(`Authorization: Bearer ${SESSION_TOKEN} was refused`).stack ?? '');
    // A log written without redaction (an older Loupe, another tool): the export redacts it again.
    writeFileSync(
      join(logsFolder(dir), 'main.old.log'),
      `2025-01-01 [info] session ${SESSION_TOKEN} launch ${LAUNCH_TOKEN}\n{"password":"${PASSWORD}"}\n`,
    );

    // Redacted on the way into the log file already.
    const onDisk = readFileSync(join(logsFolder(dir), 'host.log'), 'utf8');
    for (const secret of [SESSION_TOKEN, PASSWORD, MASTER_KEY]) expect(onDisk).not.toContain(secret);
    expect(onDisk).toContain('sign-in attempt for amara password=[redacted]');

    const bundle = await admin.app.diagnostics.export();
    expect(bundle.fileName).toMatch(/^loupe-diagnostics-.*\.zip$/);
    const files = everyFile(Buffer.from(bundle.data, 'base64'));
    expect(Object.keys(files).sort()).toEqual([
      'README.txt',
      'doctor.json',
      'doctor.txt',
      'logs/host.log',
      'logs/main.old.log',
    ]);
    expect(files['doctor.txt']).toMatch(/^Loupe doctor — /);
    expect(files['logs/host.log']).toContain('replicator saw r:[redacted] in a response');
    for (const [name, text] of Object.entries(files)) {
      for (const secret of [SESSION_TOKEN, PASSWORD, MASTER_KEY, LAUNCH_TOKEN, ADMIN_PASSWORD]) {
        expect(text.includes(secret), `${secret} in ${name}`).toBe(false);
      }
    }
    // Nor any trace of the database or the secret store.
    expect(Object.keys(files).some((n) => /\.db|secrets/.test(n))).toBe(false);
  });

  it('refuses to hand out a bundle in which a secret survived', () => {
    const zip = zipSync({ 'logs/x.log': strToU8(`oops ${SESSION_TOKEN}`) });
    expect(() => assertNoSecrets(zip, [SESSION_TOKEN])).toThrow(SecretLeakError);
    expect(() => assertNoSecrets(zip, ['something-else'])).not.toThrow();
  });

  it('is for administrators; the CLI writes the same zip', async () => {
    const t = await startTestHolder();
    cleanups.push(() => t.dispose());
    await signedInAdmin(t.core);
    const coordinator = await signedInAs(t.core, 'coordinator');
    expect(await refusal(coordinator.app.diagnostics.export())).toMatchObject({ code: 'FORBIDDEN' });

    new FileSecretStore(join(t.dir, SECRETS_FILE)).set('session:x', SESSION_TOKEN);
    mkdirSync(logsFolder(t.dir), { recursive: true });
    writeFileSync(join(logsFolder(t.dir), 'host.log'), `token ${SESSION_TOKEN}\n`);
    const out: string[] = [];
    const zipFile = join(t.dir, 'out.zip');
    expect(
      await runCli(['diagnostics', '--out', zipFile, '--data-dir', t.dir], {
        out: (s) => void out.push(s),
        err: () => {},
      }),
    ).toBe(0);
    const files = everyFile(readFileSync(zipFile));
    expect(files['logs/host.log']).toBe('token [redacted]\n');
    expect(readdirSync(t.dir)).toContain('out.zip');
  });
});

const ADMIN_PASSWORD = 'correct horse battery';

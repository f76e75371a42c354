// `npm run backend:apply`: idempotent, reports what it did, and never drops or retypes a field.

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { loadSchema, main, type LoupeSchema } from './apply';
import { freePort } from './local-server';
import { backend, create, fetchAsMaster, must, rest, unique } from './test-support';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);
const target = ['--server-url', backend.serverURL, '--app-id', backend.appId, '--master-key', backend.masterKey];

const tmp = mkdtempSync(path.join(os.tmpdir(), 'loupe-apply-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs the CLI in this process (fast), capturing what it prints. */
async function apply(args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void lines.push(a.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void lines.push(a.join(' ')));
  try {
    const code = await main(args);
    return { code, out: lines.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

function schemaFile(schema: LoupeSchema): string {
  const file = path.join(tmp, `${unique('schema')}.json`);
  writeFileSync(file, JSON.stringify(schema));
  return file;
}

const authenticated = { requiresAuthentication: true };
const probeCLP = (create: Record<string, boolean>) => ({
  find: authenticated,
  count: authenticated,
  get: authenticated,
  create,
  update: { 'role:admin': true },
  delete: { 'role:admin': true },
  addField: {},
  protectedFields: { '*': [] },
});

describe('backend:apply', () => {
  test('the first run, on the fresh test server, created the classes, fields, permissions, roles and indexes', () => {
    const { changes, conflicts } = backend.startupApply;
    expect(conflicts).toEqual([]);
    for (const className of [
      'Buyer',
      'Gemstone',
      'CustodyEvent',
      'CertificateLog',
      'PurchaseInquiry',
      'Activity',
      'Tombstone',
    ]) {
      expect(
        changes.some((c) => c.startsWith(`created class ${className} with fields`)),
        className,
      ).toBe(true);
    }
    expect(changes).toEqual(
      expect.arrayContaining([
        'added field _User.role (String)',
        'added field _User.fullName (String)',
        'updated class-level permissions of _User',
        'created role admin',
        'created role coordinator',
        'created role practitioner',
        'created index Gemstone.Gemstone_pull',
        'created index Gemstone.Gemstone_unique_clientId',
        'created index PurchaseInquiry.PurchaseInquiry_one_reservation',
      ]),
    );
  });

  test('`npm run backend:apply` again reports no changes and exits 0', async () => {
    const { stdout } = await run('npm', ['run', '--silent', 'backend:apply', '--', ...target], { cwd: REPO });
    expect(stdout).toContain("No changes: the server already matches Loupe's schema.");
    expect(stdout).not.toMatch(/^\+ /m);
    expect(stdout).not.toMatch(/^! /m);
  });

  test('a field whose type differs on the server is reported and left alone; the rest is applied', async () => {
    const className = unique('ApplyProbe').replace('-', '');
    must(await rest('master', 'POST', `/schemas/${className}`, { className, fields: { weight: { type: 'String' } } }));
    const row = await create('master', className, { weight: 'heavy' });
    const file = schemaFile({
      roles: loadSchema().roles,
      classes: [
        {
          className,
          fields: { weight: { type: 'Number', required: false }, label: { type: 'String', required: false } },
          classLevelPermissions: probeCLP({ 'role:admin': true }),
        },
      ],
    });

    const first = await apply([...target, '--schema', file]);
    expect(first.code).toBe(3);
    expect(first.out).toContain(
      `! ${className}.weight is String on the server but Loupe expects Number; left unchanged.`,
    );
    expect(first.out).toContain(`+ added field ${className}.label (String)`);
    expect(first.out).toContain(`+ updated class-level permissions of ${className}`);

    const fields = must(await rest('master', 'GET', `/schemas/${className}`)).fields as Record<
      string,
      { type: string }
    >;
    expect(fields.weight?.type).toBe('String');
    expect(fields.label?.type).toBe('String');
    expect((await fetchAsMaster(className, row)).weight).toBe('heavy');

    const second = await apply([...target, '--schema', file]);
    expect(second.code).toBe(3); // still needs a person
    expect(second.out).toContain("No changes: the server already matches Loupe's schema.");
    expect(second.out).toContain(`! ${className}.weight is String`);
  });

  test('--dry-run reports what it would change and changes nothing', async () => {
    const className = unique('ApplyDry').replace('-', '');
    must(
      await rest('master', 'POST', `/schemas/${className}`, {
        className,
        fields: { note: { type: 'String' } },
        classLevelPermissions: probeCLP({}),
      }),
    );
    const file = schemaFile({
      roles: loadSchema().roles,
      classes: [
        {
          className,
          fields: { note: { type: 'String', required: false } },
          classLevelPermissions: probeCLP({ 'role:coordinator': true }),
        },
      ],
    });
    const dry = await apply([...target, '--schema', file, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain(`would: updated class-level permissions of ${className}`);
    const clp = must(await rest('master', 'GET', `/schemas/${className}`)).classLevelPermissions as Record<
      string,
      unknown
    >;
    expect(clp.create).toEqual({});

    expect((await apply([...target, '--schema', file])).code).toBe(0);
    const after = must(await rest('master', 'GET', `/schemas/${className}`)).classLevelPermissions as Record<
      string,
      unknown
    >;
    expect(after.create).toEqual({ 'role:coordinator': true });
    expect((await apply([...target, '--schema', file])).out).toContain('No changes');
  });

  test('a required flag that differs is noted, not treated as a failure', async () => {
    const className = unique('ApplyReq').replace('-', '');
    must(
      await rest('master', 'POST', `/schemas/${className}`, {
        className,
        fields: { code: { type: 'String' } },
        classLevelPermissions: probeCLP({}),
      }),
    );
    const file = schemaFile({
      roles: loadSchema().roles,
      classes: [
        { className, fields: { code: { type: 'String', required: true } }, classLevelPermissions: probeCLP({}) },
      ],
    });
    const result = await apply([...target, '--schema', file]);
    expect(result.code).toBe(0);
    expect(result.out).toContain(
      `note: ${className}.code is not required on the server but Loupe's schema says required`,
    );
  });

  test('exit codes: 1 when the server refuses the key or cannot be reached, 2 for a bad command line', async () => {
    const refused = await apply([
      '--server-url',
      backend.serverURL,
      '--app-id',
      backend.appId,
      '--master-key',
      'not-the-key',
    ]);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/refused the app id or master key/);
    const nowhere = await apply([
      '--server-url',
      `http://127.0.0.1:${await freePort()}/parse`,
      '--app-id',
      'x',
      '--master-key',
      'y',
    ]);
    expect(nowhere.code).toBe(1);
    expect(nowhere.out).toMatch(/Cannot reach the Parse Server/);
    expect((await apply(['--server-url', backend.serverURL])).code).toBe(2);
    expect((await apply(['--bogus'])).code).toBe(2);
  });
});

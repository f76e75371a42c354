import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../cli/main';
import { aStone, refusal, signedInAdmin, signedInAs, startTestCore, type TestCore } from '../test-support/core';
import { damagePage, rootPageOf } from '../test-support/maintenance';
import { formatDoctorReport, runDoctor } from './doctor';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f();
});

async function core(): Promise<TestCore> {
  const t = await startTestCore();
  cleanups.push(() => t.dispose());
  return t;
}

function cli() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (s: string) => void out.push(s), err: (s: string) => void err.push(s) } };
}

/** A stand-in backend answering GET /health like Parse Server does. */
async function healthServer(status = 200): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    res.writeHead(req.url === '/parse/health' ? status : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 'ok' }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  cleanups.push(() => new Promise((r) => server.close(r)));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/parse`, server };
}

const options = (t: TestCore) => ({
  databaseFile: t.core.databaseFile,
  dataDir: t.dir,
  backupFolder: join(t.dir, 'backups'),
  version: '9.9.9',
});

describe('the doctor', () => {
  it('reports a healthy workstation: integrity, migrations, waiting changes, refused ones, backend and backups', async () => {
    const t = await core();
    const admin = await signedInAdmin(t.core);
    await admin.inventory.create(aStone({ sku: 'WAITING-1', certificateNumber: null }));
    const backend = await healthServer();
    t.core.store.sqlite
      .prepare("INSERT INTO settings (key, value, updatedAt) VALUES ('backend', ?, 0)")
      .run(JSON.stringify({ serverURL: backend.url, appId: 'app', clientKey: 'client-key-secret' }));
    t.core.store.sqlite
      .prepare(
        "INSERT INTO sync_dead_letters (entity, recordId, op, message, createdAt) VALUES ('Gemstone', 'x', 'update', 'Validation failed', ?)",
      )
      .run(Date.now() - 1000);
    await admin.app.backups.backUpNow();

    const report = await runDoctor(options(t));
    expect(report.integrity).toMatchObject({ level: 'full', ok: true, problems: [] });
    expect(report.migrations.pending).toEqual([]);
    expect(report.migrations.unknown).toEqual([]);
    expect(report.outbox.pending).toBeGreaterThanOrEqual(1);
    expect(report.outbox.oldestPendingAt).toBeLessThanOrEqual(Date.now());
    expect(report.deadLetters.open).toBe(1);
    expect(report.backend).toMatchObject({ configured: true, serverURL: backend.url, reachable: true });
    expect(report.backups.count).toBe(1);
    expect(report.verdict).toBe('attention');
    expect(report.findings).toEqual([expect.stringMatching(/1 change\(s\) were refused by the backend/)]);

    const text = formatDoctorReport(report);
    expect(text).toMatch(/^Integrity {3}ok \(integrity_check/m);
    expect(text).toMatch(/^Backend {5}http:\/\/127\.0\.0\.1:\d+\/parse — reachable \(HTTP 200/m);
    expect(text).not.toContain('client-key-secret');

    await new Promise((r) => backend.server.close(r));
    const offline = await runDoctor({ ...options(t), level: 'quick', backendTimeoutMs: 2000 });
    expect(offline.backend).toMatchObject({ reachable: false, detail: expect.stringMatching(/not reachable/) });
    expect(offline.findings.join('\n')).toMatch(/The backend not reachable/);
  });

  it('on a deliberately damaged database says DAMAGED, names the problem and points at the backup', async () => {
    const t = await core();
    const admin = await signedInAdmin(t.core);
    for (let i = 0; i < 100; i++) await admin.inventory.create(aStone({ sku: `D-${i}`, certificateNumber: null }));
    await admin.app.backups.backUpNow();
    await t.core.close();
    damagePage(t.core.databaseFile, rootPageOf(t.core.databaseFile, 'gemstones'));

    const { out, io } = cli();
    expect(await runCli(['doctor', '--data-dir', t.dir], io)).toBe(1);
    const text = out.join('\n');
    expect(text).toMatch(/^Integrity {3}DAMAGED — /m);
    expect(text).toMatch(/Restore the latest good backup/);
    expect(text).toMatch(/^Backups {5}1 in /m);

    // Not a database at all: still a report, not a stack trace.
    writeFileSync(t.core.databaseFile, 'garbage'.repeat(2000));
    const json = cli();
    expect(await runCli(['doctor', '--json', '--data-dir', t.dir], json.io)).toBe(1);
    const report = JSON.parse(json.out.join(''));
    expect(report).toMatchObject({ verdict: 'damaged', integrity: { ok: false } });
  });

  it('runs from Settings for coordinators and administrators', async () => {
    const t = await core();
    const admin = await signedInAdmin(t.core);
    const { report, text } = await admin.app.doctor.run();
    expect(report.integrity.ok).toBe(true);
    expect(text).toMatch(/^Loupe doctor — /);
    const coordinator = await signedInAs(t.core, 'coordinator');
    expect((await coordinator.app.doctor.run()).report.verdict).not.toBe('damaged');
    const practitioner = await signedInAs(t.core, 'practitioner');
    expect(await refusal(practitioner.app.doctor.run())).toMatchObject({ code: 'FORBIDDEN' });
  });
});

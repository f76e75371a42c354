import { describe, expect, it } from 'vitest';
import {
  backend,
  workstationsForThisFile,
  master,
  serverStones,
  stone,
  uniqueSku,
  waitFor,
} from '../test-support/remote';

// A verification made offline on one workstation reaches the real backend (Parse Server with Loupe's
// Cloud Code) with its scanned report, moves the stone there, and shows up — report included — on a
// second workstation.

const workstation = workstationsForThisFile();

/** A small but real PDF, unique per run so the server cannot already hold the same bytes. */
const pdf = (marker: string) =>
  Buffer.from(
    `%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n% ${marker}\ntrailer <</Root 1 0 R>>\n%%EOF\n`,
  );

describe('certificates against the real backend', () => {
  it('a verification made offline reaches the server with its document and appears on a second workstation', async () => {
    const a = await workstation();
    const b = await workstation();
    const sku = uniqueSku('CERT');
    const created = await a.admin.inventory.create(stone(sku, { certificateStatus: 'pending' }));
    expect((await a.admin.sync.syncNow()).ok).toBe(true);
    expect((await b.admin.sync.syncNow()).ok).toBe(true);

    // A practitioner signs in on workstation A (online once, as every first sign-in is), then works
    // without the replicator running: the verification waits in the outbox.
    const practitioner = a.core.caller('a-practitioner');
    const { username, password, objectId: practitionerObjectId } = backend.demoUsers.practitioner;
    expect((await practitioner.auth.signIn({ username, password })).role).toBe('practitioner');
    const report = pdf(sku);
    const recorded = await practitioner.certificates.record({
      gemstone: created.id,
      issuedBy: 'GIA',
      certificateNumber: '2141234567',
      verificationResult: 'verified',
      notes: 'Matches the GIA report check',
      document: { fileName: `GIA ${sku}.pdf`, base64: report.toString('base64') },
    });
    expect(recorded.stone.certificateStatus).toBe('verified');
    expect(recorded.entry.replicated).toBe(false);
    expect((await a.admin.sync.status()).pendingChanges).toBe(1); // the entry only: the stone follows on the server

    const report1 = await a.admin.sync.syncNow();
    expect(report1.ok).toBe(true);
    expect((await a.admin.sync.status()).pendingChanges).toBe(0);
    expect(await a.admin.sync.deadLetters.list()).toEqual([]);

    // On the server: the entry, by the practitioner, with a Parse File serving the very same bytes …
    const { results } = await master(
      'GET',
      `/classes/CertificateLog?where=${encodeURIComponent(JSON.stringify({ clientId: recorded.entry.id }))}`,
    );
    expect(results).toHaveLength(1);
    const log = results[0];
    expect(log).toMatchObject({
      certificateNumber: '2141234567',
      issuedBy: 'GIA',
      verificationResult: 'verified',
      notes: 'Matches the GIA report check',
      verifiedBy: { __type: 'Pointer', className: '_User', objectId: practitionerObjectId },
      document: { __type: 'File' },
    });
    const served = await fetch(log.document.url, { headers: { 'x-parse-application-id': backend.appId } });
    expect(served.ok).toBe(true);
    expect(Buffer.from(await served.arrayBuffer())).toEqual(report);
    // … and Cloud Code moved the stone (the workstation never pushed the stone itself).
    const onServer = await waitFor(async () => {
      const [found] = await serverStones({ sku });
      return found?.certificateStatus === 'verified' ? found : null;
    });
    expect(onServer).toMatchObject({ certificateNumber: '2141234567', certificateStatus: 'verified' });

    // Workstation B syncs: the stone's status, the entry, and the report on demand.
    expect((await b.admin.sync.syncNow()).ok).toBe(true);
    const stoneOnB = (await b.admin.inventory.list({ filter: { text: sku } })).rows[0]!;
    expect(stoneOnB).toMatchObject({ sku, certificateNumber: '2141234567', certificateStatus: 'verified' });
    const timeline = await b.admin.certificates.timeline({ gemstone: stoneOnB.id });
    // The verification, after the entry that records the stone was added as pending.
    expect(timeline.entries.map((e) => e.verificationResult)).toEqual(['verified', 'status_change']);
    const entryOnB = timeline.entries[0]!;
    expect(entryOnB).toMatchObject({
      id: recorded.entry.id, // the local id travels as clientId
      verificationResult: 'verified',
      verifiedByName: expect.any(String),
      replicated: true,
      document: {
        fileName: expect.stringMatching(/\.pdf$/),
        contentType: 'application/pdf',
        kept: false,
        uploaded: true,
      },
    });
    const opened = await b.admin.certificates.document({ id: entryOnB.id });
    expect(Buffer.from(opened.base64, 'base64')).toEqual(report);
    expect((await b.admin.certificates.get({ id: entryOnB.id })).document?.kept).toBe(true);
    // B's awaiting-verification queue no longer holds the stone.
    expect((await b.admin.certificates.queue({ limit: 1000 })).rows.map((s) => s.sku)).not.toContain(sku);

    // A report attached later to an entry already on the server goes up as an update of that one field
    // (Cloud Code lets it through: the report is not part of the verification).
    const later = await b.admin.certificates.record({
      gemstone: stoneOnB.id,
      issuedBy: 'GIA',
      certificateNumber: '2141234567',
      verificationResult: 'verified',
    });
    expect((await b.admin.sync.syncNow()).ok).toBe(true);
    const scan = pdf(`${sku} second look`);
    await b.admin.certificates.attachDocument({
      id: later.entry.id,
      fileName: 'second look.pdf',
      base64: scan.toString('base64'),
    });
    expect((await b.admin.sync.syncNow()).ok).toBe(true);
    expect(await b.admin.sync.deadLetters.list()).toEqual([]);
    const attached = (
      await master(
        'GET',
        `/classes/CertificateLog?where=${encodeURIComponent(JSON.stringify({ clientId: later.entry.id }))}`,
      )
    ).results[0];
    expect(attached.document).toMatchObject({ __type: 'File' });
    const servedLater = await fetch(attached.document.url, { headers: { 'x-parse-application-id': backend.appId } });
    expect(Buffer.from(await servedLater.arrayBuffer())).toEqual(scan);

    // A's next sync brings the server's stone back unchanged: no conflict, still verified.
    expect((await a.admin.sync.syncNow()).ok).toBe(true);
    expect((await a.admin.inventory.get({ id: created.id })).certificateStatus).toBe('verified');
    expect(await a.admin.sync.conflicts.list()).toEqual([]);
  });

  it("a status change made on a workstation reaches the server's log as the same entry, and shows on a second workstation", async () => {
    const a = await workstation();
    const b = await workstation();
    const sku = uniqueSku('DOOR');
    const created = await a.admin.inventory.create(stone(sku, { certificateStatus: 'none', certificateNumber: null }));
    expect((await a.admin.sync.syncNow()).ok).toBe(true);
    await a.admin.inventory.update({
      id: created.id,
      changes: { certificateStatus: 'mismatch' },
      statusReason: 'Girdle inscription differs',
    });
    expect((await a.admin.sync.syncNow()).ok).toBe(true);
    await a.admin.inventory.update({
      id: created.id,
      changes: { certificateStatus: 'pending' },
      statusReason: 'Inscription re-read under the loupe',
    });
    expect((await a.admin.sync.syncNow()).ok).toBe(true);
    expect(await a.admin.sync.deadLetters.list()).toEqual([]);

    const local = (await a.admin.certificates.timeline({ gemstone: created.id })).entries;
    expect(local.map((e) => [e.statusFrom, e.statusTo, e.notes])).toEqual([
      ['mismatch', 'pending', 'Inscription re-read under the loupe'],
      ['none', 'mismatch', 'Girdle inscription differs'],
    ]);
    // Cloud Code wrote each entry under the workstation's id, so A's own entries are now on the server: one each.
    const [onServer] = await serverStones({ sku });
    const { results } = await master(
      'GET',
      `/classes/CertificateLog?where=${encodeURIComponent(JSON.stringify({ gemstone: { __type: 'Pointer', className: 'Gemstone', objectId: onServer.objectId } }))}`,
    );
    expect(results.map((r: { clientId: string }) => r.clientId).sort()).toEqual(local.map((e) => e.id).sort());
    // … and come back with the next pull as these same entries, not second copies.
    expect((await a.admin.sync.syncNow()).ok).toBe(true);
    expect((await a.admin.certificates.timeline({ gemstone: created.id })).entries).toMatchObject([
      { id: local[0]!.id, replicated: true },
      { id: local[1]!.id, replicated: true },
    ]);

    expect((await b.admin.sync.syncNow()).ok).toBe(true);
    const onB = (await b.admin.inventory.list({ filter: { text: sku } })).rows[0]!;
    expect(onB.certificateStatus).toBe('pending');
    const seenOnB = (await b.admin.certificates.timeline({ gemstone: onB.id })).entries;
    expect(seenOnB.map((e) => [e.statusFrom, e.statusTo, e.verifiedByName, e.recordedHere])).toEqual([
      ['mismatch', 'pending', local[0]!.verifiedByName, false],
      ['none', 'mismatch', local[0]!.verifiedByName, false],
    ]);
  });
});

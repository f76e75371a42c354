import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeStatusChange } from '../../shared/certificate-status';
import { createCore, type Caller, type Core } from '../core/create-core';
import { applyRemote } from '../sync/merge';
import { aStone, refusal, signedInAdmin, signedInAs, tempDataDir } from '../test-support/core';

// A stone's certificate status has one door: a recorded verification, or a change from the stone form, an
// import or another app that leaves its entry in the stone's certificate history (who, when, from → to,
// why). Out of mismatch only by a verification or an administrator's override with a reason; Verified only
// when a verification found it so. Real SQLite file, through the tRPC caller.

let data: ReturnType<typeof tempDataDir>;
let core: Core;
let now: number;
let admin: Caller;
let coordinator: Caller;
let practitioner: Caller;

beforeEach(async () => {
  data = tempDataDir();
  now = Date.parse('2026-03-02T10:00:00.000Z');
  core = await createCore({ dataDir: data.dir, clock: () => now, startSync: false });
  admin = await signedInAdmin(core);
  coordinator = await signedInAs(core, 'coordinator', 'carla');
  practitioner = await signedInAs(core, 'practitioner', 'pim');
});
afterEach(async () => {
  await core.close();
  data.remove();
});

const all = (sql: string, ...params: unknown[]) =>
  core.store.sqlite.prepare(sql).all(...params) as Record<string, unknown>[];
const snapshot = () => ({
  stones: all('SELECT * FROM gemstones ORDER BY id'),
  logs: all('SELECT * FROM certificate_logs ORDER BY id'),
  outbox: all('SELECT * FROM outbox ORDER BY id'),
});
/** The stone's certificate history as the stone drawer shows it, newest first, in words. */
async function history(stoneId: string) {
  const { entries } = await coordinator.certificates.timeline({ gemstone: stoneId });
  return entries.map((e) =>
    e.verificationResult === 'status_change'
      ? describeStatusChange(e)
      : `${e.issuedBy} ${e.certificateNumber}: ${e.verificationResult}`,
  );
}

/** The finding of issue 23: IGI 612345678 recorded as a mismatch by a practitioner. */
async function mismatchStone(sku = 'IG-1') {
  const stone = await admin.inventory.create(aStone({ sku, certificateNumber: null, certificateStatus: 'none' }));
  now += 60_000;
  await practitioner.certificates.record({
    gemstone: stone.id,
    issuedBy: 'IGI',
    certificateNumber: 'LG612345678',
    verificationResult: 'mismatch',
    notes: 'Report says 1.02 ct',
  });
  now += 60_000;
  return stone;
}

describe('the stone form', () => {
  it('does not clear a mismatch: a coordinator cannot set Verified or Pending, and nothing changes', async () => {
    const stone = await mismatchStone();
    const before = snapshot();
    const verified = await refusal(
      coordinator.inventory.update({ id: stone.id, changes: { certificateStatus: 'verified' } }),
    );
    expect(verified).toMatchObject({ reason: 'FORBIDDEN_ROLE', field: 'certificateStatus' });
    expect(verified.message).toMatch(/in mismatch\. It leaves mismatch when a practitioner records a new verification/);
    const pending = await refusal(
      coordinator.inventory.update({
        id: stone.id,
        changes: { certificateStatus: 'pending' },
        statusReason: 'Looks fine to me',
      }),
    );
    expect(pending).toMatchObject({ reason: 'FORBIDDEN_ROLE' });
    expect(snapshot()).toEqual(before);
    expect((await coordinator.inventory.get({ id: stone.id })).certificateStatus).toBe('mismatch');
    expect(await history(stone.id)).toEqual(['IGI LG612345678: mismatch']);
    // The form offers only what may be done.
    expect((await coordinator.inventory.formOptions({ id: stone.id })).certificateStatuses).toEqual(['mismatch']);
  });

  it('lets an administrator lift a mismatch only with a reason, and keeps who, when, from → to and why', async () => {
    const stone = await mismatchStone();
    expect((await admin.inventory.formOptions({ id: stone.id })).certificateStatuses).toEqual([
      'none',
      'pending',
      'mismatch',
    ]);
    const before = snapshot();
    const noReason = await refusal(
      admin.inventory.update({ id: stone.id, changes: { certificateStatus: 'pending' }, statusReason: '   ' }),
    );
    expect(noReason).toMatchObject({
      reason: 'CERTIFICATE_MISMATCH',
      field: 'statusReason',
      message: expect.stringMatching(/Say why you lift the mismatch/),
    });
    // Not to Verified either: the log holds a mismatch, not a verification.
    const verified = await refusal(
      admin.inventory.update({ id: stone.id, changes: { certificateStatus: 'verified' }, statusReason: 'I trust it' }),
    );
    expect(verified).toMatchObject({ reason: 'CERTIFICATE_NOT_VERIFIED' });
    expect(snapshot()).toEqual(before);

    core.store.sqlite.prepare('DELETE FROM outbox').run(); // as if everything had been pushed already
    await admin.inventory.update({
      id: stone.id,
      changes: { certificateStatus: 'pending' },
      statusReason: 'Lab re-issued the report; re-check it',
    });
    expect((await coordinator.inventory.get({ id: stone.id })).certificateStatus).toBe('pending');
    expect(await history(stone.id)).toEqual([
      'Status changed from Mismatch to Pending by Amara Okafor — reason: Lab re-issued the report; re-check it',
      'IGI LG612345678: mismatch',
    ]);
    const [change] = (await coordinator.certificates.timeline({ gemstone: stone.id })).entries;
    expect(change).toMatchObject({
      verifiedAt: '2026-03-02T10:02:00.000Z',
      statusFrom: 'mismatch',
      statusTo: 'pending',
      recordedHere: false,
    });
    // The stone's change is queued; the entry is written on the server from it (coordinators may not write the log).
    expect(all('SELECT entity, op, fields FROM outbox WHERE recordId = ?', stone.id)).toEqual([
      { entity: 'Gemstone', op: 'update', fields: '["certificateStatus"]' },
    ]);
  });

  it('sets Verified only when the latest recorded verification found it so', async () => {
    const stone = await admin.inventory.create(
      aStone({ sku: 'VF-1', certificateNumber: '2141234567', certificateStatus: 'pending' }),
    );
    expect((await coordinator.inventory.formOptions({ id: stone.id })).certificateStatuses).toEqual([
      'none',
      'pending',
      'mismatch',
    ]);
    const refused = await refusal(
      coordinator.inventory.update({ id: stone.id, changes: { certificateStatus: 'verified' } }),
    );
    expect(refused).toMatchObject({
      reason: 'CERTIFICATE_NOT_VERIFIED',
      message: expect.stringMatching(/Verified only by a recorded verification/),
    });

    now += 1000;
    await practitioner.certificates.record({
      gemstone: stone.id,
      issuedBy: 'GIA',
      certificateNumber: '2141234567',
      verificationResult: 'verified',
    });
    now += 1000;
    await coordinator.inventory.update({
      id: stone.id,
      changes: { certificateStatus: 'pending' },
      statusReason: 'Sent back to the lab for a re-check',
    });
    expect((await coordinator.inventory.formOptions({ id: stone.id })).certificateStatuses).toEqual([
      'none',
      'pending',
      'verified',
      'mismatch',
    ]);
    now += 1000;
    await coordinator.inventory.update({ id: stone.id, changes: { certificateStatus: 'verified' } });
    expect(await history(stone.id)).toEqual([
      'Status changed from Pending to Verified by Test coordinator',
      'Status changed from Verified to Pending by Test coordinator — reason: Sent back to the lab for a re-check',
      'GIA 2141234567: verified',
      'Added with status Pending by Amara Okafor',
    ]);
  });

  it('lets anyone who edits stones flag a mismatch, with the trail', async () => {
    const stone = await coordinator.inventory.create(
      aStone({ sku: 'MM-1', certificateStatus: 'none', certificateNumber: null }),
    );
    expect(await history(stone.id)).toEqual([]);
    await coordinator.inventory.update({
      id: stone.id,
      changes: { certificateStatus: 'mismatch' },
      statusReason: 'Girdle inscription does not match',
    });
    expect(await history(stone.id)).toEqual([
      'Status changed from No certificate to Mismatch by Test coordinator — reason: Girdle inscription does not match',
    ]);
  });

  it('refuses a stone added as Verified, since no verification of it can exist yet', async () => {
    const before = snapshot();
    const refused = await refusal(
      coordinator.inventory.create(aStone({ sku: 'NEW-V', certificateStatus: 'verified' })),
    );
    expect(refused).toMatchObject({ reason: 'CERTIFICATE_NOT_VERIFIED', field: 'certificateStatus' });
    expect(snapshot()).toEqual(before);
  });
});

describe('a CSV import', () => {
  const HEADER =
    'sku,gemstoneType,caratWeight,clarityGrade,certificateNumber,certificateStatus,location,assignedBuyerCode';

  it('refuses a row that claims Verified, in staff words, and records the status of every stone it adds', async () => {
    const csv = [
      HEADER,
      'IMP-1,Ruby,1.2,Eye Clean,2141234567,verified,Vault,',
      'IMP-2,Ruby,1.3,Eye Clean,2141234568,pending,Vault,',
      'IMP-3,Ruby,1.4,Eye Clean,,,Vault,',
    ].join('\n');
    const check = await coordinator.inventory.csv.preview({ csv, jobId: 'status-1' });
    expect(check).toMatchObject({ valid: 2, invalid: 1 });
    expect(check.rows.find((r) => r.line === 2)?.reason).toBe(
      'certificateStatus: verified needs a recorded verification of the certificate. Import the stone as pending; a practitioner then records its verification under Certificates.',
    );
    await coordinator.inventory.csv.commit({ csv, jobId: 'status-2' });
    const stones = (await coordinator.inventory.list({ sort: 'sku', direction: 'asc' })).rows;
    expect(stones.map((s) => [s.sku, s.certificateStatus])).toEqual([
      ['IMP-2', 'pending'],
      ['IMP-3', 'none'],
    ]);
    expect(await history(stones[0]!.id)).toEqual([
      'Added with status Pending by Test coordinator — reason: Imported from a stock file',
    ]);
    expect(await history(stones[1]!.id)).toEqual([]);
  });
});

describe('a status change pulled from the server', () => {
  const pulled = (updatedAt: string, extra: Record<string, unknown>) => ({
    objectId: 'srv-stone',
    clientId: 'client-stone',
    sku: 'PU-1',
    gemstoneType: 'Sapphire',
    caratWeight: 2.04,
    clarityGrade: 'VS1',
    certificateStatus: 'mismatch',
    location: 'Safe',
    createdAt: '2026-02-20T08:00:00.000Z',
    updatedAt,
    ...extra,
  });
  const apply = (json: Record<string, unknown>) =>
    core.store.write(() => applyRemote(core.store, 'Gemstone', json, now));

  it('that came with no entry gets one: "changed in another app"', async () => {
    apply(pulled('2026-02-21T09:00:00.000Z', {}));
    apply(pulled('2026-02-22T09:30:00.000Z', { certificateStatus: 'verified' }));
    expect((await coordinator.inventory.get({ id: 'client-stone' })).certificateStatus).toBe('verified');
    const [entry] = (await coordinator.certificates.timeline({ gemstone: 'client-stone' })).entries;
    expect(entry).toMatchObject({
      statusFrom: 'mismatch',
      statusTo: 'verified',
      verifiedAt: '2026-02-22T09:30:00.000Z',
      verifiedBy: null,
      recordedHere: true,
    });
    expect(await history('client-stone')).toEqual([
      'Status changed from Mismatch to Verified in another app, which did not record who or why',
    ]);
    // Noted here, never sent.
    expect(all("SELECT 1 FROM outbox WHERE entity = 'CertificateLog'")).toEqual([]);
    // The same record pulled again notes nothing twice.
    apply(pulled('2026-02-22T09:30:00.000Z', { certificateStatus: 'verified' }));
    expect(await history('client-stone')).toHaveLength(1);
    // A change the server wrote an entry for (named by lastCertificateLog) gets none here: the server's comes with the pull.
    apply(pulled('2026-02-23T09:30:00.000Z', { certificateStatus: 'pending', lastCertificateLog: 'server-entry-1' }));
    expect((await coordinator.inventory.get({ id: 'client-stone' })).certificateStatus).toBe('pending');
    expect(await history('client-stone')).toHaveLength(1);
  });

  it('that undoes a change the backend refused from this workstation says so', async () => {
    apply(pulled('2026-02-21T09:00:00.000Z', { certificateStatus: 'pending' }));
    await admin.inventory.update({
      id: 'client-stone',
      changes: { certificateStatus: 'mismatch' },
      statusReason: 'Inscription differs',
    });
    core.store.sqlite
      .prepare(
        `INSERT INTO sync_dead_letters (entity, recordId, op, fields, "values", message, createdAt)
         VALUES ('Gemstone', 'client-stone', 'update', '["certificateStatus"]', '{"certificateStatus":"mismatch"}', 'Refused', 0)`,
      )
      .run();
    core.store.sqlite.prepare('DELETE FROM outbox').run(); // set aside, as the push does
    apply(pulled('2026-02-22T09:30:00.000Z', { certificateStatus: 'pending' }));
    expect(await history('client-stone')).toEqual([
      'Status changed from Mismatch to Pending — reason: The backend refused the change made on this workstation; the stone is back to its status there.',
      'Status changed from Pending to Mismatch by Amara Okafor — reason: Inscription differs',
    ]);
  });
});

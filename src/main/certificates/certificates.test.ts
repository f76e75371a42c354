import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_DOCUMENT_BYTES } from '../../shared/certificates';
import { createCore, type Caller, type Core } from '../core/create-core';
import { documentsDir } from '../db/documents';
import type { LocalFile } from '../db/parse-mapping';
import { aStone, refusal, refusalShape, signedInAdmin, signedInAs, tempDataDir } from '../test-support/core';
import { aBuyer } from '../test-support/sales';

// Certificates through the tRPC caller, on a real SQLite file: what a practitioner, a coordinator and an
// administrator can do, what is refused (and that a refusal writes nothing), and the audit trail.

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n');
const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

let data: ReturnType<typeof tempDataDir>;
let core: Core;
let now: number;
let admin: Caller;
let coordinator: Caller;
let practitioner: Caller;
let practitionerId: string;
let adminId: string;

beforeEach(async () => {
  data = tempDataDir();
  now = Date.parse('2026-03-02T10:00:00.000Z');
  core = await createCore({ dataDir: data.dir, clock: () => now, startSync: false });
  admin = await signedInAdmin(core);
  coordinator = await signedInAs(core, 'coordinator', 'cora');
  practitioner = await signedInAs(core, 'practitioner', 'pim');
  adminId = (await admin.auth.status()).user!.id;
  practitionerId = (await practitioner.auth.status()).user!.id;
});
afterEach(async () => {
  await core.close();
  data.remove();
});

const all = (sql: string, ...params: unknown[]) =>
  core.store.sqlite.prepare(sql).all(...params) as Record<string, unknown>[];
const outbox = () => all('SELECT entity, recordId, op, fields FROM outbox ORDER BY id');
/** Everything a verification could touch, to assert that a refusal changed nothing. */
const snapshot = () => ({
  stones: all('SELECT * FROM gemstones ORDER BY id'),
  logs: all('SELECT * FROM certificate_logs ORDER BY id'),
  outbox: all('SELECT * FROM outbox ORDER BY id'),
  documents: existsSync(documentsDir(core.store)) ? readdirSync(documentsDir(core.store)) : [],
});

let seq = 0;
async function aStoneWith(overrides: Record<string, unknown> = {}) {
  return admin.inventory.create(
    aStone({ sku: `CT-${++seq}`, certificateNumber: null, certificateStatus: 'none', ...overrides }),
  );
}

const gia = (gemstone: string, overrides: Record<string, unknown> = {}) => ({
  gemstone,
  issuedBy: 'GIA' as const,
  certificateNumber: '2141234567',
  verificationResult: 'verified' as const,
  ...overrides,
});

describe('recording a verification', () => {
  it('writes the entry and moves the stone in one go; verifier and time come from the session and the clock', async () => {
    const stone = await aStoneWith();
    core.store.sqlite.prepare('DELETE FROM outbox').run(); // as if the stone had been pushed already
    const result = await practitioner.certificates.record({
      ...gia(stone.id, { notes: '  Checked on the GIA report check  ' }),
      // Never accepted from input: the core strips them and stamps its own.
      verifiedBy: adminId,
      verifiedAt: '2001-01-01T00:00:00.000Z',
    } as never);
    expect(result.entry).toMatchObject({
      gemstone: stone.id,
      sku: stone.sku,
      issuedBy: 'GIA',
      certificateNumber: '2141234567',
      verificationResult: 'verified',
      verifiedBy: practitionerId,
      verifiedByName: 'Test practitioner',
      verifiedAt: '2026-03-02T10:00:00.000Z',
      notes: 'Checked on the GIA report check',
      formatOverride: false,
      corrects: null,
      document: null,
    });
    expect(result.stone).toMatchObject({
      id: stone.id,
      certificateNumber: '2141234567',
      certificateStatus: 'verified',
    });
    expect(await admin.inventory.get({ id: stone.id })).toMatchObject({
      certificateNumber: '2141234567',
      certificateStatus: 'verified',
    });
    // Only the log entry is queued: the server derives the stone's fields from it (practitioners may not
    // update Gemstone there), and the next pull brings them back.
    expect(outbox()).toEqual([{ entity: 'CertificateLog', recordId: result.entry.id, op: 'create', fields: null }]);
  });

  it.each([
    ['verified', 'verified'],
    ['mismatch', 'mismatch'],
    ['not_found', 'mismatch'],
    ['pending_recheck', 'pending'],
  ] as const)('a %s result leaves the stone %s', async (verificationResult, status) => {
    const stone = await aStoneWith();
    await admin.certificates.record(gia(stone.id, { verificationResult }));
    expect((await admin.inventory.get({ id: stone.id })).certificateStatus).toBe(status);
  });

  it('lets practitioners and administrators record, and refuses coordinators in the core, writing nothing', async () => {
    const stone = await aStoneWith();
    const before = snapshot();
    const shape = await refusalShape(core, 'conn-cora', {
      type: 'mutation',
      path: 'certificates.record',
      input: gia(stone.id),
    });
    expect(shape.data).toMatchObject({ code: 'FORBIDDEN', reason: 'FORBIDDEN_ROLE' });
    expect(shape.message).toMatch(/Only administrators or practitioners/);
    expect(snapshot()).toEqual(before);
    // …but coordinators read the log and the queue like everyone else.
    expect((await coordinator.certificates.queue()).total).toBe(1);
    await admin.certificates.record(gia(stone.id));
    expect((await coordinator.certificates.list()).total).toBe(1);
  });

  it.each([
    ['an unknown stone', { gemstone: 'no-such-stone' }, 'INVALID_REFERENCE', 'gemstone', /That stone does not exist/],
    [
      'an empty number',
      { certificateNumber: '   ' },
      'INVALID_INPUT',
      'certificateNumber',
      /Certificate number is required/,
    ],
    [
      'a result outside the list',
      { verificationResult: 'probably fine' },
      'INVALID_INPUT',
      'verificationResult',
      /Choose the result/,
    ],
    ['an unknown lab', { issuedBy: 'Acme Labs' }, 'INVALID_INPUT', 'issuedBy', /Choose the lab/],
    ['a number too long', { certificateNumber: '1'.repeat(41) }, 'INVALID_INPUT', 'certificateNumber', /at most 40/],
  ])(
    'refuses %s with a clear error on its field and writes nothing',
    async (_label, overrides, reason, field, message) => {
      const stone = await aStoneWith();
      const before = snapshot();
      const shape = await refusalShape(core, 'conn-pim', {
        type: 'mutation',
        path: 'certificates.record',
        input: gia(stone.id, overrides),
      });
      expect(shape.data.reason).toBe(reason);
      expect(shape.data.fieldErrors?.[field]?.[0]).toMatch(message);
      expect(snapshot()).toEqual(before);
    },
  );
});

describe('finding the stone to verify', () => {
  it('takes a scanned SKU exactly or in any case, with the stone’s latest verification; null for an unknown SKU', async () => {
    const stone = await aStoneWith({ sku: 'EM-77', certificateNumber: '612345678', certificateStatus: 'pending' });
    expect(await practitioner.certificates.stone({ sku: 'EM-77' })).toMatchObject({
      id: stone.id,
      certificateStatus: 'pending',
      lastEntry: null,
    });
    await practitioner.certificates.record({
      ...gia(stone.id),
      issuedBy: 'IGI',
      certificateNumber: '612345678',
      verificationResult: 'pending_recheck',
    });
    expect(await practitioner.certificates.stone({ sku: 'em-77' })).toMatchObject({
      sku: 'EM-77',
      lastEntry: { issuedBy: 'IGI', certificateNumber: '612345678', verificationResult: 'pending_recheck' },
    });
    expect(await practitioner.certificates.stone({ sku: 'NOPE-1' })).toBeNull();
  });
});

describe('number checks per lab', () => {
  it('refuses a GIA number of the wrong length until it is confirmed with a reason, and notes the override on the entry', async () => {
    const stone = await aStoneWith();
    const before = snapshot();
    const unconfirmed = await refusalShape(core, 'conn-pim', {
      type: 'mutation',
      path: 'certificates.record',
      input: gia(stone.id, { certificateNumber: '214123456' }),
    });
    expect(unconfirmed.data).toMatchObject({ code: 'BAD_REQUEST', reason: 'CERTIFICATE_FORMAT' });
    expect(unconfirmed.data.fieldErrors?.certificateNumber?.[0]).toBe(
      'GIA certificate numbers are exactly 10 digits, e.g. 2141234567 (got "214123456"). Check the number, or confirm it is as printed and say why in the notes.',
    );
    const noReason = await refusalShape(core, 'conn-pim', {
      type: 'mutation',
      path: 'certificates.record',
      input: gia(stone.id, { certificateNumber: '214123456', formatOverride: true, notes: ' ' }),
    });
    expect(noReason.data.fieldErrors?.notes?.[0]).toMatch(
      /Say in the notes why this number does not follow GIA's format/,
    );
    expect(snapshot()).toEqual(before);

    const confirmed = await practitioner.certificates.record(
      gia(stone.id, {
        certificateNumber: '214123456',
        formatOverride: true,
        notes: 'Old report: nine digits as printed',
      }),
    );
    expect(confirmed.entry).toMatchObject({
      certificateNumber: '214123456',
      formatOverride: true,
      notes: 'Old report: nine digits as printed',
    });
    expect(confirmed.stone.certificateStatus).toBe('verified');
  });

  it('stores IGI and GRS numbers as printed and does not note an override for a number that fits', async () => {
    const a = await aStoneWith();
    const b = await aStoneWith();
    const c = await aStoneWith();
    expect(
      (
        await practitioner.certificates.record({
          ...gia(a.id),
          issuedBy: 'IGI',
          certificateNumber: 'LG612345678',
          formatOverride: true,
        })
      ).entry,
    ).toMatchObject({
      certificateNumber: 'LG612345678',
      formatOverride: false,
    });
    expect(
      (
        await practitioner.certificates.record({
          ...gia(b.id),
          issuedBy: 'GRS',
          certificateNumber: 'GRS 2019 - 123456',
        })
      ).stone.certificateNumber,
    ).toBe('GRS 2019 - 123456');
    // Labs whose numbering Loupe does not know are accepted as typed.
    expect(
      (await practitioner.certificates.record({ ...gia(c.id), issuedBy: 'SSEF', certificateNumber: '12345-ABC' })).entry
        .formatOverride,
    ).toBe(false);
  });

  it('answers as the user types: the format problem, and nothing for a number that fits', async () => {
    const stone = await aStoneWith();
    expect(
      await coordinator.certificates.check({ gemstone: stone.id, issuedBy: 'IGI', certificateNumber: 'LG61234567' }),
    ).toEqual({
      formatProblem: 'IGI certificate numbers are 9 digits, optionally prefixed LG, e.g. LG612345678 or 612345678',
      duplicates: [],
    });
    expect(
      await coordinator.certificates.check({ gemstone: stone.id, issuedBy: 'IGI', certificateNumber: '612345678' }),
    ).toEqual({
      formatProblem: null,
      duplicates: [],
    });
  });
});

describe('the same certificate number on a different stone', () => {
  it('is a loud warning in the check and in the record result (in either printed spelling), not a refusal', async () => {
    const first = await aStoneWith({ sku: 'RB-FIRST', certificateNumber: '612345678', certificateStatus: 'pending' });
    const second = await aStoneWith({ sku: 'RB-SECOND' });
    const check = await practitioner.certificates.check({
      gemstone: second.id,
      issuedBy: 'IGI',
      certificateNumber: 'LG612345678',
    });
    expect(check.duplicates).toEqual([
      expect.objectContaining({ stoneId: first.id, sku: 'RB-FIRST', certificateNumber: '612345678' }),
    ]);
    expect(check.duplicates[0]!.message).toMatch(
      /^Certificate 612345678 is already attached to stone RB-FIRST \(Ruby, 2\.15 ct\)\. The same report on two stones/,
    );

    const recorded = await practitioner.certificates.record({
      ...gia(second.id),
      issuedBy: 'IGI',
      certificateNumber: 'LG612345678',
    });
    expect(recorded.duplicates.map((d) => d.sku)).toEqual(['RB-FIRST']);
    expect(recorded.entry.certificateNumber).toBe('LG612345678');
    // The stone's own number is no duplicate of itself.
    expect(
      (
        await practitioner.certificates.check({
          gemstone: second.id,
          issuedBy: 'IGI',
          certificateNumber: 'LG612345678',
        })
      ).duplicates.map((d) => d.sku),
    ).toEqual(['RB-FIRST']);
    expect(
      (
        await practitioner.certificates.check({ gemstone: first.id, issuedBy: 'IGI', certificateNumber: '612345678' })
      ).duplicates.map((d) => d.sku),
    ).toEqual(['RB-SECOND']);
  });

  it('also finds a number only in another stone’s log (its stone has since moved on)', async () => {
    const first = await aStoneWith({ sku: 'SP-1' });
    const second = await aStoneWith({ sku: 'SP-2' });
    await practitioner.certificates.record(gia(first.id, { certificateNumber: '1111111111' }));
    await practitioner.certificates.record(gia(first.id, { certificateNumber: '2222222222' }));
    const check = await practitioner.certificates.check({
      gemstone: second.id,
      issuedBy: 'GIA',
      certificateNumber: '1111111111',
    });
    expect(check.duplicates).toEqual([expect.objectContaining({ sku: 'SP-1' })]);
    expect(check.duplicates[0]!.message).toMatch(/was verified for stone SP-1/);
  });
});

describe('the audit trail is append-only', () => {
  async function anEntry() {
    const stone = await aStoneWith();
    return (await practitioner.certificates.record(gia(stone.id, { notes: 'First look' }))).entry;
  }

  it.each([
    ['the lab', { issuedBy: 'IGI' }],
    ['the number', { certificateNumber: '9999999999' }],
    ['the result', { verificationResult: 'mismatch' }],
    ['the verifier', { verifiedBy: 'someone-else' }],
    ['the time', { verifiedAt: '2020-01-01T00:00:00.000Z' }],
    ['the stone', { gemstone: 'another-stone' }],
  ])('refuses an edit of %s through tRPC with a typed error, changing nothing', async (_label, changes) => {
    const entry = await anEntry();
    const before = snapshot();
    for (const connection of ['conn-pim', 'test-admin']) {
      const shape = await refusalShape(core, connection, {
        type: 'mutation',
        path: 'certificates.update',
        input: { id: entry.id, changes },
      });
      expect(shape.data).toMatchObject({ code: 'FORBIDDEN', reason: 'APPEND_ONLY' });
      expect(shape.message).toMatch(
        /audit trail of verification: .* cannot be changed\. Record a new entry that corrects this one instead\./,
      );
    }
    expect(snapshot()).toEqual(before);
  });

  it('refuses every delete, even by an administrator', async () => {
    const entry = await anEntry();
    const before = snapshot();
    for (const connection of ['conn-pim', 'test-admin', 'conn-cora']) {
      const shape = await refusalShape(core, connection, {
        type: 'mutation',
        path: 'certificates.delete',
        input: { id: entry.id },
      });
      expect(shape.data).toMatchObject({ code: 'FORBIDDEN', reason: 'APPEND_ONLY' });
      expect(shape.message).toMatch(/never deleted/);
    }
    expect(snapshot()).toEqual(before);
  });

  it('lets the notes change (as the backend does), queued as that one field; an override keeps its reason', async () => {
    const entry = await anEntry();
    core.store.sqlite.prepare('DELETE FROM outbox').run();
    expect(
      (
        await practitioner.certificates.update({
          id: entry.id,
          changes: { notes: 'Second look: matches the inscription' },
        })
      ).notes,
    ).toBe('Second look: matches the inscription');
    expect(outbox()).toEqual([{ entity: 'CertificateLog', recordId: entry.id, op: 'update', fields: '["notes"]' }]);

    const stone = await aStoneWith();
    const override = (
      await practitioner.certificates.record(
        gia(stone.id, { certificateNumber: '123', formatOverride: true, notes: 'Printed so' }),
      )
    ).entry;
    const emptied = await refusal(practitioner.certificates.update({ id: override.id, changes: { notes: '' } }));
    expect(emptied).toMatchObject({
      reason: 'CERTIFICATE_FORMAT',
      message: 'This entry records a format override; its notes must keep saying why.',
    });
    expect((await practitioner.certificates.get({ id: override.id })).notes).toBe('Printed so');
  });

  it('records a correction as a new entry that references the one it corrects, and moves the stone', async () => {
    const stone = await aStoneWith();
    const wrong = (await practitioner.certificates.record(gia(stone.id, { verificationResult: 'mismatch' }))).entry;
    now += 60_000;
    const correction = await admin.certificates.record(
      gia(stone.id, { corrects: wrong.id, notes: 'Misread the inscription' }),
    );
    expect(correction.entry).toMatchObject({ corrects: wrong.id, verifiedBy: adminId, verificationResult: 'verified' });
    expect(correction.stone.certificateStatus).toBe('verified');
    expect((await admin.certificates.get({ id: wrong.id })).correctedBy).toEqual([correction.entry.id]);
    // The original stays exactly as it was.
    expect(await admin.certificates.get({ id: wrong.id })).toMatchObject({
      verificationResult: 'mismatch',
      verifiedBy: practitionerId,
    });

    const other = await aStoneWith();
    const elsewhere = await refusal(admin.certificates.record(gia(other.id, { corrects: wrong.id })));
    expect(elsewhere).toMatchObject({
      reason: 'INVALID_REFERENCE',
      message: 'A correction must be about the same stone as the entry it corrects.',
    });
  });
});

describe('the stone follows its certificate in the same transaction', () => {
  it('keeps the stone unchanged when the log entry cannot be written (both or neither)', async () => {
    const stone = await aStoneWith({ certificateNumber: '1111111111', certificateStatus: 'pending' });
    const before = snapshot();
    // A failure inside the write after the stone was updated (e.g. the disk filling up).
    core.store.sqlite.exec(
      `CREATE TRIGGER fail_log BEFORE INSERT ON certificate_logs BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`,
    );
    const shape = await refusalShape(core, 'conn-pim', {
      type: 'mutation',
      path: 'certificates.record',
      input: gia(stone.id),
    });
    expect(shape.data.code).toBe('INTERNAL_SERVER_ERROR');
    expect(await admin.inventory.get({ id: stone.id })).toMatchObject({
      certificateNumber: '1111111111',
      certificateStatus: 'pending',
    });
    expect(snapshot()).toEqual(before);
    core.store.sqlite.exec('DROP TRIGGER fail_log');
    await practitioner.certificates.record(gia(stone.id));
    expect(await admin.inventory.get({ id: stone.id })).toMatchObject({
      certificateNumber: '2141234567',
      certificateStatus: 'verified',
    });
  });

  it('does not move the stone back for an entry older than one already here (as the backend decides)', async () => {
    const stone = await aStoneWith();
    // Another workstation's verification, stamped later than this clock (pulled from the server).
    core.store.sqlite
      .prepare(
        `INSERT INTO certificate_logs (id, localUpdatedAt, gemstone, certificateNumber, issuedBy, verifiedAt, verificationResult)
         VALUES ('later', 0, ?, '3333333333', 'GIA', '2026-03-02T11:00:00.000Z', 'verified')`,
      )
      .run(stone.id);
    core.store.sqlite
      .prepare("UPDATE gemstones SET certificateNumber = '3333333333', certificateStatus = 'verified' WHERE id = ?")
      .run(stone.id);
    const result = await practitioner.certificates.record(
      gia(stone.id, { certificateNumber: '4444444444', verificationResult: 'mismatch' }),
    );
    expect(result.stoneUpdated).toBe(false);
    expect(result.stone).toMatchObject({ certificateNumber: '3333333333', certificateStatus: 'verified' });
  });
});

describe('a stone in mismatch and the reserve move', () => {
  it('blocks reserving without an override, refuses the override to non-administrators, and logs an administrator’s', async () => {
    const stone = await aStoneWith({ sku: 'MM-1' });
    await practitioner.certificates.record(gia(stone.id, { verificationResult: 'not_found' }));
    expect((await admin.inventory.get({ id: stone.id })).certificateStatus).toBe('mismatch');
    const buyer = await admin.buyers.create(aBuyer());
    const inquiry = await coordinator.inquiries.create({
      buyer: buyer.id,
      gemstone: stone.id,
      requestedCaratWeight: 2.15,
      currency: 'USD',
      quotedPrice: 4200,
    });
    await coordinator.inquiries.transition({ id: inquiry.id, to: 'quoted' });

    const blocked = await refusalShape(core, 'conn-cora', {
      type: 'mutation',
      path: 'inquiries.transition',
      input: { id: inquiry.id, to: 'reserved' },
    });
    expect(blocked.data).toMatchObject({ code: 'CONFLICT', reason: 'CERTIFICATE_MISMATCH' });
    expect(blocked.message).toMatch(/Stone MM-1 has a certificate mismatch/);
    const notAdmin = await refusalShape(core, 'conn-cora', {
      type: 'mutation',
      path: 'inquiries.transition',
      input: { id: inquiry.id, to: 'reserved', mismatchOverride: true, reason: 'Buyer accepts the stone as is' },
    });
    expect(notAdmin.data).toMatchObject({ code: 'FORBIDDEN', reason: 'FORBIDDEN_ROLE' });
    expect((await admin.inquiries.get({ id: inquiry.id })).inquiryStatus).toBe('quoted');

    const reserved = await admin.inquiries.transition({
      id: inquiry.id,
      to: 'reserved',
      mismatchOverride: true,
      reason: 'Buyer accepts the stone as is',
    });
    expect(reserved).toMatchObject({ inquiryStatus: 'reserved', mismatchOverride: true });
    expect(reserved.statusHistory.at(-1)).toMatchObject({
      from: 'quoted',
      to: 'reserved',
      by: adminId,
      byName: 'Amara Okafor',
      override: 'certificate-mismatch',
      reason: 'Buyer accepts the stone as is',
    });

    // Once the certificate is verified again, reserving needs no override.
    const stone2 = await aStoneWith({ sku: 'MM-2' });
    await practitioner.certificates.record(
      gia(stone2.id, { verificationResult: 'mismatch', certificateNumber: '5555555555' }),
    );
    now += 1000;
    await practitioner.certificates.record(gia(stone2.id, { certificateNumber: '5555555555' }));
    const buyer2 = await admin.buyers.create(
      aBuyer({ buyerCode: 'B-0002', companyName: 'Orion Jewels', email: 'o@orion.example' }),
    );
    const inquiry2 = await coordinator.inquiries.create({
      buyer: buyer2.id,
      gemstone: stone2.id,
      requestedCaratWeight: 2.15,
      currency: 'USD',
      quotedPrice: 4200,
    });
    await coordinator.inquiries.transition({ id: inquiry2.id, to: 'quoted' });
    expect((await coordinator.inquiries.transition({ id: inquiry2.id, to: 'reserved' })).inquiryStatus).toBe(
      'reserved',
    );
  });
});

describe('documents', () => {
  it('keeps a PDF with the entry (by its SHA-256), opens it from the core, and queues it with the entry', async () => {
    const stone = await aStoneWith();
    const result = await practitioner.certificates.record(
      gia(stone.id, { document: { fileName: 'GIA 2141234567.pdf', base64: PDF.toString('base64') } }),
    );
    expect(result.entry.document).toEqual({
      fileName: 'GIA 2141234567.pdf',
      contentType: 'application/pdf',
      size: PDF.length,
      kept: true,
      uploaded: false,
    });
    const stored = JSON.parse(
      all('SELECT document FROM certificate_logs WHERE id = ?', result.entry.id)[0]!.document as string,
    ) as LocalFile;
    expect(stored).toMatchObject({ name: null, url: null, contentType: 'application/pdf', size: PDF.length });
    expect(readFileSync(join(documentsDir(core.store), stored.stored!))).toEqual(PDF);

    const opened = await coordinator.certificates.document({ id: result.entry.id });
    expect(opened).toMatchObject({ fileName: 'GIA 2141234567.pdf', contentType: 'application/pdf', size: PDF.length });
    expect(Buffer.from(opened.base64, 'base64')).toEqual(PDF);
  });

  it('judges the bytes, not the name: an image named .pdf is kept as the image it is', async () => {
    const stone = await aStoneWith();
    const result = await practitioner.certificates.record(
      gia(stone.id, { document: { fileName: 'C:\\scans\\report.pdf', base64: PNG_BASE64 } }),
    );
    expect(result.entry.document).toMatchObject({ fileName: 'report.png', contentType: 'image/png' });
  });

  it.each([
    [
      'a text file named .pdf',
      'notes.pdf',
      Buffer.from('just some text, not a report').toString('base64'),
      'DOCUMENT_TYPE',
      /notes\.pdf is not a PDF or an image/,
    ],
    [
      'a Word document',
      'report.docx',
      Buffer.from('PK\u0003\u0004word/document.xml').toString('base64'),
      'DOCUMENT_TYPE',
      /not a PDF or an image/,
    ],
    ['an empty file', 'empty.pdf', '', 'INVALID_INPUT', /The file is empty/],
    ['garbage that is not base64', 'x.pdf', '%%%not base64%%%', 'DOCUMENT_TYPE', /did not arrive intact/],
  ])('refuses %s with a clear error and writes nothing', async (_label, fileName, base64, reason, message) => {
    const stone = await aStoneWith();
    const before = snapshot();
    const shape = await refusalShape(core, 'conn-pim', {
      type: 'mutation',
      path: 'certificates.record',
      input: gia(stone.id, { document: { fileName, base64 } }),
    });
    expect(shape.data.reason).toBe(reason);
    expect(shape.message).toMatch(message);
    expect(snapshot()).toEqual(before);
  });

  it('refuses a report over 20 MB and writes nothing', async () => {
    const stone = await aStoneWith();
    const before = snapshot();
    const big = Buffer.alloc(MAX_DOCUMENT_BYTES + 1, 0x20);
    PDF.copy(big);
    const shape = await refusalShape(core, 'conn-pim', {
      type: 'mutation',
      path: 'certificates.record',
      input: gia(stone.id, { document: { fileName: 'huge.pdf', base64: big.toString('base64') } }),
    });
    expect(shape.data).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', reason: 'DOCUMENT_TOO_LARGE' });
    expect(shape.message).toBe('huge.pdf is 20.0 MB; a scanned report can be at most 20 MB.');
    expect(snapshot()).toEqual(before);
  });

  it('attaches a report to an existing entry as an update of that one field, once', async () => {
    const stone = await aStoneWith();
    const entry = (await practitioner.certificates.record(gia(stone.id))).entry;
    core.store.sqlite.prepare('DELETE FROM outbox').run(); // the entry has been pushed
    const refusedRole = await refusal(
      coordinator.certificates.attachDocument({ id: entry.id, fileName: 'scan.png', base64: PNG_BASE64 }),
    );
    expect(refusedRole).toMatchObject({ reason: 'FORBIDDEN_ROLE' });

    const attached = await practitioner.certificates.attachDocument({
      id: entry.id,
      fileName: 'scan.png',
      base64: PNG_BASE64,
    });
    expect(attached.document).toMatchObject({ fileName: 'scan.png', contentType: 'image/png' });
    expect(outbox()).toEqual([{ entity: 'CertificateLog', recordId: entry.id, op: 'update', fields: '["document"]' }]);
    const again = await refusal(
      practitioner.certificates.attachDocument({ id: entry.id, fileName: 'other.pdf', base64: PDF.toString('base64') }),
    );
    expect(again).toMatchObject({ reason: 'DOCUMENT_ALREADY_ATTACHED' });
    expect((await admin.certificates.get({ id: entry.id })).document?.fileName).toBe('scan.png');
  });

  it('says plainly when an entry has no report', async () => {
    const stone = await aStoneWith();
    const entry = (await practitioner.certificates.record(gia(stone.id))).entry;
    expect(await refusal(admin.certificates.document({ id: entry.id }))).toMatchObject({
      reason: 'NOT_FOUND',
      message: 'No scanned report is attached to this entry.',
    });
  });
});

describe('the work queue', () => {
  it('lists stones with no certificate or a pending one, oldest first, with the count the navigation shows', async () => {
    const older = await aStoneWith({ sku: 'Q-OLD', certificateStatus: 'pending', certificateNumber: '1212121212' });
    now += 1000;
    const middle = await aStoneWith({ sku: 'Q-MID' });
    now += 1000;
    const done = await aStoneWith({ sku: 'Q-DONE', certificateStatus: 'pending', certificateNumber: '3434343434' });
    await practitioner.certificates.record(gia(done.id, { certificateNumber: '3434343434' }));
    now += 1000;
    const newest = await aStoneWith({ sku: 'Q-NEW' });
    // A stone the server already knows was added when the server says (before all of these).
    core.store.sqlite
      .prepare("UPDATE gemstones SET createdAt = '2026-01-05T08:00:00.000Z', objectId = 'srv1' WHERE id = ?")
      .run(newest.id);

    const queue = await coordinator.certificates.queue();
    expect(queue.rows.map((s) => s.sku)).toEqual(['Q-NEW', 'Q-OLD', 'Q-MID']);
    expect(queue.total).toBe(3);
    expect(await coordinator.certificates.awaitingCount()).toBe(3);
    expect(queue.rows[1]).toMatchObject({
      id: older.id,
      certificateStatus: 'pending',
      addedAt: '2026-03-02T10:00:00.000Z',
    });

    await practitioner.certificates.record(gia(middle.id));
    await practitioner.certificates.record(
      gia(older.id, { certificateNumber: '1212121212', verificationResult: 'pending_recheck' }),
    );
    const after = await coordinator.certificates.queue();
    expect(after.rows.map((s) => s.sku)).toEqual(['Q-NEW', 'Q-OLD']);
    expect(after.rows[1]).toMatchObject({ lastResult: 'pending_recheck' });
    expect(await coordinator.certificates.awaitingCount()).toBe(2);
  });

  it('walks an index for each part of the queue (no scan, no sort of every waiting stone)', () => {
    for (const sql of [
      "SELECT id FROM gemstones WHERE certificateStatus = 'none' AND createdAt IS NOT NULL ORDER BY createdAt, localUpdatedAt LIMIT 200",
      "SELECT id FROM gemstones WHERE certificateStatus = 'none' AND createdAt IS NULL ORDER BY localUpdatedAt LIMIT 200",
    ]) {
      const plan = all(`EXPLAIN QUERY PLAN ${sql}`).map((r) => String(r.detail));
      expect(plan.join(' | ')).toMatch(/USING (COVERING )?INDEX gemstones_status_added/);
      expect(plan.join(' | ')).not.toMatch(/TEMP B-TREE/);
    }
  });
});

describe('the global log', () => {
  it('filters by date range, lab, result and verifier, and exports the current filter as CSV', async () => {
    const a = await aStoneWith({ sku: 'LOG-A' });
    const b = await aStoneWith({ sku: 'LOG-B' });
    now = Date.parse('2026-03-01T09:00:00.000Z');
    await practitioner.certificates.record(gia(a.id, { verificationResult: 'mismatch', notes: '=HYPERLINK("x")' }));
    now = Date.parse('2026-03-05T09:00:00.000Z');
    await admin.certificates.record({ ...gia(b.id), issuedBy: 'IGI', certificateNumber: '612345678' });
    now = Date.parse('2026-03-09T09:00:00.000Z');
    await practitioner.certificates.record(
      gia(a.id, { corrects: (await admin.certificates.list({ filter: { gemstone: a.id } })).rows[0]!.id }),
    );

    const skus = async (filter: Record<string, unknown>) =>
      (await coordinator.certificates.list({ filter })).rows.map((e) => `${e.sku}@${e.verifiedAt.slice(5, 10)}`);
    expect(await skus({})).toEqual(['LOG-A@03-09', 'LOG-B@03-05', 'LOG-A@03-01']);
    expect(await skus({ from: '2026-03-02T00:00:00.000Z', to: '2026-03-09T00:00:00.000Z' })).toEqual(['LOG-B@03-05']);
    expect(await skus({ issuedBy: 'IGI' })).toEqual(['LOG-B@03-05']);
    expect(await skus({ verificationResult: 'mismatch' })).toEqual(['LOG-A@03-01']);
    expect(await skus({ verifiedBy: practitionerId })).toEqual(['LOG-A@03-09', 'LOG-A@03-01']);
    expect(await skus({ gemstone: a.id, verifiedBy: adminId })).toEqual([]);
    expect((await coordinator.certificates.list({ filter: {}, limit: 1, offset: 1 })).rows.map((e) => e.sku)).toEqual([
      'LOG-B',
    ]);

    const exported = await coordinator.certificates.exportCsv({ filter: { verifiedBy: practitionerId } });
    expect(exported.rows).toBe(2);
    const lines = exported.csv.split(/\r?\n/);
    expect(lines[0]).toBe(
      'verifiedAt,sku,gemstoneType,caratWeight,issuedBy,certificateNumber,verificationResult,result,verifiedBy,notes,formatOverride,corrects,document,entryId',
    );
    expect(lines[1]).toMatch(
      /^2026-03-09T09:00:00.000Z,LOG-A,Ruby,2.15,GIA,2141234567,verified,Verified,Test practitioner,,,/,
    );
    // A note that looks like a formula is written so a spreadsheet shows it as text.
    expect(lines[2]).toContain(`"'=HYPERLINK(""x"")"`);
  });

  it('shows one stone’s timeline, newest first', async () => {
    const stone = await aStoneWith({ sku: 'TL-1' });
    await practitioner.certificates.record(gia(stone.id, { verificationResult: 'pending_recheck' }));
    now += 3_600_000;
    await practitioner.certificates.record(gia(stone.id));
    const timeline = await coordinator.certificates.timeline({ gemstone: stone.id });
    expect(timeline.stone).toMatchObject({ sku: 'TL-1', certificateStatus: 'verified' });
    expect(timeline.entries.map((e) => e.verificationResult)).toEqual(['verified', 'pending_recheck']);
  });
});

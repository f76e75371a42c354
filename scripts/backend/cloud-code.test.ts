// Each Cloud Code rule against the real server: a valid write passes, each invalid one fails with its code.

import { beforeAll, describe, expect, test } from 'vitest';
import {
  buyerBody,
  CODES,
  create,
  date,
  demo,
  expectRefused,
  fetchAsMaster,
  inquiryBody,
  logBody,
  must,
  newStaff,
  pointer,
  rest,
  stoneBody,
  unique,
  type Caller,
  type Json,
} from './test-support';

type User = Exclude<Caller, 'anonymous' | 'master'>;
let admin: User;
let coordinator: User;
let practitioner: User;
let buyer: string;

beforeAll(async () => {
  admin = await demo('admin');
  coordinator = await demo('coordinator');
  practitioner = await demo('practitioner');
  buyer = await create('master', 'Buyer', buyerBody(coordinator.objectId));
});

const { VALIDATION_ERROR, OPERATION_FORBIDDEN, DUPLICATE_VALUE } = CODES;
const moveBody = (stone: string): Json => ({
  gemstone: pointer('Gemstone', stone),
  fromLocation: 'Vault',
  toLocation: 'Showcase 1',
  movedAt: date(new Date(Date.now() - 60_000)),
  reason: 'Window display',
});
const put = (caller: Caller, className: string, id: string, body: Json) =>
  rest(caller, 'PUT', `/classes/${className}/${id}`, body);
const post = (caller: Caller, className: string, body: Json) => rest(caller, 'POST', `/classes/${className}`, body);
const find = async (className: string, where: Json) =>
  must(await rest('master', 'GET', `/classes/${className}?where=${encodeURIComponent(JSON.stringify(where))}`))
    .results as Json[];

describe('clientId (idempotent creates)', () => {
  test('a create without clientId (a mobile client) gets a fresh one', async () => {
    const a = await fetchAsMaster('Gemstone', await create(coordinator, 'Gemstone', stoneBody()));
    const b = await fetchAsMaster('Gemstone', await create(coordinator, 'Gemstone', stoneBody()));
    expect(a.clientId).toMatch(/^[0-9a-f-]{32,36}$/);
    expect(b.clientId).not.toBe(a.clientId);
  });

  test('a retried create with the same clientId is refused as a duplicate by the unique index', async () => {
    const clientId = crypto.randomUUID();
    await create(coordinator, 'Gemstone', stoneBody({ clientId }));
    const retry = await post(coordinator, 'Gemstone', stoneBody({ clientId }));
    expectRefused(retry, DUPLICATE_VALUE, /duplicate/i);
    expect(await find('Gemstone', { clientId })).toHaveLength(1);
  });

  test('simultaneous creates with one clientId make exactly one row (unique index)', async () => {
    const clientId = crypto.randomUUID();
    const replies = await Promise.all(
      Array.from({ length: 6 }, () => post(coordinator, 'Activity', { type: 'note', subject: 'race', clientId })),
    );
    expect(replies.filter((r) => r.ok)).toHaveLength(1);
    for (const refused of replies.filter((r) => !r.ok)) expect(refused.code).toBe(DUPLICATE_VALUE);
    expect(await find('Activity', { clientId })).toHaveLength(1);
  });

  test('through /batch, as workstations push, each sub-request answers for itself', async () => {
    const landed = crypto.randomUUID();
    await create(coordinator, 'Gemstone', stoneBody({ clientId: landed }));
    const sub = (body: Json) => ({ method: 'POST', path: '/parse/classes/Gemstone', body });
    const fresh = crypto.randomUUID();
    const reply = must(
      await rest(coordinator, 'POST', '/batch', {
        requests: [
          sub(stoneBody({ clientId: fresh })),
          sub(stoneBody({ clientId: landed })),
          sub(stoneBody({ caratWeight: -1 })),
        ],
      }),
    ) as unknown as Json[];
    expect(reply[0]).toHaveProperty('success.objectId');
    expect(reply[1]).toMatchObject({ error: { code: DUPLICATE_VALUE } });
    expect(reply[2]).toMatchObject({ error: { code: VALIDATION_ERROR } });
    expect(await find('Gemstone', { clientId: { $in: [fresh, landed] } })).toHaveLength(2);
  });

  test('a retried create whose first answer was lost is a duplicate clientId, not a taken SKU', async () => {
    // The same stone sent twice (same clientId, same SKU): the workstation must hear 137 and adopt the row
    // that landed, not be told its own SKU belongs to "another stone".
    const body = stoneBody({ clientId: crypto.randomUUID() });
    await create(coordinator, 'Gemstone', body);
    expectRefused(await post(coordinator, 'Gemstone', body), DUPLICATE_VALUE, /duplicate/i);
    const buyer = buyerBody(coordinator.objectId, { clientId: crypto.randomUUID() });
    await create(admin, 'Buyer', buyer);
    expectRefused(await post(admin, 'Buyer', buyer), DUPLICATE_VALUE, /duplicate/i);
  });

  test('two new stones with one SKU in the same batch: one lands, the other is refused', async () => {
    const sku = unique('TWIN');
    const sub = (body: Json) => ({ method: 'POST', path: '/parse/classes/Gemstone', body });
    const reply = must(
      await rest(coordinator, 'POST', '/batch', {
        requests: [
          sub(stoneBody({ sku, clientId: crypto.randomUUID() })),
          sub(stoneBody()),
          sub(stoneBody({ sku, clientId: crypto.randomUUID() })),
        ],
      }),
    ) as unknown as Json[];
    expect(reply.filter((r) => r.success)).toHaveLength(2);
    expect(reply.find((r) => r.error)).toMatchObject({
      error: { code: VALIDATION_ERROR, error: `SKU ${sku} is already used by another stone.` },
    });
    expect(await find('Gemstone', { sku })).toHaveLength(1);
  });

  test('clientId cannot change after create', async () => {
    const id = await create(coordinator, 'Gemstone', stoneBody());
    expectRefused(
      await put(coordinator, 'Gemstone', id, { clientId: crypto.randomUUID() }),
      VALIDATION_ERROR,
      /cannot be changed/,
    );
    expectRefused(await put('master', 'Gemstone', id, { clientId: crypto.randomUUID() }), VALIDATION_ERROR);
  });
});

describe('Gemstone', () => {
  test('a valid stone is saved', async () => {
    const id = await create(
      coordinator,
      'Gemstone',
      stoneBody({ caratWeight: 2.01, clarityGrade: 'VS1', gemstoneType: 'Diamond' }),
    );
    expect(await fetchAsMaster('Gemstone', id)).toMatchObject({ caratWeight: 2.01, clarityGrade: 'VS1' });
  });

  test.each([
    ['a missing SKU', { sku: undefined }, /Gemstone\.sku \(SKU\) is required/],
    ['a blank SKU', { sku: '  ' }, /Gemstone\.sku \(SKU\) is required/],
    ['a carat weight of 0', { caratWeight: 0 }, /Gemstone\.caratWeight \(Carat weight\) must be greater than 0/],
    ['a negative carat weight', { caratWeight: -1.5 }, /greater than 0/],
    ['an absurd carat weight', { caratWeight: 100001 }, /at most 100000/],
    ['a carat weight as text', { caratWeight: '1.2' }, /Gemstone\.caratWeight \(Carat weight\) must be a Number/],
    [
      'an unknown certificate status',
      { certificateStatus: 'approved' },
      /Gemstone\.certificateStatus \(Certificate\) must be one of none, pending, verified, mismatch \(got "approved"\)/,
    ],
    ['a missing location', { location: undefined }, /Gemstone\.location \(Location\) is required/],
    [
      'a location the database cannot store',
      { location: 'Vault\u0000' },
      /Gemstone\.location \(Location\) contains the control character U\+0000/,
    ],
    [
      'a buyer that does not exist',
      { assignedBuyer: pointer('Buyer', 'nosuchbuyer') },
      /Gemstone\.assignedBuyer \(Assigned buyer\) points to a Buyer that does not exist/,
    ],
  ])('%s is refused', async (_, over, message) => {
    expectRefused(await post(coordinator, 'Gemstone', stoneBody(over)), VALIDATION_ERROR, message);
  });

  test.each([
    ['a clarity grade Loupe does not list', { clarityGrade: 'VS' }],
    ['an SKU with spaces', { sku: `LP ${Date.now()}` }],
    ['a type and a location of its own', { gemstoneType: 'Moissanite', location: 'Showcase 2' }],
  ])('%s, as the seed allows (String), is accepted as written', async (_, over) => {
    const id = await create(coordinator, 'Gemstone', stoneBody(over));
    expect(await fetchAsMaster('Gemstone', id)).toMatchObject(over);
  });

  test('an update is checked too', async () => {
    const id = await create(coordinator, 'Gemstone', stoneBody());
    expectRefused(await put(coordinator, 'Gemstone', id, { caratWeight: -2 }), VALIDATION_ERROR, /greater than 0/);
    expectRefused(
      await put(coordinator, 'Gemstone', id, { location: { __op: 'Delete' } }),
      VALIDATION_ERROR,
      /\(Location\) is required/,
    );
    expect((await put(coordinator, 'Gemstone', id, { location: 'Showcase 1' })).ok).toBe(true);
  });

  test('an SKU belongs to one stone', async () => {
    const sku = unique('SKU');
    await create(coordinator, 'Gemstone', stoneBody({ sku }));
    // not DUPLICATE_VALUE: that code means "a row with this clientId exists" (a create that already landed)
    expectRefused(
      await post(coordinator, 'Gemstone', stoneBody({ sku })),
      VALIDATION_ERROR,
      new RegExp(`SKU ${sku} is already used`),
    );
  });

  test('deleting a stone leaves a tombstone that staff can pull', async () => {
    const clientId = crypto.randomUUID();
    const id = await create(coordinator, 'Gemstone', stoneBody({ clientId }));
    must(await rest(admin, 'DELETE', `/classes/Gemstone/${id}`));
    const where = encodeURIComponent(JSON.stringify({ targetId: id }));
    const seen = must(await rest(practitioner, 'GET', `/classes/Tombstone?where=${where}`)).results as Json[];
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      targetClass: 'Gemstone',
      targetId: id,
      targetClientId: clientId,
      deletedBy: { className: '_User', objectId: admin.objectId },
    });
  });

  test('every replicated class leaves a tombstone', async () => {
    const made: [string, string][] = [
      ['Buyer', await create('master', 'Buyer', buyerBody(coordinator.objectId))],
      [
        'PurchaseInquiry',
        await create(
          'master',
          'PurchaseInquiry',
          inquiryBody(buyer, await create('master', 'Gemstone', stoneBody()), coordinator.objectId),
        ),
      ],
      ['Activity', await create('master', 'Activity', { type: 'call' })],
      [
        'CustodyEvent',
        await create('master', 'CustodyEvent', moveBody(await create('master', 'Gemstone', stoneBody()))),
      ],
      [
        'CertificateLog',
        await create(
          'master',
          'CertificateLog',
          logBody(await create('master', 'Gemstone', stoneBody()), practitioner.objectId),
        ),
      ],
      ['_User', (await newStaff('practitioner')).objectId],
    ];
    for (const [className, id] of made) {
      must(await rest('master', 'DELETE', `${className === '_User' ? '/users' : `/classes/${className}`}/${id}`));
      expect(await find('Tombstone', { targetClass: className, targetId: id }), className).toHaveLength(1);
    }
  });

  test('a stone with an open inquiry or a verification history is not deleted', async () => {
    const withInquiry = await create('master', 'Gemstone', stoneBody());
    await create('master', 'PurchaseInquiry', inquiryBody(buyer, withInquiry, coordinator.objectId));
    expectRefused(await rest(admin, 'DELETE', `/classes/Gemstone/${withInquiry}`), VALIDATION_ERROR, /open inquiries/);
    const withLog = await create('master', 'Gemstone', stoneBody());
    await create('master', 'CertificateLog', logBody(withLog, practitioner.objectId));
    expectRefused(await rest(admin, 'DELETE', `/classes/Gemstone/${withLog}`), VALIDATION_ERROR, /audit trail/);
    expect(await find('Tombstone', { targetId: { $in: [withInquiry, withLog] } })).toEqual([]);
  });

  test('tombstones are written by the server only', async () => {
    expectRefused(await post(admin, 'Tombstone', { targetClass: 'Gemstone', targetId: 'x' }), OPERATION_FORBIDDEN);
  });
});

describe('Buyer', () => {
  test.each([
    ['a missing email', { email: undefined }, /Buyer\.email \(Email\) is required/],
    [
      'an unknown sales status',
      { salesStatus: 'vip' },
      /Buyer\.salesStatus \(Sales status\) must be one of prospect, active, dormant, blocked/,
    ],
    [
      'a gemstone type preference that is not text',
      { preferredGemstoneTypes: ['Ruby', 3] },
      /Buyer\.preferredGemstoneTypes \(Preferred types\) must be an Array of Strings/,
    ],
    [
      'an account manager who does not exist',
      { accountManager: pointer('_User', 'nosuchuser') },
      /Buyer\.accountManager \(Account manager\) points to a _User that does not exist/,
    ],
  ])('%s is refused', async (_, over, message) => {
    expectRefused(await post(admin, 'Buyer', buyerBody(coordinator.objectId, over)), VALIDATION_ERROR, message);
  });

  test('a buyer code belongs to one buyer', async () => {
    const buyerCode = unique('BC');
    await create(admin, 'Buyer', buyerBody(coordinator.objectId, { buyerCode }));
    expectRefused(
      await post(admin, 'Buyer', buyerBody(coordinator.objectId, { buyerCode })),
      VALIDATION_ERROR,
      /already used/,
    );
  });

  test('a buyer with open inquiries is not deleted', async () => {
    const id = await create('master', 'Buyer', buyerBody(coordinator.objectId));
    await create(
      'master',
      'PurchaseInquiry',
      inquiryBody(id, await create('master', 'Gemstone', stoneBody()), coordinator.objectId),
    );
    expectRefused(await rest(admin, 'DELETE', `/classes/Buyer/${id}`), VALIDATION_ERROR, /open inquiries/);
  });
});

describe('CertificateLog', () => {
  let stone: string;
  beforeAll(async () => {
    stone = await create('master', 'Gemstone', stoneBody());
  });
  const log = (over: Json = {}) => logBody(stone, practitioner.objectId, over);

  test('must point to an existing stone', async () => {
    expectRefused(
      await post(practitioner, 'CertificateLog', log({ gemstone: pointer('Gemstone', 'nosuchstone') })),
      VALIDATION_ERROR,
      /CertificateLog\.gemstone \(Stone\) points to a Gemstone that does not exist/,
    );
    expectRefused(
      await post(practitioner, 'CertificateLog', log({ gemstone: undefined })),
      VALIDATION_ERROR,
      /CertificateLog\.gemstone \(Stone\) is required/,
    );
  });

  test.each([
    ['GIA', '2141234567'],
    ['IGI', 'LG612345678'],
    ['IGI', '612345678'],
    ['GRS', 'GRS2019-123456'],
    ['GRS', 'GRS 2019-123456'],
    ['SSEF', '118845'],
    ['Gübelin', '19-0212-1234'],
  ])('a %s number %s in its lab format is accepted', async (issuedBy, certificateNumber) => {
    expect((await post(practitioner, 'CertificateLog', log({ issuedBy, certificateNumber }))).ok).toBe(true);
  });

  test.each([
    ['GIA', '214123456'],
    ['IGI', 'LG12345678'],
    ['GRS', 'GRS-2019-123456'],
    ['GIA Lab', '2141234567'],
  ])(
    "another app's %s number %s, outside what Loupe's form takes, is accepted as written",
    async (issuedBy, certificateNumber) => {
      const id = await create(practitioner, 'CertificateLog', log({ issuedBy, certificateNumber }));
      expect(await fetchAsMaster('CertificateLog', id)).toMatchObject({ issuedBy, certificateNumber });
    },
  );

  test('a format override keeps saying why', async () => {
    const overridden = log({
      issuedBy: 'GIA',
      certificateNumber: '21412345',
      formatOverride: true,
      notes: 'Older 8-digit GIA report from 1998.',
    });
    const id = await create(practitioner, 'CertificateLog', overridden);
    expectRefused(await put(practitioner, 'CertificateLog', id, { notes: ' ' }), VALIDATION_ERROR, /format override/);
  });

  test.each([
    [
      'an unknown result',
      { verificationResult: 'ok' },
      /CertificateLog\.verificationResult \(Result\) must be one of verified, mismatch, not_found, pending_recheck/,
    ],
    [
      'a verification in the future',
      { verifiedAt: date(new Date(Date.now() + 3 * 3600_000)) },
      /cannot be in the future/,
    ],
    ['a missing verifier', { verifiedBy: undefined }, /CertificateLog\.verifiedBy \(Verified by\) is required/],
  ])('%s is refused', async (_, over, message) => {
    expectRefused(await post(practitioner, 'CertificateLog', log(over)), VALIDATION_ERROR, message);
  });

  test('its verification fields can never be edited, not even by an admin; notes can', async () => {
    const id = await create(practitioner, 'CertificateLog', log());
    for (const change of [
      { certificateNumber: '9999999999' },
      { verificationResult: 'mismatch' },
      { issuedBy: 'IGI' },
      { verifiedAt: date('2020-01-01T00:00:00.000Z') },
      { verifiedBy: pointer('_User', admin.objectId) },
      { gemstone: pointer('Gemstone', await create('master', 'Gemstone', stoneBody())) },
    ]) {
      for (const caller of [practitioner, admin]) {
        expectRefused(
          await put(caller, 'CertificateLog', id, change),
          OPERATION_FORBIDDEN,
          /audit trail of verification/,
        );
      }
    }
    expect(await fetchAsMaster('CertificateLog', id)).toMatchObject({
      certificateNumber: '2141234567',
      verificationResult: 'verified',
    });
    expect((await put(practitioner, 'CertificateLog', id, { notes: 'Report re-read.' })).ok).toBe(true);
  });

  test('entries cannot be deleted, not even by an admin', async () => {
    const id = await create(practitioner, 'CertificateLog', log());
    expectRefused(await rest(admin, 'DELETE', `/classes/CertificateLog/${id}`), OPERATION_FORBIDDEN);
    expectRefused(await rest(practitioner, 'DELETE', `/classes/CertificateLog/${id}`), OPERATION_FORBIDDEN);
    expect(await fetchAsMaster('CertificateLog', id)).toMatchObject({ objectId: id });
  });

  test("a practitioner's log moves the stone's certificate status, which they cannot edit themselves", async () => {
    const id = await create('master', 'Gemstone', stoneBody({ certificateStatus: 'pending' }));
    expectRefused(await put(practitioner, 'Gemstone', id, { certificateStatus: 'verified' }), OPERATION_FORBIDDEN);
    const at = (minutesAgo: number) => date(new Date(Date.now() - minutesAgo * 60_000));
    const expectStone = async (status: string, number: string) =>
      expect(await fetchAsMaster('Gemstone', id)).toMatchObject({
        certificateStatus: status,
        certificateNumber: number,
      });

    await create(
      practitioner,
      'CertificateLog',
      logBody(id, practitioner.objectId, { verifiedAt: at(50), certificateNumber: '1111111111' }),
    );
    await expectStone('verified', '1111111111');
    await create(
      practitioner,
      'CertificateLog',
      logBody(id, practitioner.objectId, { verifiedAt: at(40), verificationResult: 'not_found' }),
    );
    await expectStone('mismatch', '2141234567');
    await create(
      practitioner,
      'CertificateLog',
      logBody(id, practitioner.objectId, { verifiedAt: at(30), verificationResult: 'pending_recheck' }),
    );
    await expectStone('pending', '2141234567');
    await create(
      practitioner,
      'CertificateLog',
      logBody(id, practitioner.objectId, { verifiedAt: at(20), verificationResult: 'mismatch' }),
    );
    await expectStone('mismatch', '2141234567');
    // an older verification that syncs late does not overrule the newest one
    await create(
      practitioner,
      'CertificateLog',
      logBody(id, practitioner.objectId, {
        verifiedAt: at(90),
        verificationResult: 'verified',
        certificateNumber: '3333333333',
      }),
    );
    await expectStone('mismatch', '2141234567');
  });

  test('a correction references an entry about the same stone', async () => {
    const original = await create(practitioner, 'CertificateLog', log({ verificationResult: 'mismatch' }));
    const corrected = await create(
      practitioner,
      'CertificateLog',
      log({ corrects: pointer('CertificateLog', original), notes: 'Weighed again.' }),
    );
    expect(await fetchAsMaster('CertificateLog', corrected)).toMatchObject({ corrects: { objectId: original } });
    const elsewhere = await create('master', 'Gemstone', stoneBody());
    expectRefused(
      await post(
        practitioner,
        'CertificateLog',
        logBody(elsewhere, practitioner.objectId, { corrects: pointer('CertificateLog', original) }),
      ),
      VALIDATION_ERROR,
      /same stone/,
    );
  });
});

describe("a stone's certificate status (one door)", () => {
  const history = async (stone: string) =>
    (await find('CertificateLog', { gemstone: pointer('Gemstone', stone) })).sort((a, b) =>
      String(a.createdAt).localeCompare(String(b.createdAt)),
    );
  /** Issue 23: a practitioner records IGI 612345678 as a mismatch. */
  const mismatchStone = async () => {
    const stone = await create('master', 'Gemstone', stoneBody({ certificateStatus: 'pending' }));
    await create(
      practitioner,
      'CertificateLog',
      logBody(stone, practitioner.objectId, {
        issuedBy: 'IGI',
        certificateNumber: 'LG612345678',
        verificationResult: 'mismatch',
      }),
    );
    expect(await fetchAsMaster('Gemstone', stone)).toMatchObject({ certificateStatus: 'mismatch' });
    return stone;
  };

  test('a coordinator cannot clear a mismatch by editing the stone; the log keeps only the mismatch', async () => {
    const stone = await mismatchStone();
    for (const certificateStatus of ['verified', 'pending', 'none']) {
      expectRefused(
        await put(coordinator, 'Gemstone', stone, { certificateStatus, certificateStatusReason: 'Looks fine' }),
        OPERATION_FORBIDDEN,
        /has a certificate mismatch: it leaves mismatch through a recorded verification/,
      );
    }
    expect(await fetchAsMaster('Gemstone', stone)).toMatchObject({ certificateStatus: 'mismatch' });
    expect((await history(stone)).map((e) => e.verificationResult)).toEqual(['mismatch']);
  });

  test('an admin lifts a mismatch only with a reason; the server writes the entry: who, from → to, why', async () => {
    const stone = await mismatchStone();
    expectRefused(
      await put(admin, 'Gemstone', stone, { certificateStatus: 'pending' }),
      VALIDATION_ERROR,
      /needs a reason \(certificateStatusReason\)/,
    );
    expectRefused(
      await put(admin, 'Gemstone', stone, { certificateStatus: 'verified', certificateStatusReason: 'Trust me' }),
      VALIDATION_ERROR,
      /Verified only by a recorded verification/,
    );
    must(
      await put(admin, 'Gemstone', stone, {
        certificateStatus: 'pending',
        certificateStatusReason: 'Lab re-issued the report',
      }),
    );
    const saved = await fetchAsMaster('Gemstone', stone);
    expect(saved).toMatchObject({ certificateStatus: 'pending' });
    expect(saved.certificateStatusReason).toBeUndefined(); // read from the write, not kept on the stone
    const entries = await history(stone);
    expect(entries.map((e) => e.verificationResult)).toEqual(['mismatch', 'status_change']);
    expect(entries[1]).toMatchObject({
      statusFrom: 'mismatch',
      statusTo: 'pending',
      notes: 'Lab re-issued the report',
      verifiedBy: { objectId: admin.objectId },
      certificateNumber: 'LG612345678',
      issuedBy: 'IGI',
      clientId: saved.lastCertificateLog,
    });
    // A recorded verification still moves it out, with no status change entry of its own.
    const again = await mismatchStone();
    await create(
      practitioner,
      'CertificateLog',
      logBody(again, practitioner.objectId, { verificationResult: 'verified' }),
    );
    expect(await fetchAsMaster('Gemstone', again)).toMatchObject({ certificateStatus: 'verified' });
    expect((await history(again)).map((e) => e.verificationResult)).toEqual(['mismatch', 'verified']);
  });

  test('Verified only when the latest verification found it so, for a new stone too', async () => {
    const stone = await create('master', 'Gemstone', stoneBody({ certificateStatus: 'pending' }));
    expectRefused(
      await put(coordinator, 'Gemstone', stone, { certificateStatus: 'verified' }),
      VALIDATION_ERROR,
      /Verified only by a recorded verification/,
    );
    expectRefused(
      await post(coordinator, 'Gemstone', stoneBody({ certificateStatus: 'verified' })),
      VALIDATION_ERROR,
      /Verified only by a recorded verification/,
    );
    await create(
      practitioner,
      'CertificateLog',
      logBody(stone, practitioner.objectId, { verificationResult: 'verified' }),
    );
    must(await put(coordinator, 'Gemstone', stone, { certificateStatus: 'pending' }));
    must(await put(coordinator, 'Gemstone', stone, { certificateStatus: 'verified' }));
    expect((await history(stone)).map((e) => [e.verificationResult, e.statusTo ?? null])).toEqual([
      ['verified', null],
      ['status_change', 'pending'],
      ['status_change', 'verified'],
    ]);
  });

  test("another app's change gets its entry naming who made it; a workstation's comes under the id it sent, once", async () => {
    const stone = await create(coordinator, 'Gemstone', stoneBody({ certificateStatus: 'pending' }));
    expect(await history(stone)).toMatchObject([
      { statusTo: 'pending', verifiedBy: { objectId: coordinator.objectId } },
    ]);
    expect((await history(stone))[0]!.statusFrom).toBeUndefined();
    must(await put(coordinator, 'Gemstone', stone, { certificateStatus: 'mismatch' }));
    const clientId = crypto.randomUUID();
    must(
      await put(admin, 'Gemstone', stone, {
        certificateStatus: 'none',
        lastCertificateLog: clientId,
        certificateStatusReason: 'Certificate returned to the supplier',
      }),
    );
    const entries = await history(stone);
    expect(entries.map((e) => [e.statusFrom ?? null, e.statusTo, e.verifiedBy])).toEqual([
      [null, 'pending', { __type: 'Pointer', className: '_User', objectId: coordinator.objectId }],
      ['pending', 'mismatch', { __type: 'Pointer', className: '_User', objectId: coordinator.objectId }],
      ['mismatch', 'none', { __type: 'Pointer', className: '_User', objectId: admin.objectId }],
    ]);
    expect(entries[2]).toMatchObject({ clientId, notes: 'Certificate returned to the supplier' });
  });

  test('status change entries are written by the server only, and stay as written', async () => {
    const stone = await create('master', 'Gemstone', stoneBody());
    expectRefused(
      await post(
        admin,
        'CertificateLog',
        logBody(stone, admin.objectId, { verificationResult: 'status_change', statusTo: 'verified' }),
      ),
      OPERATION_FORBIDDEN,
      /written by the server/,
    );
    must(await put(coordinator, 'Gemstone', stone, { certificateStatus: 'pending' }));
    const [entry] = await history(stone);
    expectRefused(
      await put(admin, 'CertificateLog', entry!.objectId as string, { notes: 'rewritten' }),
      OPERATION_FORBIDDEN,
      /stay as written/,
    );
  });
});

describe('PurchaseInquiry', () => {
  const newStone = (over: Json = {}) => create('master', 'Gemstone', stoneBody(over));
  const inquiry = async (stone: string, over: Json = {}) =>
    create(coordinator, 'PurchaseInquiry', inquiryBody(buyer, stone, coordinator.objectId, over));
  const status = (id: string, inquiryStatus: string, more: Json = {}, caller: Caller = coordinator) =>
    put(caller, 'PurchaseInquiry', id, { inquiryStatus, ...more });

  test('moves new → quoted → reserved → closed', async () => {
    const id = await inquiry(await newStone());
    expect((await status(id, 'quoted', { quotedPrice: 12000 })).ok).toBe(true);
    expect((await status(id, 'reserved')).ok).toBe(true);
    expect((await status(id, 'closed', { outcome: 'sold' })).ok).toBe(true);
    expect(await fetchAsMaster('PurchaseInquiry', id)).toMatchObject({
      inquiryStatus: 'closed',
      outcome: 'sold',
      quotedPrice: 12000,
    });
  });

  test('closing is allowed from every open state', async () => {
    for (const from of ['new', 'quoted', 'reserved']) {
      const id = await inquiry(await newStone(), from === 'new' ? {} : { inquiryStatus: from, quotedPrice: 500 });
      expect(
        (await status(id, 'closed', { outcome: 'withdrawn', outcomeReason: 'Buyer changed plans' })).ok,
        from,
      ).toBe(true);
    }
  });

  test('never skips quoting, never goes back, never reopens', async () => {
    const fresh = await inquiry(await newStone());
    expectRefused(
      await status(fresh, 'reserved', { quotedPrice: 100 }),
      VALIDATION_ERROR,
      /Quote a price before reserving/,
    );
    const reserved = await inquiry(await newStone(), { inquiryStatus: 'reserved', quotedPrice: 900 });
    expectRefused(await status(reserved, 'quoted'), VALIDATION_ERROR, /cannot go from reserved back to quoted/);
    expectRefused(await status(reserved, 'new'), VALIDATION_ERROR, /cannot go from reserved back to new/);
    const closed = await inquiry(await newStone(), { inquiryStatus: 'closed' });
    expectRefused(await status(closed, 'new'), VALIDATION_ERROR, /closed and cannot be reopened/);
  });

  test('quoting needs a price above 0; the price and its currency are taken as written', async () => {
    const id = await inquiry(await newStone());
    expectRefused(await status(id, 'quoted'), VALIDATION_ERROR, /quoted inquiry needs a quoted price/);
    expectRefused(
      await status(id, 'quoted', { quotedPrice: 0 }),
      VALIDATION_ERROR,
      /PurchaseInquiry\.quotedPrice \(Quoted price\) must be greater than 0/,
    );
    expect((await status(id, 'quoted', { quotedPrice: 1234.567, currency: 'US$' })).ok).toBe(true);
    expect(await fetchAsMaster('PurchaseInquiry', id)).toMatchObject({ quotedPrice: 1234.567, currency: 'US$' });
    expect((await put(coordinator, 'PurchaseInquiry', id, { quotedPrice: 10, currency: 'CHF' })).ok).toBe(true);
    expectRefused(
      await put(coordinator, 'PurchaseInquiry', id, { quotedPrice: { __op: 'Delete' } }),
      VALIDATION_ERROR,
      /needs a quoted price/,
    );
  });

  test('an outcome is recorded on closing only', async () => {
    const id = await inquiry(await newStone());
    expectRefused(
      await put(coordinator, 'PurchaseInquiry', id, { outcome: 'sold' }),
      VALIDATION_ERROR,
      /when the inquiry is closed/,
    );
    expectRefused(
      await status(id, 'closed', { outcome: 'won' }),
      VALIDATION_ERROR,
      /PurchaseInquiry\.outcome \(Outcome\) must be one of sold, lost, withdrawn/,
    );
  });

  test.each([
    [
      'an unknown status',
      { inquiryStatus: 'pending' },
      /PurchaseInquiry\.inquiryStatus \(Status\) must be one of new, quoted, reserved, closed/,
    ],
    [
      'a requested weight of 0',
      { requestedCaratWeight: 0 },
      /PurchaseInquiry\.requestedCaratWeight \(Requested carat weight\) must be greater than 0/,
    ],
    ['a missing currency', { currency: undefined }, /PurchaseInquiry\.currency \(Currency\) is required/],
    ['a missing handler', { handledBy: undefined }, /PurchaseInquiry\.handledBy \(Handled by\) is required/],
  ])('%s is refused', async (_, over, message) => {
    expectRefused(
      await post(coordinator, 'PurchaseInquiry', inquiryBody(buyer, await newStone(), coordinator.objectId, over)),
      VALIDATION_ERROR,
      message,
    );
  });

  test('a second reservation of a reserved stone fails with a clear message', async () => {
    const stone = await newStone({ sku: unique('RES') });
    const sku = (await fetchAsMaster('Gemstone', stone)).sku as string;
    const first = await inquiry(stone, { inquiryStatus: 'quoted', quotedPrice: 1000 });
    const second = await inquiry(stone, { inquiryStatus: 'quoted', quotedPrice: 1100 });
    expect((await status(first, 'reserved')).ok).toBe(true);
    const refused = await status(second, 'reserved');
    expectRefused(
      refused,
      VALIDATION_ERROR,
      new RegExp(`Stone ${sku} is already reserved for buyer .* \\(inquiry ${first}\\)`),
    );
    // also as a create that arrives already reserved (an offline workstation pushing its current state)
    expectRefused(
      await post(
        coordinator,
        'PurchaseInquiry',
        inquiryBody(buyer, stone, coordinator.objectId, { inquiryStatus: 'reserved', quotedPrice: 5 }),
      ),
      VALIDATION_ERROR,
      /already reserved/,
    );
    // once the first is closed the stone is free again
    must(await status(first, 'closed', { outcome: 'lost' }));
    expect((await status(second, 'reserved')).ok).toBe(true);
  });

  test('simultaneous reservations of one stone: exactly one wins', async () => {
    const stone = await newStone();
    const ids = await Promise.all(
      Array.from({ length: 4 }, () => inquiry(stone, { inquiryStatus: 'quoted', quotedPrice: 700 })),
    );
    const replies = await Promise.all(ids.map((id) => status(id, 'reserved')));
    expect(replies.filter((r) => r.ok)).toHaveLength(1);
    expect(
      await find('PurchaseInquiry', { gemstone: pointer('Gemstone', stone), inquiryStatus: 'reserved' }),
    ).toHaveLength(1);
  });

  test('a sale recorded by another app closes the stone’s other open inquiries as lost, with the reason and a history entry', async () => {
    const stone = await newStone();
    const sale = await inquiry(stone, { inquiryStatus: 'quoted', quotedPrice: 12500 });
    const quoted = await inquiry(stone, { inquiryStatus: 'quoted', quotedPrice: 13000 });
    const fresh = await inquiry(stone);
    const withdrawn = await inquiry(stone, {
      inquiryStatus: 'closed',
      outcome: 'withdrawn',
      outcomeReason: 'Client travelling',
    });
    must(await status(sale, 'closed', { outcome: 'sold', outcomeReason: 'Paid by wire' }));
    for (const [id, from] of [
      [quoted, 'quoted'],
      [fresh, 'new'],
    ]) {
      const rival = await fetchAsMaster('PurchaseInquiry', id!);
      expect(rival, from).toMatchObject({
        inquiryStatus: 'closed',
        outcome: 'lost',
        outcomeReason: 'Stone sold to another buyer',
      });
      expect(rival.statusHistory, from).toEqual([
        {
          from,
          to: 'closed',
          by: coordinator.objectId,
          byName: expect.any(String),
          at: expect.any(String),
          reason: 'Stone sold to another buyer',
          outcome: 'lost',
        },
      ]);
    }
    expect(await fetchAsMaster('PurchaseInquiry', withdrawn)).toMatchObject({
      outcome: 'withdrawn',
      outcomeReason: 'Client travelling',
    });
  });

  test('a workstation’s sale leaves the rivals it lists to its own push, and closes the ones it did not know', async () => {
    const stone = await newStone();
    const sale = await inquiry(stone, { inquiryStatus: 'quoted', quotedPrice: 12500 });
    const known = await inquiry(stone, { inquiryStatus: 'quoted', quotedPrice: 13000 });
    const unknown = await inquiry(stone, { inquiryStatus: 'quoted', quotedPrice: 14000 });
    const knownClientId = (await fetchAsMaster('PurchaseInquiry', known)).clientId as string;
    const at = new Date().toISOString();
    const closing = {
      from: 'quoted',
      to: 'closed',
      by: coordinator.objectId,
      at,
      reason: 'Paid by wire',
      outcome: 'sold',
      rivalsClosed: [knownClientId],
    };
    must(await status(sale, 'closed', { outcome: 'sold', outcomeReason: 'Paid by wire', statusHistory: [closing] }));
    expect(await fetchAsMaster('PurchaseInquiry', unknown)).toMatchObject({
      inquiryStatus: 'closed',
      outcome: 'lost',
      outcomeReason: 'Stone sold to another buyer',
    });
    expect(await fetchAsMaster('PurchaseInquiry', known)).toMatchObject({ inquiryStatus: 'quoted' });
    // The workstation's own closing lands as its only closing entry.
    const lost = {
      from: 'quoted',
      to: 'closed',
      by: coordinator.objectId,
      at,
      reason: 'Stone sold to another buyer',
      outcome: 'lost',
    };
    must(
      await status(known, 'closed', {
        outcome: 'lost',
        outcomeReason: 'Stone sold to another buyer',
        statusHistory: [lost],
      }),
    );
    expect((await fetchAsMaster('PurchaseInquiry', known)).statusHistory).toEqual([lost]);
  });

  test('a stone whose certificate is a mismatch is reserved only by an admin override', async () => {
    const stone = await newStone({ certificateStatus: 'mismatch' });
    const id = await inquiry(stone, { inquiryStatus: 'quoted', quotedPrice: 300 });
    expectRefused(await status(id, 'reserved'), VALIDATION_ERROR, /certificate mismatch .*\(an admin may override\)/);
    expectRefused(
      await status(id, 'reserved', { mismatchOverride: true }),
      OPERATION_FORBIDDEN,
      /Only an admin can reserve/,
    );
    expect((await status(id, 'reserved', { mismatchOverride: true }, admin)).ok).toBe(true);
  });
});

describe('CustodyEvent', () => {
  test('a move is recorded with who made it', async () => {
    const stone = await create('master', 'Gemstone', stoneBody());
    const id = await create(coordinator, 'CustodyEvent', { ...moveBody(stone), movedBy: undefined });
    expect(await fetchAsMaster('CustodyEvent', id)).toMatchObject({
      fromLocation: 'Vault',
      toLocation: 'Showcase 1',
      movedBy: { objectId: coordinator.objectId },
    });
  });

  test.each([
    ['a missing destination', { toLocation: undefined }, /CustodyEvent\.toLocation \(To\) is required/],
    [
      'a stone that does not exist',
      { gemstone: pointer('Gemstone', 'nosuchstone') },
      /CustodyEvent\.gemstone \(Stone\) points to a Gemstone that does not exist/,
    ],
    ['a move in the future', { movedAt: date(new Date(Date.now() + 3 * 3600_000)) }, /cannot be in the future/],
  ])('%s is refused', async (_, over, message) => {
    const stone = await create('master', 'Gemstone', stoneBody());
    expectRefused(await post(coordinator, 'CustodyEvent', { ...moveBody(stone), ...over }), VALIDATION_ERROR, message);
  });

  test('a stone moved by another app without a custody event gets one, naming who moved it', async () => {
    const stone = await create('master', 'Gemstone', stoneBody({ location: 'Vault' }));
    must(await put(coordinator, 'Gemstone', stone, { location: 'Showcase 2' }));
    const events = await find('CustodyEvent', { gemstone: pointer('Gemstone', stone) });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      fromLocation: 'Vault',
      toLocation: 'Showcase 2',
      movedBy: { objectId: coordinator.objectId },
    });
    expect(events[0]!.reason).toMatch(/without a custody entry/);
  });

  test('a move that comes with its own custody event (a workstation) gets no second one', async () => {
    const stone = await create('master', 'Gemstone', stoneBody({ location: 'Vault' }));
    const clientId = crypto.randomUUID();
    must(await put(coordinator, 'Gemstone', stone, { location: 'Safe', lastCustodyEvent: clientId }));
    await create(coordinator, 'CustodyEvent', { ...moveBody(stone), toLocation: 'Safe', clientId });
    expect(await find('CustodyEvent', { gemstone: pointer('Gemstone', stone) })).toHaveLength(1);
  });

  test("a stone's custody log goes with the stone when an admin deletes it, each entry leaving a tombstone", async () => {
    const stone = await create('master', 'Gemstone', stoneBody());
    const move = await create(coordinator, 'CustodyEvent', moveBody(stone));
    must(await rest(admin, 'DELETE', `/classes/Gemstone/${stone}`));
    expect(await find('CustodyEvent', { gemstone: pointer('Gemstone', stone) })).toHaveLength(0);
    expect(await find('Tombstone', { targetClass: 'CustodyEvent', targetId: move })).toHaveLength(1);
  });

  test('the record is append-only', async () => {
    const id = await create(coordinator, 'CustodyEvent', moveBody(await create('master', 'Gemstone', stoneBody())));
    expectRefused(await put(admin, 'CustodyEvent', id, { toLocation: 'Safe' }), OPERATION_FORBIDDEN);
    expectRefused(await rest(admin, 'DELETE', `/classes/CustodyEvent/${id}`), OPERATION_FORBIDDEN);
    expect(await fetchAsMaster('CustodyEvent', id)).toMatchObject({ toLocation: 'Showcase 1' });
  });
});

describe('Activity', () => {
  test('records who logged it', async () => {
    const id = await create(practitioner, 'Activity', { type: 'note', subject: 'Called about a ruby' });
    expect(await fetchAsMaster('Activity', id)).toMatchObject({ createdBy: { objectId: practitioner.objectId } });
  });

  test.each([
    ['no type', { subject: 'x' }, /Activity\.type \(Activity type\) is required/],
    [
      'a buyer that does not exist',
      { type: 'call', relatedTo: pointer('Buyer', 'nobody') },
      /Activity\.relatedTo \(Buyer\) points to a Buyer that does not exist/,
    ],
  ])('%s is refused', async (_, body, message) => {
    expectRefused(await post(coordinator, 'Activity', body), VALIDATION_ERROR, message);
  });

  test("an activity about an inquiry is about that inquiry's buyer", async () => {
    const inquiryId = await create(
      'master',
      'PurchaseInquiry',
      inquiryBody(buyer, await create('master', 'Gemstone', stoneBody()), coordinator.objectId),
    );
    const id = await create(coordinator, 'Activity', {
      type: 'email',
      relatedInquiry: pointer('PurchaseInquiry', inquiryId),
    });
    expect(await fetchAsMaster('Activity', id)).toMatchObject({ relatedTo: { objectId: buyer } });
    const otherBuyer = await create('master', 'Buyer', buyerBody(coordinator.objectId));
    expectRefused(
      await post(coordinator, 'Activity', {
        type: 'email',
        relatedInquiry: pointer('PurchaseInquiry', inquiryId),
        relatedTo: pointer('Buyer', otherBuyer),
      }),
      VALIDATION_ERROR,
      /buyer of the inquiry/,
    );
  });

  test('is changed or deleted only by whoever logged it, or an admin', async () => {
    const id = await create(coordinator, 'Activity', { type: 'call', subject: 'Mine' });
    expectRefused(
      await put(practitioner, 'Activity', id, { subject: 'Theirs' }),
      OPERATION_FORBIDDEN,
      /Only the person who logged this activity/,
    );
    expectRefused(
      await rest(practitioner, 'DELETE', `/classes/Activity/${id}`),
      OPERATION_FORBIDDEN,
      /Only the person who logged this activity/,
    );
    expect((await put(coordinator, 'Activity', id, { completedAt: date(new Date()) })).ok).toBe(true);
    expectRefused(
      await put(coordinator, 'Activity', id, { createdBy: pointer('_User', practitioner.objectId) }),
      OPERATION_FORBIDDEN,
      /Only an admin/,
    );
  });
});

describe('loupeCreateStaff', () => {
  const call = (caller: Caller, params: Json) => rest(caller, 'POST', '/functions/loupeCreateStaff', params);
  const person = (over: Json = {}) => ({
    username: unique('staff').toLowerCase(),
    email: `${unique('m')}@example.com`,
    fullName: 'Made Offline',
    role: 'coordinator',
    password: 'a long first password',
    ...over,
  });

  test('an admin creates a staff account with its role on the server and the workstation id, and no session is left open', async () => {
    const clientId = crypto.randomUUID();
    const params = person({ clientId });
    const { result } = must(await call(admin, params));
    const user = await fetchAsMaster('_User', result.objectId);
    expect(user).toMatchObject({ username: params.username, fullName: 'Made Offline', role: 'coordinator', clientId });
    const role = must(
      await rest(
        'master',
        'GET',
        `/roles?where=${encodeURIComponent(JSON.stringify({ name: 'coordinator', users: pointer('_User', result.objectId) }))}`,
      ),
    );
    expect(role.results).toHaveLength(1);
    const sessions = must(
      await rest(
        'master',
        'GET',
        `/classes/_Session?where=${encodeURIComponent(JSON.stringify({ user: pointer('_User', result.objectId) }))}`,
      ),
    );
    expect(sessions.results).toHaveLength(0);
    expect(
      (await rest('anonymous', 'POST', '/login', { username: params.username, password: params.password })).ok,
    ).toBe(true);
  });

  test('only an admin may call it; a taken username, a bad role or a short password is refused', async () => {
    expectRefused(await call(coordinator, person()), OPERATION_FORBIDDEN, /Only an admin/);
    expectRefused(await call('anonymous', person()), OPERATION_FORBIDDEN);
    expectRefused(await call(admin, person({ username: coordinator.username })), VALIDATION_ERROR, /already taken/);
    expectRefused(
      await call(admin, person({ role: 'owner' })),
      VALIDATION_ERROR,
      /role \(Role\) must be one of admin, coordinator, practitioner/,
    );
    expectRefused(await call(admin, person({ password: 'short' })), VALIDATION_ERROR, /at least 10 characters/);
  });
});

describe('users', () => {
  test('the last admin cannot stop being one, nor be deleted', async () => {
    // leave the demo admin as the only admin
    for (const other of await find('_User', { role: 'admin', objectId: { $ne: admin.objectId } })) {
      must(await rest('master', 'PUT', `/users/${other.objectId}`, { role: 'coordinator' }));
    }
    expectRefused(
      await rest(admin, 'PUT', `/users/${admin.objectId}`, { role: 'coordinator' }),
      VALIDATION_ERROR,
      /only admin/,
    );
    expectRefused(await rest('master', 'DELETE', `/users/${admin.objectId}`), VALIDATION_ERROR, /only admin/);
    // with a second admin, the first may step down
    const second = await newStaff('coordinator');
    must(await rest(admin, 'PUT', `/users/${second.objectId}`, { role: 'admin' }));
    must(await rest(second, 'PUT', `/users/${second.objectId}`, { role: 'coordinator' }));
  });
});

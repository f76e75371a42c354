// Cloud Code's rules for holds (StoneHold) against the real server: one hold per stone, who may change a
// hold, and how its status moves.

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
  newStaff,
  pointer,
  rest,
  stoneBody,
  type Caller,
  type Json,
} from './test-support';

type User = Exclude<Caller, 'anonymous' | 'master'>;
let admin: User;
let coordinator: User;
let practitioner: User;
let buyer: string;
const { VALIDATION_ERROR, OPERATION_FORBIDDEN } = CODES;
const HOUR = 60 * 60 * 1000;

beforeAll(async () => {
  admin = await demo('admin');
  coordinator = await demo('coordinator');
  practitioner = await demo('practitioner');
  buyer = await create('master', 'Buyer', buyerBody(coordinator.objectId, { companyName: 'Acme Gems' }));
});

const holdBody = (stone: string, placer: User, over: Json = {}): Json => ({
  gemstone: pointer('Gemstone', stone),
  buyer: pointer('Buyer', buyer),
  placedBy: pointer('_User', placer.objectId),
  heldUntil: date(new Date(Date.now() + 2 * HOUR)),
  status: 'active',
  ...over,
});
const post = (caller: Caller, body: Json) => rest(caller, 'POST', '/classes/StoneHold', body);
const put = (caller: Caller, id: string, body: Json) => rest(caller, 'PUT', `/classes/StoneHold/${id}`, body);
const aStone = async (sku?: string) => create('master', 'Gemstone', stoneBody(sku ? { sku } : {}));

describe('one hold per stone', () => {
  test('a second active hold is refused, naming the stone, who holds it and for whom', async () => {
    const stone = await aStone();
    const { sku } = await fetchAsMaster('Gemstone', stone);
    await create(coordinator, 'StoneHold', holdBody(stone, coordinator));
    const second = await post(admin, holdBody(stone, admin));
    expectRefused(second, VALIDATION_ERROR, new RegExp(`^Stone ${sku} is already held by .+ for Acme Gems until `));
  });

  test('a hold whose time has passed does not count; nor does an ended one', async () => {
    const stone = await aStone();
    const lapsed = await create(
      'master',
      'StoneHold',
      holdBody(stone, coordinator, { heldUntil: date(new Date(Date.now() - HOUR)) }),
    );
    const released = await create(coordinator, 'StoneHold', holdBody(stone, coordinator));
    must200(await put(coordinator, released, { status: 'released', endedAt: date(new Date()) }));
    await create(admin, 'StoneHold', holdBody(stone, admin));
    // Reactivating the lapsed hold (extending it) while the new one holds the stone is refused.
    expectRefused(
      await put('master', lapsed, { heldUntil: date(new Date(Date.now() + HOUR)) }),
      VALIDATION_ERROR,
      /already held/,
    );
  });

  test('a hold made offline and already ended is stored as it is', async () => {
    const stone = await aStone();
    await create(coordinator, 'StoneHold', holdBody(stone, coordinator));
    await create(admin, 'StoneHold', holdBody(stone, admin, { status: 'released', endedAt: date(new Date()) }));
  });
});

describe('a hold and the inquiries of other buyers', () => {
  test("another buyer's reservation or sale of a held stone is refused; the held buyer's is not", async () => {
    const stone = await aStone();
    await create(coordinator, 'StoneHold', holdBody(stone, coordinator));
    const other = await create('master', 'Buyer', buyerBody(coordinator.objectId, { companyName: 'Zenith Jewels' }));
    const quotedFor = (buyerId: string) =>
      create(
        coordinator,
        'PurchaseInquiry',
        inquiryBody(buyerId, stone, coordinator.objectId, { inquiryStatus: 'quoted', quotedPrice: 900 }),
      );
    const zenith = await quotedFor(other);
    const inquiryPath = `/classes/PurchaseInquiry/${zenith}`;
    expectRefused(
      await rest(coordinator, 'PUT', inquiryPath, { inquiryStatus: 'reserved' }),
      VALIDATION_ERROR,
      /is held for buyer .+ until .+ cannot be reserved for another buyer/,
    );
    expectRefused(
      await rest(coordinator, 'PUT', inquiryPath, { inquiryStatus: 'closed', outcome: 'sold' }),
      VALIDATION_ERROR,
      /cannot be sold to another buyer/,
    );
    const acme = await quotedFor(buyer);
    must200(await rest(coordinator, 'PUT', `/classes/PurchaseInquiry/${acme}`, { inquiryStatus: 'reserved' }));
  });
});

describe('who may change a hold', () => {
  test('placedBy is the signed-in user (set when left out; admins may name someone else)', async () => {
    const stone = await aStone();
    const body = holdBody(stone, coordinator);
    delete body.placedBy;
    const id = await create(coordinator, 'StoneHold', body);
    expect((await fetchAsMaster('StoneHold', id)).placedBy.objectId).toBe(coordinator.objectId);
    must200(await put(coordinator, id, { status: 'released' }));
    const other = await newStaff('coordinator');
    expectRefused(await post(other, holdBody(stone, coordinator)), OPERATION_FORBIDDEN, /placedBy must be you/);
    await create(admin, 'StoneHold', holdBody(stone, coordinator));
  });

  test('only the placer or an admin ends or extends it; practitioners write no holds at all', async () => {
    const stone = await aStone();
    const other = await newStaff('coordinator');
    const id = await create(coordinator, 'StoneHold', holdBody(stone, coordinator));
    expectRefused(await put(other, id, { status: 'released' }), OPERATION_FORBIDDEN, /placed this hold, or an admin/);
    expectRefused(await put(other, id, { heldUntil: date(new Date(Date.now() + 5 * HOUR)) }), OPERATION_FORBIDDEN);
    expect((await put(practitioner, id, { status: 'released' })).ok).toBe(false);
    expect((await post(practitioner, holdBody(stone, practitioner))).ok).toBe(false);
    must200(await put(admin, id, { heldUntil: date(new Date(Date.now() + 5 * HOUR)) }));
    must200(await put(coordinator, id, { status: 'released' }));
  });

  test('anyone who may write holds marks a run-out hold expired, and nothing more', async () => {
    const stone = await aStone();
    const other = await newStaff('coordinator');
    const id = await create(
      'master',
      'StoneHold',
      holdBody(stone, coordinator, { heldUntil: date(new Date(Date.now() - HOUR)) }),
    );
    expectRefused(await put(other, id, { status: 'released' }), OPERATION_FORBIDDEN);
    must200(await put(other, id, { status: 'expired', endedAt: date(new Date()) }));
  });

  test('statuses move active → released | converted | expired only, and stone and buyer are fixed', async () => {
    const stone = await aStone();
    const id = await create(coordinator, 'StoneHold', holdBody(stone, coordinator));
    expectRefused(
      await put(coordinator, id, { gemstone: pointer('Gemstone', await aStone()) }),
      VALIDATION_ERROR,
      /fixed/,
    );
    expectRefused(await put(coordinator, id, { placedBy: pointer('_User', admin.objectId) }), VALIDATION_ERROR);
    must200(await put(coordinator, id, { status: 'released' }));
    expectRefused(await put(coordinator, id, { status: 'active' }), VALIDATION_ERROR, /already ended/);
    expectRefused(await put(admin, id, { status: 'converted' }), VALIDATION_ERROR, /already ended/);
  });
});

function must200(reply: { ok: boolean; error?: string }) {
  expect(reply.ok, reply.error).toBe(true);
}

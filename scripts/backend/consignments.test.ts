// Cloud Code's rules for consignments in (Consignment) against the real server: one consignment in per
// stone, how its status moves, what is fixed, and no sale of a stone still on consignment.

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
  must,
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
const { VALIDATION_ERROR } = CODES;

beforeAll(async () => {
  admin = await demo('admin');
  coordinator = await demo('coordinator');
  practitioner = await demo('practitioner');
  buyer = await create('master', 'Buyer', buyerBody(coordinator.objectId, { companyName: 'Acme Gems' }));
});

const consignmentBody = (stone: string, over: Json = {}): Json => ({
  gemstone: pointer('Gemstone', stone),
  supplier: 'Ceylon Blue Ltd',
  supplierReference: 'CB-7781',
  agreedPrice: 12500,
  currency: 'USD',
  receivedAt: date(new Date(Date.now() - 60_000)),
  dueDate: date(new Date(Date.now() + 30 * 24 * 60 * 60 * 1000)),
  status: 'in',
  ...over,
});
const post = (caller: Caller, body: Json) => rest(caller, 'POST', '/classes/Consignment', body);
const put = (caller: Caller, id: string, body: Json) => rest(caller, 'PUT', `/classes/Consignment/${id}`, body);
const aStone = () => create('master', 'Gemstone', stoneBody());

/** A quoted inquiry of the buyer on the stone, ready to close as sold. */
const quoted = (stone: string) =>
  create(
    coordinator,
    'PurchaseInquiry',
    inquiryBody(buyer, stone, coordinator.objectId, { inquiryStatus: 'quoted', quotedPrice: 15000 }),
  );
const sell = (inquiry: string) =>
  rest(coordinator, 'PUT', `/classes/PurchaseInquiry/${inquiry}`, { inquiryStatus: 'closed', outcome: 'sold' });

describe('no sale of a stone still on consignment', () => {
  test('a sale is refused, naming the supplier, until the settlement is recorded; then it goes through', async () => {
    const stone = await aStone();
    const { sku } = await fetchAsMaster('Gemstone', stone);
    const consignment = await create(coordinator, 'Consignment', consignmentBody(stone));
    expect((await fetchAsMaster('Consignment', consignment)).receivedBy.objectId).toBe(coordinator.objectId);
    const inquiry = await quoted(stone);
    expectRefused(
      await sell(inquiry),
      VALIDATION_ERROR,
      new RegExp(`^Stone ${sku} is on consignment from Ceylon Blue Ltd .+record the settlement with the supplier`),
    );
    expect((await fetchAsMaster('PurchaseInquiry', inquiry)).inquiryStatus).toBe('quoted');

    must(
      await put(admin, consignment, {
        status: 'settled',
        settledAt: date(new Date()),
        settlementReference: 'Wire 114',
        closedBy: pointer('_User', admin.objectId),
      }),
    );
    must(await sell(inquiry));
  });

  test('a returned consignment does not stand in the way of the rule: only one still in does', async () => {
    const stone = await aStone();
    const returned = await create(coordinator, 'Consignment', consignmentBody(stone));
    must(await put(coordinator, returned, { status: 'returned' }));
    must(await sell(await quoted(stone)));
  });
});

describe('one consignment in per stone', () => {
  test('a second consignment in is refused, naming the stone and its supplier', async () => {
    const stone = await aStone();
    const { sku } = await fetchAsMaster('Gemstone', stone);
    await create(coordinator, 'Consignment', consignmentBody(stone));
    expectRefused(
      await post(admin, consignmentBody(stone, { supplier: 'Bangkok Gem House' })),
      VALIDATION_ERROR,
      new RegExp(`^Stone ${sku} is already on consignment from Ceylon Blue Ltd \\(consignment \\w+\\)`),
    );
  });

  test('once returned, the stone may come in again; one made offline and already settled is stored as it is', async () => {
    const stone = await aStone();
    const first = await create(coordinator, 'Consignment', consignmentBody(stone));
    must(await put(coordinator, first, { status: 'returned' }));
    await create(admin, 'Consignment', consignmentBody(stone, { supplier: 'Bangkok Gem House' }));
    await create(admin, 'Consignment', consignmentBody(stone, { status: 'settled', settledAt: date(new Date()) }));
  });
});

describe('how a consignment changes', () => {
  test('statuses move in → returned | settled, once', async () => {
    const stone = await aStone();
    const id = await create(coordinator, 'Consignment', consignmentBody(stone));
    expectRefused(await put(coordinator, id, { status: 'lost' }), VALIDATION_ERROR);
    must(await put(coordinator, id, { status: 'settled', settledAt: date(new Date()) }));
    expectRefused(await put(coordinator, id, { status: 'in' }), VALIDATION_ERROR, /This consignment is closed/);
    expectRefused(await put(admin, id, { status: 'returned' }), VALIDATION_ERROR, /already bought \(settled\)/);
    const other = await create(coordinator, 'Consignment', consignmentBody(await aStone()));
    must(await put(coordinator, other, { status: 'returned' }));
    expectRefused(await put(coordinator, other, { status: 'settled' }), VALIDATION_ERROR, /already returned/);
  });

  test('the stone and the supplier are fixed; practitioners write no consignments', async () => {
    const stone = await aStone();
    const id = await create(coordinator, 'Consignment', consignmentBody(stone));
    expectRefused(
      await put(coordinator, id, { supplier: 'Someone Else' }),
      VALIDATION_ERROR,
      /stone and supplier are fixed/,
    );
    expectRefused(
      await put(coordinator, id, { gemstone: pointer('Gemstone', await aStone()) }),
      VALIDATION_ERROR,
      /stone and supplier are fixed/,
    );
    must(await put(coordinator, id, { terms: '45 days' }));
    expect((await post(practitioner, consignmentBody(await aStone()))).ok).toBe(false);
    expect((await put(practitioner, id, { status: 'returned' })).ok).toBe(false);
  });
});

// Cloud Code's rules for memos (Memo, MemoLine) against the real server: a stone on one open memo line at
// most, how lines and memos move, who may change them, and the inquiry pipeline's check of a stone on memo.

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
const DAY = 24 * 60 * 60 * 1000;

beforeAll(async () => {
  admin = await demo('admin');
  coordinator = await demo('coordinator');
  practitioner = await demo('practitioner');
  buyer = await create('master', 'Buyer', buyerBody(coordinator.objectId, { companyName: 'Acme Gems' }));
});

const memoBody = (issuer: User, over: Json = {}): Json => ({
  buyer: pointer('Buyer', buyer),
  issuedBy: pointer('_User', issuer.objectId),
  issuedAt: date(new Date(Date.now() - 60_000)),
  dueBack: date(new Date(Date.now() + 14 * DAY)),
  currency: 'USD',
  status: 'open',
  ...over,
});
const lineBody = (memo: string, stone: string, over: Json = {}): Json => ({
  memo: pointer('Memo', memo),
  gemstone: pointer('Gemstone', stone),
  price: 5000,
  currency: 'USD',
  status: 'out',
  fromLocation: 'Vault',
  ...over,
});
const aStone = async () => create('master', 'Gemstone', stoneBody());
const put = (caller: Caller, className: string, id: string, body: Json) =>
  rest(caller, 'PUT', `/classes/${className}/${id}`, body);

function must200(reply: { ok: boolean; error?: string }) {
  expect(reply.ok, reply.error).toBe(true);
}

describe('a stone on one open memo line at most', () => {
  test('a second out line of a stone is refused, naming the stone and the buyer it is out with', async () => {
    const stone = await aStone();
    const { sku } = await fetchAsMaster('Gemstone', stone);
    const first = await create(coordinator, 'Memo', memoBody(coordinator));
    await create(coordinator, 'MemoLine', lineBody(first, stone));
    const second = await create(admin, 'Memo', memoBody(admin));
    const reply = await rest(admin, 'POST', '/classes/MemoLine', lineBody(second, stone));
    expectRefused(reply, VALIDATION_ERROR, new RegExp(`^Stone ${sku} is already out on memo with Acme Gems due back `));
  });

  test('once the stone is back (or a line arrives already returned) it may go out again', async () => {
    const stone = await aStone();
    const memo = await create(coordinator, 'Memo', memoBody(coordinator));
    const line = await create(coordinator, 'MemoLine', lineBody(memo, stone));
    // Made offline and already returned: stored as it is.
    await create(coordinator, 'MemoLine', lineBody(memo, stone, { status: 'returned', returnedAt: date(new Date()) }));
    must200(await put(coordinator, 'MemoLine', line, { status: 'returned', returnedAt: date(new Date()) }));
    const again = await create(admin, 'Memo', memoBody(admin));
    await create(admin, 'MemoLine', lineBody(again, stone));
  });
});

describe('how lines and memos move', () => {
  test('a line moves out → returned | sold only, and its memo and stone are fixed', async () => {
    const memo = await create(coordinator, 'Memo', memoBody(coordinator));
    const line = await create(coordinator, 'MemoLine', lineBody(memo, await aStone()));
    expectRefused(
      await put(coordinator, 'MemoLine', line, { gemstone: pointer('Gemstone', await aStone()) }),
      VALIDATION_ERROR,
      /fixed/,
    );
    const other = await create(coordinator, 'Memo', memoBody(coordinator));
    expectRefused(
      await put(coordinator, 'MemoLine', line, { memo: pointer('Memo', other) }),
      VALIDATION_ERROR,
      /fixed/,
    );
    must200(await put(coordinator, 'MemoLine', line, { status: 'sold', soldAt: date(new Date()) }));
    expectRefused(await put(coordinator, 'MemoLine', line, { status: 'out' }), VALIDATION_ERROR, /already sold/);
    expectRefused(await put(admin, 'MemoLine', line, { status: 'returned' }), VALIDATION_ERROR, /already sold/);
  });

  test('a memo closes and stays closed; its buyer and issuer are fixed', async () => {
    const memo = await create(coordinator, 'Memo', memoBody(coordinator));
    const other = await create('master', 'Buyer', buyerBody(coordinator.objectId, { companyName: 'Zenith Jewels' }));
    expectRefused(
      await put(coordinator, 'Memo', memo, { buyer: pointer('Buyer', other) }),
      VALIDATION_ERROR,
      /buyer is fixed/,
    );
    expectRefused(await put(admin, 'Memo', memo, { issuedBy: pointer('_User', admin.objectId) }), VALIDATION_ERROR);
    must200(await put(coordinator, 'Memo', memo, { dueBack: date(new Date(Date.now() + 20 * DAY)) }));
    must200(await put(coordinator, 'Memo', memo, { status: 'closed', closedAt: date(new Date()) }));
    expectRefused(await put(admin, 'Memo', memo, { status: 'open' }), VALIDATION_ERROR, /closed/);
    expectRefused(
      await rest(coordinator, 'POST', '/classes/MemoLine', lineBody(memo, await aStone())),
      VALIDATION_ERROR,
      /closed/,
    );
  });
});

describe('who may change a memo', () => {
  test('only the issuer or an admin; practitioners write no memos', async () => {
    const other = await newStaff('coordinator');
    const memo = await create(coordinator, 'Memo', memoBody(coordinator));
    const line = await create(coordinator, 'MemoLine', lineBody(memo, await aStone()));
    expectRefused(
      await put(other, 'Memo', memo, { status: 'closed' }),
      OPERATION_FORBIDDEN,
      /issued this memo, or an admin/,
    );
    expectRefused(await put(other, 'MemoLine', line, { status: 'returned' }), OPERATION_FORBIDDEN);
    expectRefused(await rest(other, 'POST', '/classes/MemoLine', lineBody(memo, await aStone())), OPERATION_FORBIDDEN);
    expectRefused(await rest(other, 'POST', '/classes/Memo', memoBody(coordinator)), OPERATION_FORBIDDEN, /own name/);
    expect((await rest(practitioner, 'POST', '/classes/Memo', memoBody(practitioner))).ok).toBe(false);
    must200(await put(admin, 'MemoLine', line, { status: 'returned', returnedAt: date(new Date()) }));
  });
});

describe('a stone on memo and the inquiries', () => {
  test('reserving or selling it through an inquiry is refused; once back, it may be reserved', async () => {
    const stone = await aStone();
    const memo = await create(coordinator, 'Memo', memoBody(coordinator));
    const line = await create(coordinator, 'MemoLine', lineBody(memo, stone));
    const other = await create('master', 'Buyer', buyerBody(coordinator.objectId, { companyName: 'Zenith Jewels' }));
    const inquiry = await create(
      coordinator,
      'PurchaseInquiry',
      inquiryBody(other, stone, coordinator.objectId, { inquiryStatus: 'quoted', quotedPrice: 900 }),
    );
    expectRefused(
      await put(coordinator, 'PurchaseInquiry', inquiry, { inquiryStatus: 'reserved' }),
      VALIDATION_ERROR,
      /is already out on memo with Acme Gems .* cannot be reserved until it comes back/,
    );
    expectRefused(
      await put(coordinator, 'PurchaseInquiry', inquiry, { inquiryStatus: 'closed', outcome: 'sold' }),
      VALIDATION_ERROR,
      /cannot be sold until it comes back/,
    );
    must200(await put(coordinator, 'MemoLine', line, { status: 'returned', returnedAt: date(new Date()) }));
    must200(await put(coordinator, 'PurchaseInquiry', inquiry, { inquiryStatus: 'reserved' }));
  });

  test("the memo's own buyer may buy it through an inquiry: a memo sale may send that before the line", async () => {
    const stone = await aStone();
    const memo = await create(coordinator, 'Memo', memoBody(coordinator));
    const line = await create(coordinator, 'MemoLine', lineBody(memo, stone));
    const own = await create(
      coordinator,
      'PurchaseInquiry',
      inquiryBody(buyer, stone, coordinator.objectId, { inquiryStatus: 'quoted', quotedPrice: 900 }),
    );
    must200(
      await put(coordinator, 'PurchaseInquiry', own, {
        inquiryStatus: 'closed',
        outcome: 'sold',
        outcomeReason: 'Bought on memo',
      }),
    );
    must200(await put(coordinator, 'MemoLine', line, { status: 'sold', soldAt: date(new Date()) }));
  });
});

// Cloud Code's rules for invoices and payments against the real server: the server numbers invoices by year,
// an issued invoice does not change, only an admin voids one, and payments never exceed what is due.
// Each numbering test uses a year of its own, long past, so no other test's invoices share its sequence.

import { beforeAll, describe, expect, test } from 'vitest';
import {
  buyerBody,
  CODES,
  create,
  date,
  demo,
  expectRefused,
  fetchAsMaster,
  pointer,
  rest,
  unique,
  type Caller,
  type Json,
} from './test-support';

type User = Exclude<Caller, 'anonymous' | 'master'>;
let admin: User;
let coordinator: User;
let practitioner: User;
let buyer: string;
const { VALIDATION_ERROR, OPERATION_FORBIDDEN } = CODES;

beforeAll(async () => {
  admin = await demo('admin');
  coordinator = await demo('coordinator');
  practitioner = await demo('practitioner');
  buyer = await create('master', 'Buyer', buyerBody(coordinator.objectId, { companyName: 'Acme Gems' }));
});

const invoiceBody = (issuedAt: string, over: Json = {}): Json => ({
  clientId: unique('inv'),
  buyer: pointer('Buyer', buyer),
  issuedAt: date(issuedAt),
  currency: 'CHF',
  lines: [{ sku: 'R-1', description: 'Ruby, 1.52 ct', caratWeight: 1.52, amount: 4293 }],
  subtotal: 4293,
  taxLines: [{ label: 'VAT', ratePercent: 7.7, amount: 330.56 }],
  taxTotal: 330.56,
  total: 4623.56,
  status: 'issued',
  ...over,
});
const post = (caller: Caller, body: Json) => rest(caller, 'POST', '/classes/Invoice', body);
const put = (caller: Caller, id: string, body: Json) => rest(caller, 'PUT', `/classes/Invoice/${id}`, body);
const numberOf = async (id: string) => (await fetchAsMaster('Invoice', id)).invoiceNumber as string;

describe('invoice numbers', () => {
  test('two invoices created at the same moment get distinct, consecutive numbers of their year', async () => {
    const [a, b] = await Promise.all([
      post(coordinator, invoiceBody('2003-03-01T10:00:00Z')),
      post(admin, invoiceBody('2003-03-01T10:00:00Z')),
    ]);
    expect(a.ok && b.ok, `${a.error ?? ''} ${b.error ?? ''}`).toBe(true);
    // The create's answer carries the number, so the workstation learns it at once.
    const numbers = [a.body.invoiceNumber, b.body.invoiceNumber].sort();
    expect(numbers).toEqual(['2003-0001', '2003-0002']);
    expect(await numberOf(a.body.objectId)).toBe(a.body.invoiceNumber);
    expect((await fetchAsMaster('Invoice', a.body.objectId)).invoiceYear).toBe(2003);
  });

  test('ten at once: ten numbers, none repeated', async () => {
    const replies = await Promise.all(
      Array.from({ length: 10 }, (_, i) => post(i % 2 ? admin : coordinator, invoiceBody('2006-05-01T10:00:00Z'))),
    );
    const numbers = replies.map((r) => r.body.invoiceNumber as string).sort();
    expect(numbers).toEqual(Array.from({ length: 10 }, (_, i) => `2006-${String(i + 1).padStart(4, '0')}`));
  });

  test('a number the client sends is replaced by the next one', async () => {
    await create(coordinator, 'Invoice', invoiceBody('2007-01-05T09:00:00Z'));
    const id = await create(
      coordinator,
      'Invoice',
      invoiceBody('2007-01-06T09:00:00Z', { invoiceNumber: '2007-0999', invoiceYear: 2001 }),
    );
    const stored = await fetchAsMaster('Invoice', id);
    expect(stored.invoiceNumber).toBe('2007-0002');
    expect(stored.invoiceYear).toBe(2007);
  });

  test('numbers start again at 0001 in a new year, by the UTC year the invoice was issued', async () => {
    await create(coordinator, 'Invoice', invoiceBody('2004-06-01T10:00:00Z'));
    const late = await create(coordinator, 'Invoice', invoiceBody('2004-12-31T23:30:00Z'));
    const next = await create(coordinator, 'Invoice', invoiceBody('2005-01-01T00:10:00Z'));
    expect(await numberOf(late)).toBe('2004-0002');
    expect(await numberOf(next)).toBe('2005-0001');
  });

  test('a retried create (same clientId) is refused before it takes a number', async () => {
    const body = invoiceBody('2008-02-02T10:00:00Z');
    await create(coordinator, 'Invoice', body);
    expectRefused(await post(coordinator, body), CODES.DUPLICATE_VALUE);
    expect(await numberOf(await create(coordinator, 'Invoice', invoiceBody('2008-02-03T10:00:00Z')))).toBe('2008-0002');
  });

  test('nobody but the master key reads or writes the sequence', async () => {
    expectRefused(await rest(admin, 'GET', '/classes/InvoiceSequence'), OPERATION_FORBIDDEN);
    expectRefused(await rest(admin, 'POST', '/classes/InvoiceSequence', { year: 2099, last: 0 }), OPERATION_FORBIDDEN);
  });
});

describe('an issued invoice', () => {
  test('keeps its number, buyer, lines, amounts and date', async () => {
    const id = await create(coordinator, 'Invoice', invoiceBody('2009-01-01T10:00:00Z'));
    for (const change of [
      { invoiceNumber: '2009-0500' },
      { total: 1 },
      { lines: [] },
      { issuedAt: date('2009-02-01T10:00:00Z') },
      { currency: 'USD' },
    ]) {
      expectRefused(await put(admin, id, change), VALIDATION_ERROR, /An issued invoice does not change/);
    }
    expect((await put(coordinator, id, { note: 'Shipped with courier' })).ok).toBe(true);
  });

  test('totals must add up', async () => {
    expectRefused(
      await post(coordinator, invoiceBody('2009-01-01T10:00:00Z', { total: 5000 })),
      VALIDATION_ERROR,
      /total/,
    );
  });

  test('only an admin voids it, and a void invoice stays void', async () => {
    const id = await create(coordinator, 'Invoice', invoiceBody('2009-01-01T10:00:00Z'));
    expectRefused(await put(coordinator, id, { status: 'void' }), OPERATION_FORBIDDEN, /Only an admin/);
    expect((await put(admin, id, { status: 'void', note: 'Wrong buyer' })).ok).toBe(true);
    expectRefused(await put(admin, id, { status: 'issued' }), VALIDATION_ERROR, /stays void/);
  });

  test('practitioners cannot write invoices and do not see their amounts', async () => {
    expectRefused(await post(practitioner, invoiceBody('2009-01-01T10:00:00Z')), OPERATION_FORBIDDEN);
    const id = await create(coordinator, 'Invoice', invoiceBody('2009-01-01T10:00:00Z'));
    const seen = (await rest(practitioner, 'GET', `/classes/Invoice/${id}`)).body;
    expect(seen.invoiceNumber).toMatch(/^2009-/);
    expect(seen.total).toBeUndefined();
  });
});

describe('payments', () => {
  const paymentBody = (invoice: string, amount: number, over: Json = {}): Json => ({
    invoice: pointer('Invoice', invoice),
    buyer: pointer('Buyer', buyer),
    amount,
    currency: 'CHF',
    method: 'bank_transfer',
    receivedAt: date(new Date(Date.now() - 60_000)),
    ...over,
  });
  const pay = (caller: Caller, body: Json) => rest(caller, 'POST', '/classes/Payment', body);

  test('add up to the total and no further', async () => {
    const invoice = await create(coordinator, 'Invoice', invoiceBody('2010-01-01T10:00:00Z'));
    expect((await pay(coordinator, paymentBody(invoice, 4000))).ok).toBe(true);
    expectRefused(
      await pay(coordinator, paymentBody(invoice, 700)),
      VALIDATION_ERROR,
      /more than invoice 2010-\d{4} still owes \(623\.56 CHF\)/,
    );
    expect((await pay(coordinator, paymentBody(invoice, 623.56))).ok).toBe(true);
    expectRefused(await pay(coordinator, paymentBody(invoice, 0.01)), VALIDATION_ERROR, /still owes \(0 CHF\)/);
  });

  test("are in the invoice's currency, for its buyer, and not for a void invoice", async () => {
    const invoice = await create(coordinator, 'Invoice', invoiceBody('2010-01-01T10:00:00Z'));
    expectRefused(await pay(coordinator, paymentBody(invoice, 10, { currency: 'USD' })), VALIDATION_ERROR, /CHF/);
    const other = await create('master', 'Buyer', buyerBody(coordinator.objectId, { companyName: 'Zenith' }));
    expectRefused(
      await pay(coordinator, paymentBody(invoice, 10, { buyer: pointer('Buyer', other) })),
      VALIDATION_ERROR,
      /buyer of its invoice/,
    );
    expectRefused(await pay(coordinator, paymentBody(invoice, 0)), VALIDATION_ERROR);
    expect((await put(admin, invoice, { status: 'void' })).ok).toBe(true);
    expectRefused(await pay(coordinator, paymentBody(invoice, 10)), VALIDATION_ERROR, /is void/);
  });

  test('are not changed once recorded; only an admin deletes a mistaken one', async () => {
    const invoice = await create(coordinator, 'Invoice', invoiceBody('2010-01-01T10:00:00Z'));
    const id = await create(coordinator, 'Payment', paymentBody(invoice, 100));
    expectRefused(
      await rest(admin, 'PUT', `/classes/Payment/${id}`, { amount: 50 }),
      VALIDATION_ERROR,
      /not changed once recorded/,
    );
    expectRefused(await rest(coordinator, 'DELETE', `/classes/Payment/${id}`), OPERATION_FORBIDDEN);
    expect((await rest(admin, 'DELETE', `/classes/Payment/${id}`)).ok).toBe(true);
    expectRefused(await pay(practitioner, paymentBody(invoice, 10)), OPERATION_FORBIDDEN);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aStone, refusal, refusalShape, startTestCore, type TestCore } from '../test-support/core';
import { aBuyer, count, outboxOf, salesDesk, salesSnapshot, type SalesDesk } from '../test-support/sales';

let t: TestCore;
let desk: SalesDesk;
beforeEach(async () => {
  t = await startTestCore();
  desk = await salesDesk(t.core);
});
afterEach(() => t.dispose());

const create = (input: Record<string, unknown>) =>
  refusalShape(t.core, 'test-admin', { type: 'mutation', path: 'buyers.create', input });

describe('buyers', () => {
  it('are created by administrators with every field of the seed, and queued for replication', async () => {
    const buyer = await desk.admin.buyers.create(
      aBuyer({
        buyerCode: ' b-0042 ',
        preferredGemstoneTypes: ['ruby', 'Spinel', 'RUBY'],
        accountManager: desk.coordinatorId,
      }),
    );
    expect(buyer).toMatchObject({
      buyerCode: 'B-0042',
      companyName: 'Aurora Gems Ltd',
      contactName: 'Lena Varga',
      email: 'lena@auroragems.example',
      phone: '+44 20 7946 0018',
      preferredGemstoneTypes: ['Ruby', 'Spinel'],
      salesStatus: 'active',
      accountManager: desk.coordinatorId,
      accountManagerName: 'Test coordinator',
    });
    expect(outboxOf(t.core)).toEqual([{ entity: 'Buyer', recordId: buyer.id, op: 'create', fields: null }]);
    expect((await desk.practitioner.buyers.list()).map((b) => b.companyName)).toEqual(['Aurora Gems Ltd']);
  });

  it.each([
    ['email', { email: 'lena@' }, 'Enter a valid email address'],
    ['phone', { phone: 'call me maybe' }, 'Enter a phone number: digits, with + ( ) . - / or spaces'],
    ['phone', { phone: '12 34' }, 'A phone number has 6 to 15 digits'],
    ['salesStatus', { salesStatus: 'vip' }, 'Choose a sales status from the list'],
    ['buyerCode', { buyerCode: 'B 1' }, 'Buyer code may use letters, digits, dot, dash and underscore'],
    ['companyName', { companyName: '  ' }, 'Company name is required'],
  ])('refuses a bad %s by name and writes nothing', async (field, overrides, message) => {
    const shape = await create(aBuyer(overrides));
    expect(shape.data.code).toBe('BAD_REQUEST');
    expect(shape.data.fieldErrors?.[field]).toEqual([message]);
    expect(count(t.core, 'buyers')).toBe(0);
    expect(count(t.core, 'outbox')).toBe(0);
  });

  it('refuses a practitioner as account manager', async () => {
    const pim = t.core.store.sqlite.prepare("SELECT id FROM users WHERE username = 'pim'").get() as { id: string };
    const shape = await create(aBuyer({ accountManager: pim.id }));
    expect(shape.data).toMatchObject({
      reason: 'INVALID_REFERENCE',
      fieldErrors: {
        accountManager: [
          'Test practitioner is a practitioner; the account manager must be a coordinator or an administrator.',
        ],
      },
    });
  });

  it('always have an account manager: the creating administrator unless another is chosen, never none', async () => {
    const buyer = await desk.admin.buyers.create(aBuyer());
    expect(buyer).toMatchObject({ accountManager: desk.adminId, accountManagerName: 'Amara Okafor' });
    const shape = await refusalShape(t.core, 'test-admin', {
      type: 'mutation',
      path: 'buyers.update',
      input: { id: buyer.id, changes: { accountManager: null } },
    });
    expect(shape.data.fieldErrors).toEqual({ accountManager: ['Choose an account manager'] });
    expect((await desk.admin.buyers.get({ id: buyer.id })).accountManager).toBe(desk.adminId);
  });

  it('only administrators create and delete them', async () => {
    expect((await refusal(desk.coordinator.buyers.create(aBuyer()))).code).toBe('FORBIDDEN');
    expect((await refusal(desk.practitioner.buyers.create(aBuyer()))).code).toBe('FORBIDDEN');
    const buyer = await desk.admin.buyers.create(aBuyer());
    expect((await refusal(desk.coordinator.buyers.delete({ id: buyer.id }))).code).toBe('FORBIDDEN');
    expect(count(t.core, 'buyers')).toBe(1);
  });
});

describe('duplicate detection', () => {
  beforeEach(async () => {
    await desk.admin.buyers.create(aBuyer());
  });
  const existingId = () => (t.core.store.sqlite.prepare('SELECT id FROM buyers').get() as { id: string }).id;

  it.each([
    [
      'the same email, in other case',
      { buyerCode: 'B-9', companyName: 'Other House', email: 'LENA@AuroraGems.example' },
      'email',
      'Aurora Gems Ltd (B-0001) already uses the email LENA@AuroraGems.example.',
    ],
    [
      'the same buyer code',
      { buyerCode: 'b-0001', companyName: 'Other House', email: 'x@other.example' },
      'buyerCode',
      'The buyer code B-0001 is already used by Aurora Gems Ltd (B-0001).',
    ],
    [
      'a very similar company name',
      { buyerCode: 'B-9', companyName: 'The Aurora Gem Co.', email: 'x@other.example' },
      'companyName',
      'Aurora Gems Ltd (B-0001) has a very similar company name; open the existing buyer, or confirm this is a different company.',
    ],
  ])('refuses %s, naming the existing buyer and giving its id', async (_label, overrides, field, message) => {
    const shape = await create(aBuyer(overrides));
    expect(shape.message).toBe(message);
    expect(shape.data).toMatchObject({
      code: 'CONFLICT',
      reason: 'DUPLICATE_BUYER',
      existingId: existingId(),
      fieldErrors: { [field]: [message] },
    });
    expect(count(t.core, 'buyers')).toBe(1);
  });

  it('creates a similarly named but different company once the user confirms it', async () => {
    const input = aBuyer({ buyerCode: 'B-2', companyName: 'Aurora Gem', email: 'ops@aurora-gem.example' });
    expect((await refusal(desk.admin.buyers.create(input))).reason).toBe('DUPLICATE_BUYER');
    await desk.admin.buyers.create({ ...input, confirmSimilarName: true });
    expect(count(t.core, 'buyers')).toBe(2);
    // An email clash cannot be confirmed away.
    const again = await refusal(desk.admin.buyers.create({ ...input, buyerCode: 'B-3', confirmSimilarName: true }));
    expect(again.reason).toBe('DUPLICATE_BUYER');
  });

  it('answers the form as the user types, except for the buyer being edited', async () => {
    expect(await desk.admin.buyers.checkDuplicate({ companyName: 'aurora gems llc' })).toMatchObject({
      match: 'companyName',
      existingId: existingId(),
    });
    expect(await desk.admin.buyers.checkDuplicate({ companyName: 'Aurora Gems', exceptId: existingId() })).toBeNull();
    expect(await desk.admin.buyers.checkDuplicate({ companyName: 'Kestrel Fine Gems' })).toBeNull();
  });

  it('applies on edits too', async () => {
    const other = await desk.admin.buyers.create(
      aBuyer({ buyerCode: 'B-2', companyName: 'Kestrel Fine Gems', email: 'k@kestrel.example' }),
    );
    const refused = await refusal(
      desk.admin.buyers.update({ id: other.id, changes: { email: 'lena@auroragems.example' } }),
    );
    expect(refused).toMatchObject({ reason: 'DUPLICATE_BUYER' });
    expect((await desk.admin.buyers.get({ id: other.id })).email).toBe('k@kestrel.example');
  });
});

describe('editing a buyer', () => {
  it('is for the account manager or an administrator; only administrators reassign the account manager', async () => {
    const buyer = await desk.admin.buyers.create(aBuyer({ accountManager: desk.adminId }));
    const before = salesSnapshot(t.core);
    const refused = await refusal(
      desk.coordinator.buyers.update({ id: buyer.id, changes: { phone: '+1 212 555 0100' } }),
    );
    expect(refused).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'NOT_ACCOUNT_MANAGER',
      message: 'Only Amara Okafor, the account manager, or an administrator can edit Aurora Gems Ltd.',
    });
    expect(
      (await refusal(desk.practitioner.buyers.update({ id: buyer.id, changes: { phone: '+1 212 555 0100' } }))).code,
    ).toBe('FORBIDDEN');
    expect(salesSnapshot(t.core)).toEqual(before);

    await desk.admin.buyers.update({ id: buyer.id, changes: { accountManager: desk.coordinatorId } });
    const edited = await desk.coordinator.buyers.update({
      id: buyer.id,
      changes: { phone: '+1 212 555 0100', salesStatus: 'dormant' },
    });
    expect(edited).toMatchObject({ phone: '+1 212 555 0100', salesStatus: 'dormant' });
    const reassign = await refusal(
      desk.coordinator.buyers.update({ id: buyer.id, changes: { accountManager: desk.adminId } }),
    );
    expect(reassign).toMatchObject({
      code: 'FORBIDDEN',
      message: 'Only administrators can reassign a buyer’s account manager.',
    });
    expect(outboxOf(t.core)).toEqual([{ entity: 'Buyer', recordId: buyer.id, op: 'create', fields: null }]);
  });

  it('queues exactly the changed fields', async () => {
    const buyer = await desk.admin.buyers.create(aBuyer());
    t.core.store.sqlite.prepare('DELETE FROM outbox').run();
    await desk.admin.buyers.update({
      id: buyer.id,
      changes: { contactName: 'Lena Varga', preferredGemstoneTypes: ['Emerald'], salesStatus: 'active' },
    });
    expect(outboxOf(t.core)).toEqual([
      { entity: 'Buyer', recordId: buyer.id, op: 'update', fields: '["preferredGemstoneTypes"]' },
    ]);
  });
});

describe('deleting a buyer', () => {
  it('removes one without inquiries with their activities, and releases stones assigned to them', async () => {
    const buyer = await desk.admin.buyers.create(aBuyer());
    const stone = await desk.admin.inventory.create(aStone({ assignedBuyer: buyer.id }));
    await desk.coordinator.activities.create({ type: 'note', subject: 'Met at the fair', buyer: buyer.id });
    await desk.admin.buyers.delete({ id: buyer.id });
    expect(count(t.core, 'buyers')).toBe(0);
    expect(count(t.core, 'activities')).toBe(0);
    expect((await desk.admin.inventory.get({ id: stone.id })).assignedBuyer).toBeNull();
  });

  it('keeps a buyer with inquiries, and says what to do instead', async () => {
    const buyer = await desk.admin.buyers.create(aBuyer());
    const stone = await desk.admin.inventory.create(aStone());
    await desk.admin.inquiries.create({
      buyer: buyer.id,
      gemstone: stone.id,
      requestedCaratWeight: 2,
      currency: 'USD',
    });
    const refused = await refusal(desk.admin.buyers.delete({ id: buyer.id }));
    expect(refused).toMatchObject({ code: 'CONFLICT', reason: 'BUYER_IN_USE' });
    expect(refused.message).toMatch(/has 1 inquiry; .* set them dormant or blocked instead/);
    expect(count(t.core, 'buyers')).toBe(1);
  });
});

describe('the buyer profile', () => {
  it('has the contact card, open and past inquiries with totals, the timeline and the stones reserved for them', async () => {
    const { admin } = desk;
    const buyer = await admin.buyers.create(aBuyer({ accountManager: desk.coordinatorId }));
    const ruby = await admin.inventory.create(aStone({ sku: 'RB-1' }));
    const spinel = await admin.inventory.create(aStone({ sku: 'SP-1', gemstoneType: 'Spinel' }));
    const emerald = await admin.inventory.create(aStone({ sku: 'EM-1', gemstoneType: 'Emerald' }));
    const open = await admin.inquiries.create({
      buyer: buyer.id,
      gemstone: ruby.id,
      requestedCaratWeight: 2,
      currency: 'USD',
      quotedPrice: 12500.5,
    });
    await admin.inquiries.transition({ id: open.id, to: 'quoted' });
    await admin.inquiries.transition({ id: open.id, to: 'reserved' });
    await admin.inquiries.create({
      buyer: buyer.id,
      gemstone: spinel.id,
      requestedCaratWeight: 2,
      currency: 'USD',
      quotedPrice: 1000,
    });
    const sold = await admin.inquiries.create({
      buyer: buyer.id,
      gemstone: emerald.id,
      requestedCaratWeight: 2,
      currency: 'EUR',
      quotedPrice: 7000,
    });
    await admin.inquiries.transition({ id: sold.id, to: 'closed', outcome: 'sold', reason: 'Paid' });
    await desk.coordinator.activities.create({
      type: 'call',
      subject: 'Discussed the ruby',
      inquiry: open.id,
      done: true,
    });

    const profile = await desk.coordinator.buyers.profile({ id: buyer.id });
    expect(profile.canEdit).toBe(true);
    expect(profile.buyer).toMatchObject({
      companyName: 'Aurora Gems Ltd',
      email: 'lena@auroragems.example',
      openInquiries: 2,
    });
    expect(profile.openInquiries.map((i) => i.sku).sort()).toEqual(['RB-1', 'SP-1']);
    expect(profile.pastInquiries.map((i) => [i.sku, i.outcome])).toEqual([['EM-1', 'sold']]);
    expect(profile.totals).toEqual({
      open: [{ currency: 'USD', amount: 1350050 }],
      won: [{ currency: 'EUR', amount: 700000 }],
    });
    expect(profile.activities.map((a) => [a.type, a.subject, a.inquirySku])).toEqual([
      ['call', 'Discussed the ruby', 'RB-1'],
    ]);
    expect(profile.reservedStones).toEqual([expect.objectContaining({ sku: 'RB-1', inquiryId: open.id })]);

    expect((await desk.admin.buyers.profile({ id: buyer.id })).canEdit).toBe(true);
    const other = await admin.buyers.create(
      aBuyer({ buyerCode: 'B-2', companyName: 'Kestrel Fine Gems', email: 'k@kestrel.example' }),
    );
    expect((await desk.coordinator.buyers.profile({ id: other.id })).canEdit).toBe(false);
  });

  it('lists buyers by company name, searchable', async () => {
    await desk.admin.buyers.create(aBuyer());
    await desk.admin.buyers.create(
      aBuyer({
        buyerCode: 'B-2',
        companyName: 'Kestrel Fine Gems',
        contactName: 'Omar Haddad',
        email: 'omar@kestrel.example',
      }),
    );
    expect((await desk.admin.buyers.list()).map((b) => b.buyerCode)).toEqual(['B-0001', 'B-2']);
    expect((await desk.admin.buyers.list({ search: 'omar' })).map((b) => b.buyerCode)).toEqual(['B-2']);
    expect((await desk.admin.buyers.list({ search: 'kestrel.example' })).map((b) => b.buyerCode)).toEqual(['B-2']);
    // Practitioners cannot find a buyer by an email they are not allowed to see.
    expect(await desk.practitioner.buyers.list({ search: 'kestrel.example' })).toEqual([]);
    expect((await desk.admin.buyers.formOptions()).nextBuyerCode).toBe('B-0003');
  });
});

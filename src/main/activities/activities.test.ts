import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aStone, refusal, refusalShape, startTestCore, type TestCore } from '../test-support/core';
import { aBuyer, count, outboxOf, salesDesk, type SalesDesk } from '../test-support/sales';

let t: TestCore;
let desk: SalesDesk;
beforeEach(async () => {
  t = await startTestCore();
  desk = await salesDesk(t.core);
});
afterEach(() => t.dispose());

const DAY = 86_400_000;
// A fixed local day for the screen's window: "today" began at this instant.
const todayStart = new Date(2026, 10, 24).toISOString();
const at = (days: number, hours = 10) =>
  new Date(new Date(todayStart).getTime() + days * DAY + hours * 3_600_000).toISOString();

async function buyerWithInquiry() {
  const buyer = await desk.admin.buyers.create(aBuyer());
  const stone = await desk.admin.inventory.create(aStone());
  const inquiry = await desk.admin.inquiries.create({
    buyer: buyer.id,
    gemstone: stone.id,
    requestedCaratWeight: 2,
    currency: 'USD',
  });
  return { buyer, stone, inquiry };
}

describe('activities', () => {
  it('are logged by every staff role on a buyer, or on an inquiry (then about its buyer too), and replicate', async () => {
    const { buyer, inquiry } = await buyerWithInquiry();
    t.core.store.sqlite.prepare('DELETE FROM outbox').run();
    const note = await desk.practitioner.activities.create({
      type: 'note',
      subject: 'Prefers pigeon-blood reds',
      buyer: buyer.id,
    });
    const call = await desk.coordinator.activities.create({
      type: 'call',
      subject: 'Price check',
      description: 'Wants a lower price',
      inquiry: inquiry.id,
      dueDate: at(0),
      done: false,
    });
    expect(note).toMatchObject({
      relatedTo: buyer.id,
      relatedInquiry: null,
      createdBy: expect.any(String),
      createdByName: 'Test practitioner',
      completedAt: null,
    });
    expect(call).toMatchObject({
      relatedTo: buyer.id,
      relatedInquiry: inquiry.id,
      inquirySku: 'RB-1001',
      createdByName: 'Test coordinator',
      dueDate: at(0),
      description: 'Wants a lower price',
    });
    expect(outboxOf(t.core)).toEqual([
      { entity: 'Activity', recordId: note.id, op: 'create', fields: null },
      { entity: 'Activity', recordId: call.id, op: 'create', fields: null },
    ]);
    expect((await desk.admin.activities.list({ inquiry: inquiry.id })).map((a) => a.id)).toEqual([call.id]);
    expect((await desk.admin.activities.list({ buyer: buyer.id })).map((a) => a.id).sort()).toEqual(
      [note.id, call.id].sort(),
    );
  });

  it('refuses a bad type, no subject, no buyer or inquiry, or an inquiry of another buyer', async () => {
    const { buyer, inquiry } = await buyerWithInquiry();
    const shape = (input: Record<string, unknown>) =>
      refusalShape(t.core, 'test-admin', { type: 'mutation', path: 'activities.create', input });
    expect((await shape({ type: 'fax', subject: 'x', buyer: buyer.id })).data.fieldErrors).toEqual({
      type: ['Choose call, email, meeting or note'],
    });
    expect((await shape({ type: 'call', subject: ' ', buyer: buyer.id })).data.fieldErrors).toEqual({
      subject: ['Subject is required'],
    });
    expect((await shape({ type: 'call', subject: 'x' })).data.fieldErrors).toEqual({
      buyer: ['Log an activity on a buyer or an inquiry'],
    });
    const other = await desk.admin.buyers.create(
      aBuyer({ buyerCode: 'B-2', companyName: 'Kestrel Fine Gems', email: 'k@k.example' }),
    );
    expect((await shape({ type: 'call', subject: 'x', buyer: other.id, inquiry: inquiry.id })).data).toMatchObject({
      reason: 'INVALID_REFERENCE',
    });
    expect(count(t.core, 'activities')).toBe(0);
  });

  it('are completed (and reopened) by whoever logged them or an administrator, logging when', async () => {
    const { buyer } = await buyerWithInquiry();
    const meeting = await desk.coordinator.activities.create({
      type: 'meeting',
      subject: 'Viewing',
      buyer: buyer.id,
      dueDate: at(1),
    });
    const refused = await refusal(desk.practitioner.activities.setDone({ id: meeting.id, done: true }));
    expect(refused).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'NOT_ACTIVITY_OWNER',
      message: 'Only the person who logged this activity or an administrator can change it.',
    });
    expect(
      (await refusal(desk.practitioner.activities.snooze({ kind: 'activity', id: meeting.id, days: 1, todayStart })))
        .reason,
    ).toBe('NOT_ACTIVITY_OWNER');
    const done = await desk.coordinator.activities.setDone({ id: meeting.id, done: true });
    expect(Date.now() - new Date(done.completedAt!).getTime()).toBeLessThan(60_000);
    expect((await desk.admin.activities.setDone({ id: meeting.id, done: false })).completedAt).toBeNull();
    const own = await desk.practitioner.activities.create({
      type: 'note',
      subject: 'Loupe photos sent',
      buyer: buyer.id,
      dueDate: at(0),
    });
    await desk.practitioner.activities.markDone({ kind: 'activity', id: own.id });
    expect(
      (await desk.admin.activities.list({ buyer: buyer.id })).find((a) => a.id === own.id)?.completedAt,
    ).not.toBeNull();
  });
});

describe('follow-ups', () => {
  it('lists overdue, due today and this week from open inquiries and open activities', async () => {
    const { buyer, inquiry } = await buyerWithInquiry();
    await desk.admin.inquiries.update({ id: inquiry.id, changes: { followUpAt: at(-2) } });
    const today = await desk.coordinator.activities.create({
      type: 'call',
      subject: 'Call back about the ruby',
      inquiry: inquiry.id,
      dueDate: at(0, 15),
    });
    const week = await desk.coordinator.activities.create({
      type: 'email',
      subject: 'Send certificate copy',
      buyer: buyer.id,
      dueDate: at(6, 23),
    });
    await desk.coordinator.activities.create({ type: 'email', subject: 'Later', buyer: buyer.id, dueDate: at(7, 1) });
    await desk.coordinator.activities.create({
      type: 'call',
      subject: 'Done already',
      buyer: buyer.id,
      dueDate: at(0),
      done: true,
    });
    await desk.coordinator.activities.create({ type: 'note', subject: 'No date', buyer: buyer.id });

    const list = await desk.practitioner.activities.followUps({ todayStart });
    expect(list.overdue).toEqual([
      expect.objectContaining({
        kind: 'inquiry',
        id: inquiry.id,
        buyerName: 'Aurora Gems Ltd',
        sku: 'RB-1001',
        title: 'Follow up: RB-1001 (New)',
        ownerName: 'Amara Okafor',
      }),
    ]);
    expect(list.today).toEqual([
      expect.objectContaining({
        kind: 'activity',
        id: today.id,
        type: 'call',
        title: 'Call back about the ruby',
        inquiry: inquiry.id,
      }),
    ]);
    expect(list.thisWeek.map((f) => f.id)).toEqual([week.id]);
    expect(await desk.practitioner.activities.followUpCount({ todayStart })).toEqual({
      overdue: 1,
      today: 1,
      thisWeek: 1,
      due: 2,
    });
  });

  it('leaves out closed inquiries', async () => {
    const { inquiry } = await buyerWithInquiry();
    await desk.admin.inquiries.update({ id: inquiry.id, changes: { followUpAt: at(0) } });
    await desk.admin.inquiries.transition({ id: inquiry.id, to: 'closed', outcome: 'lost', reason: 'No answer' });
    expect((await desk.admin.activities.followUpCount({ todayStart })).due).toBe(0);
  });

  it('are done in one step: an activity completes, an inquiry loses its follow-up date', async () => {
    const { buyer, inquiry } = await buyerWithInquiry();
    await desk.admin.inquiries.update({ id: inquiry.id, changes: { followUpAt: at(0) } });
    const call = await desk.coordinator.activities.create({
      type: 'call',
      subject: 'Ring',
      buyer: buyer.id,
      dueDate: at(0),
    });
    await desk.coordinator.activities.markDone({ kind: 'activity', id: call.id });
    expect((await refusal(desk.practitioner.activities.markDone({ kind: 'inquiry', id: inquiry.id }))).code).toBe(
      'FORBIDDEN',
    );
    await desk.coordinator.activities.markDone({ kind: 'inquiry', id: inquiry.id });
    expect((await desk.admin.activities.followUps({ todayStart })).today).toEqual([]);
    expect((await desk.admin.inquiries.get({ id: inquiry.id })).followUpAt).toBeNull();
    expect(outboxOf(t.core).find((o) => o.recordId === inquiry.id)).toMatchObject({ op: 'create' });
  });

  it('snooze a day or a week; an overdue one counts from today', async () => {
    const { buyer, inquiry } = await buyerWithInquiry();
    await desk.admin.inquiries.update({ id: inquiry.id, changes: { followUpAt: at(-3) } });
    const call = await desk.coordinator.activities.create({
      type: 'call',
      subject: 'Ring',
      buyer: buyer.id,
      dueDate: at(0, 15),
    });
    expect(
      (await desk.coordinator.activities.snooze({ kind: 'inquiry', id: inquiry.id, days: 1, todayStart })).dueAt,
    ).toBe(at(1, 0));
    expect(
      (await desk.coordinator.activities.snooze({ kind: 'activity', id: call.id, days: 7, todayStart })).dueAt,
    ).toBe(at(7, 15));
    const list = await desk.admin.activities.followUps({ todayStart });
    expect([list.overdue.length, list.today.length, list.thisWeek.map((f) => f.id)]).toEqual([0, 0, [inquiry.id]]);
    const bad = await refusalShape(t.core, 'test-admin', {
      type: 'mutation',
      path: 'activities.snooze',
      input: { kind: 'activity', id: call.id, days: 3, todayStart },
    });
    expect(bad.data.code).toBe('BAD_REQUEST');
  });
});

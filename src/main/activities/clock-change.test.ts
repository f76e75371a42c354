import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fromDateInput, throughDay, todayStartOf } from '../../shared/calendar';
import { aStone, startTestCore, type TestCore } from '../test-support/core';
import { aBuyer, salesDesk, type SalesDesk } from '../test-support/sales';

// On the days clocks change a local day lasts 23 or 25 hours. Follow-ups (today, this week), snoozing
// and the certificate and inquiry date filters count calendar days there as on any other day. Node
// follows a change of process.env.TZ at run time; only the date is faked (to choose "today").

const ZONE_BEFORE = process.env.TZ;
afterAll(() => {
  if (ZONE_BEFORE === undefined) delete process.env.TZ;
  else process.env.TZ = ZONE_BEFORE;
});

const CLOCK_CHANGES = [
  { zone: 'Europe/London', day: [2026, 2, 29], change: 'spring forward' },
  { zone: 'Europe/London', day: [2026, 9, 25], change: 'fall back' },
  { zone: 'America/New_York', day: [2026, 2, 8], change: 'spring forward' },
  { zone: 'America/New_York', day: [2026, 10, 1], change: 'fall back' },
] as const;

/** A local wall-clock time in the zone under test, `days` after the clock-change day. */
const local = (day: readonly [number, number, number], days: number, hours = 0, minutes = 0) =>
  new Date(day[0], day[1], day[2] + days, hours, minutes).toISOString();

/** The local wall-clock reading of an instant, as "YYYY-MM-DD HH:MM". */
const wallClock = (instant: string) => {
  const d = new Date(instant);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

describe.each(CLOCK_CHANGES)('on the $change day in $zone', ({ zone, day }) => {
  let t: TestCore;
  let desk: SalesDesk;
  const dateField = (days: number) => wallClock(local(day, days)).slice(0, 10);

  beforeEach(async () => {
    process.env.TZ = zone;
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(local(day, 0, 12)));
    t = await startTestCore();
    desk = await salesDesk(t.core);
  });
  afterEach(() => {
    t.dispose();
    vi.useRealTimers();
  });

  it('really is a day of 23 or 25 hours there', () => {
    expect(Math.abs(new Date(local(day, 1)).getTime() - new Date(local(day, 0)).getTime() - 86_400_000)).toBe(
      3_600_000,
    );
  });

  it('puts late tonight in today, just after midnight in this week, and the week ends at a local midnight', async () => {
    const buyer = await desk.admin.buyers.create(aBuyer());
    const due = async (subject: string, days: number, hours: number, minutes: number) =>
      desk.admin.activities.create({
        type: 'call',
        subject,
        buyer: buyer.id,
        dueDate: local(day, days, hours, minutes),
      });
    await due('Late tonight', 0, 23, 30);
    await due('Just after midnight', 1, 0, 30);
    await due('Last thing this week', 6, 23, 30);
    await due('First thing next week', 7, 0, 30);
    await due('Late yesterday', -1, 23, 30);

    const todayStart = todayStartOf();
    expect(wallClock(todayStart)).toBe(`${dateField(0)} 00:00`);
    const buckets = await desk.admin.activities.followUps({ todayStart });
    expect(buckets.overdue.map((f) => f.title)).toEqual(['Late yesterday']);
    expect(buckets.today.map((f) => f.title)).toEqual(['Late tonight']);
    expect(buckets.thisWeek.map((f) => f.title)).toEqual(['Just after midnight', 'Last thing this week']);
    expect(await desk.admin.activities.followUpCount({ todayStart })).toMatchObject({
      overdue: 1,
      today: 1,
      thisWeek: 2,
    });
  });

  it('snoozes to the next local midnight from overdue, and keeps the time of day of one still ahead', async () => {
    const buyer = await desk.admin.buyers.create(aBuyer());
    const overdue = await desk.admin.activities.create({
      type: 'call',
      subject: 'Overdue',
      buyer: buyer.id,
      dueDate: local(day, -2),
    });
    const ahead = await desk.admin.activities.create({
      type: 'call',
      subject: 'Ahead',
      buyer: buyer.id,
      dueDate: local(day, 0, 15),
    });
    const todayStart = todayStartOf();

    const byDay = await desk.admin.activities.snooze({ kind: 'activity', id: overdue.id, days: 1, todayStart });
    expect(wallClock(byDay.dueAt)).toBe(`${dateField(1)} 00:00`);
    const byWeek = await desk.admin.activities.snooze({ kind: 'activity', id: ahead.id, days: 7, todayStart });
    expect(wallClock(byWeek.dueAt)).toBe(`${dateField(7)} 15:00`);
  });

  it('filters the certificate log by the whole local day, from its first to its last minute', async () => {
    vi.setSystemTime(new Date(local(day, -3, 12, 0))); // the stone (and its "added as Pending" entry) days before
    const stone = await desk.admin.inventory.create(aStone());
    const verifyAt = async (days: number, hours: number, minutes: number, certificateNumber: string) => {
      vi.setSystemTime(new Date(local(day, days, hours, minutes)));
      await desk.admin.certificates.record({
        gemstone: stone.id,
        issuedBy: 'GIA',
        certificateNumber,
        verificationResult: 'verified',
      });
    };
    await verifyAt(-1, 23, 59, '1000000001');
    await verifyAt(0, 0, 1, '1000000002');
    await verifyAt(0, 23, 30, '1000000003');
    await verifyAt(1, 0, 30, '1000000004');
    const filter = { from: fromDateInput(dateField(0))!, to: throughDay(dateField(0)) };
    const { rows } = await desk.admin.certificates.list({ filter, limit: 50, offset: 0 });
    expect(rows.map((r) => r.certificateNumber).sort()).toEqual(['1000000002', '1000000003']);
  });

  it('filters inquiries by a follow-up day that includes its last hour and not the next day', async () => {
    const buyer = await desk.admin.buyers.create(aBuyer());
    const followUp = async (sku: string, days: number, hours: number, minutes: number) => {
      const stone = await desk.admin.inventory.create(aStone({ sku }));
      await desk.admin.inquiries.create({
        buyer: buyer.id,
        gemstone: stone.id,
        requestedCaratWeight: 1,
        currency: 'USD',
        followUpAt: local(day, days, hours, minutes),
      });
    };
    await followUp('TONIGHT-1', 0, 23, 30);
    await followUp('TOMORROW-1', 1, 0, 30);
    const list = await desk.admin.inquiries.list({
      followUpFrom: fromDateInput(dateField(0))!,
      followUpTo: throughDay(dateField(0)),
    });
    expect(list.map((i) => i.sku)).toEqual(['TONIGHT-1']);
  });
});

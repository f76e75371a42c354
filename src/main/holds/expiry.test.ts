import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../core/create-core';
import type { ChangeEvent } from '../db/changes';
import { aStone, tempDataDir } from '../test-support/core';
import { aBuyer, count, salesDesk, type SalesDesk } from '../test-support/sales';
import { ManualTimers } from '../test-support/timers';

// Time is the test's: the store's clock is a variable and the wake-up's timer runs only when told.

const HOUR = 60 * 60 * 1000;
let now = Date.parse('2026-03-02T10:00:00.000Z');
let core: Core;
let timers: ManualTimers;
let desk: SalesDesk;
let data: ReturnType<typeof tempDataDir>;
const at = (ms: number) => new Date(ms).toISOString();

beforeEach(async () => {
  now = Date.parse('2026-03-02T10:00:00.000Z');
  data = tempDataDir();
  timers = new ManualTimers();
  core = await createCore({ dataDir: data.dir, clock: () => now, holdTimers: timers, startSync: false });
  desk = await salesDesk(core);
});
afterEach(async () => {
  await core.close();
  data.remove();
});

async function heldStone(hours: number) {
  const stone = await desk.admin.inventory.create(aStone());
  const buyer = await desk.admin.buyers.create(aBuyer({ companyName: 'Acme Gems' }));
  const hold = await desk.coordinator.holds.place({
    gemstone: stone.id,
    buyer: buyer.id,
    heldUntil: at(now + hours * HOUR),
  });
  return { stone, buyer, hold };
}

describe('a hold running out', () => {
  it('stops holding the stone at heldUntil by itself, with nothing written', async () => {
    const { stone, hold } = await heldStone(2);
    now += 2 * HOUR - 1;
    expect((await desk.admin.holds.forStone({ gemstone: stone.id })).current?.id).toBe(hold.id);
    const outboxBefore = count(core, 'outbox');
    now += 1;
    const view = await desk.admin.holds.forStone({ gemstone: stone.id });
    expect(view.current).toBeNull();
    expect(view.history[0]).toMatchObject({ id: hold.id, status: 'expired', holding: false });
    expect(await desk.admin.holds.onStones({ gemstones: [stone.id] })).toEqual([]);
    expect(await desk.admin.holds.list({ which: 'all' })).toEqual([]);
    expect(count(core, 'outbox')).toBe(outboxBefore);
    expect(count(core, 'stone_holds', "status = 'active'")).toBe(1);
  });

  it('wakes at the next expiry and announces a change, so open screens refresh', async () => {
    await heldStone(2);
    expect(timers.delays).toEqual([2 * HOUR]);
    const heard: ChangeEvent[] = [];
    core.store.changes.subscribe((e) => heard.push(e));
    now += 2 * HOUR;
    timers.runNext();
    expect(heard).toEqual([{ entities: ['HoldExpiry'], at: now }]);
    // Nothing else is waiting to run out: no timer is left.
    expect(timers.delays).toEqual([]);
  });

  it('sets the wake-up again when a sooner hold is placed, and after each expiry for the next one', async () => {
    await heldStone(5);
    const other = await desk.admin.inventory.create(aStone({ sku: 'RB-2002' }));
    const buyer = (await desk.admin.buyers.list({})).find((b) => b.companyName === 'Acme Gems')!;
    await desk.admin.holds.place({ gemstone: other.id, buyer: buyer.id, heldUntil: at(now + HOUR) });
    expect(timers.delays).toEqual([HOUR]);
    now += HOUR;
    timers.runNext();
    expect(timers.delays).toEqual([4 * HOUR]);
  });

  it('tells the person who placed it (and nobody else) until they dismiss it', async () => {
    const { hold } = await heldStone(2);
    expect(await desk.coordinator.holds.notices()).toEqual([]);
    now += 2 * HOUR;
    timers.runNext();
    const notices = await desk.coordinator.holds.notices();
    expect(notices).toEqual([expect.objectContaining({ id: hold.id, sku: 'RB-1001', buyerName: 'Acme Gems' })]);
    expect(await desk.admin.holds.notices()).toEqual([]);
    expect(await desk.practitioner.holds.notices()).toEqual([]);
    await desk.coordinator.holds.dismissNotice({ id: hold.id });
    expect(await desk.coordinator.holds.notices()).toEqual([]);
    // A local acknowledgement: nothing is queued for the server.
    expect(count(core, 'outbox', "entity = 'StoneHold' AND op = 'update'")).toBe(0);
  });

  it('can be held again once run out, and the old hold is then marked expired', async () => {
    const { stone, buyer, hold } = await heldStone(2);
    now += 3 * HOUR;
    const next = await desk.admin.holds.place({ gemstone: stone.id, buyer: buyer.id, heldUntil: at(now + HOUR) });
    const row = core.store.sqlite.prepare('SELECT status, endedAt FROM stone_holds WHERE id = ?').get(hold.id);
    expect(row).toEqual({ status: 'expired', endedAt: at(now) });
    expect((await desk.admin.holds.forStone({ gemstone: stone.id })).current?.id).toBe(next.id);
    // Its owner is still told it ran out.
    expect((await desk.coordinator.holds.notices()).map((n) => n.id)).toEqual([hold.id]);
  });

  it('cannot be released, extended or made a reservation once run out', async () => {
    const { hold } = await heldStone(1);
    now += HOUR;
    for (const attempt of [
      desk.coordinator.holds.release({ id: hold.id }),
      desk.coordinator.holds.extend({ id: hold.id, heldUntil: at(now + HOUR) }),
      desk.coordinator.holds.makeReservation({ id: hold.id, quotedPrice: 10, currency: 'USD' }),
    ]) {
      await expect(attempt).rejects.toMatchObject({ reason: 'HOLD_ENDED' });
    }
  });
});

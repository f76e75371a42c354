import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReceiveConsignmentInput } from '../../shared/consignments';
import { aStone, refusal, startTestCore, type TestCore } from '../test-support/core';
import { count, outboxOf, salesDesk, salesSnapshot, type SalesDesk } from '../test-support/sales';

// Receiving stones on consignment: new stones made by the inventory's rules in the same write, stones
// already in the stock, one consignment `in` per stone, the custody entry, and who sees the agreed price.

let t: TestCore;
let desk: SalesDesk;
beforeEach(async () => {
  t = await startTestCore();
  desk = await salesDesk(t.core);
});
afterEach(() => t.dispose());

const DAY = 24 * 60 * 60 * 1000;
const newStone = (sku: string, over: Record<string, unknown> = {}) => ({
  sku,
  gemstoneType: 'Sapphire',
  caratWeight: 3.02,
  clarityGrade: 'Eye Clean' as const,
  location: 'Vault',
  ...over,
});

function consignment(over: Partial<ReceiveConsignmentInput> = {}): ReceiveConsignmentInput {
  return {
    supplier: 'Ceylon Blue Ltd',
    supplierReference: 'CB-7781',
    terms: '30 days, return insured',
    dueDate: new Date(Date.now() + 30 * DAY).toISOString(),
    currency: 'USD',
    stones: [{ kind: 'new', stone: newStone('SA-2001'), agreedPrice: 12500.5 }],
    ...over,
  };
}

const custodyOf = (stoneId: string) =>
  t.core.store.sqlite
    .prepare('SELECT fromLocation, toLocation, reason, movedBy FROM custody_events WHERE gemstone = ? ORDER BY rowid')
    .all(stoneId) as { fromLocation: string; toLocation: string; reason: string; movedBy: string }[];

describe('receiving a consignment', () => {
  it('adds a new stone and takes in a stone already in the stock, each with its consignment and custody entry', async () => {
    const owned = await desk.admin.inventory.create(aStone({ sku: 'RB-1001', location: 'Safe' }));
    const received = await desk.coordinator.consignments.receive(
      consignment({
        stones: [
          { kind: 'new', stone: newStone('SA-2001', { colour: 'Royal blue' }), agreedPrice: 12500.5 },
          { kind: 'existing', gemstone: owned.id, agreedPrice: 8000 },
        ],
      }),
    );
    expect(received).toHaveLength(2);
    expect(received[0]).toMatchObject({
      sku: 'SA-2001',
      supplier: 'Ceylon Blue Ltd',
      supplierReference: 'CB-7781',
      terms: '30 days, return insured',
      status: 'in',
      agreedPrice: 1250050,
      currency: 'USD',
      receivedByName: 'Test coordinator',
      location: 'Vault',
      overdue: false,
    });
    expect(received[1]).toMatchObject({ sku: 'RB-1001', gemstone: owned.id, agreedPrice: 800000, location: 'Safe' });

    const stone = await desk.admin.inventory.get({ id: received[0]!.gemstone });
    expect(stone).toMatchObject({ gemstoneType: 'Sapphire', caratWeight: 3.02, colour: 'Royal blue', costPrice: null });
    expect(custodyOf(stone.id)).toEqual([
      {
        fromLocation: 'Ceylon Blue Ltd',
        toLocation: 'Vault',
        reason: 'Received on consignment from Ceylon Blue Ltd',
        movedBy: desk.coordinatorId,
      },
    ]);
    expect(custodyOf(owned.id).at(-1)).toMatchObject({ fromLocation: 'Ceylon Blue Ltd', toLocation: 'Safe' });

    // The stone, both consignments and both custody entries are queued with the write that made them.
    const queued = outboxOf(t.core).map((o) => `${o.entity}:${o.op}`);
    expect(queued.filter((q) => q === 'Consignment:create')).toHaveLength(2);
    expect(queued).toContain('Gemstone:create');
    expect(queued.filter((q) => q === 'CustodyEvent:create').length).toBeGreaterThanOrEqual(2);

    expect(await desk.coordinator.consignments.suppliers()).toEqual(['Ceylon Blue Ltd']);
    const onStones = await desk.practitioner.consignments.onStones({ gemstones: [owned.id, stone.id] });
    expect(onStones.map((c) => c.supplier)).toEqual(['Ceylon Blue Ltd', 'Ceylon Blue Ltd']);
  });

  it('never gives practitioners the agreed price, and lets only coordinators and administrators receive', async () => {
    const [made] = await desk.admin.consignments.receive(consignment());
    expect((await desk.practitioner.consignments.get({ id: made!.id })).agreedPrice).toBeNull();
    expect((await desk.practitioner.consignments.list({ which: 'in' }))[0]!.agreedPrice).toBeNull();
    expect(
      (await desk.practitioner.consignments.forStone({ gemstone: made!.gemstone })).current?.agreedPrice,
    ).toBeNull();
    expect((await desk.coordinator.consignments.get({ id: made!.id })).agreedPrice).toBe(1250050);
    expect((await refusal(desk.practitioner.consignments.receive(consignment({ stones: [] })))).code).toBe('FORBIDDEN');
  });

  it('refuses a stone already on consignment, naming the supplier, and writes nothing', async () => {
    const [first] = await desk.admin.consignments.receive(consignment());
    const before = salesSnapshot(t.core);
    const error = await refusal(
      desk.coordinator.consignments.receive(
        consignment({
          supplier: 'Bangkok Gem House',
          stones: [
            { kind: 'new', stone: newStone('SA-2002'), agreedPrice: 500 },
            { kind: 'existing', gemstone: first!.gemstone, agreedPrice: 900 },
          ],
        }),
      ),
    );
    expect(error).toMatchObject({ reason: 'STONE_NOT_FREE', field: 'stones.1' });
    expect(error.message).toBe(
      'Stone SA-2001 is already on consignment from Ceylon Blue Ltd; return it or record its settlement first.',
    );
    // The new stone of the same list was not made either: one write, all or nothing.
    expect(salesSnapshot(t.core)).toEqual(before);
    expect(count(t.core, 'consignments')).toBe(1);
  });

  it("refuses a new stone the inventory refuses, with the inventory's own words on that row", async () => {
    await desk.admin.inventory.create(aStone({ sku: 'RB-1001' }));
    const duplicate = await refusal(
      desk.admin.consignments.receive(
        consignment({ stones: [{ kind: 'new', stone: newStone('RB-1001'), agreedPrice: 10 }] }),
      ),
    );
    expect(duplicate).toMatchObject({
      reason: 'DUPLICATE_SKU',
      field: 'stones.0.sku',
      message: 'Stone 1 (RB-1001): A stone with SKU RB-1001 already exists.',
    });
    const unlisted = await refusal(
      desk.admin.consignments.receive(
        consignment({ stones: [{ kind: 'new', stone: newStone('SA-9', { location: 'Attic' }), agreedPrice: 10 }] }),
      ),
    );
    expect(unlisted).toMatchObject({ reason: 'UNKNOWN_LOCATION', field: 'stones.0.location' });
    expect(count(t.core, 'gemstones')).toBe(1);
    expect(count(t.core, 'consignments')).toBe(0);
  });

  it('finds a stone in the stock by its SKU as scanned, and names a SKU that is not there', async () => {
    const owned = await desk.admin.inventory.create(aStone({ sku: 'RB-1001' }));
    const [c] = await desk.admin.consignments.receive(
      consignment({ stones: [{ kind: 'existing', sku: 'rb-1001', agreedPrice: 10 }] }),
    );
    expect(c!.gemstone).toBe(owned.id);
    expect(
      await refusal(
        desk.admin.consignments.receive(consignment({ stones: [{ kind: 'existing', sku: 'RB-9', agreedPrice: 10 }] })),
      ),
    ).toMatchObject({
      reason: 'NOT_FOUND',
      field: 'stones.0.sku',
      message: 'Stone 1 (RB-9): No stone with SKU RB-9 is in the stock.',
    });
  });

  it('refuses a sold stone, the same stone twice, and an agreed price finer than the currency', async () => {
    const stone = await desk.admin.inventory.create(aStone({ sku: 'RB-1001', location: 'Sold' }));
    expect(
      await refusal(
        desk.admin.consignments.receive(
          consignment({ stones: [{ kind: 'existing', gemstone: stone.id, agreedPrice: 10 }] }),
        ),
      ),
    ).toMatchObject({ reason: 'STONE_NOT_FREE', message: 'Stone RB-1001 is sold; it cannot come in on consignment.' });
    const free = await desk.admin.inventory.create(aStone({ sku: 'RB-1002' }));
    expect(
      await refusal(
        desk.admin.consignments.receive(
          consignment({
            stones: [
              { kind: 'existing', gemstone: free.id, agreedPrice: 10 },
              { kind: 'existing', gemstone: free.id, agreedPrice: 10 },
            ],
          }),
        ),
      ),
    ).toMatchObject({ reason: 'INVALID_VALUE', message: 'Stone RB-1002 is on the list twice.' });
    const yen = await refusal(
      desk.admin.consignments.receive(
        consignment({ currency: 'JPY', stones: [{ kind: 'existing', gemstone: free.id, agreedPrice: 10.5 }] }),
      ),
    );
    expect(yen.message).toMatch(/JPY amounts have at most 0 decimals/);
    expect(count(t.core, 'consignments')).toBe(0);
  });
});

describe('the consignments list', () => {
  it('lists what is in, due soon, overdue and closed, by supplier in any case', async () => {
    const due = (days: number) => new Date(Date.now() + days * DAY).toISOString();
    const [late] = await desk.admin.consignments.receive(
      consignment({ dueDate: due(-2), stones: [{ kind: 'new', stone: newStone('SA-1'), agreedPrice: 1 }] }),
    );
    const [soon] = await desk.admin.consignments.receive(
      consignment({
        supplier: 'Bangkok Gem House',
        dueDate: due(3),
        stones: [{ kind: 'new', stone: newStone('SA-2'), agreedPrice: 1 }],
      }),
    );
    const [later] = await desk.admin.consignments.receive(
      consignment({ dueDate: due(40), stones: [{ kind: 'new', stone: newStone('SA-3'), agreedPrice: 1 }] }),
    );
    const [bought] = await desk.admin.consignments.receive(
      consignment({ dueDate: null, stones: [{ kind: 'new', stone: newStone('SA-4'), agreedPrice: 1 }] }),
    );
    await desk.admin.consignments.settle({ id: bought!.id });
    const skus = async (input: Parameters<typeof desk.admin.consignments.list>[0]) =>
      (await desk.coordinator.consignments.list(input)).map((c) => c.sku);

    expect(await skus({ which: 'in' })).toEqual(['SA-1', 'SA-2', 'SA-3']);
    expect(await skus({ which: 'overdue' })).toEqual(['SA-1']);
    expect(await skus({ which: 'dueSoon' })).toEqual(['SA-2']);
    expect(await skus({ which: 'closed' })).toEqual(['SA-4']);
    expect(await skus({ which: 'all', supplier: 'bangkok gem house' })).toEqual(['SA-2']);
    expect((await desk.coordinator.consignments.get({ id: late!.id })).overdue).toBe(true);
    expect((await desk.coordinator.consignments.get({ id: soon!.id })).overdue).toBe(false);
    expect((await desk.coordinator.consignments.get({ id: later!.id })).overdue).toBe(false);
    expect(await desk.practitioner.consignments.overdueCount()).toBe(1);
    expect(await desk.coordinator.consignments.suppliers()).toEqual(['Ceylon Blue Ltd', 'Bangkok Gem House']);
  });
});

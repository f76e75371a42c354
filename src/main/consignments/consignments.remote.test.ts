import { describe, expect, it } from 'vitest';
import { workstationsForThisFile, stone, uniqueSku } from '../test-support/remote';

const workstation = workstationsForThisFile();

describe('receiving the same stone on consignment on two workstations while offline', () => {
  it('keeps the first to reach the server; the other is taken back and listed for the person who made it', async () => {
    const a = await workstation();
    const b = await workstation();
    const sku = uniqueSku('CSG');
    const stoneA = await a.admin.inventory.create(stone(sku));
    await a.admin.sync.syncNow();
    await b.admin.sync.syncNow();
    const stoneB = (b.core.store.sqlite.prepare('SELECT id FROM gemstones WHERE sku = ?').get(sku) as { id: string })
      .id;

    // Offline on both sides: each desk records the stone as received from a different supplier.
    const [onA] = await a.admin.consignments.receive({
      supplier: 'Ceylon Blue Ltd',
      currency: 'USD',
      stones: [{ kind: 'existing', gemstone: stoneA.id, agreedPrice: 9000 }],
    });
    const [onB] = await b.admin.consignments.receive({
      supplier: 'Bangkok Gem House',
      currency: 'USD',
      stones: [{ kind: 'existing', gemstone: stoneB, agreedPrice: 8000 }],
    });

    expect((await a.admin.sync.syncNow()).deadLettered).toBe(0);
    expect((await b.admin.sync.syncNow()).deadLettered).toBe(1);

    // B's consignment is gone at once; after the next pull both desks show A's, from A's supplier.
    expect((await b.admin.consignments.forStone({ gemstone: stoneB })).history.map((c) => c.id)).not.toContain(onB!.id);
    await b.admin.sync.syncNow();
    expect((await b.admin.consignments.forStone({ gemstone: stoneB })).current).toMatchObject({
      id: onA!.id,
      supplier: 'Ceylon Blue Ltd',
    });
    expect(await b.admin.consignments.onStones({ gemstones: [stoneB] })).toEqual([
      expect.objectContaining({ supplier: 'Ceylon Blue Ltd' }),
    ]);

    // B's author sees why, with what they entered, in their refused changes.
    const mine = await b.admin.sync.deadLetters.mine();
    expect(mine).toEqual([expect.objectContaining({ entity: 'Consignment', recordId: onB!.id })]);
    expect(mine[0]!.message).toMatch(new RegExp(`Stone ${sku} is already on consignment from Ceylon Blue Ltd`));
    expect(mine[0]!.refused).toContainEqual(expect.objectContaining({ field: 'supplier', text: 'Bangkok Gem House' }));
  });
});

import { describe, expect, it } from 'vitest';
import { workstationsForThisFile, master, stone, uniqueSku, type Workstation } from '../test-support/remote';

const workstation = workstationsForThisFile();

const idOf = (ws: Workstation, table: string, where: string, value: string) =>
  (ws.core.store.sqlite.prepare(`SELECT id FROM ${table} WHERE ${where} = ?`).get(value) as { id: string }).id;

const inHours = (h: number) => new Date(Date.now() + h * 60 * 60 * 1000).toISOString();

describe('holding the same stone on two workstations while offline', () => {
  it('keeps the first hold to reach the server; the other ends and is listed for the person who made it', async () => {
    const a = await workstation();
    const b = await workstation();
    const sku = uniqueSku('HLD');
    const code = uniqueSku('B');
    const stoneA = await a.admin.inventory.create(stone(sku));
    const first = await a.admin.buyers.create({
      buyerCode: `${code}-1`,
      companyName: `First Gems ${code}`,
      contactName: 'Ama',
      email: `first-${code}@example.com`.toLowerCase(),
    });
    await a.admin.buyers.create({
      buyerCode: `${code}-2`,
      companyName: `Second Stones ${code}`,
      contactName: 'Bo',
      email: `second-${code}@example.com`.toLowerCase(),
    });
    await a.admin.sync.syncNow();
    await b.admin.sync.syncNow();

    // Offline on both sides: each holds the stone for a different buyer.
    const holdA = await a.admin.holds.place({ gemstone: stoneA.id, buyer: first.id, heldUntil: inHours(24) });
    const stoneB = idOf(b, 'gemstones', 'sku', sku);
    const holdB = await b.admin.holds.place({
      gemstone: stoneB,
      buyer: idOf(b, 'buyers', 'buyerCode', `${code}-2`),
      heldUntil: inHours(48),
    });

    expect((await a.admin.sync.syncNow()).deadLettered).toBe(0);
    expect((await b.admin.sync.syncNow()).deadLettered).toBe(1);

    // B's hold ended at once: B no longer shows the stone as held for its buyer.
    const bHold = await b.admin.holds.forStone({ gemstone: stoneB });
    expect(bHold.history.find((h) => h.id === holdB.id)).toMatchObject({ status: 'released', holding: false });
    expect(bHold.history.find((h) => h.id === holdB.id)?.note).toMatch(/Refused on sync: .*already held/);

    // The server has exactly one hold on the stone: A's.
    const stoneOnServer = (
      await master('GET', `/classes/Gemstone?where=${encodeURIComponent(JSON.stringify({ sku }))}`)
    ).results[0];
    const holds = (
      await master(
        'GET',
        `/classes/StoneHold?where=${encodeURIComponent(JSON.stringify({ gemstone: { __type: 'Pointer', className: 'Gemstone', objectId: stoneOnServer.objectId } }))}`,
      )
    ).results;
    expect(holds).toEqual([expect.objectContaining({ clientId: holdA.id, status: 'active' })]);

    // After the next pull both workstations show A's hold.
    await b.admin.sync.syncNow();
    await a.admin.sync.syncNow();
    expect((await a.admin.holds.forStone({ gemstone: stoneA.id })).current).toMatchObject({
      id: holdA.id,
      buyerName: `First Gems ${code}`,
    });
    expect((await b.admin.holds.forStone({ gemstone: stoneB })).current).toMatchObject({
      buyerName: `First Gems ${code}`,
      holding: true,
    });

    // B's author sees why, in their refused changes.
    const mine = await b.admin.sync.deadLetters.mine();
    expect(mine).toEqual([expect.objectContaining({ entity: 'StoneHold', recordId: holdB.id })]);
    expect(mine[0]!.message).toMatch(new RegExp(`Stone ${sku} is already held by .* for First Gems ${code}`));
  });
});

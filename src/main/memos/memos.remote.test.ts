import { describe, expect, it } from 'vitest';
import { workstationsForThisFile, master, stone, uniqueSku, type Workstation } from '../test-support/remote';

const workstation = workstationsForThisFile();

const idOf = (ws: Workstation, table: string, where: string, value: string) =>
  (ws.core.store.sqlite.prepare(`SELECT id FROM ${table} WHERE ${where} = ?`).get(value) as { id: string }).id;

const inDays = (d: number) => new Date(Date.now() + d * 24 * 60 * 60 * 1000).toISOString();
const where = (w: unknown) => encodeURIComponent(JSON.stringify(w));

describe('memoing the same stone on two workstations while offline', () => {
  it('keeps the first memo line to reach the server; the other ends, its memo closes, and it is listed for its author', async () => {
    const a = await workstation();
    const b = await workstation();
    const sku = uniqueSku('MEM');
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

    // Offline on both sides: each sends the stone out on memo to a different buyer.
    const memoA = await a.admin.memos.create({
      buyer: first.id,
      dueBack: inDays(14),
      currency: 'USD',
      stones: [{ gemstone: stoneA.id, price: 500_000 }],
    });
    const stoneB = idOf(b, 'gemstones', 'sku', sku);
    const memoB = await b.admin.memos.create({
      buyer: idOf(b, 'buyers', 'buyerCode', `${code}-2`),
      dueBack: inDays(10),
      currency: 'USD',
      stones: [{ gemstone: stoneB, price: 450_000 }],
    });
    const lineB = memoB.lines[0]!.id;

    expect((await a.admin.sync.syncNow()).deadLettered).toBe(0);
    expect((await b.admin.sync.syncNow()).deadLettered).toBe(1);

    // B's line ended at once, and its memo, with nothing else out, closed and says why.
    const endedB = await b.admin.memos.get({ id: memoB.id });
    expect(endedB).toMatchObject({ status: 'closed', stonesOut: 0 });
    expect(endedB.lines).toEqual([expect.objectContaining({ id: lineB, status: 'returned' })]);
    expect(endedB.note).toMatch(new RegExp(`Refused on sync: Stone ${sku} is already out on memo with First Gems`));

    // The server has exactly one line of the stone out: A's. B's memo reached it and is closed there too.
    await b.admin.sync.syncNow();
    const stoneOnServer = (await master('GET', `/classes/Gemstone?where=${where({ sku })}`)).results[0];
    const lines = (
      await master(
        'GET',
        `/classes/MemoLine?where=${where({ gemstone: { __type: 'Pointer', className: 'Gemstone', objectId: stoneOnServer.objectId } })}`,
      )
    ).results;
    expect(lines).toEqual([expect.objectContaining({ clientId: memoA.lines[0]!.id, status: 'out' })]);
    const memoBOnServer = (await master('GET', `/classes/Memo?where=${where({ clientId: memoB.id })}`)).results[0];
    expect(memoBOnServer).toMatchObject({ status: 'closed' });

    // After the next pull both workstations show the stone out with the first buyer.
    await a.admin.sync.syncNow();
    expect((await a.admin.memos.forStone({ gemstone: stoneA.id })).current).toMatchObject({
      memo: memoA.id,
      buyerName: `First Gems ${code}`,
    });
    expect((await b.admin.memos.forStone({ gemstone: stoneB })).current).toMatchObject({
      buyerName: `First Gems ${code}`,
    });
    expect((await b.admin.inventory.get({ id: stoneB })).location).toBe('Out on memo');

    // B's author sees why, in their refused changes.
    const mine = await b.admin.sync.deadLetters.mine();
    expect(mine).toEqual([expect.objectContaining({ entity: 'MemoLine', recordId: lineB })]);
    expect(mine[0]!.message).toMatch(new RegExp(`Stone ${sku} is already out on memo with First Gems ${code}`));
  });
});

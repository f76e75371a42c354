import { describe, expect, it } from 'vitest';
import { workstationsForThisFile, master, stone, uniqueSku, type Workstation } from '../test-support/remote';

const workstation = workstationsForThisFile();

const idOf = (ws: Workstation, table: string, where: string, value: string) =>
  (ws.core.store.sqlite.prepare(`SELECT id FROM ${table} WHERE ${where} = ?`).get(value) as { id: string }).id;

describe('reserving the same stone on two workstations while offline', () => {
  it('ends with exactly one reservation, and the other inquiry back to quoted and flagged for its author', async () => {
    const a = await workstation();
    const b = await workstation();
    const sku = uniqueSku('RSV');
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

    // Offline on both sides: each reserves the stone for a different buyer.
    const reserve = async (ws: Workstation, buyerId: string, gemstoneId: string) => {
      const inquiry = await ws.admin.inquiries.create({
        buyer: buyerId,
        gemstone: gemstoneId,
        requestedCaratWeight: 1.25,
        currency: 'USD',
        quotedPrice: 12500,
      });
      await ws.admin.inquiries.transition({ id: inquiry.id, to: 'quoted' });
      await ws.admin.inquiries.transition({ id: inquiry.id, to: 'reserved' });
      return inquiry.id;
    };
    const onA = await reserve(a, first.id, stoneA.id);
    const onB = await reserve(b, idOf(b, 'buyers', 'buyerCode', `${code}-2`), idOf(b, 'gemstones', 'sku', sku));

    expect((await a.admin.sync.syncNow()).deadLettered).toBe(0);
    const bReport = await b.admin.sync.syncNow();
    expect(bReport.deadLettered).toBe(1);
    await b.admin.sync.syncNow(); // sends the inquiry again, as quoted
    await a.admin.sync.syncNow();

    // The server: one reservation, on the first buyer; the second inquiry exists, quoted.
    const stoneOnServer = (
      await master('GET', `/classes/Gemstone?where=${encodeURIComponent(JSON.stringify({ sku }))}`)
    ).results[0];
    const inquiries = (
      await master(
        'GET',
        `/classes/PurchaseInquiry?where=${encodeURIComponent(JSON.stringify({ gemstone: { __type: 'Pointer', className: 'Gemstone', objectId: stoneOnServer.objectId } }))}`,
      )
    ).results;
    expect(inquiries.map((i: { inquiryStatus: string }) => i.inquiryStatus).sort()).toEqual(['quoted', 'reserved']);
    const firstOnServer = (
      await master('GET', `/classes/Buyer?where=${encodeURIComponent(JSON.stringify({ buyerCode: `${code}-1` }))}`)
    ).results[0];
    expect(stoneOnServer.assignedBuyer?.objectId).toBe(firstOnServer.objectId);

    // Both workstations agree with it.
    for (const ws of [a, b]) {
      const rows = ws.core.store.sqlite
        .prepare(
          'SELECT inquiryStatus FROM purchase_inquiries i JOIN gemstones g ON g.id = i.gemstone WHERE g.sku = ? ORDER BY inquiryStatus',
        )
        .all(sku);
      expect(rows).toEqual([{ inquiryStatus: 'quoted' }, { inquiryStatus: 'reserved' }]);
      const assigned = ws.core.store.sqlite
        .prepare('SELECT b.buyerCode FROM gemstones g JOIN buyers b ON b.id = g.assignedBuyer WHERE g.sku = ?')
        .get(sku);
      expect(assigned).toEqual({ buyerCode: `${code}-1` });
    }
    expect((await a.admin.inquiries.get({ id: onA })).inquiryStatus).toBe('reserved');

    // B's author sees why: flagged in their refused changes, and in the inquiry's history.
    const mine = await b.admin.sync.deadLetters.mine();
    expect(mine).toEqual([expect.objectContaining({ entity: 'PurchaseInquiry', recordId: onB })]);
    expect(mine[0]!.message).toMatch(/already reserved/);
    const bInquiry = await b.admin.inquiries.get({ id: onB });
    expect(bInquiry.inquiryStatus).toBe('quoted');
    expect(JSON.stringify(bInquiry)).toMatch(/Reservation refused on sync/);
  });
});

import { createCore } from '../../src/main/core/create-core';
import { ADMIN } from '../pages/loupe-app';

export interface ContestedStone {
  sku: string;
  /** Holds the stone reserved. */
  holder: string;
  /** Quoted on the same stone. */
  rival: string;
  /** A buyer with no inquiry yet. */
  newcomer: string;
}

/**
 * Before the host starts: the first administrator, a stone, and two buyers' inquiries on it (one reserved,
 * one quoted), through the core's own procedures, so a spec starts at the contested sale.
 */
export async function seedContestedStone(dataDir: string, s: ContestedStone) {
  const core = await createCore({ dataDir });
  try {
    const caller = core.caller('e2e-seed');
    await caller.auth.createFirstAdmin(ADMIN);
    const stone = await caller.inventory.create({
      sku: s.sku,
      gemstoneType: 'Ruby',
      caratWeight: 2.04,
      clarityGrade: 'Eye Clean',
      certificateNumber: null,
      certificateStatus: 'none',
      location: 'Vault',
    });
    const buyer = async (companyName: string, n: number) =>
      caller.buyers.create({
        buyerCode: `B-${n}`,
        companyName,
        contactName: `Contact ${n}`,
        email: `buyer${n}@example.com`,
        preferredGemstoneTypes: ['Ruby'],
        salesStatus: 'active',
        confirmSimilarName: true,
      });
    const inquiry = async (buyerId: string, quotedPrice: number, to: ('quoted' | 'reserved')[]) => {
      const created = await caller.inquiries.create({
        buyer: buyerId,
        gemstone: stone.id,
        requestedCaratWeight: 2.04,
        currency: 'USD',
        quotedPrice,
      });
      for (const step of to) await caller.inquiries.transition({ id: created.id, to: step });
    };
    await inquiry((await buyer(s.holder, 1)).id, 12500, ['quoted', 'reserved']);
    await inquiry((await buyer(s.rival, 4)).id, 13000, ['quoted']);
    await buyer(s.newcomer, 7);
  } finally {
    await core.close();
  }
}

import { createCore } from '../../src/main/core/create-core';
import { ADMIN } from '../pages/loupe-app';

export interface SeedStone {
  sku: string;
  gemstoneType: string;
  caratWeight: number;
  clarityGrade: string;
  location: string;
  certificateNumber?: string;
}

/**
 * Puts the first administrator and some stones into a data dir before the host starts, through the
 * core's own procedures (the same rules as the screens), so a spec starts from a known stock quickly.
 */
export async function seedStones(dataDir: string, stones: SeedStone[]) {
  const core = await createCore({ dataDir });
  try {
    const caller = core.caller('e2e-seed');
    await caller.auth.createFirstAdmin(ADMIN);
    for (const s of stones) {
      await caller.inventory.create({
        ...s,
        clarityGrade: s.clarityGrade as 'Eye Clean',
        certificateNumber: s.certificateNumber ?? null,
        certificateStatus: s.certificateNumber ? 'pending' : 'none',
      });
    }
  } finally {
    await core.close();
  }
}

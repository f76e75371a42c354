import { createCore } from '../../src/main/core/create-core';
import { applyRemote } from '../../src/main/sync/merge';
import { ADMIN } from '../pages/loupe-app';

/** The stone whose panel shows every verification result and every inquiry stage. */
export const HISTORY_SKU = 'RB-1100';
/** A stone that came from the server and was never edited here. */
export const PULLED_SKU = 'SA-7700';
export const BUYER_NAMES = {
  active: 'Aurora Gems Ltd',
  prospect: 'Kestrel Fine Gems',
  dormant: 'Meridian Jewels',
  blocked: 'Nadir Trading',
};

const localDay = (days: number, hours = 0) => {
  const d = new Date();
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + days, hours).toISOString();
};

/**
 * A data dir holding every value of every list Loupe shows (certificate statuses, verification results,
 * inquiry stages and outcomes, sales statuses, activity types, roles), put in through the core's own
 * procedures, and one stone through the pull, as the server sends it.
 */
export async function seedEveryValue(dataDir: string) {
  const core = await createCore({ dataDir });
  try {
    const admin = core.caller('e2e-seed');
    await admin.auth.createFirstAdmin(ADMIN);
    await admin.auth.staff.create({
      username: 'cora',
      fullName: 'Cora Lind',
      email: 'cora@example.com',
      password: 'a long enough password',
      role: 'coordinator',
    });
    await admin.auth.staff.create({
      username: 'pim',
      fullName: 'Pim de Wit',
      email: 'pim@example.com',
      password: 'a long enough password',
      role: 'practitioner',
    });

    const stone = (sku: string, gemstoneType: string, certificateNumber: string | null) =>
      admin.inventory.create({
        sku,
        gemstoneType,
        caratWeight: 2.04,
        clarityGrade: 'Eye Clean',
        certificateNumber,
        certificateStatus: certificateNumber ? 'pending' : 'none',
        location: 'Vault',
      });
    const history = await stone(HISTORY_SKU, 'Ruby', '2141234567');
    const mismatched = await stone('SP-2200', 'Sapphire', '2141234568');
    const pending = await stone('EM-3300', 'Emerald', '2141234569');
    await stone('RB-4400', 'Ruby', null);
    const sold = await stone('RB-5500', 'Ruby', null);

    const verify = (
      gemstone: string,
      certificateNumber: string,
      verificationResult: 'verified' | 'mismatch' | 'not_found' | 'pending_recheck',
    ) => admin.certificates.record({ gemstone, issuedBy: 'GIA', certificateNumber, verificationResult });
    await verify(history.id, '2141234567', 'pending_recheck');
    await verify(history.id, '2141234567', 'not_found');
    await verify(history.id, '2141234567', 'mismatch');
    await verify(history.id, '2141234567', 'verified');
    await verify(mismatched.id, '2141234568', 'mismatch');
    await verify(pending.id, '2141234569', 'pending_recheck');

    const buyer = (code: string, companyName: string, salesStatus: 'prospect' | 'active' | 'dormant' | 'blocked') =>
      admin.buyers.create({
        buyerCode: code,
        companyName,
        contactName: `${companyName} contact`,
        email: `${code.toLowerCase()}@buyers.example`,
        preferredGemstoneTypes: ['Ruby'],
        salesStatus,
      });
    const active = await buyer('B-0001', BUYER_NAMES.active, 'active');
    const prospect = await buyer('B-0002', BUYER_NAMES.prospect, 'prospect');
    const dormant = await buyer('B-0003', BUYER_NAMES.dormant, 'dormant');
    await buyer('B-0004', BUYER_NAMES.blocked, 'blocked');

    const inquiry = (b: string, gemstone: string, followUpAt: string | null, quotedPrice: number | null = null) =>
      admin.inquiries.create({ buyer: b, gemstone, requestedCaratWeight: 2, currency: 'USD', quotedPrice, followUpAt });
    // On the one stone: new, quoted, and closed as lost and as withdrawn.
    await inquiry(active.id, history.id, localDay(0));
    const quoted = await inquiry(prospect.id, history.id, localDay(2), 1250000);
    await admin.inquiries.transition({ id: quoted.id, to: 'quoted' });
    const lost = await inquiry(dormant.id, history.id, null);
    await admin.inquiries.transition({ id: lost.id, to: 'closed', outcome: 'lost', reason: 'Bought elsewhere' });
    const withdrawn = await inquiry(active.id, history.id, localDay(-3));
    await admin.inquiries.transition({
      id: withdrawn.id,
      to: 'closed',
      outcome: 'withdrawn',
      reason: 'Changed their mind',
    });
    // Reserved, and sold, on stones of their own.
    const reserved = await inquiry(prospect.id, pending.id, localDay(-1), 800000);
    await admin.inquiries.transition({ id: reserved.id, to: 'quoted' });
    await admin.inquiries.transition({ id: reserved.id, to: 'reserved' });
    const sale = await inquiry(active.id, sold.id, null, 500000);
    await admin.inquiries.transition({ id: sale.id, to: 'quoted' });
    await admin.inquiries.transition({ id: sale.id, to: 'closed', outcome: 'sold', reason: 'Paid by wire' });

    // Every activity type: overdue, due today, this week.
    await admin.activities.create({
      type: 'call',
      subject: 'Call about the ruby',
      buyer: active.id,
      dueDate: localDay(-2),
    });
    await admin.activities.create({
      type: 'email',
      subject: 'Send the report',
      buyer: prospect.id,
      dueDate: localDay(0),
    });
    await admin.activities.create({
      type: 'meeting',
      subject: 'Viewing at the counter',
      buyer: active.id,
      dueDate: localDay(3),
    });
    await admin.activities.create({ type: 'note', subject: 'Prefers pigeon-blood reds', buyer: active.id });

    // As the server sends a stone another app added: on the server, nothing waiting here.
    applyRemote(
      core.store,
      'Gemstone',
      {
        objectId: 'srv7700',
        sku: PULLED_SKU,
        gemstoneType: 'Sapphire',
        caratWeight: 3.1,
        clarityGrade: 'VS1',
        certificateStatus: 'verified',
        location: 'Safe',
        createdAt: '2026-11-20T08:00:00.000Z',
        updatedAt: '2026-11-21T09:30:00.123Z',
      },
      Date.now(),
    );
  } finally {
    await core.close();
  }
}

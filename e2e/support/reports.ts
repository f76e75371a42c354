import { createCore } from '../../src/main/core/create-core';
import { ADMIN } from '../pages/loupe-app';

const DAY = 86_400_000;

/** A practitioner the seed adds: reports without money only. */
export const REPORTS_PRACTITIONER = {
  username: 'pim',
  fullName: 'Pim de Wit',
  email: 'pim@example.com',
  password: 'a long enough password',
};

/**
 * Before the host starts: the first administrator and a practitioner, priced stones in two currencies (one sold, one
 * consigned), a quoted inquiry, a memo with a stone out and overdue, and an invoice this month. Stones and
 * the inquiry go through the core's procedures; the paperwork, whose screens are not part of this spec,
 * is written as the replicator would store it.
 */
export async function seedReportData(dataDir: string) {
  const core = await createCore({ dataDir, startSync: false });
  try {
    const caller = core.caller('e2e-seed');
    await caller.auth.createFirstAdmin(ADMIN);
    await caller.auth.staff.create({ ...REPORTS_PRACTITIONER, role: 'practitioner' });
    const stone = (sku: string, gemstoneType: string, extra: Record<string, unknown>) =>
      caller.inventory.create({
        sku,
        gemstoneType,
        caratWeight: 2,
        clarityGrade: 'Eye Clean',
        certificateNumber: null,
        certificateStatus: 'none',
        location: 'Vault',
        ...extra,
      });
    const ruby = await stone('RB-1', 'Ruby', { costPrice: 1000, askingPrice: 1800, priceCurrency: 'USD' });
    await stone('RB-2', 'Ruby', { costPrice: 2500.5, askingPrice: 4000, priceCurrency: 'USD' });
    const consigned = await stone('SP-1', 'Sapphire', { costPrice: 9000, askingPrice: 12000, priceCurrency: 'USD' });
    await stone('SP-2', 'Sapphire', { costPrice: 3000, askingPrice: 5200, priceCurrency: 'EUR' });
    await stone('EM-9', 'Emerald', { costPrice: 400, askingPrice: 700, priceCurrency: 'USD', location: 'Sold' });
    const buyer = await caller.buyers.create({
      buyerCode: 'B-1',
      companyName: 'Northgate Jewels',
      contactName: 'Nia North',
      email: 'nia@northgate.example',
      preferredGemstoneTypes: ['Ruby'],
      salesStatus: 'active',
      confirmSimilarName: true,
    });
    const inquiry = await caller.inquiries.create({
      buyer: buyer.id,
      gemstone: consigned.id,
      requestedCaratWeight: 2,
      currency: 'USD',
      quotedPrice: 11500,
    });
    await caller.inquiries.transition({ id: inquiry.id, to: 'quoted' });

    const now = Date.now();
    const run = (sql: string, ...params: unknown[]) => core.store.sqlite.prepare(sql).run(...params);
    run(
      `INSERT INTO consignments (id, localUpdatedAt, gemstone, supplier, currency, receivedAt, status)
       VALUES ('seed-consignment', ?, ?, 'Colombo Gem Traders', 'USD', ?, 'in')`,
      now,
      consigned.id,
      new Date(now - 10 * DAY).toISOString(),
    );
    run(
      `INSERT INTO memos (id, localUpdatedAt, buyer, issuedAt, dueBack, currency, status)
       VALUES ('seed-memo', ?, ?, ?, ?, 'USD', 'open')`,
      now,
      buyer.id,
      new Date(now - 20 * DAY).toISOString(),
      new Date(now - 2 * DAY).toISOString(),
    );
    run(
      `INSERT INTO memo_lines (id, localUpdatedAt, memo, gemstone, price, currency, status)
       VALUES ('seed-memo-line', ?, 'seed-memo', ?, 180000, 'USD', 'out')`,
      now,
      ruby.id,
    );
    run(
      `INSERT INTO invoices (id, localUpdatedAt, buyer, issuedAt, currency, lines, subtotal, taxTotal, total, status)
       VALUES ('seed-invoice', ?, ?, ?, 'USD', '[]', 250000, 20000, 270000, 'issued')`,
      now,
      buyer.id,
      new Date(now).toISOString(),
    );
  } finally {
    await core.close();
  }
}

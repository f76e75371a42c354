import type { Caller, Core } from '../core/create-core';
import { aStone, signedInAdmin, signedInAs } from './core';

// Fixtures for the sales capabilities (buyers, inquiries, activities): real core, real SQLite.

export const aBuyer = (overrides: Record<string, unknown> = {}) => ({
  buyerCode: 'B-0001',
  companyName: 'Aurora Gems Ltd',
  contactName: 'Lena Varga',
  email: 'lena@auroragems.example',
  phone: '+44 20 7946 0018',
  preferredGemstoneTypes: ['Ruby', 'Sapphire'],
  salesStatus: 'active' as const,
  ...overrides,
});

export interface SalesDesk {
  admin: Caller;
  coordinator: Caller;
  practitioner: Caller;
  coordinatorId: string;
  adminId: string;
}

/** An administrator, a coordinator and a practitioner, each signed in on their own connection. */
export async function salesDesk(core: Core): Promise<SalesDesk> {
  const admin = await signedInAdmin(core);
  const coordinator = await signedInAs(core, 'coordinator', 'cora');
  const practitioner = await signedInAs(core, 'practitioner', 'pim');
  const adminId = (await admin.auth.status()).user!.id;
  const coordinatorId = (await coordinator.auth.status()).user!.id;
  return { admin, coordinator, practitioner, adminId, coordinatorId };
}

/** A buyer and a stone, and an inquiry of that buyer on that stone (status new). */
export async function inquiryOnStone(
  caller: Caller,
  options: { stone?: Record<string, unknown>; buyer?: Record<string, unknown>; inquiry?: Record<string, unknown> } = {},
) {
  const stone = await caller.inventory.create(aStone(options.stone));
  const buyer = await caller.buyers.create(aBuyer(options.buyer));
  const inquiry = await caller.inquiries.create({
    buyer: buyer.id,
    gemstone: stone.id,
    requestedCaratWeight: stone.caratWeight,
    currency: 'USD',
    ...options.inquiry,
  });
  return { stone, buyer, inquiry };
}

export const count = (core: Core, table: string, where = '1 = 1', ...params: unknown[]) =>
  (core.store.sqlite.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${where}`).get(...params) as { n: number }).n;

export const outboxOf = (core: Core) =>
  core.store.sqlite.prepare('SELECT entity, recordId, op, fields FROM outbox ORDER BY id').all() as {
    entity: string;
    recordId: string;
    op: string;
    fields: string | null;
  }[];

/** The whole database's sales rows, to assert that a refusal wrote nothing. */
export function salesSnapshot(core: Core) {
  const all = (sql: string) => core.store.sqlite.prepare(sql).all();
  return {
    inquiries: all('SELECT * FROM purchase_inquiries ORDER BY id'),
    stones: all('SELECT * FROM gemstones ORDER BY id'),
    buyers: all('SELECT * FROM buyers ORDER BY id'),
    activities: all('SELECT * FROM activities ORDER BY id'),
    outbox: all('SELECT entity, recordId, op, fields, seq FROM outbox ORDER BY id'),
  };
}

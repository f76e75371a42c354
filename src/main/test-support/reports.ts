import { afterEach, beforeEach } from 'vitest';
import { createCore, type Caller, type Core } from '../core/create-core';
import { aStone, signedInAdmin, tempDataDir } from './core';

// The reports' tests: a core whose clock the test sets, an administrator, and a stock of stones priced in
// two currencies (consigned, returned to the supplier and sold ones among them) added on different days.

export const DAY = 86_400_000;
export const NOW = Date.parse('2026-06-15T12:00:00.000Z');
let now = NOW;
let core: Core;
let data: ReturnType<typeof tempDataDir>;
let admin: Caller;

/** A stone added `daysAgo` days before NOW (the clock stands there while it is created). */
async function stoneAdded(daysAgo: number, overrides: Record<string, unknown>) {
  now = NOW - daysAgo * DAY - DAY / 2;
  const stone = await admin.inventory.create(
    aStone({ certificateNumber: null, certificateStatus: 'none', ...overrides }),
  );
  now = NOW;
  return stone;
}

let rowId = 0;
const newId = () => `row-${++rowId}`;

export async function stock() {
  const s = {
    r1: await stoneAdded(5, {
      sku: 'R-1',
      caratWeight: 1.25,
      costPrice: 1000,
      askingPrice: 1800,
      priceCurrency: 'USD',
    }),
    r2: await stoneAdded(45, {
      sku: 'R-2',
      caratWeight: 2.5,
      costPrice: 2500.5,
      askingPrice: 4000,
      priceCurrency: 'USD',
    }),
    s1: await stoneAdded(120, {
      sku: 'S-1',
      gemstoneType: 'Sapphire',
      caratWeight: 3.1,
      costPrice: 3000,
      askingPrice: 5200,
      priceCurrency: 'EUR',
      location: 'Safe',
    }),
    s2: await stoneAdded(200, { sku: 'S-2', gemstoneType: 'Sapphire', caratWeight: 0.9, location: 'Showcase 1' }),
    e1: await stoneAdded(400, {
      sku: 'E-1',
      gemstoneType: 'Emerald',
      caratWeight: 1.7,
      costPrice: 800,
      askingPrice: 1500,
      priceCurrency: 'EUR',
    }),
    // Consigned to us (in stock, not ours), returned to its supplier (not in stock), and sold.
    c1: await stoneAdded(10, { sku: 'C-1', caratWeight: 4, costPrice: 9000, askingPrice: 12000, priceCurrency: 'USD' }),
    c2: await stoneAdded(20, { sku: 'C-2', caratWeight: 5, costPrice: 7000, askingPrice: 9000, priceCurrency: 'USD' }),
    sold: await stoneAdded(30, {
      sku: 'X-1',
      caratWeight: 2,
      costPrice: 500,
      askingPrice: 900,
      priceCurrency: 'USD',
      location: 'Sold',
    }),
  };
  // A stone synced long ago: its age is the server's createdAt, not its last local change.
  exec('UPDATE gemstones SET createdAt = ? WHERE id = ?', new Date(NOW - 700 * DAY).toISOString(), s.r1.id);
  const consign = (gemstone: string, status: string) =>
    exec(
      `INSERT INTO consignments (id, localUpdatedAt, gemstone, supplier, agreedPrice, currency, receivedAt, status)
       VALUES (?, ?, ?, 'Colombo Gem Traders', 700000, 'USD', ?, ?)`,
      newId(),
      NOW,
      gemstone,
      new Date(NOW - 30 * DAY).toISOString(),
      status,
    );
  consign(s.c1.id, 'in');
  consign(s.c2.id, 'returned');
  return s;
}

export const sql = <T>(text: string, ...params: unknown[]) => core.store.sqlite.prepare(text).all(...params) as T[];
export const exec = (text: string, ...params: unknown[]) => core.store.sqlite.prepare(text).run(...params);
export { newId };

/** Registers the per-test core for the calling test file; the returned getters read the current test's. */
export function reportsDesk() {
  beforeEach(async () => {
    now = NOW;
    data = tempDataDir();
    core = await createCore({ dataDir: data.dir, clock: () => now, startSync: false });
    admin = await signedInAdmin(core);
  });
  afterEach(async () => {
    await core.close();
    data.remove();
  });
  return {
    get core() {
      return core;
    },
    get admin() {
      return admin;
    },
  };
}

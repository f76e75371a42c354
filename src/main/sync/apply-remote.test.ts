import { afterEach, describe, expect, it } from 'vitest';
import { startTestCore, type TestCore } from '../test-support/core';
import { applyRemote, hiddenFrom } from './merge';

// A record from the server is untrusted input: it is stored exactly as it came, or held back and listed
// with its reason. Never coerced: no blank for a missing SKU, no 0 for a missing weight.

let opened: TestCore | undefined;
afterEach(() => opened?.dispose());

const pulled = (objectId: string, sku: unknown, extra: Record<string, unknown> = {}) => ({
  objectId,
  clientId: `client-${objectId}`,
  sku,
  gemstoneType: 'Sapphire',
  caratWeight: 2.04,
  clarityGrade: 'VS1',
  certificateStatus: 'verified',
  location: 'Safe',
  createdAt: '2026-11-20T08:00:00.000Z',
  updatedAt: '2026-11-21T09:30:00.123Z',
  ...extra,
});

async function store() {
  opened = await startTestCore();
  return opened.core.store;
}

const heldBack = (s: Awaited<ReturnType<typeof store>>) =>
  s.sqlite
    .prepare(
      "SELECT recordId, message FROM sync_dead_letters WHERE op = 'pull' AND resolvedAt IS NULL ORDER BY recordId",
    )
    .all() as {
    recordId: string;
    message: string;
  }[];

describe('a pulled record', () => {
  it('is stored with exactly the fields it came with, a field unset on the server as empty', async () => {
    const s = await store();
    applyRemote(s, 'Gemstone', pulled('a1', 'SA-PULL-1', { certificateNumber: 'GIA 2201' }), s.clock());
    // No certificateNumber key: unset on the server (Parse leaves unset fields out of its answers).
    applyRemote(s, 'Gemstone', pulled('a2', 'SA-PULL-2', { caratWeight: 3.1 }), s.clock());
    const rows = s.sqlite
      .prepare(
        "SELECT id, objectId, sku, caratWeight, certificateNumber, location FROM gemstones WHERE sku LIKE 'SA-PULL-%' ORDER BY sku",
      )
      .all();
    expect(rows).toEqual([
      {
        id: 'client-a1',
        objectId: 'a1',
        sku: 'SA-PULL-1',
        caratWeight: 2.04,
        certificateNumber: 'GIA 2201',
        location: 'Safe',
      },
      {
        id: 'client-a2',
        objectId: 'a2',
        sku: 'SA-PULL-2',
        caratWeight: 3.1,
        certificateNumber: null,
        location: 'Safe',
      },
    ]);
    expect(heldBack(s)).toEqual([]);
  });

  it('clears a field another app unset, instead of keeping the old value', async () => {
    const s = await store();
    applyRemote(s, 'Gemstone', pulled('c1', 'SA-CLEAR-1', { certificateNumber: 'GIA 2201' }), s.clock());
    applyRemote(s, 'Gemstone', pulled('c1', 'SA-CLEAR-1', { updatedAt: '2026-11-22T09:30:00.000Z' }), s.clock());
    expect(s.sqlite.prepare("SELECT certificateNumber FROM gemstones WHERE objectId = 'c1'").get()).toEqual({
      certificateNumber: null,
    });
  });

  it('is held back and listed, never coerced, when a required value is missing, empty or not one Loupe works with', async () => {
    const s = await store();
    const { location: _l, ...noLocation } = pulled('b1', 'SA-BAD-1');
    applyRemote(s, 'Gemstone', noLocation, s.clock());
    applyRemote(s, 'Gemstone', pulled('b2', null), s.clock());
    applyRemote(s, 'Gemstone', pulled('b3', ''), s.clock());
    applyRemote(s, 'Gemstone', pulled('b4', 'SA-BAD-4', { caratWeight: null }), s.clock());
    applyRemote(s, 'Gemstone', pulled('b5', 'SA-BAD-5', { caratWeight: -3 }), s.clock());
    applyRemote(s, 'Gemstone', pulled('b6', 'SA-BAD-6', { certificateStatus: 'Certified' }), s.clock());
    applyRemote(s, 'Gemstone', pulled('b7', 'SA-BAD-7', { location: 'Vault\u0000' }), s.clock());
    expect(s.sqlite.prepare("SELECT count(*) AS n FROM gemstones WHERE objectId LIKE 'b%'").get()).toEqual({ n: 0 });
    expect(
      heldBack(s).map((h) => [
        h.recordId,
        h.message.replace(/^Not taken in from the server: (.*)\. It is tried again at every sync\.$/, '$1'),
      ]),
    ).toEqual([
      ['b1', 'Location is missing'],
      ['b2', 'SKU is missing'],
      ['b3', 'SKU is empty'],
      ['b4', 'Carat weight is missing'],
      ['b5', 'Carat weight must be greater than 0 (it is -3)'],
      ['b6', 'Certificate “Certified” is not one Loupe works with (No certificate, Pending, Verified, Mismatch)'],
      ['b7', 'Location contains a control character (U+0000) that cannot be stored; remove it'],
    ]);
  });

  it('keeps what the seed allows but Loupe does not offer: a clarity, a lab, a price with more decimals, another currency', async () => {
    const s = await store();
    applyRemote(s, 'Gemstone', pulled('v1', 'SA-VS-1', { clarityGrade: 'VS' }), s.clock());
    applyRemote(
      s,
      'Buyer',
      {
        objectId: 'buyer1',
        buyerCode: 'B-X',
        companyName: 'X',
        contactName: 'Y',
        email: 'y',
        salesStatus: 'active',
        accountManager: null,
        updatedAt: '2026-11-21T09:30:00.000Z',
      },
      s.clock(),
    );
    expect(heldBack(s).map((h) => h.message)).toEqual([
      'Not taken in from the server: Account manager is missing. It is tried again at every sync.',
    ]);
    const stone = s.sqlite.prepare("SELECT clarityGrade FROM gemstones WHERE objectId = 'v1'").get();
    expect(stone).toEqual({ clarityGrade: 'VS' });
  });

  it('leaves a field the server hides from the reader alone, and lists it as missing for anyone who should see it', async () => {
    const s = await store();
    const user = {
      objectId: 'u1',
      username: 'kofi',
      fullName: 'Kofi Mensah',
      role: 'coordinator',
      updatedAt: '2026-11-21T09:30:00.000Z',
    };
    applyRemote(s, '_User', user, s.clock()); // other users' emails never come
    const buyer = {
      objectId: 'bu1',
      buyerCode: 'B-1',
      companyName: 'Gem House',
      contactName: 'Ana',
      salesStatus: 'active',
      accountManager: { __type: 'Pointer', className: '_User', objectId: 'u1' },
      updatedAt: '2026-11-21T09:30:00.000Z',
    };
    applyRemote(s, 'Buyer', buyer, s.clock(), { mayBeAbsent: hiddenFrom('Buyer', 'practitioner') });
    expect(s.sqlite.prepare("SELECT buyerCode, phone FROM buyers WHERE objectId = 'bu1'").get()).toEqual({
      buyerCode: 'B-1',
      phone: null,
    });
    applyRemote(s, 'Buyer', { ...buyer, objectId: 'bu2', buyerCode: 'B-2' }, s.clock(), {
      mayBeAbsent: hiddenFrom('Buyer', 'coordinator'),
    });
    expect(heldBack(s).map((h) => [h.recordId, h.message])).toEqual([
      ['bu2', 'Not taken in from the server: Email is missing. It is tried again at every sync.'],
    ]);
  });

  it('stores a stone pulled by a practitioner without its prices, which the server hid, and holds nothing back', async () => {
    const s = await store();
    const stone = pulled('pr1', 'SA-PRICED-1', {
      shape: 'Oval',
      colour: 'Royal blue',
      priceCurrency: 'USD',
      lengthMm: 7.91,
    });
    applyRemote(s, 'Gemstone', stone, s.clock(), { mayBeAbsent: hiddenFrom('Gemstone', 'practitioner') });
    expect(heldBack(s)).toEqual([]);
    expect(
      s.sqlite
        .prepare(
          "SELECT shape, colour, lengthMm, priceCurrency, costPrice, askingPrice FROM gemstones WHERE objectId = 'pr1'",
        )
        .get(),
    ).toEqual({
      shape: 'Oval',
      colour: 'Royal blue',
      lengthMm: 7.91,
      priceCurrency: 'USD',
      costPrice: null,
      askingPrice: null,
    });
    // A coordinator's pull of the same stone carries the prices, in minor units.
    applyRemote(s, 'Gemstone', { ...stone, askingPrice: 12500.5, updatedAt: '2026-11-22T09:30:00.000Z' }, s.clock(), {
      mayBeAbsent: hiddenFrom('Gemstone', 'coordinator'),
    });
    expect(s.sqlite.prepare("SELECT askingPrice FROM gemstones WHERE objectId = 'pr1'").get()).toEqual({
      askingPrice: 1_250_050,
    });
  });

  it("keeps the server's times in one form, whichever form they arrived in", async () => {
    const s = await store();
    applyRemote(s, 'Gemstone', pulled('t1', 'SA-TIME-1'), s.clock());
    applyRemote(
      s,
      'Gemstone',
      pulled('t2', 'SA-TIME-2', {
        createdAt: '2026-11-20T08:00:00Z',
        updatedAt: { __type: 'Date', iso: '2026-11-21T09:30:00.000Z' },
      }),
      s.clock(),
    );
    applyRemote(s, 'Gemstone', pulled('t3', 'SA-TIME-3', { createdAt: '2026-11-20T09:00:00+01:00' }), s.clock());
    const times = s.sqlite
      .prepare("SELECT createdAt, updatedAt FROM gemstones WHERE sku LIKE 'SA-TIME-%' ORDER BY sku")
      .all();
    expect(times).toEqual([
      { createdAt: '2026-11-20T08:00:00.000Z', updatedAt: '2026-11-21T09:30:00.123Z' },
      { createdAt: '2026-11-20T08:00:00.000Z', updatedAt: '2026-11-21T09:30:00.000Z' },
      { createdAt: '2026-11-20T08:00:00.000Z', updatedAt: '2026-11-21T09:30:00.123Z' },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { formatMoney, toMajorUnits, toMinorUnits, toMinorUnitsExact } from '../../shared/money';
import { CLASS_MAPPINGS, fromParse, toParse, UnresolvedPointerError, type PointerResolver } from './parse-mapping';
import * as schema from './schema';
import * as trade from './schema-trade';
import { getTableColumns } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';

const known: Record<string, string> = {
  'local-buyer': 'BuyerObj01',
  'local-user': 'UserObj001',
  'local-stone': 'StoneObj01',
};
const resolver: PointerResolver = {
  objectIdOf: (_c, id) => known[id] ?? null,
  localIdOf: (_c, objectId) => Object.entries(known).find(([, o]) => o === objectId)?.[0] ?? null,
};

describe('money', () => {
  it('is exact in minor units and converts per the currency exponent', () => {
    expect(toMinorUnits(19.99, 'USD')).toBe(1999);
    expect(toMajorUnits(1999, 'USD')).toBe(19.99);
    expect(toMinorUnits(125000, 'JPY')).toBe(125000);
    expect(toMinorUnits(1.234, 'BHD')).toBe(1234);
    expect(toMinorUnitsExact(1234.567, 'USD')).toBe(123456.7);
    expect(toMajorUnits(123456.7, 'USD')).toBe(1234.567);
    expect(toMajorUnits(1234, 'BHD')).toBe(1.234);
    expect(() => toMinorUnits(1.005, 'USD')).toThrow(/at most 2 decimals/);
    expect(() => toMinorUnits(10.5, 'JPY')).toThrow(/at most 0 decimals/);
    expect(formatMoney(123456, 'USD', 'en-US')).toBe('$1,234.56');
  });

  it('keeps an amount another app wrote with more decimals exactly, and shows it in full', () => {
    for (const [major, currency] of [
      [1234.567, 'USD'],
      [0.1 + 0.2, 'EUR'],
      [12.5, 'JPY'],
      [999999999999.999, 'USD'],
      [5e-7, 'CHF'],
    ] as const) {
      const minor = toMinorUnitsExact(major, currency);
      expect(minor).not.toBeNull();
      expect(toMajorUnits(minor!, currency)).toBe(major);
    }
    expect(formatMoney(toMinorUnitsExact(1234.567, 'USD')!, 'USD', 'en-US')).toBe('$1,234.567');
    // A code Intl does not know is shown after the amount rather than failing the screen.
    expect(formatMoney(123456, 'US$', 'en-US')).toBe('1,234.56 US$');
  });
});

describe('mapping local rows to Parse JSON', () => {
  it('covers every column of every replicated table, and nothing that is not a column', () => {
    const tables: Record<string, SQLiteTable> = {
      users: schema.users,
      buyers: schema.buyers,
      gemstones: schema.gemstones,
      custody_events: schema.custodyEvents,
      certificate_logs: schema.certificateLogs,
      purchase_inquiries: schema.purchaseInquiries,
      activities: schema.activities,
      stone_holds: schema.stoneHolds,
      memos: trade.memos,
      invoices: trade.invoices,
      memo_lines: trade.memoLines,
      payments: trade.payments,
      consignments: trade.consignments,
    };
    // recordedHere: a certificate history entry this workstation wrote for another app's change, never sent.
    const bookkeeping = new Set([
      'id',
      'objectId',
      'createdAt',
      'updatedAt',
      'localUpdatedAt',
      'passwordHash',
      'recordedHere',
    ]);
    for (const mapping of Object.values(CLASS_MAPPINGS)) {
      const columns = Object.keys(getTableColumns(tables[mapping.table]!)).filter((c) => !bookkeeping.has(c));
      expect(Object.keys(mapping.fields).sort(), mapping.className).toEqual(columns.sort());
    }
  });

  it('converts pointers, dates, arrays and money both ways', () => {
    const inquiry = {
      buyer: 'local-buyer',
      gemstone: 'local-stone',
      inquiryStatus: 'quoted',
      requestedCaratWeight: 2.5,
      quotedPrice: 1250050,
      currency: 'USD',
      handledBy: 'local-user',
      followUpAt: '2026-12-01T09:00:00.000Z',
      outcome: 'sold',
      outcomeReason: 'Paid by wire',
      mismatchOverride: 1,
      statusHistory: '[{"from":"new","to":"quoted","by":"UserObj001","at":"2026-11-30T10:00:00.000Z"}]',
      statusChangedAt: '2026-11-30T10:00:00.000Z',
    };
    const json = toParse('PurchaseInquiry', inquiry, resolver);
    expect(json).toEqual({
      buyer: { __type: 'Pointer', className: 'Buyer', objectId: 'BuyerObj01' },
      gemstone: { __type: 'Pointer', className: 'Gemstone', objectId: 'StoneObj01' },
      inquiryStatus: 'quoted',
      requestedCaratWeight: 2.5,
      quotedPrice: 12500.5,
      currency: 'USD',
      handledBy: { __type: 'Pointer', className: '_User', objectId: 'UserObj001' },
      followUpAt: { __type: 'Date', iso: '2026-12-01T09:00:00.000Z' },
      outcome: 'sold',
      outcomeReason: 'Paid by wire',
      mismatchOverride: true,
      statusHistory: [{ from: 'new', to: 'quoted', by: 'UserObj001', at: '2026-11-30T10:00:00.000Z' }],
      statusChangedAt: { __type: 'Date', iso: '2026-11-30T10:00:00.000Z' },
    });
    expect(fromParse('PurchaseInquiry', json, resolver)).toEqual({ row: inquiry, problems: [] });

    const buyer = toParse('Buyer', { preferredGemstoneTypes: '["Ruby","Spinel"]', phone: null }, resolver, [
      'preferredGemstoneTypes',
      'phone',
    ]);
    expect(buyer).toEqual({ preferredGemstoneTypes: ['Ruby', 'Spinel'], phone: { __op: 'Delete' } });
  });

  it('leaves out a field hidden from the reader, and reads any other absent field as unset', () => {
    const buyer = {
      buyerCode: 'B-1',
      companyName: 'Gem House',
      contactName: 'Ana',
      salesStatus: 'active',
      accountManager: { __type: 'Pointer', className: '_User', objectId: 'UserObj001' },
    };
    const { row } = fromParse('Buyer', buyer, resolver, { mayBeAbsent: new Set(['email', 'phone']) });
    expect(row).toEqual({
      buyerCode: 'B-1',
      companyName: 'Gem House',
      contactName: 'Ana',
      salesStatus: 'active',
      accountManager: 'local-user',
      preferredGemstoneTypes: null,
    });
    expect(row).not.toHaveProperty('email');
    expect(fromParse('Buyer', buyer, resolver).problems.map((p) => p.message)).toEqual(['Email is missing']);
  });

  it('names a required record that is not here, and reads an optional one that is gone as empty', () => {
    const stone = {
      sku: 'A',
      gemstoneType: 'Ruby',
      caratWeight: 1,
      clarityGrade: 'VS1',
      certificateStatus: 'none',
      location: 'Vault',
      assignedBuyer: { __type: 'Pointer', className: 'Buyer', objectId: 'GoneBuyer' },
    };
    expect(fromParse('Gemstone', stone, resolver).row).toMatchObject({ sku: 'A', assignedBuyer: null });
    const move = {
      gemstone: { __type: 'Pointer', className: 'Gemstone', objectId: 'GoneStone' },
      fromLocation: 'Vault',
      toLocation: 'Safe',
      movedAt: { __type: 'Date', iso: '2026-11-30T10:00:00.000Z' },
    };
    expect(fromParse('CustodyEvent', move, resolver).problems.map((p) => p.message)).toEqual([
      'Stone (GoneStone) is not on this workstation',
    ]);
  });

  it('refuses to send a pointer to a record the server does not know yet', () => {
    expect(() => toParse('Gemstone', { assignedBuyer: 'unpushed-buyer' }, resolver, ['assignedBuyer'])).toThrow(
      UnresolvedPointerError,
    );
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPLICATED_CLASSES } from '../../shared/enums';
import { CLASS_MAPPINGS } from '../db/parse-mapping';
import { aStone, signedInAdmin, startTestCore, type TestCore } from '../test-support/core';
import { aBuyer } from '../test-support/sales';
import { FIELD_LABELS, recordLabel, valueText } from './describe';

// The Sync screen's words for records, fields and values (real SQLite, records made through the router).

let t: TestCore;
let admin: Awaited<ReturnType<typeof signedInAdmin>>;
beforeAll(async () => {
  t = await startTestCore();
  admin = await signedInAdmin(t.core);
});
afterAll(() => t.dispose());

const idOf = (table: string, where: string) =>
  (t.core.store.sqlite.prepare(`SELECT id FROM ${table} WHERE ${where}`).get() as { id: string }).id;

describe('the Sync screen’s words', () => {
  it('has a label for every replicated field, so no column name reaches the screen', () => {
    const unlabelled = REPLICATED_CLASSES.flatMap((c) =>
      Object.keys(CLASS_MAPPINGS[c].fields)
        .filter((f) => !(f in FIELD_LABELS))
        .map((f) => `${c}.${f}`),
    );
    expect(unlabelled).toEqual([]);
  });

  it('names each kind of record by what staff know it by', async () => {
    const stone = await admin.inventory.create(aStone({ sku: 'SP-42' }));
    const buyer = await admin.buyers.create(
      aBuyer({ buyerCode: 'B-0042', companyName: 'Facet & Co', accountManager: (await admin.auth.status()).user!.id }),
    );
    await admin.inventory.custody.move({ skus: ['SP-42'], toLocation: 'Counter', reason: 'Shown to a buyer' });
    const inquiry = await admin.inquiries.create({
      buyer: buyer.id,
      gemstone: stone.id,
      requestedCaratWeight: 2,
      currency: 'USD',
    });
    await admin.certificates.record({
      gemstone: stone.id,
      issuedBy: 'GIA',
      certificateNumber: '2141234567',
      verificationResult: 'verified',
    });
    await admin.activities.create({ type: 'call', subject: 'Asked about the spinel', buyer: buyer.id });
    const store = t.core.store;
    expect([
      recordLabel(store, 'Gemstone', stone.id),
      recordLabel(store, 'Buyer', buyer.id),
      recordLabel(store, 'PurchaseInquiry', inquiry.id),
      recordLabel(store, 'CustodyEvent', idOf('custody_events', `gemstone = '${stone.id}'`)),
      recordLabel(
        store,
        'CertificateLog',
        idOf('certificate_logs', `gemstone = '${stone.id}' AND verificationResult = 'verified'`),
      ),
      recordLabel(
        store,
        'CertificateLog',
        idOf('certificate_logs', `gemstone = '${stone.id}' AND verificationResult = 'status_change'`),
      ),
      recordLabel(store, 'Activity', idOf('activities', `relatedTo = '${buyer.id}'`)),
      recordLabel(store, '_User', (await admin.auth.status()).user!.id),
    ]).toEqual([
      'Stone SP-42',
      'Buyer B-0042 · Facet & Co',
      'Inquiry Facet & Co for SP-42',
      'Stone move SP-42 to Counter',
      'Certificate log entry SP-42, GIA 2141234567',
      'Certificate log entry SP-42, status change',
      'Follow-up Asked about the spinel',
      'Staff account Amara Okafor',
    ]);
    // A record no longer here: by the values kept with it, else said plainly.
    expect(recordLabel(store, 'Gemstone', 'gone', { sku: 'SP-OLD' })).toBe('Stone SP-OLD');
    expect(recordLabel(store, 'PurchaseInquiry', 'gone')).toBe('Inquiry (not on this workstation)');
    // Values: a pointer by its target's name, money in its currency, yes/no, lists, nothing.
    expect(valueText(store, 'Gemstone', stone.id, 'assignedBuyer', buyer.id)).toBe('B-0042 · Facet & Co');
    expect(valueText(store, 'Gemstone', stone.id, 'assignedBuyer', 'gone')).toBe('Buyer not on this workstation');
    expect(valueText(store, 'PurchaseInquiry', inquiry.id, 'quotedPrice', 1234550)).toMatch(/12,345\.50/);
    expect(valueText(store, 'PurchaseInquiry', inquiry.id, 'mismatchOverride', 1)).toBe('yes');
    expect(valueText(store, 'Buyer', buyer.id, 'preferredGemstoneTypes', '["Ruby","Spinel"]')).toBe('Ruby, Spinel');
    expect(valueText(store, 'Gemstone', stone.id, 'location', null)).toBe('(empty)');
    // A value from one of Loupe's lists in words, never its stored key.
    const entry = idOf('certificate_logs', `gemstone = '${stone.id}'`);
    expect(valueText(store, 'CertificateLog', entry, 'verificationResult', 'not_found')).toBe('Not found at the lab');
    expect(valueText(store, 'Gemstone', stone.id, 'certificateStatus', 'none')).toBe('No certificate');
    expect(valueText(store, 'PurchaseInquiry', inquiry.id, 'inquiryStatus', 'quoted')).toBe('Quoted');
    expect(valueText(store, 'PurchaseInquiry', inquiry.id, 'outcome', 'withdrawn')).toBe('Withdrawn');
    expect(valueText(store, 'Buyer', buyer.id, 'salesStatus', 'dormant')).toBe('Dormant');
    expect(valueText(store, '_User', (await admin.auth.status()).user!.id, 'role', 'practitioner')).toBe(
      'Practitioner',
    );
  });
});

// The demo users and inventory the local backend seeds (once).

import { describe, expect, test } from 'vitest';
import { DEMO_USERS, demoClientId, seedDemoData } from './demo';
import { backend, must, rest, signIn, type Json } from './test-support';

const find = async (className: string, where: Json, extra = '') =>
  must(
    await rest(
      'master',
      'GET',
      `/classes/${className}?where=${encodeURIComponent(JSON.stringify(where))}&limit=1000${extra}`,
    ),
  ).results as Json[];

describe('demo data', () => {
  test('each demo user signs in with the printed password and has their role', async () => {
    for (const user of Object.values(DEMO_USERS)) {
      const session = await signIn(user.username, user.password);
      const me = must(await rest(session, 'GET', '/users/me'));
      expect(me).toMatchObject({ username: user.username, role: user.role, fullName: user.fullName });
    }
  });

  test('a small inventory: buyers, 20 stones, certificate logs, inquiries in every state, activities', async () => {
    const stones = await find('Gemstone', { sku: { $regex: '^LP-' } });
    expect(stones.map((s) => s.sku).sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `LP-${String(i + 1).padStart(4, '0')}`),
    );
    expect(await find('Buyer', { buyerCode: { $in: ['B-1001', 'B-1002', 'B-1003', 'B-1004'] } })).toHaveLength(4);
    const stoneIds = stones.map((s) => s.objectId as string);
    const pointers = stoneIds.map((objectId) => ({ __type: 'Pointer', className: 'Gemstone', objectId }));
    expect((await find('CertificateLog', { gemstone: { $in: pointers } })).length).toBeGreaterThanOrEqual(8);
    const inquiries = await find('PurchaseInquiry', { gemstone: { $in: pointers } });
    expect(new Set(inquiries.map((i) => i.inquiryStatus))).toEqual(new Set(['new', 'quoted', 'reserved', 'closed']));
    // the stones' certificate status follows their logs
    const bySku = new Map(stones.map((s) => [s.sku as string, s]));
    expect(bySku.get('LP-0001')).toMatchObject({ certificateStatus: 'verified', certificateNumber: '2141234567' });
    expect(bySku.get('LP-0007')).toMatchObject({ certificateStatus: 'mismatch' });
    expect(bySku.get('LP-0008')).toMatchObject({ certificateStatus: 'pending', certificateNumber: 'LG612345678' });
    expect(bySku.get('LP-0010')).toMatchObject({ certificateStatus: 'none' });
  });

  test("the demo stones are graded on their type's scale, priced, and every fourth has a photo the server serves", async () => {
    const stones = await find('Gemstone', { sku: { $regex: '^LP-' } });
    expect(stones).toHaveLength(20);
    for (const s of stones) {
      expect(s.shape, s.sku).toEqual(expect.any(String));
      if (s.gemstoneType === 'Diamond') expect(s.colour, s.sku).toMatch(/^[D-Z]$/);
      else expect(s.colour, s.sku).not.toMatch(/^[D-Z]$/);
      if (s.askingPrice !== undefined) {
        expect(['USD', 'EUR', 'CHF']).toContain(s.priceCurrency);
        if (s.costPrice !== undefined) expect(s.costPrice).toBeLessThan(s.askingPrice);
      }
    }
    expect(stones.filter((s) => s.askingPrice > 0).length).toBeGreaterThanOrEqual(15);
    const withPhotos = stones.filter((s) => Array.isArray(s.photos));
    expect(withPhotos.map((s) => s.sku).sort()).toEqual(['LP-0001', 'LP-0005', 'LP-0009', 'LP-0013', 'LP-0017']);
    const [photo] = withPhotos[0]!.photos as { __type: string; name: string; url: string }[];
    expect(photo).toMatchObject({
      __type: 'File',
      name: expect.stringMatching(new RegExp(`_${withPhotos[0]!.sku}\\.jpg$`)),
    });
    const image = await fetch(photo!.url);
    expect(image.headers.get('content-type')).toMatch(/image\/jpeg/);
    expect(Buffer.from(await image.arrayBuffer()).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    // Practitioners see no prices, as the schema's protected fields say.
    const practitioner = await signIn(DEMO_USERS.practitioner.username, DEMO_USERS.practitioner.password);
    const seen = must(await rest(practitioner, 'GET', `/classes/Gemstone/${withPhotos[0]!.objectId}`));
    expect(seen).toMatchObject({ shape: withPhotos[0]!.shape });
    expect(seen.askingPrice).toBeUndefined();
    expect(seen.costPrice).toBeUndefined();
  });

  test('seeding again (every restart of backend:dev) creates nothing twice', async () => {
    const again = await seedDemoData({
      serverURL: backend.serverURL,
      appId: backend.appId,
      masterKey: backend.masterKey,
    });
    expect(again.created).toBe(0);
    expect(again.userIds).toEqual(
      Object.fromEntries(Object.entries(backend.demoUsers).map(([role, user]) => [role, user.objectId])),
    );
    for (const className of ['Buyer', 'Gemstone', 'CertificateLog', 'PurchaseInquiry', 'Activity', 'CustodyEvent']) {
      const demoRows = await find(className, {}, '&keys=clientId');
      const ids = demoRows.map((row) => row.clientId as string);
      expect(new Set(ids).size, className).toBe(ids.length);
    }
    expect(await find('Gemstone', { clientId: demoClientId('stone:1') })).toHaveLength(1);
  });
});

import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../../scripts/seed-demo';
import { DIAMOND_COLOURS, FLUORESCENCE, SATURATIONS, TONES } from '../../shared/enums';
import { readDocument } from '../db/documents';
import type { LocalFile } from '../db/parse-mapping';
import { createCore } from '../core/create-core';
import { tempDataDir } from '../test-support/core';

// `npm run seed:demo` fills a database a person then opens: its stones must follow the certificate-status
// rule like any other, or the demo shows "Verified" over "No certificate has been verified for this stone yet".

const dirs: { remove(): void }[] = [];
const seededOnce: { remove(): void }[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.remove()));
afterAll(() => seededOnce.splice(0).forEach((d) => d.remove()));

describe('the demo inventory', () => {
  it('backs every Verified stone with a verified entry and every Mismatch with the verification that found it', async () => {
    const data = tempDataDir();
    dirs.push(data);
    await seedDemo({ dataDir: data.dir, stones: 300, log: () => {} });
    const core = await createCore({ dataDir: data.dir, startSync: false });
    try {
      const unbacked = core.store.sqlite
        .prepare(
          `SELECT g.sku, g.certificateStatus, (
             SELECT c.verificationResult FROM certificate_logs c WHERE c.gemstone = g.id AND c.verificationResult <> 'status_change'
             ORDER BY c.verifiedAt DESC LIMIT 1) AS latest
           FROM gemstones g WHERE g.certificateStatus IN ('verified', 'mismatch')`,
        )
        .all() as { sku: string; certificateStatus: string; latest: string | null }[];
      expect(unbacked.length).toBeGreaterThan(100);
      expect(unbacked.filter((s) => s.latest !== s.certificateStatus)).toEqual([]);
    } finally {
      await core.close();
    }
  });
});

// The demo is also what the grid, the scan panel and the bench show of a dealer's stock: grading on each
// type's own scale, measurements that fit the weight, prices that behave like the trade's, a share of
// stones with photos, and the same stock every time for the same count.

type Row = Record<string, string | number | null>;

async function seededRows(stones: number, removeAfter = dirs): Promise<{ rows: Row[]; dir: string }> {
  const data = tempDataDir();
  removeAfter.push(data);
  await seedDemo({ dataDir: data.dir, stones, log: () => {} });
  const core = await createCore({ dataDir: data.dir, startSync: false });
  try {
    return { rows: core.store.sqlite.prepare('SELECT * FROM gemstones ORDER BY sku').all() as Row[], dir: data.dir };
  } finally {
    await core.close();
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const share = (rows: Row[], test: (r: Row) => boolean) => rows.filter(test).length / rows.length;

describe("the demo stones' grading, prices and photos", () => {
  let rows: Row[] = [];
  let dir = '';
  const ofType = (type: string) => rows.filter((r) => r.gemstoneType === type);
  beforeAll(async () => {
    ({ rows, dir } = await seededRows(3000, seededOnce));
  }, 120_000);

  it('grades diamonds D to Z, mostly G to J, with cut and fluorescence mostly none or faint', () => {
    const diamonds = ofType('Diamond');
    expect(diamonds.length).toBeGreaterThan(1000);
    expect(diamonds.every((d) => (DIAMOND_COLOURS as readonly unknown[]).includes(d.colour))).toBe(true);
    expect(share(diamonds, (d) => ['G', 'H', 'I', 'J'].includes(d.colour as string))).toBeGreaterThan(0.5);
    expect(diamonds.every((d) => d.hue === null && d.tone === null && d.saturation === null)).toBe(true);
    expect(diamonds.every((d) => (FLUORESCENCE as readonly unknown[]).includes(d.fluorescence))).toBe(true);
    expect(share(diamonds, (d) => d.fluorescence === 'None' || d.fluorescence === 'Faint')).toBeGreaterThan(0.7);
    expect(diamonds.filter((d) => d.shape === 'Round').every((d) => d.cutGrade !== null)).toBe(true);
    // a report link for every diamond with a certificate number
    expect(
      diamonds
        .filter((d) => d.certificateNumber)
        .every((d) => String(d.reportUrl).includes(d.certificateNumber as string)),
    ).toBe(true);
  });

  it('describes coloured stones in words, with hue, tone and saturation, and origins and treatments of their type', () => {
    const coloured = rows.filter((r) => r.gemstoneType !== 'Diamond');
    expect(
      coloured.every(
        (r) => typeof r.colour === 'string' && !(DIAMOND_COLOURS as readonly unknown[]).includes(r.colour),
      ),
    ).toBe(true);
    expect(coloured.every((r) => r.fluorescence === null && r.origin !== null && r.treatment !== null)).toBe(true);
    const graded = coloured.filter((r) => r.tone !== null);
    expect(graded.length).toBeGreaterThan(coloured.length / 2);
    expect(
      graded.every(
        (r) =>
          (TONES as readonly unknown[]).includes(r.tone) &&
          (SATURATIONS as readonly unknown[]).includes(r.saturation) &&
          r.hue,
      ),
    ).toBe(true);
    const origins = (type: string) => new Set(ofType(type).map((r) => r.origin));
    expect(origins('Ruby')).toContain('Mozambique');
    expect(origins('Ruby')).toContain('Burma (Myanmar)');
    expect(origins('Sapphire')).toContain('Sri Lanka');
    expect(origins('Sapphire')).toContain('Madagascar');
    expect(share(ofType('Emerald'), (r) => r.origin === 'Colombia')).toBeGreaterThan(0.35);
    expect(share(ofType('Emerald'), (r) => r.treatment === 'Oiled')).toBeGreaterThan(0.5);
    expect(share(ofType('Ruby'), (r) => r.treatment === 'Heated')).toBeGreaterThan(0.45);
    expect([...origins('Tanzanite')]).toEqual(['Tanzania']);
    expect(ofType('Pearl').every((r) => r.cutGrade === null && r.tone === null)).toBe(true);
  });

  it('measures stones as their weight and shape make them: a 1 ct round diamond is about 6.4 mm across', () => {
    const measured = rows.filter((r) => r.lengthMm !== null);
    expect(measured.length / rows.length).toBeGreaterThan(0.85);
    expect(measured.every((r) => (r.lengthMm as number) >= (r.widthMm as number) && (r.depthMm as number) > 0)).toBe(
      true,
    );
    const rounds = ofType('Diamond').filter((d) => d.shape === 'Round' && d.widthMm !== null);
    for (const d of rounds) {
      const expected = 6.4 * Math.cbrt(d.caratWeight as number);
      expect(Math.abs((d.widthMm as number) - expected) / expected, String(d.sku)).toBeLessThan(0.08);
    }
  });

  it('prices stones log-normally by type, dearer per carat as they get heavier, at a cost of 55–75 % of asking', () => {
    const priced = rows.filter((r) => r.askingPrice !== null);
    expect(priced.length / rows.length).toBeGreaterThan(0.9);
    expect(new Set(priced.map((r) => r.priceCurrency))).toEqual(new Set(['USD', 'EUR', 'CHF']));
    expect(share(priced, (r) => r.priceCurrency === 'USD')).toBeGreaterThan(0.6);
    for (const r of priced.filter((p) => p.costPrice !== null)) {
      const margin = (r.costPrice as number) / (r.askingPrice as number);
      expect(margin, String(r.sku)).toBeGreaterThanOrEqual(0.54);
      expect(margin, String(r.sku)).toBeLessThanOrEqual(0.76);
    }
    for (const type of ['Diamond', 'Sapphire', 'Ruby']) {
      const usd = priced.filter((r) => r.gemstoneType === type && r.priceCurrency === 'USD');
      const perCarat = (min: number, max: number) =>
        median(
          usd
            .filter((r) => (r.caratWeight as number) >= min && (r.caratWeight as number) < max)
            .map((r) => (r.askingPrice as number) / (r.caratWeight as number)),
        );
      const light = type === 'Diamond' ? perCarat(0, 0.5) : perCarat(0, 1);
      const middle = type === 'Diamond' ? perCarat(0.5, 1) : perCarat(1, 2.5);
      const heavy = type === 'Diamond' ? perCarat(1, 100) : perCarat(2.5, 100);
      expect(middle, type).toBeGreaterThan(light);
      expect(heavy, type).toBeGreaterThan(middle);
    }
    // Diamonds are dearer than aquamarines of the same weight.
    const perCaratOf = (type: string) =>
      median(
        ofType(type)
          .filter((r) => r.priceCurrency === 'USD' && r.askingPrice !== null)
          .map((r) => (r.askingPrice as number) / (r.caratWeight as number)),
      );
    expect(perCaratOf('Diamond')).toBeGreaterThan(perCaratOf('Aquamarine'));
  });

  it('gives about one stone in ten a photo, a JPEG in the local document storage', async () => {
    const withPhotos = rows.filter((r) => r.photos !== null);
    expect(withPhotos.length / rows.length).toBeGreaterThan(0.07);
    expect(withPhotos.length / rows.length).toBeLessThan(0.13);
    const core = await createCore({ dataDir: dir, startSync: false });
    try {
      for (const r of withPhotos.slice(0, 20)) {
        const [photo, ...more] = JSON.parse(r.photos as string) as LocalFile[];
        expect(more).toEqual([]);
        expect(photo).toMatchObject({ name: null, url: null, contentType: 'image/jpeg', fileName: `${r.sku}.jpg` });
        const bytes = readDocument(core.store, photo!)!;
        expect(bytes.length).toBe(photo!.size);
        expect(createHash('sha256').update(bytes).digest('hex')).toBe(photo!.sha256);
        expect(await sharp(bytes).metadata()).toMatchObject({ format: 'jpeg', width: 480, height: 480 });
      }
    } finally {
      await core.close();
    }
  });

  it('is the same stock every time for the same count', async () => {
    const [a, b] = [await seededRows(300), await seededRows(300)];
    const comparable = ({ id: _id, localUpdatedAt: _at, assignedBuyer, ...rest }: Row) => ({
      ...rest,
      assigned: assignedBuyer !== null,
    });
    expect(b.rows.map(comparable)).toEqual(a.rows.map(comparable));
    expect(a.rows.some((r) => r.askingPrice !== null && r.colour !== null && r.photos !== null)).toBe(true);
  }, 60_000);
});

// The demo's stones out on memo and sold have the paperwork behind them that the memo and invoice rules
// would have written, so the memos, invoices, reports and dashboard show a dealer's picture.
describe('the demo paperwork', () => {
  it('puts every stone out on memo on an open memo line, and gives every sold stone an invoice it can pay', async () => {
    const data = tempDataDir();
    dirs.push(data);
    await seedDemo({ dataDir: data.dir, stones: 2000, log: () => {} });
    const core = await createCore({ dataDir: data.dir, startSync: false });
    try {
      const all = <T>(sql: string) => core.store.sqlite.prepare(sql).all() as T[];
      const one = (sql: string) => (core.store.sqlite.prepare(sql).get() as { n: number }).n;
      expect(one("SELECT count(*) AS n FROM gemstones WHERE location = 'Out on memo'")).toBeGreaterThan(20);
      expect(
        all(`SELECT sku FROM gemstones g WHERE location = 'Out on memo' AND NOT EXISTS (
               SELECT 1 FROM memo_lines l JOIN memos m ON m.id = l.memo
               WHERE l.gemstone = g.id AND l.status = 'out' AND m.status = 'open')`),
      ).toEqual([]);
      // One currency a memo, the line's; some memos are overdue, as in any showroom.
      expect(all('SELECT l.id FROM memo_lines l JOIN memos m ON m.id = l.memo WHERE l.currency <> m.currency')).toEqual(
        [],
      );
      expect(
        one("SELECT count(*) AS n FROM memos WHERE dueBack < strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"),
      ).toBeGreaterThan(0);

      expect(
        all(`SELECT sku FROM gemstones g WHERE location = 'Sold' AND NOT EXISTS (
               SELECT 1 FROM invoices i, json_each(i.lines) j WHERE json_extract(j.value, '$.sku') = g.sku)`),
      ).toEqual([]);
      // Numbers never repeat, and no invoice is paid more than its total.
      expect(one('SELECT count(*) - count(DISTINCT invoiceNumber) AS n FROM invoices')).toBe(0);
      expect(
        all(`SELECT i.invoiceNumber FROM invoices i JOIN payments p ON p.invoice = i.id
             GROUP BY i.id HAVING sum(p.amount) > i.total OR i.total <> i.subtotal + i.taxTotal`),
      ).toEqual([]);
      expect(one("SELECT count(*) AS n FROM consignments WHERE status = 'in'")).toBeGreaterThan(0);
      expect(
        all(
          "SELECT c.id FROM consignments c JOIN gemstones g ON g.id = c.gemstone WHERE g.location NOT IN ('Vault', 'Safe')",
        ),
      ).toEqual([]);
    } finally {
      await core.close();
    }
  });
});

// `npm run seed:demo -- --stones N [--data-dir DIR]`: fills an empty Loupe database with a generated,
// realistic inventory (weighted gemstone types, log-normal carat weights, clarity on each type's scale,
// certificate statuses, each backed by its certificate history as the rules require: a verified stone by
// its verification, a mismatch by the verification that found it; locations, a few assigned buyers and
// custody moves; grading, measurements, origin and treatment on each type's scale, prices log-normal by
// type and weight, and photos on one stone in ten; memos, invoices with payments and consignments behind
// the stones out on memo, sold and in the vault: scripts/demo/). Deterministic: the same N
// gives the same stones, so anyone can reproduce the bench. Demo stones are local only: they are not
// queued for replication.
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { hashPassword } from '../src/main/auth/password';
import { createCore } from '../src/main/core/create-core';
import { defaultDataDir } from '../src/main/core/paths';
import { COLOURED_CLARITY_GRADES, DIAMOND_CLARITY_GRADES } from '../src/shared/enums';
import { roundCaratWeight } from '../src/shared/schemas';
import { seeded } from '../src/shared/seeded-random';
import { suspendSecondaryIndexes, restoreSuspended } from '../src/main/db/bulk-load';
import { makeGrader } from './demo/grading';
import { DemoPhotos } from './demo/photos';
import { seedPaperwork } from './demo/paperwork';
import { makePricer } from './demo/prices';
import { normal, picker, type Weighted } from './demo/random';

export const DEMO_ADMIN = {
  username: 'demo',
  fullName: 'Demo Administrator',
  email: 'demo@example.com',
  password: 'demo password 1',
};

const TYPES: Weighted<[string, string]> = [
  [['Diamond', 'DI'], 40],
  [['Sapphire', 'SA'], 15],
  [['Ruby', 'RU'], 10],
  [['Emerald', 'EM'], 10],
  [['Spinel', 'SP'], 5],
  [['Tanzanite', 'TZ'], 4],
  [['Tourmaline', 'TO'], 4],
  [['Aquamarine', 'AQ'], 3],
  [['Garnet', 'GA'], 3],
  [['Pearl', 'PE'], 3],
  [['Opal', 'OP'], 2],
  [['Alexandrite', 'AL'], 1],
];
const DIAMOND_CLARITY: Weighted<string> = ([0.5, 2, 6, 9, 15, 18, 20, 15, 3, 7, 3, 1.5] as const).map(
  (w, i): [string, number] => [DIAMOND_CLARITY_GRADES[i]!, w],
);
const COLOURED_CLARITY: Weighted<string> = ([35, 30, 20, 10, 5] as const).map((w, i): [string, number] => [
  COLOURED_CLARITY_GRADES[i]!,
  w,
]);
const STATUSES: Weighted<string> = [
  ['verified', 60],
  ['pending', 15],
  ['none', 20],
  ['mismatch', 5],
];
const LOCATIONS: Weighted<string> = [
  ['Vault', 55],
  ['Safe', 20],
  ['Showcase 1', 6],
  ['Showcase 2', 4],
  ['Counter', 2],
  ['Out on memo', 5],
  ['Sold', 8],
];
const COMPANIES = ['Gem', 'Stone', 'Jewels', 'Brilliance', 'Carat', 'Facet', 'Lustre', 'Crown', 'Prism', 'Atelier'];
const PLACES = [
  'Antwerp',
  'Geneva',
  'Mumbai',
  'Bangkok',
  'New York',
  'Hong Kong',
  'Tel Aviv',
  'Dubai',
  'London',
  'Tokyo',
];

/** The share of demo stones that have a photo. */
export const PHOTO_SHARE = 0.1;

/** Tables a large seed fills: their secondary indexes are built once, at the end (db/bulk-load.ts). */
const BULK_TABLES = ['gemstones', 'certificate_logs', 'custody_events'];

interface DemoStone {
  row: Record<string, string | number | null> & { id: string; sku: string; location: string; photos: string | null };
  verification: { verifiedAt: string; notes: string | null } | null;
  move: { from: string; at: string } | null;
  photoKey: string | null;
}

export interface SeedOptions {
  dataDir: string;
  stones: number;
  log?: (line: string) => void;
}

export async function seedDemo({ dataDir, stones, log = console.log }: SeedOptions) {
  const core = await createCore({ dataDir });
  const sqlite = core.store.sqlite;
  try {
    const existing = (sqlite.prepare('SELECT count(*) AS n FROM gemstones').get() as { n: number }).n;
    if (existing > 0)
      throw new Error(`${core.databaseFile} already has ${existing} stones; seed an empty data dir (--data-dir).`);
    const rnd = seeded(20260501);
    const now = Date.now();
    const started = Date.now();

    // An administrator to sign in with (only if none exists yet).
    let adminId = (
      sqlite.prepare("SELECT id FROM users WHERE role = 'admin' LIMIT 1").get() as { id: string } | undefined
    )?.id;
    if (!adminId) {
      adminId = randomUUID();
      sqlite
        .prepare(
          'INSERT INTO users (id, localUpdatedAt, username, email, role, fullName, passwordHash) VALUES (?, ?, ?, ?, ?, ?, ?)',
        )
        .run(
          adminId,
          now,
          DEMO_ADMIN.username,
          DEMO_ADMIN.email,
          'admin',
          DEMO_ADMIN.fullName,
          await hashPassword(DEMO_ADMIN.password),
        );
    }
    sqlite
      .prepare(
        "INSERT OR IGNORE INTO locations (name, kind, retired, addedBy, addedAt) VALUES ('Showcase 2', 'floor', 0, ?, ?)",
      )
      .run(adminId, now);

    const type = picker(TYPES, rnd);
    const diamondClarity = picker(DIAMOND_CLARITY, rnd);
    const colouredClarity = picker(COLOURED_CLARITY, rnd);
    const status = picker(STATUSES, rnd);
    const location = picker(LOCATIONS, rnd);

    const buyerCount = Math.max(1, Math.min(2000, Math.round(stones / 500)));
    const buyerIds: string[] = [];
    const insertBuyer = sqlite.prepare(
      `INSERT INTO buyers (id, localUpdatedAt, buyerCode, companyName, contactName, email, phone, preferredGemstoneTypes, salesStatus, accountManager)
       VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)`,
    );
    const insertStone = sqlite.prepare(
      `INSERT INTO gemstones (id, localUpdatedAt, sku, gemstoneType, caratWeight, clarityGrade, certificateNumber, certificateStatus, location, assignedBuyer,
         colour, hue, tone, saturation, shape, cutGrade, lengthMm, widthMm, depthMm, origin, treatment, fluorescence, reportUrl,
         costPrice, askingPrice, priceCurrency, photos)
       VALUES (@id, @localUpdatedAt, @sku, @gemstoneType, @caratWeight, @clarityGrade, @certificateNumber, @certificateStatus, @location, @assignedBuyer,
         @colour, @hue, @tone, @saturation, @shape, @cutGrade, @lengthMm, @widthMm, @depthMm, @origin, @treatment, @fluorescence, @reportUrl,
         @costPrice, @askingPrice, @priceCurrency, @photos)`,
    );
    const grade = makeGrader(rnd);
    const price = makePricer(rnd);
    const photos = new DemoPhotos(core.store);
    // A stone is Verified or in Mismatch only through a recorded verification (src/shared/certificate-status.ts).
    const insertVerification = sqlite.prepare(
      `INSERT INTO certificate_logs (id, localUpdatedAt, gemstone, certificateNumber, issuedBy, verifiedBy, verifiedAt, verificationResult, notes)
       VALUES (?, ?, ?, ?, 'GIA', ?, ?, ?, ?)`,
    );
    let verifications = 0;
    const insertMove = sqlite.prepare(
      `INSERT INTO custody_events (id, localUpdatedAt, gemstone, fromLocation, toLocation, movedBy, movedAt, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const BATCH = 50_000;
    let moves = 0;
    let withPhotos = 0;
    sqlite.transaction(() => {
      for (let i = 0; i < buyerCount; i++) {
        const id = randomUUID();
        buyerIds.push(id);
        const company = `${PLACES[i % PLACES.length]} ${COMPANIES[Math.floor(i / PLACES.length) % COMPANIES.length]} ${i + 1}`;
        const prefers = [type()[0], type()[0]].filter((t, k, all) => all.indexOf(t) === k);
        insertBuyer.run(
          id,
          now,
          `B-${String(i + 1).padStart(5, '0')}`,
          company,
          `Buyer contact ${i + 1}`,
          `buyer${i + 1}@example.com`,
          JSON.stringify(prefers),
          rnd() < 0.7 ? 'active' : 'prospect',
          adminId,
        );
      }
    })();
    // A million stones load several times faster with the secondary indexes built once at the end.
    for (const table of BULK_TABLES) suspendSecondaryIndexes(sqlite, table);
    try {
      for (let start = 0; start < stones; start += BATCH) {
        // Draw the batch first, then render the photos it needs, then write it in one transaction.
        const batch: DemoStone[] = [];
        for (let i = start; i < Math.min(stones, start + BATCH); i++) batch.push(drawStone(i));
        await photos.prepare(batch.flatMap((s) => (s.photoKey ? [s.photoKey] : [])));
        sqlite.transaction(() => {
          for (const stone of batch) write(stone);
        })();
        log(`  ${Math.min(stones, start + BATCH).toLocaleString('en-US')} stones…`);
      }
    } finally {
      log('  building the indexes…');
      for (const table of BULK_TABLES) restoreSuspended(sqlite, table);
    }

    function drawStone(i: number): DemoStone {
      const [typeName, code] = type();
      const diamond = typeName === 'Diamond';
      const median = diamond ? 0.7 : 1.8;
      const reading = Math.min(
        250,
        Math.max(0.01, Math.round(median * Math.exp((diamond ? 0.6 : 0.7) * normal(rnd)) * 1000) / 1000),
      );
      const carat = Math.max(0.01, roundCaratWeight(reading));
      const certificateStatus = status();
      const certificate =
        certificateStatus === 'none' ? null : String(1_000_000_000 + Math.floor(rnd() * 8_999_999_999));
      const place = location();
      const buyer =
        place !== 'Vault' && place !== 'Safe' && rnd() < 0.15 ? buyerIds[Math.floor(rnd() * buyerIds.length)]! : null;
      const clarity = diamond ? diamondClarity() : colouredClarity();
      const { grading, tint } = grade(typeName, carat, certificate);
      const prices = price(typeName, carat, clarity, grading);
      const sku = `${code}-${String(i + 1).padStart(7, '0')}`;
      const row = {
        id: randomUUID(),
        localUpdatedAt: now,
        sku,
        gemstoneType: typeName,
        caratWeight: carat,
        clarityGrade: clarity,
        certificateNumber: certificate,
        certificateStatus,
        location: place,
        assignedBuyer: buyer,
        ...grading,
        ...prices,
        photos: null as string | null,
      };
      let verification: DemoStone['verification'] = null;
      if (certificateStatus === 'verified' || certificateStatus === 'mismatch') {
        const verifiedAt = new Date(now - Math.floor(rnd() * 90 * 24 * 3600_000)).toISOString();
        const notes =
          certificateStatus === 'mismatch' ? 'The report describes a different weight than the stone has.' : null;
        verification = { verifiedAt, notes };
      }
      let move: DemoStone['move'] = null;
      // Stones on the floor were signed out of the vault at some point today.
      if ((place === 'Showcase 1' || place === 'Counter' || place === 'Out on memo') && rnd() < 0.1) {
        move = {
          from: rnd() < 0.7 ? 'Vault' : 'Safe',
          at: new Date(now - Math.floor(rnd() * 8 * 3600_000)).toISOString(),
        };
      }
      const photoKey = rnd() < PHOTO_SHARE ? DemoPhotos.key(typeName, grading.shape, tint) : null;
      return { row, verification, move, photoKey };
    }

    function write({ row, verification, move, photoKey }: DemoStone) {
      if (photoKey) row.photos = JSON.stringify(photos.photosFor(photoKey, row.sku));
      insertStone.run(row);
      if (verification) {
        insertVerification.run(
          randomUUID(),
          now,
          row.id,
          row.certificateNumber,
          adminId,
          verification.verifiedAt,
          row.certificateStatus,
          verification.notes,
        );
        verifications++;
      }
      if (move) {
        const place = row.location;
        const reason = place === 'Out on memo' ? 'Memo to a buyer' : 'Shown to a buyer';
        insertMove.run(randomUUID(), now, row.id, move.from, place, adminId, move.at, reason);
        moves++;
      }
      if (photoKey) withPhotos++;
    }
    // Memos for the stones out on memo, invoices for the sold ones, consignments in the vault.
    const paper = seedPaperwork(sqlite, { rnd, now, adminId, buyerIds });
    log(
      `Paperwork: ${paper.memos} memos (${paper.memoLines} stones out), ${paper.invoices} invoices, ${paper.payments} payments, ${paper.consignments} consignments`,
    );
    log(
      `Seeded ${stones.toLocaleString('en-US')} stones (${withPhotos.toLocaleString('en-US')} with photos, ${photos.rendered} pictures), ${buyerCount} buyers, ${verifications} verifications and ${moves} custody moves in ${((Date.now() - started) / 1000).toFixed(1)} s into ${core.databaseFile}`,
    );
    log(`Sign in as "${DEMO_ADMIN.username}" with the password "${DEMO_ADMIN.password}".`);
  } finally {
    await core.close();
  }
}

function argument(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const stones = Number(argument('stones') ?? '1000');
  if (!Number.isInteger(stones) || stones < 1 || stones > 10_000_000) {
    console.error('Usage: npm run seed:demo -- --stones N [--data-dir DIR]   (N from 1 to 10,000,000)');
    process.exit(2);
  }
  seedDemo({ dataDir: argument('data-dir') ?? defaultDataDir(), stones }).catch((error: Error) => {
    console.error(`Seeding failed: ${error.message}`);
    process.exit(1);
  });
}

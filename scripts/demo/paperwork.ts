// The demo's paperwork, drawn after its stones: the stones it put "Out on memo" go out on memos to its
// buyers (some overdue), its "Sold" stones each have an invoice over the last eighteen months with payments
// (most paid, some in part, some not yet), and a share of the stock in the vault came in on consignment
// from other dealers (most still theirs, some bought). Local only, like the demo's stones; the invoices
// carry yearly numbers as the server would give them.
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { toMajorUnits } from '../../src/shared/money';
import { between, picker } from './random';

const DAY = 24 * 3600_000;
const SUPPLIERS = [
  'Antwerp Diamond House',
  'Colombo Sapphire Traders',
  'Bogotá Emerald Cartel',
  'Mogok Ruby Co.',
  'Geneva Fine Stones',
  'Jaipur Colour Gems',
];

interface StoneForPaper {
  id: string;
  sku: string;
  gemstoneType: string;
  caratWeight: number;
  shape: string | null;
  colour: string | null;
  clarityGrade: string;
  costPrice: number | null;
  askingPrice: number | null;
  priceCurrency: string | null;
  assignedBuyer: string | null;
}

export interface PaperworkCounts {
  memos: number;
  memoLines: number;
  invoices: number;
  payments: number;
  consignments: number;
}

export function seedPaperwork(
  sqlite: Database.Database,
  { rnd, now, adminId, buyerIds }: { rnd: () => number; now: number; adminId: string; buyerIds: string[] },
): PaperworkCounts {
  const counts: PaperworkCounts = { memos: 0, memoLines: 0, invoices: 0, payments: 0, consignments: 0 };
  const stonesAt = (where: string) =>
    sqlite
      .prepare(
        `SELECT id, sku, gemstoneType, caratWeight, shape, colour, clarityGrade, costPrice, askingPrice, priceCurrency, assignedBuyer
         FROM gemstones WHERE ${where} ORDER BY coalesce(priceCurrency, 'USD'), sku`,
      )
      .all() as StoneForPaper[];
  const buyer = () => buyerIds[Math.floor(rnd() * buyerIds.length)]!;
  const iso = (ms: number) => new Date(ms).toISOString();
  const currencyOf = (s: StoneForPaper) => s.priceCurrency ?? 'USD';
  const priceOf = (s: StoneForPaper) => s.askingPrice ?? 100_000;
  const methods = picker<string>(
    [
      ['bank_transfer', 70],
      ['card', 15],
      ['cheque', 10],
      ['cash', 5],
    ],
    rnd,
  );

  const insertMemo = sqlite.prepare(
    `INSERT INTO memos (id, localUpdatedAt, buyer, issuedBy, issuedAt, dueBack, terms, currency, status)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open')`,
  );
  const insertLine = sqlite.prepare(
    `INSERT INTO memo_lines (id, localUpdatedAt, memo, gemstone, price, currency, status, fromLocation)
     VALUES (?, ?, ?, ?, ?, ?, 'out', ?)`,
  );
  const insertInvoice = sqlite.prepare(
    `INSERT INTO invoices (id, localUpdatedAt, invoiceNumber, invoiceYear, provisionalNumber, buyer, issuedBy, issuedAt,
       currency, lines, subtotal, taxLines, taxTotal, total, status)
     VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, '[]', 0, ?, 'issued')`,
  );
  const insertPayment = sqlite.prepare(
    `INSERT INTO payments (id, localUpdatedAt, invoice, buyer, amount, currency, method, receivedAt, reference, recordedBy)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)`,
  );
  const insertConsignment = sqlite.prepare(
    `INSERT INTO consignments (id, localUpdatedAt, gemstone, supplier, supplierReference, terms, agreedPrice, currency,
       receivedAt, dueDate, status, receivedBy, settledAt, settlementReference, closedBy)
     VALUES (?, ?, ?, ?, ?, 'Memo terms: 60 days, insured by the consignee', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );

  sqlite.transaction(() => {
    // Memos: stones out on memo, a few to a memo, one currency a memo, the buyer the stone's when it has one.
    const out = stonesAt("location = 'Out on memo'");
    for (let i = 0; i < out.length;) {
      const size = 1 + Math.floor(rnd() * 5);
      const group = [out[i]!];
      while (
        group.length < size &&
        out[i + group.length] &&
        currencyOf(out[i + group.length]!) === currencyOf(group[0]!)
      )
        group.push(out[i + group.length]!);
      i += group.length;
      const memoId = randomUUID();
      const issuedAt = now - Math.floor(between(rnd, 1, 40) * DAY);
      const dueBack = issuedAt + Math.floor(between(rnd, 14, 45)) * DAY;
      insertMemo.run(
        memoId,
        now,
        group[0]!.assignedBuyer ?? buyer(),
        adminId,
        iso(issuedAt),
        iso(dueBack),
        'On approval; title stays with us until paid in full',
        currencyOf(group[0]!),
      );
      counts.memos++;
      for (const stone of group) {
        insertLine.run(
          randomUUID(),
          now,
          memoId,
          stone.id,
          priceOf(stone),
          currencyOf(stone),
          rnd() < 0.7 ? 'Vault' : 'Safe',
        );
        counts.memoLines++;
      }
    }

    // Invoices for the sold stones, numbered per year in date order, and their payments.
    const sold = stonesAt("location = 'Sold'").map((stone) => ({
      stone,
      issuedAt: now - Math.floor(between(rnd, 0, 540) * DAY),
    }));
    sold.sort((a, b) => a.issuedAt - b.issuedAt);
    const sequence = new Map<number, number>();
    for (const { stone, issuedAt } of sold) {
      const year = new Date(issuedAt).getUTCFullYear();
      const number = (sequence.get(year) ?? 0) + 1;
      sequence.set(year, number);
      const currency = currencyOf(stone);
      const amount = Math.round(priceOf(stone) * between(rnd, 0.85, 1));
      const description = [stone.gemstoneType, `${stone.caratWeight} ct`, stone.shape, stone.colour, stone.clarityGrade]
        .filter((part) => part)
        .join(', ');
      const lines = [
        { sku: stone.sku, description, caratWeight: stone.caratWeight, amount: toMajorUnits(amount, currency) },
      ];
      const invoiceId = randomUUID();
      const buyerId = stone.assignedBuyer ?? buyer();
      insertInvoice.run(
        invoiceId,
        now,
        `${year}-${String(number).padStart(4, '0')}`,
        year,
        buyerId,
        adminId,
        iso(issuedAt),
        currency,
        JSON.stringify(lines),
        amount,
        amount,
      );
      counts.invoices++;
      const paid = rnd();
      if (paid < 0.85) {
        const share = paid < 0.75 ? 1 : 0.5;
        const receivedAt = Math.min(now, issuedAt + Math.floor(between(rnd, 0, 30)) * DAY);
        insertPayment.run(
          randomUUID(),
          now,
          invoiceId,
          buyerId,
          Math.round(amount * share),
          currency,
          methods(),
          iso(receivedAt),
          adminId,
        );
        counts.payments++;
      }
    }

    // Consignments: a share of the vault's stock belongs to other dealers; some of it was bought since.
    for (const stone of stonesAt("location IN ('Vault', 'Safe') AND assignedBuyer IS NULL")) {
      if (rnd() >= 0.03) continue;
      const receivedAt = now - Math.floor(between(rnd, 1, 120) * DAY);
      const settled = rnd() < 0.3;
      insertConsignment.run(
        randomUUID(),
        now,
        stone.id,
        SUPPLIERS[Math.floor(rnd() * SUPPLIERS.length)]!,
        `CM-${Math.floor(10_000 + rnd() * 89_999)}`,
        stone.costPrice ?? Math.round(priceOf(stone) * 0.65),
        currencyOf(stone),
        iso(receivedAt),
        iso(receivedAt + Math.floor(between(rnd, 60, 90)) * DAY),
        settled ? 'settled' : 'in',
        adminId,
        settled ? iso(Math.min(now, receivedAt + 20 * DAY)) : null,
        settled ? `Wire ${Math.floor(100_000 + rnd() * 899_999)}` : null,
        settled ? adminId : null,
      );
      counts.consignments++;
    }
  })();
  return counts;
}

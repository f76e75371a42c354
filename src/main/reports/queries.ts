import { query } from '../db/query';

// The reports' SQL. A stone is in stock unless its location has left for good (a location of kind
// 'gone', passed in as @gone, a JSON array of lower-case names) or it went back to its supplier (a
// returned consignment and none in). Consigned stock is a stone with a consignment in; owned is the rest.

const IN_STOCK = `lower(g.location) NOT IN (SELECT value FROM json_each(@gone))
  AND NOT EXISTS (
    SELECT 1 FROM consignments r WHERE r.gemstone = g.id AND r.status = 'returned'
      AND NOT EXISTS (SELECT 1 FROM consignments i WHERE i.gemstone = g.id AND i.status = 'in'))`;

const CONSIGNED = `EXISTS (SELECT 1 FROM consignments c WHERE c.gemstone = g.id AND c.status = 'in')`;

/**
 * When a stone came into stock, in epoch ms: the server's createdAt once it has been synced; before that
 * the last change made here (a stone not yet synced was, nearly always, added here moments before).
 */
const ADDED = `COALESCE(CAST(unixepoch(g.createdAt, 'subsec') * 1000 AS INTEGER), g.localUpdatedAt)`;

export interface StockGroupRow {
  type: string;
  location: string;
  consigned: 0 | 1;
  currency: string | null;
  /** Age bracket: 0 newest … 4 oldest (@b1…@b4 are the brackets' edges in epoch ms). */
  bucket: number;
  stones: number;
  carats: number;
  cost: number;
  asking: number;
}

export interface StockGroupParams {
  gone: string;
  b1: number;
  b2: number;
  b3: number;
  b4: number;
}

/**
 * Stones in stock by type, location, owned/consigned, price currency and age bracket: a few thousand rows
 * at most, from which valuation, aging and the dashboard each sum what they show. Every stone in stock
 * is read, so the table is read straight through (NOT INDEXED): walking an index and looking up each
 * stone's prices costs more.
 */
export const stockGroups = query<[StockGroupParams], StockGroupRow>(
  `SELECT type, location, consigned, currency,
          CASE WHEN added > @b1 THEN 0 WHEN added > @b2 THEN 1 WHEN added > @b3 THEN 2 WHEN added > @b4 THEN 3
               ELSE 4 END AS bucket,
          count(*) AS stones, total(caratWeight) AS carats, total(costPrice) AS cost, total(askingPrice) AS asking
     FROM (SELECT g.gemstoneType AS type, g.location AS location, ${CONSIGNED} AS consigned,
                  g.priceCurrency AS currency, ${ADDED} AS added, g.caratWeight, g.costPrice, g.askingPrice
             FROM gemstones g NOT INDEXED
            WHERE ${IN_STOCK})
    GROUP BY 1, 2, 3, 4, 5`,
);

export interface MemoOutRow {
  buyer: string;
  buyerName: string;
  currency: string;
  stones: number;
  value: number;
  overdueStones: number;
  overdueValue: number;
  oldestDue: string;
}

/** Memo lines still out, by buyer and currency; overdue when their memo's due-back date is before @now (ISO). */
export const memosOut = query<[{ now: string }], MemoOutRow>(
  `SELECT m.buyer AS buyer, b.companyName AS buyerName, l.currency AS currency, count(*) AS stones,
          total(l.price) AS value,
          count(CASE WHEN m.dueBack < @now THEN 1 END) AS overdueStones,
          total(CASE WHEN m.dueBack < @now THEN l.price END) AS overdueValue,
          min(m.dueBack) AS oldestDue
     FROM memo_lines l
     JOIN memos m ON m.id = l.memo
     JOIN buyers b ON b.id = m.buyer
    WHERE l.status = 'out'
    GROUP BY m.buyer, l.currency
    ORDER BY b.companyName COLLATE NOCASE, l.currency`,
);

export interface InvoiceRow {
  issuedAt: string;
  currency: string;
  subtotal: number;
  tax: number;
  total: number;
}

/** Invoices issued in [@from, @to), void ones left out. */
export const invoicesIssued = query<[{ from: string; to: string }], InvoiceRow>(
  `SELECT issuedAt, currency, subtotal, COALESCE(taxTotal, 0) AS tax, total
     FROM invoices
    WHERE issuedAt >= @from AND issuedAt < @to AND status <> 'void'`,
);

export interface PaymentRow {
  receivedAt: string;
  currency: string;
  amount: number;
}

/** Payments received in [@from, @to) against invoices that are not void. */
export const paymentsReceived = query<[{ from: string; to: string }], PaymentRow>(
  `SELECT p.receivedAt AS receivedAt, p.currency AS currency, p.amount AS amount
     FROM payments p
     JOIN invoices i ON i.id = p.invoice
    WHERE p.receivedAt >= @from AND p.receivedAt < @to AND i.status <> 'void'`,
);

export interface PipelineRow {
  status: string;
  currency: string;
  inquiries: number;
  quoted: number;
  priced: number;
}

/** Open inquiries by stage and currency: how many, and the quoted value of those with a price. */
export const openPipeline = query<[], PipelineRow>(
  `SELECT inquiryStatus AS status, currency, count(*) AS inquiries, total(quotedPrice) AS quoted,
          count(quotedPrice) AS priced
     FROM purchase_inquiries
    WHERE inquiryStatus IN ('new', 'quoted', 'reserved')
    GROUP BY 1, 2`,
);

export interface StockCountRow {
  id: string;
  location: string;
  finishedAt: number;
  finishedByName: string | null;
  expectedStones: number;
  expectedCarats: number;
  matchedStones: number;
  missingStones: number;
  missingCarats: number;
  unexpectedStones: number;
}

/** Finished stock counts, newest first (the kept summaries, not their lines). */
export const finishedCounts = query<[], StockCountRow>(
  `SELECT c.id, c.location, c.finishedAt, u.fullName AS finishedByName, c.expectedStones, c.expectedCarats,
          COALESCE(c.matchedStones, 0) AS matchedStones, COALESCE(c.missingStones, 0) AS missingStones,
          COALESCE(c.missingCarats, 0) AS missingCarats, COALESCE(c.unexpectedStones, 0) AS unexpectedStones
     FROM stock_counts c
     LEFT JOIN users u ON u.id = c.finishedBy
    WHERE c.status = 'finished'
    ORDER BY c.finishedAt DESC
    LIMIT 500`,
);

import type { MemoLineStatus, MemoStatus } from '../../shared/enums';
import { query } from '../db/query';
import type { Store } from '../db/store';

// Every statement of memos, prepared once per store (Store.statement). "Overdue" is an open memo whose
// dueBack is behind the store's clock (`?` below is that clock as ISO text, which compares with dueBack as
// text: both are UTC ISO instants).

export interface MemoRow {
  id: string;
  objectId: string | null;
  buyer: string;
  buyerName: string;
  buyerCode: string;
  issuedBy: string | null;
  issuedByName: string | null;
  issuedAt: string;
  dueBack: string;
  terms: string | null;
  currency: string;
  status: MemoStatus;
  closedAt: string | null;
  note: string | null;
  localUpdatedAt: number;
  /** Lines still with the buyer. */
  stonesOut: number;
  stonesTotal: number;
  /** Minor units: the prices of the lines still out (practitioners never receive it). */
  valueOut: number | null;
}

const SELECT_MEMO = `
  SELECT m.id, m.objectId, m.buyer, b.companyName AS buyerName, b.buyerCode, m.issuedBy, u.fullName AS issuedByName,
         m.issuedAt, m.dueBack, m.terms, m.currency, m.status, m.closedAt, m.note, m.localUpdatedAt,
         (SELECT count(*) FROM memo_lines l WHERE l.memo = m.id AND l.status = 'out') AS stonesOut,
         (SELECT count(*) FROM memo_lines l WHERE l.memo = m.id) AS stonesTotal,
         (SELECT sum(l.price) FROM memo_lines l WHERE l.memo = m.id AND l.status = 'out') AS valueOut
  FROM memos m
  JOIN buyers b ON b.id = m.buyer
  LEFT JOIN users u ON u.id = m.issuedBy`;

export const memoById = query<[id: string], MemoRow>(`${SELECT_MEMO} WHERE m.id = ?`);

type ListParams = { buyer: string | null; now: string };

export const openMemos = query<[ListParams], MemoRow>(
  `${SELECT_MEMO} WHERE m.status = 'open' AND (@buyer IS NULL OR m.buyer = @buyer) AND @now = @now
   ORDER BY m.dueBack LIMIT 500`,
);

export const overdueMemos = query<[ListParams], MemoRow>(
  `${SELECT_MEMO} WHERE m.status = 'open' AND m.dueBack <= @now AND (@buyer IS NULL OR m.buyer = @buyer)
   ORDER BY m.dueBack LIMIT 500`,
);

export const closedMemos = query<[ListParams], MemoRow>(
  `${SELECT_MEMO} WHERE m.status = 'closed' AND (@buyer IS NULL OR m.buyer = @buyer) AND @now = @now
   ORDER BY coalesce(m.closedAt, m.issuedAt) DESC LIMIT 500`,
);

export const memoSummary = query<[now: string], { open: number; overdue: number; stonesOut: number }>(
  `SELECT (SELECT count(*) FROM memos WHERE status = 'open') AS open,
          (SELECT count(*) FROM memos WHERE status = 'open' AND dueBack <= ?) AS overdue,
          (SELECT count(*) FROM memo_lines WHERE status = 'out') AS stonesOut`,
);

export interface MemoLineRow {
  id: string;
  memo: string;
  gemstone: string;
  sku: string;
  gemstoneType: string;
  caratWeight: number;
  shape: string | null;
  colour: string | null;
  location: string;
  price: number | null;
  currency: string;
  status: MemoLineStatus;
  fromLocation: string | null;
  returnedAt: string | null;
  soldAt: string | null;
  invoice: string | null;
  invoiceNumber: string | null;
}

export const linesOfMemo = query<[memo: string], MemoLineRow>(
  `SELECT l.id, l.memo, l.gemstone, g.sku, g.gemstoneType, g.caratWeight, g.shape, g.colour, g.location, l.price,
          l.currency, l.status, l.fromLocation, l.returnedAt, l.soldAt, l.invoice,
          coalesce(i.invoiceNumber, i.provisionalNumber) AS invoiceNumber
   FROM memo_lines l JOIN gemstones g ON g.id = l.gemstone LEFT JOIN invoices i ON i.id = l.invoice
   WHERE l.memo = ? ORDER BY g.sku`,
);

/** What the stone panels and the grid's mark say: the memo a stone is out on now. */
export interface StoneOnMemo {
  gemstone: string;
  memo: string;
  line: string;
  buyer: string;
  buyerName: string;
  dueBack: string;
  issuedAt: string;
}

const SELECT_ON_MEMO = `
  SELECT l.gemstone, m.id AS memo, l.id AS line, m.buyer, b.companyName AS buyerName, m.dueBack, m.issuedAt
  FROM memo_lines l JOIN memos m ON m.id = l.memo JOIN buyers b ON b.id = m.buyer`;

export function stonesOnMemo(store: Store, stoneIds: readonly string[]): StoneOnMemo[] {
  if (stoneIds.length === 0) return [];
  return store
    .statement(
      `${SELECT_ON_MEMO} WHERE l.gemstone IN (${stoneIds.map(() => '?').join(', ')}) AND l.status = 'out'
       ORDER BY m.issuedAt`,
    )
    .all(...stoneIds) as StoneOnMemo[];
}

export const memoLinesOfStone = query<[stoneId: string], StoneOnMemo & { status: MemoLineStatus }>(
  `SELECT l.gemstone, m.id AS memo, l.id AS line, m.buyer, b.companyName AS buyerName, m.dueBack, m.issuedAt, l.status
   FROM memo_lines l JOIN memos m ON m.id = l.memo JOIN buyers b ON b.id = m.buyer
   WHERE l.gemstone = ? ORDER BY m.issuedAt DESC LIMIT 20`,
);

// ── What a memo asks of a stone and a buyer ──

export interface StoneForMemo {
  id: string;
  sku: string;
  location: string;
  assignedBuyer: string | null;
  assignedBuyerName: string | null;
  reservedFor: string | null;
  reservedForName: string | null;
  askingPrice: number | null;
  priceCurrency: string | null;
}

export const stoneForMemo = query<[id: string], StoneForMemo>(
  `SELECT g.id, g.sku, g.location, g.assignedBuyer, ab.companyName AS assignedBuyerName,
          r.buyer AS reservedFor, rb.companyName AS reservedForName, g.askingPrice, g.priceCurrency
   FROM gemstones g
   LEFT JOIN buyers ab ON ab.id = g.assignedBuyer
   LEFT JOIN purchase_inquiries r ON r.id = (SELECT id FROM purchase_inquiries
       WHERE gemstone = g.id AND inquiryStatus = 'reserved' LIMIT 1)
   LEFT JOIN buyers rb ON rb.id = r.buyer
   WHERE g.id = ?`,
);

/** A stone by SKU for the memo dialog: what it is and what it is offered at. */
export const stoneBySku = query<
  [sku: string],
  {
    id: string;
    sku: string;
    gemstoneType: string;
    caratWeight: number;
    location: string;
    askingPrice: number | null;
    priceCurrency: string | null;
  }
>(
  `SELECT id, sku, gemstoneType, caratWeight, location, askingPrice, priceCurrency FROM gemstones
   WHERE sku = ? COLLATE NOCASE LIMIT 1`,
);

export const buyerForMemo = query<[id: string], { companyName: string; salesStatus: string }>(
  'SELECT companyName, salesStatus FROM buyers WHERE id = ?',
);

/** A hold of the stone for another buyer that still holds it (the holds capability's table, read only). */
export const holdForAnotherBuyer = query<
  [stoneId: string, now: string, buyerId: string],
  { buyerName: string; heldUntil: string }
>(
  `SELECT b.companyName AS buyerName, h.heldUntil FROM stone_holds h JOIN buyers b ON b.id = h.buyer
   WHERE h.gemstone = ? AND h.status = 'active' AND h.heldUntil > ? AND h.buyer <> ? LIMIT 1`,
);

// ── Writes ──

export const insertMemo = query<
  [
    {
      id: string;
      now: number;
      buyer: string;
      issuedBy: string;
      issuedAt: string;
      dueBack: string;
      terms: string | null;
      currency: string;
      note: string | null;
    },
  ]
>(
  `INSERT INTO memos (id, localUpdatedAt, buyer, issuedBy, issuedAt, dueBack, terms, currency, status, note)
   VALUES (@id, @now, @buyer, @issuedBy, @issuedAt, @dueBack, @terms, @currency, 'open', @note)`,
);

export const insertMemoLine = query<
  [
    {
      id: string;
      now: number;
      memo: string;
      gemstone: string;
      price: number | null;
      currency: string;
      fromLocation: string;
    },
  ]
>(
  `INSERT INTO memo_lines (id, localUpdatedAt, memo, gemstone, price, currency, status, fromLocation)
   VALUES (@id, @now, @memo, @gemstone, @price, @currency, 'out', @fromLocation)`,
);

export const returnLine = query<[{ id: string; at: string; now: number }]>(
  `UPDATE memo_lines SET status = 'returned', returnedAt = @at, localUpdatedAt = @now WHERE id = @id AND status = 'out'`,
);

export const sellLine = query<[{ id: string; at: string; price: number; invoice: string; now: number }]>(
  `UPDATE memo_lines SET status = 'sold', soldAt = @at, price = @price, invoice = @invoice, localUpdatedAt = @now
   WHERE id = @id AND status = 'out'`,
);

export const closeMemo = query<[{ id: string; at: string; now: number }]>(
  `UPDATE memos SET status = 'closed', closedAt = @at, localUpdatedAt = @now WHERE id = @id AND status = 'open'`,
);

export const setDueBack = query<[dueBack: string, now: number, id: string]>(
  'UPDATE memos SET dueBack = ?, localUpdatedAt = ? WHERE id = ?',
);

export const setStoneLocation = query<[location: string, now: number, id: string]>(
  'UPDATE gemstones SET location = ?, localUpdatedAt = ? WHERE id = ?',
);

// ── Refusals on sync ──

export const lineForRefusal = query<
  [id: string],
  { objectId: string | null; status: string; memo: string; gemstone: string; fromLocation: string | null }
>('SELECT objectId, status, memo, gemstone, fromLocation FROM memo_lines WHERE id = ?');

export const stoneLocation = query<[id: string], { location: string }>('SELECT location FROM gemstones WHERE id = ?');

export const linesStillOut = query<[memo: string], { n: number }>(
  "SELECT count(*) AS n FROM memo_lines WHERE memo = ? AND status = 'out'",
);

export const noteOfMemo = query<[id: string], { note: string | null }>('SELECT note FROM memos WHERE id = ?');

export const setMemoNote = query<[note: string, now: number, id: string]>(
  'UPDATE memos SET note = ?, localUpdatedAt = ? WHERE id = ?',
);

/** A stone kept by the buyer it was assigned to (reserved for) is no longer assigned: it left the stock. */
export const releaseAssignedBuyer = query<[{ id: string; buyer: string; now: number }]>(
  'UPDATE gemstones SET assignedBuyer = NULL, localUpdatedAt = @now WHERE id = @id AND assignedBuyer = @buyer',
);

import { formatDay } from '../../shared/format';
import { query } from '../db/query';
import type { Store } from '../db/store';
import { DomainError } from '../trpc/errors';

// What else has a claim on a stone besides its inquiries and holds: a memo it is out on (the buyer has it
// on approval) and a consignment it came in on (another dealer owns it until the settlement is recorded).
// The one place the inquiry pipeline, memos and holds ask before a stone is reserved, memoed or sold.

export interface OpenMemoLine {
  lineId: string;
  memoId: string;
  buyer: string;
  buyerName: string;
  dueBack: string;
}

export interface OpenConsignment {
  id: string;
  supplier: string;
  status: 'in';
}

export const openMemoLineOnStone = query<[stoneId: string], OpenMemoLine>(
  `SELECT l.id AS lineId, m.id AS memoId, m.buyer, b.companyName AS buyerName, m.dueBack
   FROM memo_lines l JOIN memos m ON m.id = l.memo JOIN buyers b ON b.id = m.buyer
   WHERE l.gemstone = ? AND l.status = 'out'
   ORDER BY m.issuedAt LIMIT 1`,
);

export const openConsignmentOfStone = query<[stoneId: string], OpenConsignment>(
  `SELECT id, supplier, status FROM consignments WHERE gemstone = ? AND status = 'in' ORDER BY receivedAt LIMIT 1`,
);

/** A stone out on memo is the memo buyer's to return or buy: no one else may reserve, memo or buy it. */
export function refuseIfOnMemo(store: Store, stone: { id: string; sku: string }, action: string): void {
  const line = openMemoLineOnStone.get(store, stone.id);
  if (!line) return;
  throw new DomainError(
    'STONE_ON_MEMO',
    `Stone ${stone.sku} is out on memo with ${line.buyerName} due back ${formatDay(line.dueBack)}; it cannot be ${action} until it comes back or the memo records the sale.`,
  );
}

/** The stone's latest consignment, when it went back to its supplier (no later consignment brought it in). */
const returnedConsignmentOfStone = query<[stoneId: string], { supplier: string }>(
  `SELECT supplier FROM (SELECT supplier, status FROM consignments WHERE gemstone = ?
     ORDER BY receivedAt DESC, rowid DESC LIMIT 1) WHERE status = 'returned'`,
);

/**
 * A consigned stone is the supplier's until its settlement is recorded: it cannot be sold before. One
 * given back to its supplier has left the stock: it cannot be sold at all.
 */
export function refuseIfConsignmentUnsettled(store: Store, stone: { id: string; sku: string }): void {
  const returned = returnedConsignmentOfStone.get(store, stone.id);
  if (returned) {
    throw new DomainError(
      'CONSIGNMENT_CLOSED',
      `Stone ${stone.sku} was returned to its supplier ${returned.supplier}; it is no longer in the stock.`,
    );
  }
  const consignment = openConsignmentOfStone.get(store, stone.id);
  if (!consignment) return;
  throw new DomainError(
    'CONSIGNMENT_UNSETTLED',
    `Stone ${stone.sku} is on consignment from ${consignment.supplier}; record the settlement with the supplier before selling it.`,
  );
}

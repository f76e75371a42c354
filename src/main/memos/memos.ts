import { formatDateTime, formatDay } from '../../shared/format';
import {
  MEMO_MAX_DAYS,
  MEMO_MAX_MS,
  createMemoInput,
  extendMemoInput,
  memoReference,
  returnMemoLinesInput,
  sellMemoLinesInput,
  type CreateMemoInput,
  type ReturnMemoLinesInput,
  type SellMemoLinesInput,
} from '../../shared/memos';
import type { Store, WriteScope } from '../db/store';
import { recordCustodyEvent } from '../inventory/stones';
import { issueInvoice } from '../invoices/issue';
import { closeInquiriesOnMemoSale } from '../sales/inquiry-closures';
import { actorRef } from '../sales/rules';
import { refuseIfConsignmentUnsettled, refuseIfOnMemo } from '../sales/stock-claims';
import type { SessionUser } from '../trpc/context';
import { DomainError } from '../trpc/errors';
import {
  buyerForMemo,
  closeMemo,
  holdForAnotherBuyer,
  insertMemo,
  insertMemoLine,
  linesOfMemo,
  linesStillOut,
  memoById,
  returnLine,
  sellLine,
  setDueBack,
  setStoneLocation,
  releaseAssignedBuyer,
  stoneForMemo,
  type MemoLineRow,
  type MemoRow,
} from './queries';

// Memos out: stones a buyer takes on approval, enforced here:
//   - coordinators and administrators write memos (the router); practitioners see them without prices;
//   - a stone goes out on one open memo line at most, and only a free stone: not sold, not held, reserved
//     or assigned for another buyer (a consigned stone may go out: only its sale waits for the settlement);
//   - going out moves the stone to "Out on memo"; coming back moves it back where it came from; a sale
//     moves it to "Sold" and issues one invoice for the lines sold together; every move is in the custody log;
//   - a line moves out → returned | sold, and nothing moves back; the memo closes when no line is out;
//   - only the person who issued the memo, or an administrator, changes it (as with holds);
//   - the memo is due back in the future, at most MEMO_MAX_DAYS ahead, when written or extended.
// Each change is one IMMEDIATE transaction with its outbox entries (Store.write): two people memoing the
// same stone at once get one memo and one refusal.

export const ON_MEMO_LOCATION = 'Out on memo';
export const SOLD_LOCATION = 'Sold';

export type MemoLine = MemoLineRow;

export interface MemoDetail extends MemoRow {
  overdue: boolean;
  lines: MemoLine[];
}

const isoAt = (ms: number) => new Date(ms).toISOString();

/** Practitioners receive memos without their prices (MemoLine.price and every total made of it). */
export function redactMemo<T extends { valueOut: number | null }>(row: T, user: SessionUser): T {
  return user.role === 'practitioner' ? { ...row, valueOut: null } : row;
}

export function redactLine<T extends { price: number | null }>(line: T, user: SessionUser): T {
  return user.role === 'practitioner' ? { ...line, price: null } : line;
}

function loadMemo(store: Store, id: string): MemoRow {
  const memo = memoById.get(store, id);
  if (!memo) throw new DomainError('NOT_FOUND', 'That memo no longer exists.');
  return memo;
}

function checkDueBack(dueBack: string, now: number): void {
  const due = new Date(dueBack).getTime();
  if (due <= now) throw new DomainError('INVALID_VALUE', 'Choose a due-back date in the future.', 'dueBack');
  if (due - now > MEMO_MAX_MS) {
    throw new DomainError('INVALID_VALUE', `A memo is due back within ${MEMO_MAX_DAYS} days.`, 'dueBack');
  }
}

/** Changes to a memo belong to the person who issued it, or an administrator. */
export function assertMayChange(user: SessionUser, memo: MemoRow, action: string): void {
  if (user.role === 'admin' || memo.issuedBy === user.id) return;
  throw new DomainError(
    'FORBIDDEN_ROLE',
    `Only ${memo.issuedByName ?? 'the person who issued it'} or an administrator can ${action} this memo.`,
  );
}

function assertOpen(memo: MemoRow): void {
  if (memo.status !== 'open') {
    throw new DomainError('MEMO_CLOSED', `This memo was closed on ${formatDay(memo.closedAt ?? memo.issuedAt)}.`);
  }
}

/** The memo's lines chosen by id, each still out with the buyer. */
function chosenLines(store: Store, memo: MemoRow, ids: readonly string[]): MemoLineRow[] {
  const lines = new Map(linesOfMemo.all(store, memo.id).map((l) => [l.id, l]));
  return [...new Set(ids)].map((id) => {
    const line = lines.get(id);
    if (!line) throw new DomainError('INVALID_REFERENCE', 'A chosen stone is not on this memo.', 'lines');
    if (line.status !== 'out') {
      const when = formatDay((line.status === 'sold' ? line.soldAt : line.returnedAt) ?? memo.issuedAt);
      throw new DomainError(
        'MEMO_LINE_SETTLED',
        `Stone ${line.sku} was already ${line.status === 'sold' ? 'sold' : 'returned'} on ${when}.`,
      );
    }
    return line;
  });
}

function closeIfSettled(store: Store, scope: WriteScope, memoId: string): void {
  if ((linesStillOut.get(store, memoId)?.n ?? 0) > 0) return;
  if (closeMemo.run(store, { id: memoId, at: isoAt(scope.now), now: scope.now }).changes > 0) {
    scope.enqueue('Memo', memoId, 'update', ['status', 'closedAt']);
  }
}

function moveStone(
  store: Store,
  scope: WriteScope,
  user: SessionUser,
  move: { gemstone: string; from: string; to: string; reason: string },
): void {
  setStoneLocation.run(store, move.to, scope.now, move.gemstone);
  scope.enqueue('Gemstone', move.gemstone, 'update', ['location']);
  recordCustodyEvent(store, scope, {
    gemstone: move.gemstone,
    fromLocation: move.from,
    toLocation: move.to,
    movedBy: user.id,
    reason: move.reason,
  });
}

export function createMemo(store: Store, user: SessionUser, rawInput: CreateMemoInput): MemoDetail {
  const input = createMemoInput.parse(rawInput);
  const id = store.write((scope) => {
    checkDueBack(input.dueBack, scope.now);
    const buyer = buyerForMemo.get(store, input.buyer);
    if (!buyer) throw new DomainError('INVALID_REFERENCE', 'Choose a buyer: that one no longer exists.', 'buyer');
    if (buyer.salesStatus === 'blocked') {
      throw new DomainError('BUYER_BLOCKED', `${buyer.companyName} is blocked; unblock the buyer first.`, 'buyer');
    }
    const memoId = store.newId();
    insertMemo.run(store, {
      id: memoId,
      now: scope.now,
      buyer: input.buyer,
      issuedBy: user.id,
      issuedAt: isoAt(scope.now),
      dueBack: input.dueBack,
      terms: input.terms || null,
      currency: input.currency,
      note: input.note || null,
    });
    scope.enqueue('Memo', memoId, 'create');
    for (const wanted of input.stones) {
      const stone = stoneForMemo.get(store, wanted.gemstone);
      if (!stone) throw new DomainError('INVALID_REFERENCE', 'A chosen stone no longer exists.', 'stones');
      if (stone.location === SOLD_LOCATION) throw new DomainError('STONE_NOT_FREE', `Stone ${stone.sku} is sold.`);
      refuseIfOnMemo(store, stone, 'memoed');
      const hold = holdForAnotherBuyer.get(store, stone.id, isoAt(scope.now), input.buyer);
      if (hold) {
        throw new DomainError(
          'STONE_HELD',
          `Stone ${stone.sku} is held for ${hold.buyerName} until ${formatDateTime(hold.heldUntil)}; release the hold or wait until it runs out.`,
        );
      }
      if (stone.reservedFor && stone.reservedFor !== input.buyer) {
        throw new DomainError('STONE_NOT_FREE', `Stone ${stone.sku} is reserved for ${stone.reservedForName}.`);
      }
      if (stone.assignedBuyer && stone.assignedBuyer !== input.buyer) {
        throw new DomainError('STONE_NOT_FREE', `Stone ${stone.sku} is assigned to ${stone.assignedBuyerName}.`);
      }
      const lineId = store.newId();
      insertMemoLine.run(store, {
        id: lineId,
        now: scope.now,
        memo: memoId,
        gemstone: stone.id,
        price: wanted.price ?? null,
        currency: input.currency,
        fromLocation: stone.location,
      });
      scope.enqueue('MemoLine', lineId, 'create');
      moveStone(store, scope, user, {
        gemstone: stone.id,
        from: stone.location,
        to: ON_MEMO_LOCATION,
        reason: `Out on memo to ${buyer.companyName}, due back ${formatDay(input.dueBack)}`,
      });
    }
    return memoId;
  });
  return getMemo(store, user, id);
}

/** The buyer brings stones back: each line is returned, its stone goes where it came from (or `location`). */
export function returnMemoLines(store: Store, user: SessionUser, rawInput: ReturnMemoLinesInput): MemoDetail {
  const input = returnMemoLinesInput.parse(rawInput);
  store.write((scope) => {
    const memo = loadMemo(store, input.memo);
    assertMayChange(user, memo, 'take stones back on');
    assertOpen(memo);
    for (const line of chosenLines(store, memo, input.lines)) {
      returnLine.run(store, { id: line.id, at: isoAt(scope.now), now: scope.now });
      scope.enqueue('MemoLine', line.id, 'update', ['status', 'returnedAt']);
      moveStone(store, scope, user, {
        gemstone: line.gemstone,
        from: line.location,
        to: input.location ?? line.fromLocation ?? 'Vault',
        reason: `Returned from memo by ${memo.buyerName}`,
      });
    }
    closeIfSettled(store, scope, memo.id);
  });
  return getMemo(store, user, input.memo);
}

/** The buyer keeps stones: the lines are sold together on one invoice, in the same write. */
export function sellMemoLines(store: Store, user: SessionUser, rawInput: SellMemoLinesInput): MemoDetail {
  const input = sellMemoLinesInput.parse(rawInput);
  store.write((scope) => {
    const memo = loadMemo(store, input.memo);
    assertMayChange(user, memo, 'record a sale on');
    assertOpen(memo);
    const prices = new Map(input.lines.map((l) => [l.id, l.price]));
    const lines = chosenLines(
      store,
      memo,
      input.lines.map((l) => l.id),
    ).map((line) => {
      const price = prices.get(line.id) ?? line.price;
      if (price === null || price === undefined) {
        throw new DomainError(
          'PRICE_REQUIRED',
          `Give the price stone ${line.sku} sold for: the invoice is made from it.`,
        );
      }
      refuseIfConsignmentUnsettled(store, { id: line.gemstone, sku: line.sku });
      return { ...line, price };
    });
    const invoice = issueInvoice(store, scope, user, {
      buyer: memo.buyer,
      currency: memo.currency,
      lines: lines.map((l) => ({ gemstone: l.gemstone, amount: l.price })),
      memo: memo.id,
    });
    for (const line of lines) {
      sellLine.run(store, { id: line.id, at: isoAt(scope.now), price: line.price, invoice, now: scope.now });
      scope.enqueue('MemoLine', line.id, 'update', ['status', 'soldAt', 'price', 'invoice']);
      moveStone(store, scope, user, {
        gemstone: line.gemstone,
        from: line.location,
        to: SOLD_LOCATION,
        reason: `Sold to ${memo.buyerName} from memo`,
      });
      // The sale settles the stone's inquiries: the buyer's own close as sold, everyone else's as lost.
      closeInquiriesOnMemoSale(store, scope, {
        stoneId: line.gemstone,
        buyer: memo.buyer,
        reason: `Bought on memo ${memoReference(memo.id)}`,
        actor: actorRef(store, user),
        at: isoAt(scope.now),
      });
      if (releaseAssignedBuyer.run(store, { id: line.gemstone, buyer: memo.buyer, now: scope.now }).changes > 0) {
        scope.enqueue('Gemstone', line.gemstone, 'update', ['assignedBuyer']);
      }
    }
    closeIfSettled(store, scope, memo.id);
  });
  return getMemo(store, user, input.memo);
}

export function extendMemo(store: Store, user: SessionUser, rawInput: { memo: string; dueBack: string }): MemoDetail {
  const input = extendMemoInput.parse(rawInput);
  store.write((scope) => {
    const memo = loadMemo(store, input.memo);
    assertMayChange(user, memo, 'extend');
    assertOpen(memo);
    checkDueBack(input.dueBack, scope.now);
    if (input.dueBack === memo.dueBack) return;
    setDueBack.run(store, input.dueBack, scope.now, memo.id);
    scope.enqueue('Memo', memo.id, 'update', ['dueBack']);
  });
  return getMemo(store, user, input.memo);
}

export function getMemo(store: Store, user: SessionUser, id: string): MemoDetail {
  const memo = loadMemo(store, id);
  const now = isoAt(store.clock());
  return {
    ...redactMemo(memo, user),
    overdue: memo.status === 'open' && memo.dueBack <= now,
    lines: linesOfMemo.all(store, id).map((line) => redactLine(line, user)),
  };
}

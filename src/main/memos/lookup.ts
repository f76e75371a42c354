import type { Store } from '../db/store';
import type { SessionUser } from '../trpc/context';
import { DomainError } from '../trpc/errors';
import { redactMemo } from './memos';
import {
  closedMemos,
  memoLinesOfStone,
  memoSummary,
  openMemos,
  overdueMemos,
  stoneBySku,
  stonesOnMemo,
  type MemoRow,
  type StoneOnMemo,
} from './queries';

// What the screens read of memos: the list, a stone's memo for its panel and the grid's mark, and a stone
// found by SKU for the memo dialog.

export interface MemoListItem extends MemoRow {
  overdue: boolean;
}

const isoNow = (store: Store) => new Date(store.clock()).toISOString();

export function listMemos(
  store: Store,
  user: SessionUser,
  input: { which: 'open' | 'overdue' | 'closed'; buyer?: string | undefined },
): MemoListItem[] {
  const now = isoNow(store);
  const params = { buyer: input.buyer ?? null, now };
  const rows =
    input.which === 'open'
      ? openMemos.all(store, params)
      : input.which === 'overdue'
        ? overdueMemos.all(store, params)
        : closedMemos.all(store, params);
  return rows.map((row) => ({ ...redactMemo(row, user), overdue: row.status === 'open' && row.dueBack <= now }));
}

/** The memos these stones are out on now (a grid page, Ctrl+K hits): a small query beside theirs. */
export function memosOnStones(store: Store, stoneIds: readonly string[]): (StoneOnMemo & { overdue: boolean })[] {
  const now = isoNow(store);
  return stonesOnMemo(store, stoneIds).map((row) => ({ ...row, overdue: row.dueBack <= now }));
}

/** A stone's memo now (or null) and the memos it went out on before. */
export function memosOfStone(store: Store, stoneId: string) {
  const now = isoNow(store);
  const history = memoLinesOfStone.all(store, stoneId);
  const current = history.find((row) => row.status === 'out');
  return {
    current: current ? { ...current, overdue: current.dueBack <= now } : null,
    history,
  };
}

/** A stone typed or scanned into the memo dialog, with its asking price to start the memo price from. */
export function stoneForMemoDialog(store: Store, sku: string) {
  const stone = stoneBySku.get(store, sku.trim());
  if (!stone) throw new DomainError('NOT_FOUND', `No stone has the SKU ${sku.trim()}.`, 'sku');
  const onMemo = stonesOnMemo(store, [stone.id])[0];
  return { ...stone, onMemoWith: onMemo?.buyerName ?? null };
}

/** The dashboard's card: open memos, stones out on them, and how many memos are overdue. */
export function memosSummary(store: Store) {
  return memoSummary.get(store, isoNow(store)) ?? { open: 0, overdue: 0, stonesOut: 0 };
}

import { Badge } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { StoneOnMemo } from '../api-types';
import { formatDay } from '../../../shared/format';
import { useTRPC } from '../trpc';

/** "On memo · Acme Gems · due 21 Dec 2026". */
export function memoSummary(onMemo: Pick<StoneOnMemo, 'buyerName' | 'dueBack'>): string {
  return `On memo · ${onMemo.buyerName} · due ${formatDay(onMemo.dueBack)}`;
}

/** A small mark beside a stone on memo (grid rows, Ctrl+K hits); red once the memo is overdue. */
export function MemoBadge({ onMemo }: { onMemo: StoneOnMemo | undefined }) {
  if (!onMemo) return null;
  return (
    <Badge
      size="xs"
      color={onMemo.overdue ? 'red' : 'grape'}
      variant="light"
      ml={6}
      maw={260}
      title={onMemo.overdue ? `${memoSummary(onMemo)} (overdue)` : memoSummary(onMemo)}
      data-testid="memo-badge"
    >
      {memoSummary(onMemo)}
    </Badge>
  );
}

/** The memos the given stones are out on, by stone id: a second small query beside the list's own. */
export function useMemosOn(stoneIds: readonly string[]): Map<string, StoneOnMemo> {
  const trpc = useTRPC();
  const key = [...new Set(stoneIds)].sort().join(',');
  const ids = useMemo(() => (key ? key.split(',') : []), [key]);
  const memos = useQuery({
    ...trpc.memos.onStones.queryOptions({ gemstones: ids }),
    enabled: ids.length > 0,
    placeholderData: keepPreviousData,
  });
  return useMemo(() => new Map((memos.data ?? []).map((m) => [m.gemstone, m])), [memos.data]);
}

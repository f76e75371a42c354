import { Badge, Table, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { StoneOnMemo } from '../api-types';
import { formatDay } from '../../../shared/format';
import { useTRPC } from '../trpc';

/** "On memo · Acme Gems · due 21 Dec 2026". */
export function memoSummary(onMemo: Pick<StoneOnMemo, 'buyerName' | 'dueBack'>): string {
  return `On memo · ${onMemo.buyerName} · due ${formatDay(onMemo.dueBack)}`;
}

/** A mark beside a stone on memo (Ctrl+K's hits): with whom and until when; red once the memo is overdue. */
export function MemoBadge({ onMemo }: { onMemo: StoneOnMemo | undefined }) {
  if (!onMemo) return null;
  const full = onMemo.overdue ? `${memoSummary(onMemo)} (overdue)` : memoSummary(onMemo);
  return (
    <Badge
      size="xs"
      color={onMemo.overdue ? 'red' : 'grape'}
      variant="light"
      ml={6}
      title={full}
      data-testid="memo-badge"
    >
      {memoSummary(onMemo)}
    </Badge>
  );
}

/**
 * The grid's location cell: a stone on memo says with whom and until when in place of "Out on memo" (the
 * SKU cell has no room for it at 1366 px); the whole text on hover when the column cuts it.
 */
export function LocationCell({ location, onMemo }: { location: string; onMemo: StoneOnMemo | undefined }) {
  if (!onMemo) return <Table.Td title={location}>{location}</Table.Td>;
  const full = onMemo.overdue ? `${memoSummary(onMemo)} (overdue)` : memoSummary(onMemo);
  return (
    <Table.Td title={full} data-testid="memo-mark">
      <Text span size="sm" c={onMemo.overdue ? 'red' : 'grape'} fw={500}>
        {memoSummary(onMemo)}
      </Text>
    </Table.Td>
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

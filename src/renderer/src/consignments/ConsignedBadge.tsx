import { Badge } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { formatDay } from '../../../shared/format';
import { useTRPC } from '../trpc';

export interface ConsignedMark {
  gemstone: string;
  supplier: string;
  dueDate: string | null;
}

/**
 * A small "Consigned · <supplier>" mark beside a stone (search results): not ours to sell yet. `compact`
 * is the grid's: its SKU column has room at 1366 px for a whole code and a letter, so the mark is the
 * trade's status letter "C", with "Consigned from <supplier>" for screen readers and on hover.
 */
export function ConsignedBadge({ mark, compact = false }: { mark: ConsignedMark | undefined; compact?: boolean }) {
  if (!mark) return null;
  const due = mark.dueDate ? `, due back ${formatDay(mark.dueDate)}` : '';
  return (
    <Badge
      size="xs"
      color="grape"
      variant="light"
      ml={6}
      title={`On consignment from ${mark.supplier}${due}: record the settlement before selling it`}
      aria-label={compact ? `Consigned from ${mark.supplier}` : undefined}
      data-testid="consigned-badge"
      style={{ textTransform: 'none' }}
    >
      {compact ? 'C' : `Consigned · ${mark.supplier}`}
    </Badge>
  );
}

/** The consigned stones among the given ones, by stone id: a second small query beside the list's own. */
export function useConsignedOn(stoneIds: readonly string[]): Map<string, ConsignedMark> {
  const trpc = useTRPC();
  const key = [...new Set(stoneIds)].sort().join(',');
  const ids = useMemo(() => (key ? key.split(',') : []), [key]);
  const marks = useQuery({
    ...trpc.consignments.onStones.queryOptions({ gemstones: ids }),
    enabled: ids.length > 0,
    placeholderData: keepPreviousData,
  });
  return useMemo(() => new Map((marks.data ?? []).map((m) => [m.gemstone, m])), [marks.data]);
}

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

/** A small "Consigned · <supplier>" mark beside a stone (grid rows, search results): not ours to sell yet. */
export function ConsignedBadge({ mark }: { mark: ConsignedMark | undefined }) {
  if (!mark) return null;
  const due = mark.dueDate ? `, due back ${formatDay(mark.dueDate)}` : '';
  return (
    <Badge
      size="xs"
      color="grape"
      variant="light"
      ml={6}
      title={`On consignment from ${mark.supplier}${due}: record the settlement before selling it`}
      data-testid="consigned-badge"
      style={{ textTransform: 'none' }}
    >
      Consigned · {mark.supplier}
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

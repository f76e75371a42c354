import { Badge } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { Hold } from '../api-types';
import { formatDateTime } from '../../../shared/format';
import { timeLeft } from '../../../shared/holds';
import { useTRPC } from '../trpc';

/** "Held for Acme Gems by Cora Diaz until 7 Dec 2026, 15:00 (2 h 5 min left)". */
export function holdSummary(hold: Hold): string {
  const by = hold.placedByName ? ` by ${hold.placedByName}` : '';
  return `Held for ${hold.buyerName}${by} until ${formatDateTime(hold.heldUntil)} (${timeLeft(hold.heldUntil, Date.now())} left)`;
}

/** A small "Held" mark beside a stone (grid rows, search results); who and until when on hover. */
export function HeldBadge({ hold }: { hold: Hold | undefined }) {
  if (!hold) return null;
  return (
    <Badge size="xs" color="orange" variant="light" ml={6} title={holdSummary(hold)} data-testid="held-badge">
      Held
    </Badge>
  );
}

/**
 * The holds on the given stones, by stone id: a second small query beside the list's own (the grid's page
 * query stays as fast as it was). Refreshed with every change, like any other query.
 */
export function useHoldsOn(stoneIds: readonly string[]): Map<string, Hold> {
  const trpc = useTRPC();
  const key = [...new Set(stoneIds)].sort().join(',');
  const ids = useMemo(() => (key ? key.split(',') : []), [key]);
  const holds = useQuery({
    ...trpc.holds.onStones.queryOptions({ gemstones: ids }),
    enabled: ids.length > 0,
    placeholderData: keepPreviousData,
  });
  return useMemo(() => new Map((holds.data ?? []).map((h) => [h.gemstone, h])), [holds.data]);
}

import { Button, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { PreferringBuyer } from '../api-types';
import { errorMessage } from '../common/errors';
import { useTRPC } from '../trpc';
import { salesStatusLabel } from '../../../shared/format';

/** A stone's "Buyers who prefer <type>": the first few, and "Show all N" for the rest. */
export function PreferringBuyers({
  gemstoneType,
  first,
  total,
}: {
  gemstoneType: string;
  first: PreferringBuyer[];
  total: number;
}) {
  const trpc = useTRPC();
  const [showAll, setShowAll] = useState(false);
  const all = useQuery({ ...trpc.buyers.preferringType.queryOptions({ gemstoneType }), enabled: showAll });
  const shown = showAll && all.data ? all.data.buyers : first;
  return (
    <Stack gap={2} data-testid="preferring-buyers">
      {shown.map((b) => (
        <Text size="sm" key={b.id}>
          {b.companyName} · {b.contactName}{' '}
          <Text span c="dimmed" size="xs">
            ({b.buyerCode}, {salesStatusLabel(b.salesStatus)})
          </Text>
        </Text>
      ))}
      {all.isError && (
        <Text size="sm" c="red">
          {errorMessage(all.error)}
        </Text>
      )}
      {total > first.length && (
        <Button
          variant="subtle"
          size="compact-sm"
          w="fit-content"
          loading={showAll && all.isPending}
          onClick={() => setShowAll((s) => !s)}
        >
          {showAll ? `Show the first ${first.length}` : `Show all ${total.toLocaleString()}`}
        </Button>
      )}
    </Stack>
  );
}

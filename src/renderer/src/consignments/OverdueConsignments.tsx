import { Alert, Anchor } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../trpc';

/** On the follow-ups: consignments still here after the day they were due back to their supplier. */
export function OverdueConsignments() {
  const trpc = useTRPC();
  const overdue = useQuery(trpc.consignments.overdueCount.queryOptions());
  const n = overdue.data ?? 0;
  if (n === 0) return null;
  return (
    <Alert color="red" variant="light" data-testid="overdue-consignments">
      {n === 1 ? 'One consignment is past its' : `${n} consignments are past their`} due-back day:{' '}
      <Anchor href="#/consignments" size="sm">
        return or settle on the Consignments screen
      </Anchor>
      .
    </Alert>
  );
}

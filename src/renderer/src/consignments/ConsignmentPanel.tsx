import { Paper, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { formatDay } from '../../../shared/format';
import { formatMoney } from '../../../shared/money';
import type { Consignment } from '../api-types';
import { useTRPC } from '../trpc';

/**
 * The stone panel's consignment line: "Consigned · <supplier>" while the stone is on consignment (it is
 * the supplier's until the settlement is recorded), or how its last consignment ended. Nothing for a stone
 * that never came in on consignment. Returning and settling are on the Consignments screen.
 */
export function ConsignmentPanel({ stoneId }: { stoneId: string }) {
  const trpc = useTRPC();
  const consignment = useQuery(trpc.consignments.forStone.queryOptions({ gemstone: stoneId }));
  const latest = consignment.data?.history[0];
  if (!latest) return null;
  const current = consignment.data?.current ?? null;
  return (
    <Paper
      withBorder
      p="xs"
      radius="sm"
      data-testid="consignment-panel"
      bg={current ? (current.overdue ? 'red.0' : 'grape.0') : undefined}
    >
      {current ? <InLine consignment={current} /> : <ClosedLine consignment={latest} />}
    </Paper>
  );
}

function InLine({ consignment: c }: { consignment: Consignment }) {
  const due = c.dueDate ? ` · due back ${formatDay(c.dueDate)}${c.overdue ? ' (overdue)' : ''}` : '';
  const price = c.agreedPrice !== null ? ` · agreed ${formatMoney(c.agreedPrice, c.currency)}` : '';
  return (
    <>
      <Text size="sm" fw={600} data-testid="consignment-line">
        Consigned · {c.supplier}
      </Text>
      <Text size="xs" c="dimmed">
        Received {formatDay(c.receivedAt)}
        {c.supplierReference ? ` on their memo ${c.supplierReference}` : ''}
        {due}
        {price}. Not ours to sell until the settlement is recorded.
      </Text>
    </>
  );
}

function ClosedLine({ consignment: c }: { consignment: Consignment }) {
  const text =
    c.status === 'settled'
      ? `Bought from ${c.supplier} (consignment settled ${formatDay(c.settledAt)}${c.settlementReference ? `, ${c.settlementReference}` : ''}).`
      : `Returned to ${c.supplier}${c.returnedAt ? ` on ${formatDay(c.returnedAt)}` : ''}.`;
  return (
    <Text size="sm" data-testid="consignment-line">
      {text}
    </Text>
  );
}

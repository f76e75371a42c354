import { Anchor, Group, Paper, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../trpc';
import { memoHref } from './links';
import { memoSummary } from './MemoBadge';

/** The stone panel's memo line (also what a scan opens): with whom the stone is out and until when. */
export function MemoPanel({ stoneId }: { stoneId: string }) {
  const trpc = useTRPC();
  const memos = useQuery(trpc.memos.forStone.queryOptions({ gemstone: stoneId }));
  const current = memos.data?.current;
  if (!current) return null;
  return (
    <Paper withBorder p="xs" radius="sm" bg={current.overdue ? 'red.0' : 'grape.0'} data-testid="memo-panel">
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm" fw={600}>
          {memoSummary(current)}
          {current.overdue ? ' (overdue)' : ''}
        </Text>
        <Anchor href={memoHref(current.memo)} size="sm">
          Open memo
        </Anchor>
      </Group>
    </Paper>
  );
}

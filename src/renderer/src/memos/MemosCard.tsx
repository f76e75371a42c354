import { Anchor, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../trpc';

/** The dashboard's "Memos out": open memos, stones out on them, and how many are overdue. */
export function MemosCard() {
  const trpc = useTRPC();
  const summary = useQuery(trpc.memos.summary.queryOptions());
  const s = summary.data;
  return (
    <Paper withBorder p="sm" component="section" aria-label="Memos out">
      <Title order={5}>Memos out</Title>
      {s && (
        <Group gap="lg" mt="xs">
          <Figure label="Open memos" value={s.open} />
          <Figure label="Stones out" value={s.stonesOut} />
          <Figure label="Overdue" value={s.overdue} color={s.overdue ? 'red' : undefined} />
        </Group>
      )}
      <Anchor href="#/memos" size="sm">
        Open memos
      </Anchor>
    </Paper>
  );
}

function Figure({ label, value, color }: { label: string; value: number; color?: string | undefined }) {
  return (
    <Stack gap={0}>
      <Text size="xl" fw={700} c={color}>
        {value}
      </Text>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
    </Stack>
  );
}

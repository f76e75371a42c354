import { Alert, Badge, Stack, Table, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../trpc';

function useSyncStatus() {
  const trpc = useTRPC();
  return useQuery(trpc.sync.status.queryOptions());
}

/** Always visible in the header: where this workstation's changes stand. */
export function SyncBadge() {
  const status = useSyncStatus();
  if (!status.data) return null;
  const pending = status.data.pendingChanges;
  return (
    <Badge color="gray" variant="outline" data-testid="sync-badge" title="Changes are kept on this workstation">
      Local only · {pending} {pending === 1 ? 'change' : 'changes'} waiting
    </Badge>
  );
}

export function SyncScreen() {
  const status = useSyncStatus();
  return (
    <Stack maw={720}>
      <Title order={3}>Sync</Title>
      <Alert color="gray" title="This workstation works on its own">
        No backend is connected yet, so everything stays in this workstation’s database. Every change is kept in
        order and will be sent once replication to the dealer’s Back4app backend is set up.
      </Alert>
      <Table withTableBorder maw={420}>
        <Table.Tbody>
          <Table.Tr>
            <Table.Th>Mode</Table.Th>
            <Table.Td>Local only</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>Changes waiting to be sent</Table.Th>
            <Table.Td>{status.data?.pendingChanges ?? '…'}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>Last successful sync</Table.Th>
            <Table.Td>{status.data?.lastSyncedAt ?? 'Never'}</Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

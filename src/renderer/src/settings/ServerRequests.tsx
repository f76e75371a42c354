import { Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { formatDay } from '../../../shared/format';
import { useTRPC } from '../trpc';

/** Settings → Backend: requests this workstation sent this month (hosted plans such as Back4app bill by them). */
export function ServerRequests() {
  const trpc = useTRPC();
  // Read again now and then while Settings stays open; asking costs no server request (it is counted here).
  const requests = useQuery({ ...trpc.sync.requestsThisMonth.queryOptions(), refetchInterval: 30_000 });
  if (!requests.data) return null;
  const { count, since } = requests.data;
  return (
    <Text size="sm" data-testid="server-requests">
      Server requests this month: <strong>{count.toLocaleString()}</strong>
      {since ? ` (since ${formatDay(since)})` : ''} — Back4app plans count API requests. While the workstation is idle
      it asks the server only a few times an hour; it is told of changes as they happen.
    </Text>
  );
}

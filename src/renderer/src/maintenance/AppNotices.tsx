import { Alert, Button, Group, Text } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useState } from 'react';
import type { SessionUser, UpdateStatus } from '../api-types';
import { errorMessage } from '../common/errors';
import { HoldNotices } from '../holds/HoldNotices';
import { useTRPC } from '../trpc';

/**
 * Above every screen: "restart to update" once an update is downloaded, and a warning when the start
 * self-check found damage in the database (with where to restore a backup).
 */
export function AppNotices({ user }: { user: SessionUser }) {
  const trpc = useTRPC();
  const health = useQuery(trpc.app.health.queryOptions());
  const [update, setUpdate] = useState<UpdateStatus | null>(null);
  useSubscription(trpc.app.updates.onStatus.subscriptionOptions(undefined, { onData: (status) => setUpdate(status) }));
  const install = useMutation(trpc.app.updates.install.mutationOptions());

  return (
    <>
      <HoldNotices />
      {health.data?.state === 'damaged' && (
        <Alert color="red" mb="sm" role="alert" title="Loupe found damage in its database" data-testid="damage-notice">
          <Text size="sm">
            The start check reported: {health.data.problems.slice(0, 2).join('; ')}.{' '}
            {user.role === 'admin'
              ? 'Restore the latest backup in Settings → Backups, and keep working there until then only if you must.'
              : 'Ask an administrator to restore the latest backup (Settings → Backups).'}
          </Text>
        </Alert>
      )}
      {update?.phase === 'downloaded' && (
        <Alert color="indigo" mb="sm" data-testid="update-ready">
          <Group justify="space-between">
            <Text size="sm">
              Loupe {update.version} is ready. Restarting takes a few seconds; changes not yet sent are kept and sent
              afterwards.
            </Text>
            <Button size="xs" onClick={() => install.mutate()} loading={install.isPending || install.isSuccess}>
              Restart to update
            </Button>
          </Group>
          {install.isError && (
            <Text size="sm" c="red" mt={4} role="alert">
              {errorMessage(install.error)}
            </Text>
          )}
        </Alert>
      )}
    </>
  );
}

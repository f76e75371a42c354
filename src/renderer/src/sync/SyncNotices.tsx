import { Alert, Button, Group, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SessionUser } from '../api-types';
import { useTRPC } from '../trpc';
import { FirstDownloadProgress, useSyncStatus } from './SyncScreen';

/** On every screen: the first download's progress, and a request to sign in again when a session expired. */
export function SyncNotices({ user }: { user: SessionUser }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const status = useSyncStatus();
  const signOut = useMutation(trpc.auth.signOut.mutationOptions({ onSuccess: () => queryClient.resetQueries() }));
  const mine = status.data?.needsSignIn.some((n) => n.userId === user.id);
  const refused = useQuery({
    ...trpc.sync.deadLetters.mine.queryOptions(),
    enabled: (status.data?.deadLetters ?? 0) > 0,
  });
  const refusedCount = status.data?.deadLetters ? (refused.data?.length ?? 0) : 0;
  return (
    <>
      <FirstDownloadProgress status={status.data} />
      {refusedCount > 0 && (
        <Alert color="orange" mb="sm" data-testid="my-refused-changes">
          <Group justify="space-between">
            <Text size="sm">
              The backend refused {refusedCount === 1 ? 'one of your changes' : `${refusedCount} of your changes`}; the
              record shows the server’s version again. The Sync screen says why and keeps what you entered.
            </Text>
            <Button size="xs" variant="light" color="orange" component="a" href="#/sync">
              Open Sync
            </Button>
          </Group>
        </Alert>
      )}
      {mine && (
        <Alert color="red" mb="sm" data-testid="sign-in-again">
          <Group justify="space-between">
            <Text size="sm">
              Your backend session has expired. Your changes are kept here; sign in again to send them.
            </Text>
            <Button size="xs" color="red" onClick={() => signOut.mutate()}>
              Sign in again
            </Button>
          </Group>
        </Alert>
      )}
    </>
  );
}

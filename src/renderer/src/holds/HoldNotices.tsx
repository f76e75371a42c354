import { Alert, Button, Group, Text } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { formatDateTime } from '../../../shared/format';
import { useTRPC } from '../trpc';

/** Above every screen: "Your hold on RB-1001 for Acme Gems ran out at …", for the person who placed it. */
export function HoldNotices() {
  const trpc = useTRPC();
  const notices = useQuery(trpc.holds.notices.queryOptions());
  const dismiss = useMutation(trpc.holds.dismissNotice.mutationOptions());
  return (
    <>
      {(notices.data ?? []).slice(0, 5).map((hold) => (
        <Alert key={hold.id} color="orange" mb="sm" data-testid="hold-ran-out">
          <Group justify="space-between" wrap="nowrap">
            <Text size="sm">
              Your hold on {hold.sku} for {hold.buyerName} ran out at {formatDateTime(hold.heldUntil)}.
            </Text>
            <Button
              size="xs"
              variant="subtle"
              color="orange"
              loading={dismiss.isPending && dismiss.variables?.id === hold.id}
              onClick={() => dismiss.mutate({ id: hold.id })}
            >
              Dismiss
            </Button>
          </Group>
        </Alert>
      ))}
    </>
  );
}

import { Alert, Button, Group, Paper, Text } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Hold, SessionUser } from '../api-types';
import { formatDateTime } from '../../../shared/format';
import { timeLeft } from '../../../shared/holds';
import { errorMessage } from '../common/errors';
import { useTRPC } from '../trpc';
import { ExtendHoldDialog, PlaceHoldDialog, ReserveHoldDialog } from './HoldDialogs';

/**
 * The stone panel's hold line (also what a scan opens): who holds the stone for whom until when, with
 * Release, Extend and Make reservation for the person who placed the hold or an administrator, and Hold
 * for coordinators and administrators while the stone is free. Practitioners see it and nothing more.
 */
export function HoldPanel({ stoneId, sku, user }: { stoneId: string; sku: string; user: SessionUser }) {
  const trpc = useTRPC();
  const holds = useQuery(trpc.holds.forStone.queryOptions({ gemstone: stoneId }));
  const [dialog, setDialog] = useState<'place' | 'extend' | 'reserve' | null>(null);
  const release = useMutation(trpc.holds.release.mutationOptions());
  const canPlace = user.role === 'admin' || user.role === 'coordinator';
  const hold = holds.data?.current ?? null;
  const mine = hold !== null && canPlace && (user.role === 'admin' || hold.placedBy === user.id);

  return (
    <Paper withBorder p="xs" radius="sm" data-testid="hold-panel" bg={hold ? 'orange.0' : undefined}>
      <Group justify="space-between" wrap="nowrap">
        {hold ? (
          <HoldLine hold={hold} />
        ) : (
          <Text size="sm" c="dimmed">
            Not held.
          </Text>
        )}
        <Group gap="xs" wrap="nowrap">
          {!hold && canPlace && (
            <Button size="xs" variant="light" color="orange" onClick={() => setDialog('place')}>
              Hold…
            </Button>
          )}
          {hold && mine && (
            <>
              <Button size="xs" variant="default" onClick={() => setDialog('extend')}>
                Extend
              </Button>
              <Button size="xs" variant="default" onClick={() => setDialog('reserve')}>
                Make reservation
              </Button>
              <Button
                size="xs"
                variant="light"
                color="orange"
                loading={release.isPending}
                onClick={() => release.mutate({ id: hold.id })}
              >
                Release
              </Button>
            </>
          )}
        </Group>
      </Group>
      {release.error && (
        <Alert color="red" mt="xs">
          {errorMessage(release.error)}
        </Alert>
      )}
      {dialog === 'place' && <PlaceHoldDialog stoneId={stoneId} sku={sku} onClose={() => setDialog(null)} />}
      {dialog === 'extend' && hold && <ExtendHoldDialog hold={hold} onClose={() => setDialog(null)} />}
      {dialog === 'reserve' && hold && <ReserveHoldDialog hold={hold} onClose={() => setDialog(null)} />}
    </Paper>
  );
}

function HoldLine({ hold }: { hold: Hold }) {
  return (
    <Text size="sm" data-testid="hold-line">
      <Text span fw={600}>
        Held for {hold.buyerName}
      </Text>{' '}
      by {hold.placedByName ?? 'a staff member'} until {formatDateTime(hold.heldUntil)} (
      {timeLeft(hold.heldUntil, Date.now())} left)
      {hold.note ? ` · ${hold.note}` : ''}
    </Text>
  );
}

import { Badge, Button, Group, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import type { Activity, SessionUser } from '../api-types';
import { errorMessage } from '../common/errors';
import { formatDate, formatDateTime } from '../follow-ups/dates';
import { ACTIVITY_LABELS } from '../inquiries/labels';
import { useTRPC } from '../trpc';

const TYPE_COLORS: Record<string, string> = { call: 'teal', email: 'blue', meeting: 'grape', note: 'gray' };

/** Calls, emails, meetings and notes, newest first; whoever logged an open one (or an administrator) marks it done here. */
export function ActivityTimeline({
  user,
  activities,
  showInquiry = true,
}: {
  user: SessionUser;
  activities: Activity[];
  showInquiry?: boolean;
}) {
  const trpc = useTRPC();
  const setDone = useMutation(trpc.activities.setDone.mutationOptions());
  if (activities.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No activities yet.
      </Text>
    );
  }
  return (
    <Stack gap={6} role="list" aria-label="Activities">
      {setDone.isError && (
        <Text c="red" size="sm" role="alert">
          {errorMessage(setDone.error)}
        </Text>
      )}
      {activities.map((a) => (
        <Group key={a.id} gap="sm" wrap="nowrap" align="flex-start" role="listitem" data-testid="activity">
          <Badge color={TYPE_COLORS[a.type ?? 'note'] ?? 'gray'} variant="light" miw={84}>
            {ACTIVITY_LABELS[a.type ?? 'note'] ?? a.type}
          </Badge>
          <Stack gap={0} style={{ flex: 1 }}>
            <Text size="sm" fw={500}>
              {a.subject}
              {showInquiry && a.inquirySku ? (
                <Text span c="dimmed" size="sm">
                  {' '}
                  · {a.inquirySku}
                </Text>
              ) : null}
            </Text>
            {a.description && (
              <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
                {a.description}
              </Text>
            )}
            <Text size="xs" c="dimmed">
              {a.createdByName ?? 'Someone'} · logged {formatDateTime(a.loggedAt)}
              {a.completedAt
                ? ` · done ${formatDate(a.completedAt)}`
                : a.dueDate
                  ? ` · due ${formatDate(a.dueDate)}`
                  : ''}
            </Text>
          </Stack>
          {!a.completedAt && a.dueDate && (user.role === 'admin' || a.createdBy === user.id) && (
            <Button size="compact-xs" variant="light" onClick={() => setDone.mutate({ id: a.id, done: true })}>
              Done
            </Button>
          )}
        </Group>
      ))}
    </Stack>
  );
}

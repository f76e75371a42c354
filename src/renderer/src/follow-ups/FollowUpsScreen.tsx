import { Alert, Badge, Button, Group, Kbd, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useRef, type KeyboardEvent } from 'react';
import type { FollowUp, SessionUser } from '../api-types';
import { openBuyer, openInquiry } from '../buyers/links';
import { errorMessage } from '../common/errors';
import { ACTIVITY_LABELS } from '../inquiries/labels';
import { useTRPC } from '../trpc';
import { formatDate, useToday } from './dates';
import { OverdueConsignments } from '../consignments/OverdueConsignments';

const SECTIONS = [
  { key: 'overdue', title: 'Overdue', color: 'red' },
  { key: 'today', title: 'Due today', color: 'orange' },
  { key: 'thisWeek', title: 'This week', color: 'blue' },
] as const;

/**
 * What to do next: open inquiries' follow-up dates and open activities' due dates. Keyboard: ↑/↓ move,
 * D marks done, S snoozes a day, W a week, Enter opens the inquiry or buyer.
 */
const KIND_COLORS = { inquiry: 'violet', activity: 'teal', memo: 'orange' } as const;

export function FollowUpsScreen({ user }: { user: SessionUser }) {
  const trpc = useTRPC();
  const { todayStart } = useToday();
  const list = useQuery(trpc.activities.followUps.queryOptions({ todayStart }));
  const done = useMutation(trpc.activities.markDone.mutationOptions());
  const snooze = useMutation(trpc.activities.snooze.mutationOptions());
  const table = useRef<HTMLDivElement>(null);
  const failure = done.error ?? snooze.error;

  // As the core decides: an inquiry's follow-up is for coordinators and administrators; an activity is
  // for whoever logged it and administrators.
  // A memo is settled on the Memos screen (stones back or bought), not marked done here.
  const mayChange = (f: FollowUp): f is FollowUp & { kind: 'inquiry' | 'activity' } =>
    f.kind === 'memo'
      ? false
      : f.kind === 'inquiry'
        ? user.role !== 'practitioner'
        : user.role === 'admin' || f.ownerId === user.id;
  const open = (f: FollowUp) =>
    f.kind === 'memo'
      ? (window.location.hash = `#/memos/${encodeURIComponent(f.id)}`)
      : f.inquiry
        ? openInquiry(f.inquiry)
        : f.buyer
          ? openBuyer(f.buyer)
          : undefined;
  const focusRow = (from: HTMLElement, step: 1 | -1) => {
    const rows = [...(table.current?.querySelectorAll<HTMLElement>('[data-follow-up]') ?? [])];
    const next = rows[rows.indexOf(from) + step];
    next?.focus();
  };
  const onKey = (f: FollowUp) => (event: KeyboardEvent<HTMLTableRowElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const key = event.key.toLowerCase();
    if (key === 'arrowdown' || key === 'arrowup') {
      event.preventDefault();
      focusRow(event.currentTarget, key === 'arrowdown' ? 1 : -1);
    } else if (key === 'enter') {
      open(f);
    } else if (mayChange(f) && (key === 'd' || key === 's' || key === 'w')) {
      event.preventDefault();
      // Keep the keyboard in the list: the next row takes the focus as this one leaves.
      const row = event.currentTarget;
      const rows = [...(table.current?.querySelectorAll<HTMLElement>('[data-follow-up]') ?? [])];
      const neighbour = rows[rows.indexOf(row) + 1] ?? rows[rows.indexOf(row) - 1];
      if (key === 'd') done.mutate({ kind: f.kind, id: f.id }, { onSuccess: () => neighbour?.focus() });
      else
        snooze.mutate(
          { kind: f.kind, id: f.id, days: key === 's' ? 1 : 7, todayStart },
          { onSuccess: () => neighbour?.focus() },
        );
    }
  };

  const total = list.data ? list.data.overdue.length + list.data.today.length + list.data.thisWeek.length : 0;
  return (
    <Stack gap="sm" ref={table}>
      <Group justify="space-between">
        <Title order={3}>Follow-ups</Title>
        <Text size="xs" c="dimmed">
          <Kbd>↑</Kbd> <Kbd>↓</Kbd> move · <Kbd>D</Kbd> done · <Kbd>S</Kbd> +1 day · <Kbd>W</Kbd> +1 week ·{' '}
          <Kbd>Enter</Kbd> open
        </Text>
      </Group>
      {list.isError && <Alert color="red">{errorMessage(list.error)}</Alert>}
      <OverdueConsignments />
      {failure && (
        <Alert color="red" role="alert" withCloseButton onClose={() => (done.reset(), snooze.reset())}>
          {errorMessage(failure)}
        </Alert>
      )}
      {list.data && total === 0 && (
        <Text c="dimmed" ta="center" py="lg">
          Nothing due this week.
        </Text>
      )}
      {list.data &&
        SECTIONS.map(({ key, title, color }) => {
          const items = list.data[key];
          if (items.length === 0) return null;
          return (
            <Stack key={key} gap={4} component="section" aria-label={title}>
              <Group gap="xs">
                <Title order={5}>{title}</Title>
                <Badge color={color} variant="light">
                  {items.length}
                </Badge>
              </Group>
              <Table withTableBorder highlightOnHover verticalSpacing={4} aria-label={title}>
                <Table.Tbody>
                  {items.map((f) => (
                    <Table.Tr
                      key={`${f.kind}:${f.id}`}
                      tabIndex={0}
                      data-follow-up
                      data-testid="follow-up"
                      onKeyDown={onKey(f)}
                      onDoubleClick={() => open(f)}
                      style={{ cursor: 'default' }}
                    >
                      <Table.Td w={130}>
                        <Badge variant="light" color={KIND_COLORS[f.kind]}>
                          {f.kind === 'memo' ? 'Memo' : (ACTIVITY_LABELS[f.type] ?? f.type)}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" fw={500}>
                          {f.title}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {f.buyerName ?? '—'}
                          {f.kind === 'activity' && f.sku ? ` · ${f.sku}` : ''}
                          {f.ownerName ? ` · ${f.ownerName}` : ''}
                        </Text>
                      </Table.Td>
                      <Table.Td w={120}>
                        <Text size="sm" c={key === 'overdue' ? 'red' : undefined}>
                          {formatDate(f.dueAt)}
                        </Text>
                      </Table.Td>
                      <Table.Td w={220} ta="right">
                        {mayChange(f) && (
                          <Group gap={4} justify="flex-end" wrap="nowrap">
                            <Button
                              size="compact-xs"
                              variant="light"
                              tabIndex={-1}
                              onClick={() => done.mutate({ kind: f.kind, id: f.id })}
                            >
                              Done
                            </Button>
                            <Button
                              size="compact-xs"
                              variant="default"
                              tabIndex={-1}
                              onClick={() => snooze.mutate({ kind: f.kind, id: f.id, days: 1, todayStart })}
                            >
                              +1 day
                            </Button>
                            <Button
                              size="compact-xs"
                              variant="default"
                              tabIndex={-1}
                              onClick={() => snooze.mutate({ kind: f.kind, id: f.id, days: 7, todayStart })}
                            >
                              +1 week
                            </Button>
                          </Group>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Stack>
          );
        })}
    </Stack>
  );
}

/** Id of the text that describes the Follow-ups navigation link ("3 follow-ups due"). */
export const FOLLOW_UPS_DUE_ID = 'follow-ups-due';

/**
 * The count on the navigation: overdue and due today (red when something is overdue). The number is
 * hidden from the link's name (it stays "Follow-ups") and describes it instead.
 */
export function FollowUpsBadge() {
  const trpc = useTRPC();
  const { todayStart } = useToday();
  const count = useQuery(trpc.activities.followUpCount.queryOptions({ todayStart }));
  const due = count.data?.due ?? 0;
  if (due === 0) return null;
  return (
    <>
      <Badge
        size="sm"
        circle={due < 10}
        color={count.data!.overdue > 0 ? 'red' : 'orange'}
        aria-hidden
        data-testid="follow-ups-badge"
      >
        {due}
      </Badge>
      <span id={FOLLOW_UPS_DUE_ID} hidden>
        {due} {due === 1 ? 'follow-up' : 'follow-ups'} due
      </span>
    </>
  );
}

import { Alert, Badge, Group, Menu, Paper, ScrollArea, SimpleGrid, Stack, Text, UnstyledButton } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type DragEvent } from 'react';
import type { Inquiry, SessionUser } from '../api-types';
import type { InquiryStatus } from '../../../shared/enums';
import {
  DEFAULT_AGING_THRESHOLDS,
  INQUIRY_TRANSITIONS,
  isLegalTransition,
  type AgingThresholds,
} from '../../../shared/sales';
import { openInquiry } from '../buyers/links';
import { isMismatchRefusal, MismatchOverride } from '../certificates/MismatchOverride';
import { errorMessage } from '../common/errors';
import { daysSince, formatDate } from '../follow-ups/dates';
import { useTRPC } from '../trpc';
import { CloseDialog } from './CloseDialog';
import { agingColor, money, MOVE_LABELS, STATUS_COLORS, STATUS_LABELS, totalsText } from './labels';

const DRAG_TYPE = 'application/x-loupe-inquiry';

/**
 * The kanban of open inquiries. Drag a card to another column (or use its "Move to…" menu from the
 * keyboard); the core decides, and a refused move says why. Dropping on "Closed" asks for the outcome.
 */
export function PipelineBoard({ user }: { user: SessionUser }) {
  const trpc = useTRPC();
  const board = useQuery(trpc.inquiries.board.queryOptions());
  const [refusal, setRefusal] = useState<string | null>(null);
  const [closing, setClosing] = useState<Inquiry | null>(null);
  const [over, setOver] = useState<InquiryStatus | null>(null);
  const canMove = user.role !== 'practitioner';
  // A reserve refused for a certificate mismatch: an administrator may override it, with a reason.
  const [overriding, setOverriding] = useState<{ inquiry: Inquiry; refusal: string } | null>(null);
  const move = useMutation(
    trpc.inquiries.transition.mutationOptions({
      onMutate: () => setRefusal(null),
      onError: (error, variables) => {
        setRefusal(errorMessage(error));
        const card = cards.get(variables.id);
        if (card && user.role === 'admin' && isMismatchRefusal(error))
          setOverriding({ inquiry: card, refusal: errorMessage(error) });
      },
    }),
  );

  const cards = new Map((board.data?.columns ?? []).flatMap((c) => c.cards.map((card) => [card.id, card] as const)));
  const moveTo = (inquiry: Inquiry, to: InquiryStatus) => {
    if (to === inquiry.inquiryStatus) return;
    if (to === 'closed') return setClosing(inquiry);
    move.mutate({ id: inquiry.id, to });
  };
  const onDrop = (to: InquiryStatus) => (event: DragEvent) => {
    event.preventDefault();
    setOver(null);
    const card = cards.get(event.dataTransfer.getData(DRAG_TYPE) || event.dataTransfer.getData('text/plain'));
    if (card && canMove) moveTo(card, to);
  };
  const dropZone = (status: InquiryStatus) => ({
    onDragOver: (event: DragEvent) => {
      if (!canMove) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'move';
      if (over !== status) setOver(status);
    },
    onDragLeave: () => setOver((s) => (s === status ? null : s)),
    onDrop: onDrop(status),
  });

  const thresholds = board.data?.thresholds ?? DEFAULT_AGING_THRESHOLDS;
  return (
    <Stack gap="sm">
      {refusal && (
        <Alert
          color="red"
          role="alert"
          title="Not moved"
          withCloseButton
          closeButtonLabel="Dismiss"
          onClose={() => setRefusal(null)}
        >
          {refusal}
        </Alert>
      )}
      {board.isError && <Alert color="red">{errorMessage(board.error)}</Alert>}
      <SimpleGrid cols={4} spacing="sm">
        {(board.data?.columns ?? []).map((column) => (
          <Paper
            key={column.status}
            withBorder
            p="xs"
            bg={over === column.status ? 'indigo.0' : 'gray.0'}
            role="region"
            aria-label={`${STATUS_LABELS[column.status]} column`}
            data-testid={`column-${column.status}`}
            {...dropZone(column.status)}
          >
            <Stack gap={4} mb="xs">
              <Group justify="space-between">
                <Group gap={6}>
                  <Badge color={STATUS_COLORS[column.status]}>{STATUS_LABELS[column.status]}</Badge>
                  <Text size="sm" fw={600} data-testid="column-count">
                    {column.count}
                  </Text>
                </Group>
              </Group>
              {column.totals && (
                <Text size="xs" c="dimmed" data-testid="column-value">
                  {totalsText(column.totals, 'No prices yet')}
                </Text>
              )}
            </Stack>
            <ScrollArea.Autosize mah="calc(100vh - 260px)" type="auto">
              <Stack gap={6}>
                {column.cards.map((card) => (
                  <InquiryCard
                    key={card.id}
                    inquiry={card}
                    thresholds={thresholds}
                    canMove={canMove}
                    onMove={(to) => moveTo(card, to)}
                  />
                ))}
                {column.count > column.cards.length && (
                  <Text size="xs" c="dimmed">
                    and {column.count - column.cards.length} more — see the list view
                  </Text>
                )}
                {column.count === 0 && (
                  <Text size="xs" c="dimmed" py="md" ta="center">
                    No {STATUS_LABELS[column.status].toLowerCase()} inquiries
                  </Text>
                )}
              </Stack>
            </ScrollArea.Autosize>
          </Paper>
        ))}
        <Paper
          withBorder
          p="xs"
          bg={over === 'closed' ? 'indigo.0' : undefined}
          style={{ borderStyle: 'dashed' }}
          role="region"
          aria-label="Closed column"
          data-testid="column-closed"
          {...dropZone('closed')}
        >
          <Badge color={STATUS_COLORS.closed}>{STATUS_LABELS.closed}</Badge>
          <Text size="xs" c="dimmed" mt="xs">
            Drop an inquiry here to close it as sold, lost or withdrawn.
          </Text>
        </Paper>
      </SimpleGrid>
      <Text size="xs" c="dimmed">
        Days in stage turn amber at {thresholds.amberDays} and red at {thresholds.redDays}.
      </Text>
      {closing && <CloseDialog inquiry={closing} onClose={() => setClosing(null)} />}
      {overriding && (
        <MismatchOverride
          inquiry={overriding.inquiry}
          refusal={overriding.refusal}
          onClose={() => (setOverriding(null), setRefusal(null))}
        />
      )}
    </Stack>
  );
}

function InquiryCard({
  inquiry,
  thresholds,
  canMove,
  onMove,
}: {
  inquiry: Inquiry;
  thresholds: AgingThresholds;
  canMove: boolean;
  onMove: (to: InquiryStatus) => void;
}) {
  const days = daysSince(inquiry.statusChangedAt);
  const color = agingColor(days, thresholds);
  const targets = INQUIRY_TRANSITIONS[inquiry.inquiryStatus];
  return (
    <Paper
      withBorder
      p={6}
      shadow="xs"
      draggable={canMove}
      onDragStart={(event) => {
        event.dataTransfer.setData(DRAG_TYPE, inquiry.id);
        event.dataTransfer.setData('text/plain', inquiry.id);
        event.dataTransfer.effectAllowed = 'move';
      }}
      style={{
        cursor: canMove ? 'grab' : undefined,
        borderLeft: color !== 'gray' ? `3px solid var(--mantine-color-${color}-6)` : undefined,
      }}
      data-testid="inquiry-card"
      data-sku={inquiry.sku}
      data-aging={color === 'red' ? 'red' : color === 'orange' ? 'amber' : 'fresh'}
    >
      <Group justify="space-between" wrap="nowrap" gap={4}>
        <UnstyledButton
          onClick={() => openInquiry(inquiry.id)}
          style={{ flex: 1, minWidth: 0 }}
          aria-label={`Open inquiry ${inquiry.sku} for ${inquiry.buyerName}`}
        >
          <Text size="sm" fw={600} truncate>
            {inquiry.buyerName}
          </Text>
          <Text size="xs" ff="monospace">
            {inquiry.sku}{' '}
            <Text span size="xs" ff="inherit" c="dimmed">
              {inquiry.gemstoneType} · {inquiry.requestedCaratWeight.toFixed(2)} ct
            </Text>
          </Text>
        </UnstyledButton>
        {canMove && targets.length > 0 && (
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <UnstyledButton fz="xs" c="indigo" aria-label={`Move ${inquiry.sku} for ${inquiry.buyerName} to…`}>
                Move to…
              </UnstyledButton>
            </Menu.Target>
            <Menu.Dropdown>
              {(['new', 'quoted', 'reserved', 'closed'] as const)
                .filter((to) => to !== inquiry.inquiryStatus)
                .map((to) => (
                  <Menu.Item
                    key={to}
                    onClick={() => onMove(to)}
                    c={isLegalTransition(inquiry.inquiryStatus, to) ? undefined : 'dimmed'}
                  >
                    {to === 'closed' ? MOVE_LABELS.closed : STATUS_LABELS[to]}
                  </Menu.Item>
                ))}
            </Menu.Dropdown>
          </Menu>
        )}
      </Group>
      <Group justify="space-between" gap={4} mt={4}>
        <Text size="xs" data-testid="card-price">
          {'quotedPrice' in inquiry
            ? inquiry.quotedPrice === null
              ? 'No price yet'
              : money(inquiry.quotedPrice, inquiry.currency)
            : inquiry.currency}
        </Text>
        <Badge
          size="xs"
          tt="none"
          variant={color === 'gray' ? 'light' : 'filled'}
          color={color}
          title="Days in this stage"
        >
          {days} d
        </Badge>
      </Group>
      <Text size="xs" c="dimmed" truncate>
        {inquiry.handledByName ?? 'Unassigned'}
        {inquiry.followUpAt ? ` · follow up ${formatDate(inquiry.followUpAt)}` : ''}
      </Text>
    </Paper>
  );
}

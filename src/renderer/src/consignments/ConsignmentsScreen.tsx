import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { Consignment, SessionUser } from '../api-types';
import { CONSIGNMENT_FILTER_LABELS, CONSIGNMENT_FILTERS, type ConsignmentFilter } from '../../../shared/consignments';
import { formatDay } from '../../../shared/format';
import { formatMoney } from '../../../shared/money';
import { VALUE_LABELS } from '../../../shared/record-rules';
import { errorMessage } from '../common/errors';
import { formatCarats, setDesk } from '../inventory/desk-store';
import { useTRPC } from '../trpc';
import { ReceiveDialog } from './ReceiveDialog';

// Consignments in: the stones other dealers lent us, what is due back when, and what was returned or
// bought. Coordinators and administrators receive, return and record settlements; practitioners see the
// list without the agreed prices (the core leaves them out).

const STATUS_COLORS: Record<string, string> = { in: 'grape', returned: 'gray', settled: 'green' };

export function ConsignmentsScreen({ user }: { user: SessionUser }) {
  const trpc = useTRPC();
  const [which, setWhich] = useState<ConsignmentFilter>('in');
  const [supplier, setSupplier] = useState<string | null>(null);
  const [receiving, setReceiving] = useState(false);
  const [closing, setClosing] = useState<{ consignment: Consignment; action: 'return' | 'settle' } | null>(null);
  const canWrite = user.role !== 'practitioner';
  const list = useQuery(trpc.consignments.list.queryOptions({ which, supplier: supplier ?? undefined }));
  const all = useQuery(trpc.consignments.list.queryOptions({ which: 'all' }));
  const supplierOptions = [...new Set((all.data ?? []).map((c) => c.supplier))].sort((a, b) => a.localeCompare(b));
  const rows = list.data ?? [];

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Group gap="md">
          <Title order={3}>Consignments</Title>
          <SegmentedControl
            size="xs"
            aria-label="Which consignments"
            value={which}
            onChange={(v) => setWhich(v as ConsignmentFilter)}
            data={CONSIGNMENT_FILTERS.map((f) => ({ value: f, label: CONSIGNMENT_FILTER_LABELS[f] }))}
          />
          <Select
            size="xs"
            w={200}
            placeholder="All suppliers"
            aria-label="Supplier"
            clearable
            searchable
            data={supplierOptions}
            value={supplier}
            onChange={setSupplier}
          />
        </Group>
        {canWrite && <Button onClick={() => setReceiving(true)}>Receive consignment</Button>}
      </Group>
      {list.isError && <Alert color="red">{errorMessage(list.error)}</Alert>}
      {list.isSuccess && rows.length === 0 ? (
        <Text c="dimmed" size="sm">
          No consignments here.
        </Text>
      ) : (
        // One line per value (dates, prices, statuses are never broken); a long supplier name wraps.
        <Table
          striped
          highlightOnHover
          verticalSpacing={4}
          fz="sm"
          aria-label="Consignments"
          style={{ whiteSpace: 'nowrap' }}
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Stone</Table.Th>
              <Table.Th>Supplier</Table.Th>
              <Table.Th>Their memo no.</Table.Th>
              <Table.Th>Received</Table.Th>
              <Table.Th>Due back</Table.Th>
              {canWrite && <Table.Th ta="right">Agreed price</Table.Th>}
              <Table.Th>Status</Table.Th>
              {canWrite && <Table.Th />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((c) => (
              <Table.Tr key={c.id} data-testid="consignment" data-sku={c.sku}>
                <Table.Td>
                  <Text
                    span
                    ff="monospace"
                    fw={600}
                    size="sm"
                    style={{ cursor: 'pointer' }}
                    onClick={() => setDesk({ openStoneId: c.gemstone })}
                  >
                    {c.sku}
                  </Text>{' '}
                  <Text span size="xs" c="dimmed">
                    {c.gemstoneType} · {formatCarats(c.caratWeight)} ct
                  </Text>
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'normal', minWidth: 120, maxWidth: 220 }}>{c.supplier}</Table.Td>
                <Table.Td>{c.supplierReference ?? '—'}</Table.Td>
                <Table.Td>{formatDay(c.receivedAt)}</Table.Td>
                <Table.Td c={c.overdue ? 'red' : undefined}>
                  {c.dueDate ? formatDay(c.dueDate) : '—'}
                  {c.overdue ? ' (overdue)' : ''}
                </Table.Td>
                {canWrite && (
                  <Table.Td ta="right">
                    {c.agreedPrice !== null ? formatMoney(c.agreedPrice, c.currency) : '—'}
                  </Table.Td>
                )}
                <Table.Td>
                  <Badge
                    color={STATUS_COLORS[c.status] ?? 'gray'}
                    variant="light"
                    size="sm"
                    style={{ textTransform: 'none', overflow: 'visible' }}
                  >
                    {VALUE_LABELS[c.status] ?? c.status}
                  </Badge>
                </Table.Td>
                {canWrite && (
                  <Table.Td>
                    {c.status === 'in' && (
                      <Stack gap={2} align="stretch">
                        <Button
                          size="compact-xs"
                          variant="light"
                          onClick={() => setClosing({ consignment: c, action: 'settle' })}
                        >
                          Record settlement
                        </Button>
                        <Button
                          size="compact-xs"
                          variant="default"
                          onClick={() => setClosing({ consignment: c, action: 'return' })}
                        >
                          Return to supplier
                        </Button>
                      </Stack>
                    )}
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {receiving && <ReceiveDialog onClose={() => setReceiving(false)} />}
      {closing && <CloseDialog {...closing} onClose={() => setClosing(null)} />}
    </Stack>
  );
}

/** Return to supplier (with an optional note) or record the settlement (with its reference). */
function CloseDialog({
  consignment: c,
  action,
  onClose,
}: {
  consignment: Consignment;
  action: 'return' | 'settle';
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const [text, setText] = useState('');
  const settle = useMutation(trpc.consignments.settle.mutationOptions({ onSuccess: onClose }));
  const giveBack = useMutation(trpc.consignments.returnToSupplier.mutationOptions({ onSuccess: onClose }));
  const mutation = action === 'settle' ? settle : giveBack;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (action === 'settle') settle.mutate({ id: c.id, settlementReference: text || null });
    else giveBack.mutate({ id: c.id, reason: text || null });
  };
  const title = action === 'settle' ? `Record settlement: ${c.sku}` : `Return ${c.sku} to ${c.supplier}`;
  return (
    <Modal opened onClose={onClose} title={title} closeButtonProps={{ 'aria-label': 'Close' }}>
      <form onSubmit={submit} noValidate aria-label={action === 'settle' ? 'Record settlement' : 'Return to supplier'}>
        <Stack gap="sm">
          <Text size="sm">
            {action === 'settle'
              ? `We bought ${c.sku} from ${c.supplier}${c.agreedPrice !== null ? ` for ${formatMoney(c.agreedPrice, c.currency)}` : ''}. From now on it sells like any stone we own; without a cost price, the agreed price becomes its cost.`
              : `${c.sku} goes back to ${c.supplier} and leaves the stock (its location becomes “Returned to supplier”).`}
          </Text>
          <TextInput
            data-autofocus
            label={action === 'settle' ? 'Settlement reference' : 'Note'}
            description={action === 'settle' ? 'Their invoice or our payment reference' : 'Optional'}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
          />
          {mutation.error && (
            <Alert color="red" role="alert">
              {errorMessage(mutation.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              {action === 'settle' ? 'Record settlement' : 'Return to supplier'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

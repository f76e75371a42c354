import { Badge, Button, Group, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Stone } from '../../../main/inventory/stones';
import type { SessionUser } from '../../../main/trpc/context';
import type { StoneSortColumn } from '../../../shared/schemas';
import { errorMessage } from '../common/errors';
import { useTRPC } from '../trpc';
import { CERTIFICATE_STATUS_COLORS, CERTIFICATE_STATUS_LABELS } from './labels';
import { StoneForm } from './StoneForm';

const PAGE_SIZE = 100;

const COLUMNS: { id: StoneSortColumn | 'assignedBuyer'; label: string; numeric?: boolean }[] = [
  { id: 'sku', label: 'SKU' },
  { id: 'gemstoneType', label: 'Type' },
  { id: 'caratWeight', label: 'Carat', numeric: true },
  { id: 'clarityGrade', label: 'Clarity' },
  { id: 'certificateNumber', label: 'Certificate no.' },
  { id: 'certificateStatus', label: 'Certificate' },
  { id: 'location', label: 'Location' },
  { id: 'assignedBuyer', label: 'Assigned buyer' },
];

const formatCarats = (n: number) => n.toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export function InventoryScreen({ user }: { user: SessionUser }) {
  const trpc = useTRPC();
  const canEdit = user.role === 'admin' || user.role === 'coordinator';
  const [sort, setSort] = useState<{ column: StoneSortColumn; direction: 'asc' | 'desc' }>({ column: 'caratWeight', direction: 'desc' });
  const [page, setPage] = useState(0);
  const [editing, setEditing] = useState<Stone | 'new' | null>(null);
  const list = useQuery({
    ...trpc.inventory.list.queryOptions({ sort: sort.column, direction: sort.direction, limit: PAGE_SIZE, offset: page * PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });

  const sortBy = (column: StoneSortColumn) => {
    setPage(0);
    setSort((s) => ({ column, direction: s.column === column && s.direction === 'desc' ? 'asc' : s.column === column ? 'desc' : column === 'caratWeight' ? 'desc' : 'asc' }));
  };
  const total = list.data?.total ?? 0;
  const first = total === 0 ? 0 : page * PAGE_SIZE + 1;
  const last = Math.min(total, (page + 1) * PAGE_SIZE);

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Group gap="md" align="baseline">
          <Title order={3}>Inventory</Title>
          <Text size="sm" c="dimmed" data-testid="inventory-summary">
            {total} {total === 1 ? 'stone' : 'stones'} · {formatCarats(list.data?.totalCarats ?? 0)} ct
          </Text>
        </Group>
        {canEdit && <Button onClick={() => setEditing('new')}>Add stone</Button>}
      </Group>

      {list.isError && <Text c="red">{errorMessage(list.error)}</Text>}

      <Table striped highlightOnHover withTableBorder stickyHeader verticalSpacing={6} aria-label="Stones">
        <Table.Thead>
          <Table.Tr>
            {COLUMNS.map((c) => {
              const sortable = c.id !== 'assignedBuyer';
              const active = sort.column === c.id;
              return (
                <Table.Th key={c.id} ta={c.numeric ? 'right' : undefined} aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : undefined}>
                  {sortable ? (
                    <UnstyledButton fw={700} fz="sm" onClick={() => sortBy(c.id as StoneSortColumn)}>
                      {c.label} {active ? (sort.direction === 'asc' ? '▲' : '▼') : ''}
                    </UnstyledButton>
                  ) : (
                    c.label
                  )}
                </Table.Th>
              );
            })}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.data?.rows.map((stone) => (
            <Table.Tr
              key={stone.id}
              data-testid="stone-row"
              tabIndex={canEdit ? 0 : undefined}
              style={canEdit ? { cursor: 'pointer' } : undefined}
              onClick={canEdit ? () => setEditing(stone) : undefined}
              onKeyDown={canEdit ? (e) => e.key === 'Enter' && setEditing(stone) : undefined}
            >
              <Table.Td ff="monospace">{stone.sku}</Table.Td>
              <Table.Td>{stone.gemstoneType}</Table.Td>
              <Table.Td ta="right" ff="monospace">
                {formatCarats(stone.caratWeight)}
              </Table.Td>
              <Table.Td>{stone.clarityGrade}</Table.Td>
              <Table.Td ff="monospace">{stone.certificateNumber ?? '—'}</Table.Td>
              <Table.Td>
                <Badge color={CERTIFICATE_STATUS_COLORS[stone.certificateStatus] ?? 'gray'} variant="light">
                  {CERTIFICATE_STATUS_LABELS[stone.certificateStatus] ?? stone.certificateStatus}
                </Badge>
              </Table.Td>
              <Table.Td>{stone.location}</Table.Td>
              <Table.Td>{stone.assignedBuyerName ?? '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {list.data && total === 0 && (
        <Text c="dimmed" ta="center" py="lg">
          No stones yet.{canEdit ? ' Add the first one with “Add stone”.' : ''}
        </Text>
      )}
      {total > PAGE_SIZE && (
        <Group justify="flex-end" gap="xs">
          <Text size="sm" c="dimmed">
            {first}–{last} of {total}
          </Text>
          <Button variant="default" size="xs" disabled={page === 0} onClick={() => setPage((p) => p - 1)}>
            Previous
          </Button>
          <Button variant="default" size="xs" disabled={last >= total} onClick={() => setPage((p) => p + 1)}>
            Next
          </Button>
        </Group>
      )}
      {editing && <StoneForm stone={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} />}
    </Stack>
  );
}

import { Badge, Button, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { SessionUser } from '../api-types';
import { SALES_STATUSES, type SalesStatus } from '../../../shared/enums';
import { hiddenFields } from '../../../shared/privacy';
import { errorMessage } from '../common/errors';
import { SALES_STATUS_COLORS, SALES_STATUS_LABELS } from '../inquiries/labels';
import { useTRPC } from '../trpc';
import { BuyerForm } from './BuyerForm';
import { BuyerProfile } from './BuyerProfile';
import { ImportBuyers } from './ImportBuyers';
import { openBuyer, useHashParam } from './links';

/** The buyers list; a buyer's profile is #/buyers/<id>. */
export function BuyersScreen({ user }: { user: SessionUser }) {
  const openId = useHashParam();
  if (openId) return <BuyerProfile key={openId} id={openId} user={user} />;
  return <BuyerList user={user} />;
}

function BuyerList({ user }: { user: SessionUser }) {
  const trpc = useTRPC();
  const [search, setSearch] = useState('');
  const [salesStatus, setSalesStatus] = useState<string | null>(null);
  const [debounced] = useDebouncedValue(search, 150);
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);
  const list = useQuery({
    ...trpc.buyers.list.queryOptions({
      search: debounced || undefined,
      salesStatus: (salesStatus ?? undefined) as SalesStatus | undefined,
    }),
    placeholderData: keepPreviousData,
  });
  const isAdmin = user.role === 'admin';
  const rows = list.data ?? [];
  const showContact = !hiddenFields('Buyer', user.role).includes('email');

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Group gap="md" align="baseline">
          <Title order={3}>Buyers</Title>
          <Text size="sm" c="dimmed" data-testid="buyers-summary">
            {rows.length} {rows.length === 1 ? 'buyer' : 'buyers'}
          </Text>
        </Group>
        {isAdmin && (
          <Group gap="xs">
            <Button variant="default" onClick={() => setImporting(true)}>
              Import CSV
            </Button>
            <Button onClick={() => setAdding(true)}>Add buyer</Button>
          </Group>
        )}
      </Group>
      <Group gap="sm" role="search" aria-label="Find buyers">
        <TextInput
          placeholder="Search company, contact, code…"
          aria-label="Search buyers"
          w={320}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          onKeyDown={(e) => e.key === 'Enter' && rows[0] && openBuyer(rows[0].id)}
        />
        <Select
          aria-label="Sales status"
          placeholder="Any status"
          w={160}
          clearable
          data={SALES_STATUSES.map((s) => ({ value: s, label: SALES_STATUS_LABELS[s] ?? s }))}
          value={salesStatus}
          onChange={setSalesStatus}
        />
      </Group>
      {list.isError && <Text c="red">{errorMessage(list.error)}</Text>}
      {/* Fixed widths: a buyer code and a status badge always fit whole at 1366 px; long names end in "…". */}
      <Table
        className="loupe-table"
        layout="fixed"
        striped
        highlightOnHover
        withTableBorder
        stickyHeader
        verticalSpacing={6}
        aria-label="Buyers"
      >
        <colgroup>
          {[8, 17, 13, ...(showContact ? [15] : []), 10, 11, 14, 12].map((width, i) => (
            <col key={i} style={{ width: `${width}%` }} />
          ))}
        </colgroup>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Code</Table.Th>
            <Table.Th>Company</Table.Th>
            <Table.Th>Contact</Table.Th>
            {showContact && <Table.Th>Email</Table.Th>}
            <Table.Th>Prefers</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Account manager</Table.Th>
            <Table.Th ta="right">Open inquiries</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((b) => (
            <Table.Tr
              key={b.id}
              data-testid="buyer-row"
              tabIndex={0}
              style={{ cursor: 'pointer' }}
              onClick={() => openBuyer(b.id)}
              onKeyDown={(e) => e.key === 'Enter' && openBuyer(b.id)}
            >
              <Table.Td ff="monospace">{b.buyerCode}</Table.Td>
              <Table.Td title={b.companyName}>{b.companyName}</Table.Td>
              <Table.Td title={b.contactName}>{b.contactName}</Table.Td>
              {showContact && <Table.Td title={b.email ?? undefined}>{b.email ?? '—'}</Table.Td>}
              <Table.Td c="dimmed" title={b.preferredGemstoneTypes.join(', ')}>
                {b.preferredGemstoneTypes.join(', ') || '—'}
              </Table.Td>
              <Table.Td>
                <Badge color={SALES_STATUS_COLORS[b.salesStatus] ?? 'gray'} variant="light">
                  {SALES_STATUS_LABELS[b.salesStatus] ?? b.salesStatus}
                </Badge>
              </Table.Td>
              <Table.Td>{b.accountManagerName ?? '—'}</Table.Td>
              <Table.Td ta="right">{b.openInquiries}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {list.data && rows.length === 0 && (
        <Text c="dimmed" ta="center" py="lg">
          {search || salesStatus
            ? 'No buyer matches.'
            : `No buyers yet.${isAdmin ? ' Add the first one with “Add buyer”.' : ''}`}
        </Text>
      )}
      {adding && <BuyerForm user={user} onClose={() => setAdding(false)} onSaved={openBuyer} />}
      {importing && <ImportBuyers onClose={() => setImporting(false)} />}
    </Stack>
  );
}

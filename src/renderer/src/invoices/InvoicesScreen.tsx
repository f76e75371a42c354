import { Alert, Badge, Checkbox, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { SessionUser } from '../api-types';
import { formatDay, money } from '../../../shared/format';
import { invoiceShortNumber } from '../../../shared/invoice-inputs';
import { useHashParam } from '../buyers/links';
import { errorMessage } from '../common/errors';
import { useTRPC } from '../trpc';
import { InvoicePanel } from './InvoicePanel';
import { invoiceHref, seesInvoices, STATUS_COLOURS } from './types';

// Invoices: every sale's invoice, newest first, filtered by the days issued and what is unpaid; the open
// invoice (#/invoices/<id>) shows beside the list with its lines, taxes and payments.

export function InvoicesScreen({ user }: { user: SessionUser }) {
  const trpc = useTRPC();
  const open = useHashParam();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [unpaidOnly, setUnpaidOnly] = useState(false);
  const [buyer, setBuyer] = useState<string | null>(null);
  const allowed = seesInvoices(user.role);
  const buyers = useQuery({ ...trpc.buyers.list.queryOptions(), enabled: allowed });
  const list = useQuery({
    ...trpc.invoices.list.queryOptions({
      from: from || undefined,
      to: to || undefined,
      buyer: buyer ?? undefined,
      unpaidOnly,
    }),
    enabled: allowed,
    placeholderData: keepPreviousData,
  });
  if (!allowed) return <Alert color="gray">Invoices carry prices: administrators and coordinators see them.</Alert>;
  return (
    <Stack gap="md">
      <Title order={3}>Invoices</Title>
      <Group align="flex-end" gap="sm" role="search" aria-label="Filter invoices">
        <Select
          label="Buyer"
          placeholder="All buyers"
          searchable
          clearable
          data={(buyers.data ?? []).map((b) => ({ value: b.id, label: `${b.companyName} (${b.buyerCode})` }))}
          value={buyer}
          onChange={setBuyer}
          w={260}
        />
        <TextInput type="date" label="Issued from" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
        <TextInput type="date" label="Issued to" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
        <Checkbox
          label="Unpaid only"
          checked={unpaidOnly}
          onChange={(e) => setUnpaidOnly(e.currentTarget.checked)}
          mb={8}
        />
      </Group>
      {list.isError && <Alert color="red">{errorMessage(list.error)}</Alert>}
      <Group align="flex-start" gap="lg" wrap="nowrap">
        <Table
          striped
          highlightOnHover
          withTableBorder
          verticalSpacing={4}
          fz="sm"
          aria-label="Invoices"
          style={{ flex: open ? '0 0 48%' : '1 1 auto' }}
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Invoice</Table.Th>
              <Table.Th>Date</Table.Th>
              <Table.Th>Buyer</Table.Th>
              <Table.Th ta="right">Total</Table.Th>
              <Table.Th ta="right">Balance due</Table.Th>
              <Table.Th>Status</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(list.data ?? []).map((invoice) => (
              <Table.Tr
                key={invoice.id}
                style={{ cursor: 'pointer' }}
                bg={invoice.id === open ? 'var(--mantine-color-blue-light)' : undefined}
                onClick={() => (window.location.hash = invoiceHref(invoice.id))}
              >
                <Table.Td>{invoiceShortNumber(invoice)}</Table.Td>
                <Table.Td>{formatDay(invoice.issuedAt)}</Table.Td>
                <Table.Td>{invoice.buyerCompany ?? '—'}</Table.Td>
                <Table.Td ta="right">{money(invoice.total, invoice.currency)}</Table.Td>
                <Table.Td ta="right">{money(invoice.balanceDue, invoice.currency)}</Table.Td>
                <Table.Td>
                  <Badge color={STATUS_COLOURS[invoice.statusWord]} variant="light">
                    {invoice.statusWord}
                  </Badge>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {open && <InvoicePanel id={open} user={user} />}
      </Group>
      {list.data?.length === 0 && (
        <Text c="dimmed" size="sm">
          No invoices {unpaidOnly ? 'with a balance due ' : ''}in this period. An invoice is made when an inquiry closes
          as sold.
        </Text>
      )}
    </Stack>
  );
}

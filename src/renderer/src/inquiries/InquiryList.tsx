import { Badge, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { INQUIRY_FILTER_STATUSES } from '../../../shared/sales';
import { COMMON_CURRENCIES } from '../../../shared/money';
import { openInquiry } from '../buyers/links';
import { errorMessage } from '../common/errors';
import { daysSince, formatDate, fromDateInput, throughDay } from '../follow-ups/dates';
import { useTRPC } from '../trpc';
import { money, OUTCOME_COLORS, OUTCOME_LABELS, STATUS_COLORS, STATUS_LABELS } from './labels';

const STATUS_OPTIONS = INQUIRY_FILTER_STATUSES.map((s) => ({
  value: s,
  label: s === 'open' ? 'Open (not closed)' : STATUS_LABELS[s],
}));

/** Every inquiry, filtered by status, handler, buyer, currency and follow-up date; soonest follow-up first. */
export function InquiryList() {
  const trpc = useTRPC();
  const [status, setStatus] = useState<string | null>('open');
  const [handledBy, setHandledBy] = useState<string | null>(null);
  const [buyer, setBuyer] = useState<string | null>(null);
  const [currency, setCurrency] = useState<string | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const staff = useQuery(trpc.auth.staff.list.queryOptions());
  const buyers = useQuery(trpc.buyers.list.queryOptions());
  const list = useQuery({
    ...trpc.inquiries.list.queryOptions({
      status: (status ?? undefined) as (typeof INQUIRY_FILTER_STATUSES)[number] | undefined,
      handledBy: handledBy ?? undefined,
      buyer: buyer ?? undefined,
      currency: currency ?? undefined,
      followUpFrom: fromDateInput(from) ?? undefined,
      // The "to" day is included: up to the start of the next day.
      followUpTo: throughDay(to),
    }),
    placeholderData: keepPreviousData,
  });

  const rows = list.data ?? [];
  return (
    <Stack gap="sm">
      <Group gap="sm" align="flex-end" role="search" aria-label="Filter inquiries">
        <Select
          label="Status"
          w={170}
          data={STATUS_OPTIONS}
          value={status}
          onChange={setStatus}
          clearable
          placeholder="Any"
        />
        <Select
          label="Handled by"
          w={180}
          data={(staff.data ?? []).map((s) => ({ value: s.id, label: s.fullName }))}
          value={handledBy}
          onChange={setHandledBy}
          clearable
          placeholder="Anyone"
        />
        <Select
          label="Buyer"
          w={220}
          searchable
          data={(buyers.data ?? []).map((b) => ({ value: b.id, label: `${b.companyName} (${b.buyerCode})` }))}
          value={buyer}
          onChange={setBuyer}
          clearable
          placeholder="Any buyer"
        />
        <Select
          label="Currency"
          w={110}
          searchable
          data={[...COMMON_CURRENCIES]}
          value={currency}
          onChange={setCurrency}
          clearable
          placeholder="Any"
        />
        <TextInput type="date" label="Follow-up from" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
        <TextInput type="date" label="to" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
      </Group>
      {list.isError && <Text c="red">{errorMessage(list.error)}</Text>}
      <Table striped highlightOnHover withTableBorder verticalSpacing={6} aria-label="Inquiries">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Buyer</Table.Th>
            <Table.Th>Stone</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th ta="right">Requested</Table.Th>
            <Table.Th ta="right">Quoted</Table.Th>
            <Table.Th>Handled by</Table.Th>
            <Table.Th>Follow up</Table.Th>
            <Table.Th ta="right">Days in stage</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((i) => (
            <Table.Tr
              key={i.id}
              tabIndex={0}
              style={{ cursor: 'pointer' }}
              onClick={() => openInquiry(i.id)}
              onKeyDown={(e) => e.key === 'Enter' && openInquiry(i.id)}
              data-testid="inquiry-row"
            >
              <Table.Td>{i.buyerName}</Table.Td>
              <Table.Td>
                <Text span ff="monospace" size="sm">
                  {i.sku}
                </Text>{' '}
                <Text span c="dimmed" size="sm">
                  {i.gemstoneType}
                </Text>
              </Table.Td>
              <Table.Td>
                <Group gap={4}>
                  <Badge color={STATUS_COLORS[i.inquiryStatus]} variant="light">
                    {STATUS_LABELS[i.inquiryStatus]}
                  </Badge>
                  {i.outcome && (
                    <Badge color={OUTCOME_COLORS[i.outcome]} variant="outline">
                      {OUTCOME_LABELS[i.outcome]}
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td ta="right" ff="monospace">
                {i.requestedCaratWeight.toFixed(2)} ct
              </Table.Td>
              <Table.Td ta="right" ff="monospace">
                {'quotedPrice' in i ? money(i.quotedPrice, i.currency) : i.currency}
              </Table.Td>
              <Table.Td>{i.handledByName ?? '—'}</Table.Td>
              <Table.Td>{formatDate(i.followUpAt)}</Table.Td>
              <Table.Td ta="right">{i.inquiryStatus === 'closed' ? '—' : daysSince(i.statusChangedAt)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {list.data && rows.length === 0 && (
        <Text c="dimmed" ta="center" py="lg">
          No inquiries match these filters.
        </Text>
      )}
    </Stack>
  );
}

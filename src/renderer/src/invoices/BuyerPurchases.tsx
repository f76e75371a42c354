import { Alert, Badge, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { SessionUser } from '../api-types';
import { formatDay, money } from '../../../shared/format';
import { invoiceShortNumber } from '../../../shared/invoice-inputs';
import { VALUE_LABELS } from '../../../shared/record-rules';
import { errorMessage } from '../common/errors';
import { useTRPC } from '../trpc';
import { invoiceHref, seesInvoices, STATUS_COLOURS } from './types';

/** A buyer's invoices and the payments received from them (admins and coordinators: these are prices). */
export function BuyerPurchases({ buyer, user }: { buyer: string; user: SessionUser }) {
  const trpc = useTRPC();
  const allowed = seesInvoices(user.role);
  const data = useQuery({ ...trpc.invoices.forBuyer.queryOptions({ buyer }), enabled: allowed });
  if (!allowed) return null;
  return (
    <Stack gap={6} component="section" aria-label="Purchases and payments">
      <Title order={5}>Purchases and payments</Title>
      {data.isError && <Alert color="red">{errorMessage(data.error)}</Alert>}
      {data.data && data.data.invoices.length === 0 && (
        <Text size="sm" c="dimmed">
          No purchases yet.
        </Text>
      )}
      {data.data && data.data.invoices.length > 0 && (
        <Table withTableBorder striped verticalSpacing={4} fz="sm" aria-label="Purchases">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Invoice</Table.Th>
              <Table.Th>Date</Table.Th>
              <Table.Th ta="right">Total</Table.Th>
              <Table.Th ta="right">Paid</Table.Th>
              <Table.Th ta="right">Balance due</Table.Th>
              <Table.Th>Status</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.data.invoices.map((invoice) => (
              <Table.Tr key={invoice.id}>
                <Table.Td>
                  <a href={invoiceHref(invoice.id)}>{invoiceShortNumber(invoice)}</a>
                </Table.Td>
                <Table.Td>{formatDay(invoice.issuedAt)}</Table.Td>
                <Table.Td ta="right">{money(invoice.total, invoice.currency)}</Table.Td>
                <Table.Td ta="right">{money(invoice.paid, invoice.currency)}</Table.Td>
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
      )}
      {data.data && data.data.payments.length > 0 && (
        <Table withTableBorder verticalSpacing={4} fz="sm" aria-label="Payments received">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Received</Table.Th>
              <Table.Th>Invoice</Table.Th>
              <Table.Th>Paid by</Table.Th>
              <Table.Th ta="right">Amount</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.data.payments.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td>{formatDay(p.receivedAt)}</Table.Td>
                <Table.Td>{invoiceShortNumber(p)}</Table.Td>
                <Table.Td>{VALUE_LABELS[p.method] ?? p.method}</Table.Td>
                <Table.Td ta="right">{money(p.amount, p.currency)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

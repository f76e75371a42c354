import { Alert, Badge, Button, Group, Modal, Paper, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { SessionUser } from '../api-types';
import { formatDay, money } from '../../../shared/format';
import { invoiceNumberText } from '../../../shared/invoice-inputs';
import { toMinorUnits } from '../../../shared/money';
import { VALUE_LABELS } from '../../../shared/record-rules';
import { buyerHref } from '../buyers/links';
import { errorMessage } from '../common/errors';
import { download } from '../inventory/desk-store';
import { useTRPC, useTRPCClient } from '../trpc';
import { PaymentDialog } from './PaymentDialog';
import { STATUS_COLOURS, type InvoiceDetail } from './types';

/** One invoice: its lines, taxes and totals, the payments received, and what can be done with it. */
export function InvoicePanel({ id, user }: { id: string; user: SessionUser }) {
  const trpc = useTRPC();
  const invoice = useQuery(trpc.invoices.get.queryOptions({ id }));
  const [paying, setPaying] = useState(false);
  const [voiding, setVoiding] = useState(false);
  if (invoice.isError) return <Alert color="red">{errorMessage(invoice.error)}</Alert>;
  const inv = invoice.data;
  if (!inv) return null;
  const major = (amount: number) => money(toMinorUnits(amount, inv.currency), inv.currency);
  return (
    <Paper withBorder p="md" style={{ flex: 1, minWidth: 0 }} aria-label="Invoice">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <Stack gap={2}>
            <Title order={4}>Invoice {inv.invoiceNumber ?? ''}</Title>
            {!inv.invoiceNumber && <Text size="sm">{invoiceNumberText(inv)}</Text>}
            <Text size="sm" c="dimmed">
              {formatDay(inv.issuedAt)} · <a href={buyerHref(inv.buyer)}>{inv.buyerCompany ?? 'Buyer'}</a>
              {inv.buyerContact ? `, ${inv.buyerContact}` : ''}
            </Text>
          </Stack>
          <Badge color={STATUS_COLOURS[inv.statusWord]} size="lg" variant="light" data-testid="invoice-status">
            {inv.statusWord}
          </Badge>
        </Group>
        <Table withTableBorder verticalSpacing={4} fz="sm" aria-label="Invoice lines">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>SKU</Table.Th>
              <Table.Th>Description</Table.Th>
              <Table.Th ta="right">Carat</Table.Th>
              <Table.Th ta="right">Amount</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {inv.lines.map((line) => (
              <Table.Tr key={line.sku}>
                <Table.Td>{line.sku}</Table.Td>
                <Table.Td>{line.description}</Table.Td>
                <Table.Td ta="right">{line.caratWeight.toFixed(2)} ct</Table.Td>
                <Table.Td ta="right">{major(line.amount)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Totals invoice={inv} major={major} />
        <Payments invoice={inv} />
        {inv.note && (
          <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
            {inv.note}
          </Text>
        )}
        <Group gap="xs">
          {inv.status === 'issued' && inv.balanceDue > 0 && (
            <Button onClick={() => setPaying(true)}>Record payment</Button>
          )}
          <PdfButton id={inv.id} />
          {user.role === 'admin' && inv.status === 'issued' && (
            <Button color="red" variant="light" onClick={() => setVoiding(true)}>
              Void
            </Button>
          )}
        </Group>
      </Stack>
      {paying && <PaymentDialog invoice={inv} onClose={() => setPaying(false)} />}
      {voiding && <VoidDialog invoice={inv} onClose={() => setVoiding(false)} />}
    </Paper>
  );
}

function Totals({ invoice, major }: { invoice: InvoiceDetail; major: (amount: number) => string }) {
  const row = (label: string, value: string, bold = false) => (
    <Group justify="space-between" fw={bold ? 700 : undefined} fz="sm" key={label}>
      <span>{label}</span>
      <span>{value}</span>
    </Group>
  );
  return (
    <Stack gap={2} maw={360} ml="auto" w="100%" aria-label="Invoice totals">
      {row('Subtotal', money(invoice.subtotal, invoice.currency))}
      {invoice.taxLines.map((tax) => row(`${tax.label} ${tax.ratePercent} %`, major(tax.amount)))}
      {row('Total', money(invoice.total, invoice.currency), true)}
      {row('Paid', money(invoice.paid, invoice.currency))}
      {row('Balance due', money(invoice.balanceDue, invoice.currency), true)}
    </Stack>
  );
}

function Payments({ invoice }: { invoice: InvoiceDetail }) {
  if (invoice.payments.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No payments received yet.
      </Text>
    );
  return (
    <Table withTableBorder verticalSpacing={4} fz="sm" aria-label="Payments">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Received</Table.Th>
          <Table.Th>Paid by</Table.Th>
          <Table.Th>Reference</Table.Th>
          <Table.Th ta="right">Amount</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {invoice.payments.map((p) => (
          <Table.Tr key={p.id}>
            <Table.Td>{formatDay(p.receivedAt)}</Table.Td>
            <Table.Td>{VALUE_LABELS[p.method] ?? p.method}</Table.Td>
            <Table.Td>{p.reference ?? ''}</Table.Td>
            <Table.Td ta="right">{money(p.amount, p.currency)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function PdfButton({ id }: { id: string }) {
  const client = useTRPCClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const file = await client.invoices.pdf.query({ id });
      download(file.fileName, file.mimeType, { base64: file.data });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button variant="default" onClick={save} loading={busy}>
        Print / save PDF
      </Button>
      {error && (
        <Text c="red" size="sm">
          {error}
        </Text>
      )}
    </>
  );
}

function VoidDialog({ invoice, onClose }: { invoice: InvoiceDetail; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const voidIt = useMutation(
    trpc.invoices.void.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.invoices.pathKey() });
        onClose();
      },
    }),
  );
  return (
    <Modal opened onClose={onClose} title={`Void invoice ${invoice.invoiceNumber ?? invoice.provisionalNumber}`}>
      <Stack gap="sm">
        <Text size="sm">A void invoice stays on record and takes no payments. This cannot be undone.</Text>
        <Textarea label="Why is it void?" value={reason} onChange={(e) => setReason(e.currentTarget.value)} autosize />
        {voidIt.error && <Alert color="red">{errorMessage(voidIt.error)}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Keep it
          </Button>
          <Button color="red" loading={voidIt.isPending} onClick={() => voidIt.mutate({ id: invoice.id, reason })}>
            Void invoice
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

import { Alert, Button, Group, Modal, NumberInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { format } from 'date-fns';
import { PAYMENT_METHODS, type PaymentMethod } from '../../../shared/enums';
import { money } from '../../../shared/format';
import { paymentMinor } from '../../../shared/invoice-inputs';
import { currencyExponent, toMajorUnits } from '../../../shared/money';
import { VALUE_LABELS } from '../../../shared/record-rules';
import { errorMessage, fieldErrorsOf } from '../common/errors';
import { useTRPC } from '../trpc';
import type { InvoiceDetail } from './types';

interface Values {
  amount: number | string;
  method: PaymentMethod | null;
  receivedOn: string;
  reference: string;
}

/** Money received against an invoice: at most the balance due, on a day not in the future. */
export function PaymentDialog({ invoice, onClose }: { invoice: InvoiceDetail; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const today = format(new Date(), 'yyyy-MM-dd');
  const form = useForm<Values>({
    initialValues: {
      amount: toMajorUnits(invoice.balanceDue, invoice.currency),
      method: 'bank_transfer',
      receivedOn: today,
      reference: '',
    },
    validate: {
      amount: (value) => {
        if (typeof value !== 'number' || !(value > 0)) return 'Enter the amount received';
        const minor = paymentMinor(value, invoice.currency);
        if (typeof minor === 'string') return minor;
        if (minor > invoice.balanceDue)
          return `That is more than the balance due (${money(invoice.balanceDue, invoice.currency)})`;
        return null;
      },
      method: (value) => (value ? null : 'Choose how it was paid'),
      receivedOn: (value) =>
        !value ? 'Enter the day it was received' : value > today ? 'Not a day in the future' : null,
    },
  });
  const record = useMutation(
    trpc.invoices.recordPayment.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.invoices.pathKey() });
        onClose();
      },
      onError: (error) =>
        form.setErrors(
          Object.fromEntries(
            Object.entries(fieldErrorsOf(error)).map(([k, v]) => [k === 'receivedAt' ? 'receivedOn' : k, v]),
          ),
        ),
    }),
  );
  const submit = form.onSubmit((values) => {
    // The day picked, at this moment's time when it is today (so it is never in the future), else at noon.
    const at = values.receivedOn === today ? new Date() : new Date(`${values.receivedOn}T12:00:00`);
    record.mutate({
      invoice: invoice.id,
      amount: Number(values.amount),
      method: values.method!,
      receivedAt: at.toISOString(),
      reference: values.reference || undefined,
    });
  });
  return (
    <Modal opened onClose={onClose} title="Record payment">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Text size="sm">Balance due: {money(invoice.balanceDue, invoice.currency)}</Text>
          <NumberInput
            label={`Amount (${invoice.currency})`}
            decimalScale={currencyExponent(invoice.currency)}
            thousandSeparator=","
            min={0}
            {...form.getInputProps('amount')}
          />
          <Select
            label="Paid by"
            data={PAYMENT_METHODS.map((m) => ({ value: m, label: VALUE_LABELS[m] ?? m }))}
            allowDeselect={false}
            {...form.getInputProps('method')}
          />
          <TextInput type="date" label="Received on" max={today} {...form.getInputProps('receivedOn')} />
          <TextInput
            label="Reference"
            placeholder="Bank reference, cheque number…"
            {...form.getInputProps('reference')}
          />
          {record.error && !Object.keys(fieldErrorsOf(record.error)).length && (
            <Alert color="red">{errorMessage(record.error)}</Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={record.isPending}>
              Record payment
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

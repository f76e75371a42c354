import {
  ActionIcon,
  Alert,
  Button,
  Group,
  NumberInput,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { SessionUser } from '../api-types';
import type { SellerDetails } from '../../../shared/invoice-inputs';
import { errorMessage } from '../common/errors';
import { useTRPC } from '../trpc';

// Settings → Invoices (administrators): the tax lines new invoices carry, and the dealer's name, address
// and tax number printed at the head of every invoice.

interface TaxRow {
  label: string;
  ratePercent: number | string;
}

export function InvoiceSettings({ user }: { user: SessionUser }) {
  if (user.role !== 'admin') return null;
  return (
    <Stack gap="xs" component="section" aria-label="Invoices">
      <Title order={4}>Invoices</Title>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        <TaxLines />
        <Seller />
      </SimpleGrid>
    </Stack>
  );
}

function TaxLines() {
  const trpc = useTRPC();
  const current = useQuery(trpc.invoices.settings.taxRates.queryOptions());
  const form = useForm<{ rates: TaxRow[] }>({
    initialValues: { rates: [] },
    validate: {
      rates: {
        label: (value) => (value.trim() ? null : 'Name the tax (for example “VAT”)'),
        ratePercent: (value) =>
          typeof value !== 'number' || value < 0 || value > 100 ? 'A rate between 0 and 100 %' : null,
      },
    },
  });
  useEffect(() => {
    if (!current.data) return;
    form.setValues({ rates: current.data });
    form.resetDirty({ rates: current.data });
    // Only when the saved rates arrive or change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [current.data]);
  const save = useMutation(trpc.invoices.settings.setTaxRates.mutationOptions({ onSuccess: () => current.refetch() }));
  return (
    <form
      onSubmit={form.onSubmit((v) =>
        save.mutate({ rates: v.rates.map((r) => ({ label: r.label, ratePercent: Number(r.ratePercent) })) }),
      )}
    >
      <Stack gap="xs">
        <Text fw={600} size="sm">
          Tax lines
        </Text>
        <Text size="xs" c="dimmed">
          Each is charged on the subtotal of new invoices. Invoices already issued keep their taxes.
        </Text>
        {form.values.rates.map((_, i) => (
          <Group key={i} gap="xs" align="flex-start">
            <TextInput aria-label="Tax name" placeholder="VAT" {...form.getInputProps(`rates.${i}.label`)} />
            <NumberInput
              aria-label="Rate (%)"
              placeholder="7.7"
              decimalScale={3}
              suffix=" %"
              w={110}
              {...form.getInputProps(`rates.${i}.ratePercent`)}
            />
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label="Remove tax line"
              onClick={() => form.removeListItem('rates', i)}
              mt={6}
            >
              ×
            </ActionIcon>
          </Group>
        ))}
        {form.values.rates.length === 0 && (
          <Text size="sm" c="dimmed">
            No tax on invoices.
          </Text>
        )}
        {save.error && <Alert color="red">{errorMessage(save.error)}</Alert>}
        <Group gap="xs">
          <Button
            variant="default"
            size="xs"
            onClick={() => form.insertListItem('rates', { label: '', ratePercent: '' })}
            disabled={form.values.rates.length >= 5}
          >
            Add tax line
          </Button>
          <Button type="submit" size="xs" loading={save.isPending}>
            Save tax lines
          </Button>
          {save.isSuccess && !form.isDirty() && <Text size="xs">Saved</Text>}
        </Group>
      </Stack>
    </form>
  );
}

function Seller() {
  const trpc = useTRPC();
  const current = useQuery(trpc.invoices.settings.seller.queryOptions());
  const form = useForm<SellerDetails>({ initialValues: { name: '', address: '', taxId: '' } });
  useEffect(() => {
    if (!current.data) return;
    form.setValues(current.data);
    form.resetDirty(current.data);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [current.data]);
  const save = useMutation(trpc.invoices.settings.setSeller.mutationOptions({ onSuccess: () => current.refetch() }));
  return (
    <form onSubmit={form.onSubmit((v) => save.mutate(v))}>
      <Stack gap="xs">
        <Text fw={600} size="sm">
          Printed at the head of each invoice
        </Text>
        <TextInput label="Dealer name" {...form.getInputProps('name')} />
        <Textarea label="Address" autosize minRows={2} {...form.getInputProps('address')} />
        <TextInput label="Tax number" {...form.getInputProps('taxId')} />
        {save.error && <Alert color="red">{errorMessage(save.error)}</Alert>}
        <Group gap="xs">
          <Button type="submit" size="xs" loading={save.isPending}>
            Save details
          </Button>
          {save.isSuccess && !form.isDirty() && <Text size="xs">Saved</Text>}
        </Group>
      </Stack>
    </form>
  );
}

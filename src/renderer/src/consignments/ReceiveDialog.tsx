import {
  ActionIcon,
  Alert,
  Autocomplete,
  Button,
  Group,
  Modal,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery } from '@tanstack/react-query';
import { fromDateInput } from '../../../shared/calendar';
import { receiveConsignmentInput } from '../../../shared/consignments';
import { COMMON_CURRENCIES } from '../../../shared/money';
import { errorMessage, fieldErrorsOf } from '../common/errors';
import { schemaValidate, showFieldErrors } from '../common/schema-form';
import { parseAmount } from '../inquiries/labels';
import { useTRPC } from '../trpc';

// "Receive consignment": the supplier's memo (who, their memo no., terms, due back, currency) and the
// stones on it, each either already in the stock (by SKU) or new (the stone form's essentials). The core
// checks everything again and makes the new stones with the inventory's own rules, all in one write.

interface StoneRow {
  key: number;
  kind: 'existing' | 'new';
  sku: string;
  agreedPrice: string;
  gemstoneType: string | null;
  caratWeight: string;
  clarityGrade: string | null;
  location: string | null;
}

interface FormValues {
  supplier: string;
  supplierReference: string;
  terms: string;
  dueDate: string;
  currency: string;
  stones: StoneRow[];
}

let nextKey = 1;
const emptyRow = (kind: StoneRow['kind'] = 'new'): StoneRow => ({
  key: nextKey++,
  kind,
  sku: '',
  agreedPrice: '',
  gemstoneType: null,
  caratWeight: '',
  clarityGrade: null,
  location: 'Vault',
});

/** What the form sends: numbers from the amounts typed, a day as the instant it begins. */
function toInput(values: FormValues) {
  return {
    supplier: values.supplier,
    supplierReference: values.supplierReference,
    terms: values.terms,
    dueDate: fromDateInput(values.dueDate),
    currency: values.currency,
    stones: values.stones.map((row) => {
      const agreedPrice = parseAmount(row.agreedPrice) ?? undefined;
      if (row.kind === 'existing') return { kind: 'existing' as const, sku: row.sku, agreedPrice };
      const carats = row.caratWeight.trim().replace(',', '.');
      return {
        kind: 'new' as const,
        agreedPrice,
        stone: {
          sku: row.sku,
          gemstoneType: row.gemstoneType ?? '',
          caratWeight: carats === '' ? undefined : Number(carats),
          clarityGrade: row.clarityGrade ?? undefined,
          location: row.location ?? '',
        },
      };
    }),
  };
}

export function ReceiveDialog({ onClose }: { onClose: () => void }) {
  const trpc = useTRPC();
  const suppliers = useQuery(trpc.consignments.suppliers.queryOptions());
  const options = useQuery(trpc.inventory.formOptions.queryOptions());
  const form = useForm<FormValues>({
    initialValues: {
      supplier: '',
      supplierReference: '',
      terms: '',
      dueDate: '',
      currency: 'USD',
      stones: [emptyRow()],
    },
    validate: schemaValidate(receiveConsignmentInput, toInput),
  });
  const receive = useMutation(
    trpc.consignments.receive.mutationOptions({
      onSuccess: onClose,
      onError: (e) => showFieldErrors(form, e),
    }),
  );
  const submit = form.onSubmit((values) => receive.mutate(receiveConsignmentInput.parse(toInput(values))));
  const failure = receive.error && Object.keys(fieldErrorsOf(receive.error)).length === 0 ? receive.error : null;
  // A refusal about a whole row (the stone is sold, already consigned) shows under that row.
  const rowError = (i: number) => form.errors[`stones.${i}`];

  return (
    <Modal opened onClose={onClose} title="Receive consignment" size="xl" closeButtonProps={{ 'aria-label': 'Close' }}>
      <form onSubmit={submit} noValidate aria-label="Receive consignment">
        <Stack gap="sm">
          <SimpleGrid cols={3} spacing="sm">
            <Autocomplete
              label="Supplier"
              required
              data-autofocus
              description="The dealer who lent the stones"
              data={suppliers.data ?? []}
              {...form.getInputProps('supplier')}
            />
            <TextInput
              label="Their memo no."
              description="The supplier's reference"
              {...form.getInputProps('supplierReference')}
            />
            <TextInput
              type="date"
              label="Due back"
              description="When the stones go back"
              {...form.getInputProps('dueDate')}
            />
            <TextInput label="Terms" {...form.getInputProps('terms')} style={{ gridColumn: 'span 2' }} />
            <Autocomplete
              label="Currency"
              required
              data={[...COMMON_CURRENCIES]}
              {...form.getInputProps('currency')}
              onChange={(v) => form.setFieldValue('currency', v.toUpperCase())}
            />
          </SimpleGrid>
          <Text fw={600} size="sm">
            Stones
          </Text>
          <Stack gap={6} mah={330} style={{ overflowY: 'auto' }}>
            {form.values.stones.map((row, i) => (
              <Paper key={row.key} withBorder p={6} data-testid="consignment-row">
                <Group gap="xs" align="flex-start" wrap="nowrap">
                  <SegmentedControl
                    size="xs"
                    mt={4}
                    aria-label={`Stone ${i + 1}: new or in stock`}
                    style={{ flexShrink: 0 }}
                    data={[
                      { value: 'new', label: 'New' },
                      { value: 'existing', label: 'In stock' },
                    ]}
                    {...form.getInputProps(`stones.${i}.kind`)}
                  />
                  <TextInput
                    size="xs"
                    w={100}
                    placeholder="SKU"
                    aria-label={`Stone ${i + 1} SKU`}
                    value={row.sku}
                    onChange={(e) => form.setFieldValue(`stones.${i}.sku`, e.currentTarget.value)}
                    error={form.errors[`stones.${i}.sku`] ?? form.errors[`stones.${i}.stone.sku`]}
                  />
                  {row.kind === 'new' && (
                    <>
                      <Select
                        size="xs"
                        w={110}
                        placeholder="Type"
                        allowDeselect={false}
                        aria-label={`Stone ${i + 1} type`}
                        searchable
                        data={options.data?.gemstoneTypes ?? []}
                        {...form.getInputProps(`stones.${i}.gemstoneType`)}
                        error={form.errors[`stones.${i}.stone.gemstoneType`] ?? form.errors[`stones.${i}.gemstoneType`]}
                      />
                      <TextInput
                        size="xs"
                        w={70}
                        placeholder="Carats"
                        aria-label={`Stone ${i + 1} carat weight`}
                        inputMode="decimal"
                        {...form.getInputProps(`stones.${i}.caratWeight`)}
                        error={form.errors[`stones.${i}.stone.caratWeight`]}
                      />
                      <Select
                        size="xs"
                        w={120}
                        placeholder="Clarity"
                        allowDeselect={false}
                        aria-label={`Stone ${i + 1} clarity`}
                        searchable
                        data={options.data?.clarityGrades ?? []}
                        {...form.getInputProps(`stones.${i}.clarityGrade`)}
                        error={form.errors[`stones.${i}.stone.clarityGrade`] ?? form.errors[`stones.${i}.clarityGrade`]}
                      />
                      <Select
                        size="xs"
                        w={110}
                        placeholder="Location"
                        allowDeselect={false}
                        aria-label={`Stone ${i + 1} location`}
                        data={options.data?.locations ?? []}
                        {...form.getInputProps(`stones.${i}.location`)}
                        error={form.errors[`stones.${i}.stone.location`] ?? form.errors[`stones.${i}.location`]}
                      />
                    </>
                  )}
                  <TextInput
                    size="xs"
                    w={110}
                    placeholder="Agreed price"
                    aria-label={`Stone ${i + 1} agreed price`}
                    inputMode="decimal"
                    rightSection={<Text size="xs">{form.values.currency}</Text>}
                    {...form.getInputProps(`stones.${i}.agreedPrice`)}
                  />
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    mt={4}
                    aria-label={`Remove stone ${i + 1}`}
                    disabled={form.values.stones.length === 1}
                    onClick={() => form.removeListItem('stones', i)}
                  >
                    ×
                  </ActionIcon>
                </Group>
                {rowError(i) && (
                  <Text size="xs" c="red" mt={4} role="alert">
                    {rowError(i)}
                  </Text>
                )}
              </Paper>
            ))}
          </Stack>
          <Group gap="xs">
            <Button size="xs" variant="default" onClick={() => form.insertListItem('stones', emptyRow('new'))}>
              Add a new stone
            </Button>
            <Button size="xs" variant="default" onClick={() => form.insertListItem('stones', emptyRow('existing'))}>
              Add a stone in stock
            </Button>
          </Group>
          {(failure || form.errors.stones) && (
            <Alert color="red" role="alert">
              {failure ? errorMessage(failure) : form.errors.stones}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={receive.isPending}>
              Receive {form.values.stones.length === 1 ? 'stone' : `${form.values.stones.length} stones`}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

import {
  ActionIcon,
  Alert,
  Button,
  Group,
  Modal,
  NumberInput,
  Select,
  Stack,
  Table,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type KeyboardEvent } from 'react';
import { COMMON_CURRENCIES, toMajorUnits, toMinorUnits } from '../../../shared/money';
import { MEMO_MAX_DAYS, createMemoInput } from '../../../shared/memos';
import { errorMessage, fieldErrorsOf } from '../common/errors';
import { schemaValidate, showFieldErrors } from '../common/schema-form';
import { formatCarats } from '../inventory/desk-store';
import { useTRPC, useTRPCClient } from '../trpc';
import { dayOf, dueBackFromDay } from './links';

interface StoneRow {
  gemstone: string;
  sku: string;
  gemstoneType: string;
  caratWeight: number;
  /** Major units, as typed. */
  price: number | '';
}

interface Values {
  buyer: string | null;
  dueDay: string;
  terms: string;
  note: string;
  currency: string;
  stones: StoneRow[];
}

const DAY = 24 * 60 * 60 * 1000;

function minor(price: number | '', currency: string): number | null {
  if (price === '') return null;
  try {
    return toMinorUnits(price, currency);
  } catch {
    return NaN;
  }
}

const toInput = (v: Values) => ({
  buyer: v.buyer ?? '',
  dueBack: dueBackFromDay(v.dueDay),
  terms: v.terms || undefined,
  note: v.note || undefined,
  currency: v.currency,
  stones: v.stones.map((s) => ({ gemstone: s.gemstone, price: minor(s.price, v.currency) })),
});

/** A new memo: the buyer, when the stones are due back, the terms, and the stones typed or scanned by SKU. */
export function NewMemoDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (id: string) => void }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const buyers = useQuery(trpc.buyers.list.queryOptions());
  const [sku, setSku] = useState('');
  const [skuError, setSkuError] = useState<string | null>(null);
  const form = useForm<Values>({
    initialValues: {
      buyer: null,
      dueDay: dayOf(new Date(Date.now() + 14 * DAY)),
      terms: '',
      note: '',
      currency: 'USD',
      stones: [],
    },
    validate: (values) => ({
      ...schemaValidate(createMemoInput, toInput)(values),
      ...(values.buyer ? {} : { buyer: 'Choose a buyer' }),
    }),
  });
  const create = useMutation(
    trpc.memos.create.mutationOptions({
      onSuccess: (memo) => onCreated(memo.id),
      onError: (e) => showFieldErrors(form, e),
    }),
  );
  const addStone = async () => {
    const typed = sku.trim();
    if (!typed) return;
    setSkuError(null);
    if (form.values.stones.some((s) => s.sku.toLowerCase() === typed.toLowerCase())) {
      setSkuError(`${typed} is already on this memo.`);
      return;
    }
    try {
      const stone = await client.memos.stoneBySku.query({ sku: typed });
      if (stone.onMemoWith) {
        setSkuError(`${stone.sku} is out on memo with ${stone.onMemoWith}.`);
        return;
      }
      const sameCurrency = stone.askingPrice !== null && stone.priceCurrency === form.values.currency;
      form.insertListItem('stones', {
        gemstone: stone.id,
        sku: stone.sku,
        gemstoneType: stone.gemstoneType,
        caratWeight: stone.caratWeight,
        price: sameCurrency ? toMajorUnits(stone.askingPrice!, form.values.currency) : '',
      } satisfies StoneRow);
      setSku('');
    } catch (error) {
      setSkuError(errorMessage(error));
    }
  };
  const onSkuKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      void addStone();
    }
  };
  const options = (buyers.data ?? []).map((b) => ({ value: b.id, label: `${b.companyName} (${b.buyerCode})` }));
  const generalError = create.isError && Object.keys(fieldErrorsOf(create.error)).length === 0;

  return (
    <Modal opened onClose={onClose} title="New memo" size="xl" closeButtonProps={{ 'aria-label': 'Close' }}>
      <form onSubmit={form.onSubmit((v) => create.mutate(toInput(v)))} noValidate aria-label="New memo">
        <Stack gap="sm">
          <Group grow align="flex-start">
            <Select
              label="Buyer"
              required
              searchable
              data-autofocus
              data={options}
              nothingFoundMessage="No buyer by that name"
              {...form.getInputProps('buyer')}
            />
            <TextInput
              type="date"
              label="Due back"
              required
              description={`At most ${MEMO_MAX_DAYS} days ahead`}
              {...form.getInputProps('dueDay')}
              error={form.errors.dueDay ?? form.errors.dueBack}
            />
            <Select
              label="Currency"
              data={[...COMMON_CURRENCIES]}
              allowDeselect={false}
              {...form.getInputProps('currency')}
            />
          </Group>
          <Textarea label="Terms" autosize minRows={2} maxRows={4} {...form.getInputProps('terms')} />
          <Group align="flex-end" gap="xs">
            <TextInput
              label="Add a stone"
              placeholder="Type or scan a SKU, then Enter"
              value={sku}
              onChange={(e) => setSku(e.currentTarget.value)}
              onKeyDown={onSkuKey}
              error={skuError ?? form.errors.stones}
              style={{ flex: 1 }}
            />
            <Button variant="default" onClick={() => void addStone()}>
              Add
            </Button>
          </Group>
          {form.values.stones.length > 0 && (
            <Table withTableBorder verticalSpacing={2} aria-label="Stones on this memo">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>SKU</Table.Th>
                  <Table.Th>Type</Table.Th>
                  <Table.Th ta="right">Carats</Table.Th>
                  <Table.Th>Price ({form.values.currency})</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {form.values.stones.map((stone, i) => (
                  <Table.Tr key={stone.gemstone}>
                    <Table.Td ff="monospace">{stone.sku}</Table.Td>
                    <Table.Td>{stone.gemstoneType}</Table.Td>
                    <Table.Td ta="right">{formatCarats(stone.caratWeight)}</Table.Td>
                    <Table.Td>
                      <NumberInput
                        size="xs"
                        min={0}
                        thousandSeparator=","
                        aria-label={`Price of ${stone.sku}`}
                        {...form.getInputProps(`stones.${i}.price`)}
                      />
                    </Table.Td>
                    <Table.Td w={40}>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={`Remove ${stone.sku}`}
                        onClick={() => form.removeListItem('stones', i)}
                      >
                        ×
                      </ActionIcon>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          <TextInput label="Note" {...form.getInputProps('note')} />
          {generalError && (
            <Alert color="red" role="alert">
              {errorMessage(create.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Send out on memo
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

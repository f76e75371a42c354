import {
  Alert,
  Autocomplete,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { ScannedStone, SessionUser } from '../api-types';
import { COMMON_CURRENCIES } from '../../../shared/money';
import { createInquiryInput } from '../../../shared/sales';
import { errorMessage, fieldErrorsOf } from '../common/errors';
import { schemaValidate, showFieldErrors } from '../common/schema-form';
import { fromDateInput } from '../follow-ups/dates';
import { CERTIFICATE_STATUS_COLORS, CERTIFICATE_STATUS_LABELS } from '../inventory/labels';
import { useTRPC } from '../trpc';
import { HoldWarning } from './HoldWarning';
import { parseAmount } from './labels';

interface FormValues {
  buyer: string | null;
  sku: string;
  requestedCaratWeight: string;
  currency: string;
  quotedPrice: string;
  handledBy: string | null;
  followUpAt: string;
}

export interface InquiryPreset {
  buyer?: string;
  /** A stone already chosen (e.g. from "stones that fit"): its SKU is looked up as if scanned. */
  sku?: string;
}

/**
 * A new inquiry: from a buyer (preset) or from a stone — scan its SKU (a scanner types it and Enter) or
 * type it; the stone is looked up by exact SKU and its weight fills the requested weight.
 */
export function InquiryForm({
  user,
  preset = {},
  onClose,
  onCreated,
}: {
  user: SessionUser;
  preset?: InquiryPreset;
  onClose: () => void;
  onCreated?: (id: string) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const buyers = useQuery(trpc.buyers.list.queryOptions());
  const staff = useQuery(trpc.auth.staff.list.queryOptions());
  const [stone, setStone] = useState<ScannedStone | null>(null);
  const [lookup, setLookup] = useState<'idle' | 'looking' | 'missing'>('idle');
  /** What the form sends: the scanned stone, numbers from the weight and price typed. */
  const toInput = (values: FormValues) => {
    const caratText = values.requestedCaratWeight.trim().replace(',', '.');
    return {
      buyer: values.buyer ?? '',
      gemstone: stone?.id ?? '',
      requestedCaratWeight: caratText === '' ? undefined : Number(caratText),
      currency: values.currency,
      quotedPrice: parseAmount(values.quotedPrice),
      handledBy: values.handledBy ?? undefined,
      followUpAt: fromDateInput(values.followUpAt),
    };
  };
  const form = useForm<FormValues>({
    initialValues: {
      buyer: preset.buyer ?? null,
      sku: preset.sku ?? '',
      requestedCaratWeight: '',
      currency: 'USD',
      quotedPrice: '',
      handledBy: user.id,
      followUpAt: '',
    },
    validate: (values) => {
      // The stone comes from a lookup, not from the text typed: until it is found, that is the one problem.
      if (!stone)
        return { gemstone: values.sku.trim() ? 'Press Enter to look the SKU up' : 'Scan or type the stone’s SKU' };
      const errors = schemaValidate(createInquiryInput, toInput)(values);
      return errors.buyer ? { ...errors, buyer: 'Choose a buyer' } : errors;
    },
  });
  const { sku, currency } = form.values;
  const caratRef = useRef<HTMLInputElement>(null);
  const create = useMutation(
    trpc.inquiries.create.mutationOptions({
      onSuccess: (inquiry) => {
        onClose();
        onCreated?.(inquiry.id);
      },
      onError: (e) => showFieldErrors(form, e),
    }),
  );

  const findStone = async (text = sku) => {
    const wanted = text.trim();
    if (!wanted) return;
    setLookup('looking');
    const found = await queryClient.fetchQuery(
      trpc.inquiries.stoneBySku.queryOptions({ sku: wanted }, { staleTime: 0 }),
    );
    setStone(found);
    setLookup(found ? 'idle' : 'missing');
    form.clearFieldError('gemstone');
    if (found) {
      form.setFieldValue('sku', found.sku);
      if (!form.getValues().requestedCaratWeight)
        form.setFieldValue('requestedCaratWeight', found.caratWeight.toFixed(2));
      caratRef.current?.focus();
    }
  };
  // A preset SKU is looked up once, as if it had been scanned.
  useEffect(() => {
    if (preset.sku) void findStone(preset.sku);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const onSkuKey = (event: KeyboardEvent<HTMLInputElement>) => {
    // Enter after a scan looks the stone up; it does not submit the form.
    if (event.key === 'Enter') {
      event.preventDefault();
      void findStone(event.currentTarget.value);
    }
  };

  const submit = form.onSubmit((values) => create.mutate(createInquiryInput.parse(toInput(values))));

  const buyerOptions = (buyers.data ?? [])
    .filter((b) => b.salesStatus !== 'blocked')
    .map((b) => ({ value: b.id, label: `${b.companyName} (${b.buyerCode})` }));
  const handlerOptions = (staff.data ?? [])
    .filter((s) => s.role !== 'practitioner')
    .map((s) => ({ value: s.id, label: s.fullName }));
  const failure = create.error && Object.keys(fieldErrorsOf(create.error)).length === 0 ? create.error : null;

  return (
    <Modal opened onClose={onClose} title="New inquiry" size="lg" closeButtonProps={{ 'aria-label': 'Close' }}>
      <form onSubmit={submit} noValidate aria-label="New inquiry">
        <Stack gap="sm">
          <Select
            label="Buyer"
            required
            searchable
            data={buyerOptions}
            {...form.getInputProps('buyer')}
            data-autofocus={preset.buyer ? undefined : true}
            nothingFoundMessage="No buyer by that name"
          />
          <TextInput
            label="Stone SKU"
            description="Scan the stone’s label, or type its SKU and press Enter"
            required
            data-autofocus={preset.buyer ? true : undefined}
            value={sku}
            onChange={(e) => {
              form.setFieldValue('sku', e.currentTarget.value);
              setStone(null);
              setLookup('idle');
            }}
            onKeyDown={onSkuKey}
            onBlur={() => !stone && sku.trim() && void findStone()}
            error={form.errors.gemstone ?? (lookup === 'missing' ? `No stone with SKU ${sku.trim()}` : undefined)}
            rightSection={lookup === 'looking' ? '…' : undefined}
          />
          {stone && (
            <Paper withBorder p="xs" data-testid="scanned-stone">
              <Group gap="xs">
                <Text fw={600} ff="monospace">
                  {stone.sku}
                </Text>
                <Text size="sm">
                  {stone.gemstoneType} · {stone.caratWeight.toFixed(2)} ct · {stone.clarityGrade} · {stone.location}
                </Text>
                <Badge color={CERTIFICATE_STATUS_COLORS[stone.certificateStatus] ?? 'gray'} variant="light">
                  {CERTIFICATE_STATUS_LABELS[stone.certificateStatus] ?? stone.certificateStatus}
                </Badge>
              </Group>
            </Paper>
          )}
          {stone?.hold && <HoldWarning hold={stone.hold} />}
          <SimpleGrid cols={2} spacing="sm">
            <TextInput
              ref={caratRef}
              label="Requested carat weight"
              required
              inputMode="decimal"
              rightSection="ct"
              {...form.getInputProps('requestedCaratWeight')}
            />
            <Select
              label="Handled by"
              required
              allowDeselect={false}
              data={handlerOptions}
              {...form.getInputProps('handledBy')}
            />
            <Autocomplete
              label="Currency"
              required
              description="ISO 4217 code"
              data={[...COMMON_CURRENCIES]}
              {...form.getInputProps('currency')}
              onChange={(v) => form.setFieldValue('currency', v.toUpperCase())}
            />
            <TextInput
              label="Quoted price"
              description="Optional until the inquiry is quoted"
              inputMode="decimal"
              rightSection={<Text size="xs">{currency}</Text>}
              {...form.getInputProps('quotedPrice')}
            />
            <TextInput type="date" label="Follow up on" {...form.getInputProps('followUpAt')} />
          </SimpleGrid>
          {failure && (
            <Alert color="red" role="alert">
              {errorMessage(failure)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending} disabled={stone?.hold?.kind === 'sold'}>
              Create inquiry
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

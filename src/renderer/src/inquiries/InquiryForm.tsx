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
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { ScannedStone, SessionUser } from '../api-types';
import { COMMON_CURRENCIES } from '../../../shared/money';
import { createInquiryInput } from '../../../shared/sales';
import { errorMessage, fieldErrorsOf } from '../common/errors';
import { validate } from '../common/zod-form';
import { fromDateInput } from '../follow-ups/dates';
import { CERTIFICATE_STATUS_COLORS, CERTIFICATE_STATUS_LABELS } from '../inventory/labels';
import { useTRPC } from '../trpc';
import { HoldWarning } from './HoldWarning';
import { parseAmount } from './labels';

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
  const [buyer, setBuyer] = useState<string | null>(preset.buyer ?? null);
  const [sku, setSku] = useState(preset.sku ?? '');
  const [stone, setStone] = useState<ScannedStone | null>(null);
  const [lookup, setLookup] = useState<'idle' | 'looking' | 'missing'>('idle');
  const [carat, setCarat] = useState('');
  const [currency, setCurrency] = useState('USD');
  const [price, setPrice] = useState('');
  const [handledBy, setHandledBy] = useState<string | null>(user.id);
  const [followUp, setFollowUp] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const caratRef = useRef<HTMLInputElement>(null);
  const create = useMutation(
    trpc.inquiries.create.mutationOptions({
      onSuccess: (inquiry) => {
        onClose();
        onCreated?.(inquiry.id);
      },
      onError: (e) => setErrors(fieldErrorsOf(e)),
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
    setErrors(({ gemstone: _cleared, ...rest }) => rest);
    if (found) {
      setSku(found.sku);
      setCarat((c) => c || found.caratWeight.toFixed(2));
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

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!stone)
      return setErrors((e) => ({
        ...e,
        gemstone: sku.trim() ? 'Press Enter to look the SKU up' : 'Scan or type the stone’s SKU',
      }));
    const caratText = carat.trim().replace(',', '.');
    const input = {
      buyer: buyer ?? '',
      gemstone: stone.id,
      requestedCaratWeight: caratText === '' ? undefined : Number(caratText),
      currency,
      quotedPrice: parseAmount(price),
      handledBy: handledBy ?? undefined,
      followUpAt: fromDateInput(followUp),
    };
    const result = validate(createInquiryInput, input);
    if (!result.ok)
      return setErrors(result.errors.buyer ? { ...result.errors, buyer: 'Choose a buyer' } : result.errors);
    setErrors({});
    create.mutate(result.data);
  };

  const buyerOptions = (buyers.data ?? [])
    .filter((b) => b.salesStatus !== 'blocked')
    .map((b) => ({ value: b.id, label: `${b.companyName} (${b.buyerCode})` }));
  const handlerOptions = (staff.data ?? [])
    .filter((s) => s.role !== 'practitioner')
    .map((s) => ({ value: s.id, label: s.fullName }));
  const failure = create.error;

  return (
    <Modal opened onClose={onClose} title="New inquiry" size="lg" closeButtonProps={{ 'aria-label': 'Close' }}>
      <form onSubmit={submit} noValidate aria-label="New inquiry">
        <Stack gap="sm">
          <Select
            label="Buyer"
            required
            searchable
            data={buyerOptions}
            value={buyer}
            onChange={setBuyer}
            error={errors.buyer}
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
              setSku(e.currentTarget.value);
              setStone(null);
              setLookup('idle');
            }}
            onKeyDown={onSkuKey}
            onBlur={() => !stone && sku.trim() && void findStone()}
            error={errors.gemstone ?? (lookup === 'missing' ? `No stone with SKU ${sku.trim()}` : undefined)}
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
              value={carat}
              onChange={(e) => setCarat(e.currentTarget.value)}
              error={errors.requestedCaratWeight}
            />
            <Select
              label="Handled by"
              required
              allowDeselect={false}
              data={handlerOptions}
              value={handledBy}
              onChange={(v) => v && setHandledBy(v)}
              error={errors.handledBy}
            />
            <Autocomplete
              label="Currency"
              required
              description="ISO 4217 code"
              data={[...COMMON_CURRENCIES]}
              value={currency}
              onChange={(v) => setCurrency(v.toUpperCase())}
              error={errors.currency}
            />
            <TextInput
              label="Quoted price"
              description="Optional until the inquiry is quoted"
              inputMode="decimal"
              rightSection={<Text size="xs">{currency}</Text>}
              value={price}
              onChange={(e) => setPrice(e.currentTarget.value)}
              error={errors.quotedPrice}
            />
            <TextInput
              type="date"
              label="Follow up on"
              value={followUp}
              onChange={(e) => setFollowUp(e.currentTarget.value)}
              error={errors.followUpAt}
            />
          </SimpleGrid>
          {failure && Object.keys(fieldErrorsOf(failure)).length === 0 && (
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

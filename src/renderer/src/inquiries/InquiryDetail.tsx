import {
  Alert,
  Anchor,
  Autocomplete,
  Badge,
  Button,
  Divider,
  Group,
  Loader,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Timeline,
  Title,
} from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import type { InquiryDetail as Detail, SessionUser } from '../api-types';
import type { InquiryStatus } from '../../../shared/enums';
import { COMMON_CURRENCIES, formatMoney, toMinorUnits } from '../../../shared/money';
import { discountPercent, discountText } from '../../../shared/pricing';
import { INQUIRY_TRANSITIONS, inquiryChanges } from '../../../shared/sales';
import { ActivityForm } from '../activities/ActivityForm';
import { ActivityTimeline } from '../activities/ActivityTimeline';
import { buyerHref } from '../buyers/links';
import { isMismatchRefusal, MismatchOverride } from '../certificates/MismatchOverride';
import { errorMessage, fieldErrorsOf } from '../common/errors';
import { schemaValidate, showFieldErrors } from '../common/schema-form';
import { daysSince, formatDate, formatDateTime, fromDateInput, toDateInput } from '../follow-ups/dates';
import { CERTIFICATE_STATUS_LABELS } from '../inventory/labels';
import { useTRPC } from '../trpc';
import { CloseDialog } from './CloseDialog';
import {
  amountText,
  money,
  MOVE_LABELS,
  OUTCOME_COLORS,
  OUTCOME_LABELS,
  parseAmount,
  STATUS_COLORS,
  STATUS_LABELS,
} from './labels';
import { InquiryInvoiceLink } from '../invoices/InquiryInvoiceLink';

/** One inquiry: where it stands, its details (editable while open), its history and its activities. */
export function InquiryDetail({ id, user, onClose }: { id: string; user: SessionUser; onClose: () => void }) {
  const trpc = useTRPC();
  const inquiry = useQuery(trpc.inquiries.get.queryOptions({ id }));
  const activities = useQuery(trpc.activities.list.queryOptions({ inquiry: id }));
  const [closing, setClosing] = useState(false);
  const [logging, setLogging] = useState(false);
  const move = useMutation(trpc.inquiries.transition.mutationOptions());
  // An administrator may reserve despite a certificate mismatch, with a reason kept in the history.
  const [overriding, setOverriding] = useState(false);
  const canEdit = user.role !== 'practitioner';
  const data = inquiry.data;

  return (
    <Modal
      opened
      onClose={onClose}
      size="xl"
      title={data ? `Inquiry: ${data.sku} for ${data.buyerName}` : 'Inquiry'}
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      {inquiry.isPending && <Loader size="sm" aria-label="Loading" />}
      {inquiry.isError && <Alert color="red">{errorMessage(inquiry.error)}</Alert>}
      {data && (
        <Stack gap="md">
          <Group gap="xs">
            <Badge color={STATUS_COLORS[data.inquiryStatus]} size="lg" data-testid="inquiry-status">
              {STATUS_LABELS[data.inquiryStatus]}
            </Badge>
            {data.outcome && <Badge color={OUTCOME_COLORS[data.outcome]}>{OUTCOME_LABELS[data.outcome]}</Badge>}
            {data.mismatchOverride && (
              <Badge color="red" variant="outline">
                Reserved despite certificate mismatch
              </Badge>
            )}
            <Text size="sm" c="dimmed">
              {data.inquiryStatus === 'closed'
                ? `closed ${formatDate(data.statusChangedAt)}`
                : `${daysSince(data.statusChangedAt)} days in stage`}
            </Text>
          </Group>
          <Group gap="lg">
            <Text size="sm">
              Buyer: <Anchor href={buyerHref(data.buyer)}>{data.buyerName}</Anchor> ({data.buyerCode})
            </Text>
            <Text size="sm">
              Stone:{' '}
              <Text span ff="monospace">
                {data.sku}
              </Text>{' '}
              · {data.gemstoneType} · {data.caratWeight.toFixed(2)} ct · {data.stoneLocation} · certificate{' '}
              {CERTIFICATE_STATUS_LABELS[data.certificateStatus] ?? data.certificateStatus}
            </Text>
          </Group>
          {data.outcomeReason && <Text size="sm">Reason: {data.outcomeReason}</Text>}
          {data.outcome === 'sold' && <InquiryInvoiceLink inquiry={data.id} user={user} />}

          {canEdit && data.inquiryStatus !== 'closed' && (
            <Group gap="xs">
              {INQUIRY_TRANSITIONS[data.inquiryStatus].map((to: InquiryStatus) =>
                to === 'closed' ? (
                  <Button key={to} variant="default" onClick={() => setClosing(true)}>
                    Close…
                  </Button>
                ) : (
                  <Button key={to} onClick={() => move.mutate({ id, to })} loading={move.isPending}>
                    {to === 'quoted' ? 'Move to quoted' : MOVE_LABELS[to]}
                  </Button>
                ),
              )}
            </Group>
          )}
          {move.isError && (
            <Alert color="red" role="alert" title="Not moved" withCloseButton onClose={() => move.reset()}>
              {errorMessage(move.error)}
              {user.role === 'admin' && isMismatchRefusal(move.error) && (
                <Button size="xs" color="red" variant="outline" ml="sm" onClick={() => setOverriding(true)}>
                  Override as administrator…
                </Button>
              )}
            </Alert>
          )}

          <Divider label="Details" labelPosition="left" />
          {canEdit && data.inquiryStatus !== 'closed' ? (
            <DetailsForm inquiry={data} />
          ) : (
            <SimpleGrid cols={3} spacing="xs">
              <Text size="sm">Requested: {data.requestedCaratWeight.toFixed(2)} ct</Text>
              <Text size="sm">
                Quoted: {'quotedPrice' in data ? money(data.quotedPrice, data.currency) : `hidden (${data.currency})`}
              </Text>
              <Text size="sm">Handled by: {data.handledByName ?? '—'}</Text>
              <Text size="sm">Follow up: {formatDate(data.followUpAt)}</Text>
            </SimpleGrid>
          )}

          <Divider label="History" labelPosition="left" />
          <Timeline bulletSize={14} lineWidth={2} active={data.statusHistory.length}>
            {data.statusHistory.map((entry, i) => (
              <Timeline.Item
                key={i}
                title={entry.from ? `${STATUS_LABELS[entry.from]} → ${STATUS_LABELS[entry.to]}` : 'Created as new'}
              >
                <Text size="xs" c="dimmed">
                  {entry.byName ?? entry.by} · {formatDateTime(entry.at)}
                  {entry.outcome
                    ? ` · ${OUTCOME_LABELS[entry.outcome as keyof typeof OUTCOME_LABELS] ?? entry.outcome}`
                    : ''}
                  {entry.override ? ' · administrator override of a certificate mismatch' : ''}
                  {entry.rivalsClosed?.length
                    ? ` · closed ${entry.rivalsClosed.length === 1 ? 'another open inquiry' : `${entry.rivalsClosed.length} other open inquiries`} on this stone as lost`
                    : ''}
                </Text>
                {entry.reason && <Text size="sm">{entry.reason}</Text>}
              </Timeline.Item>
            ))}
          </Timeline>

          <Group justify="space-between">
            <Title order={5}>Activities</Title>
            <Button size="xs" variant="light" onClick={() => setLogging(true)}>
              Log activity
            </Button>
          </Group>
          <ActivityTimeline user={user} activities={activities.data ?? []} showInquiry={false} />
        </Stack>
      )}
      {closing && data && <CloseDialog inquiry={data} onClose={() => setClosing(false)} />}
      {overriding && data && move.error && (
        <MismatchOverride
          inquiry={data}
          refusal={errorMessage(move.error)}
          onClose={() => (setOverriding(false), move.reset())}
        />
      )}
      {logging && data && (
        <ActivityForm inquiry={id} about={`${data.sku} for ${data.buyerName}`} onClose={() => setLogging(false)} />
      )}
    </Modal>
  );
}

/** "8.5 % below asking (USD 12,500.00)", when the quote is in the stone's currency. */
function quoteAgainstAsking(
  quoted: string,
  currency: string,
  asking: number | null,
  askingCurrency: string | null,
): string | undefined {
  if (asking === null || !askingCurrency) return undefined;
  const askingText = `asking ${formatMoney(asking, askingCurrency)}`;
  const amount = parseAmount(quoted);
  if (typeof amount !== 'number' || !Number.isFinite(amount) || currency !== askingCurrency)
    return `The stone's ${askingText}`;
  let minor: number;
  try {
    minor = toMinorUnits(amount, currency);
  } catch {
    return `The stone's ${askingText}`;
  }
  return `${discountText(discountPercent(asking, minor))} (${askingText})`;
}

function DetailsForm({ inquiry }: { inquiry: Detail }) {
  const trpc = useTRPC();
  const staff = useQuery(trpc.auth.staff.list.queryOptions());
  // A quote starts from the stone's asking price, in its currency (the core sends it only to those who may see it).
  const asking = inquiry.stoneAskingPrice ?? null;
  const startsFromAsking = inquiry.quotedPrice == null && asking !== null && inquiry.stonePriceCurrency !== null;
  const startCurrency = startsFromAsking ? inquiry.stonePriceCurrency! : inquiry.currency;
  const initial = {
    requestedCaratWeight: inquiry.requestedCaratWeight.toFixed(2),
    currency: startCurrency,
    quotedPrice: startsFromAsking
      ? amountText(asking, startCurrency)
      : amountText(inquiry.quotedPrice, inquiry.currency),
    handledBy: inquiry.handledBy,
    followUpAt: toDateInput(inquiry.followUpAt),
  };
  const [saved, setSaved] = useState(false);
  /** What the form sends: numbers from the weight and price typed, the date as an instant. */
  const toChanges = (values: typeof initial) => {
    const caratText = values.requestedCaratWeight.trim().replace(',', '.');
    return {
      requestedCaratWeight: caratText === '' ? undefined : Number(caratText),
      currency: values.currency,
      quotedPrice: parseAmount(values.quotedPrice),
      handledBy: values.handledBy ?? undefined,
      followUpAt: fromDateInput(values.followUpAt),
    };
  };
  const form = useForm({
    initialValues: initial,
    validate: schemaValidate(inquiryChanges, toChanges),
    onValuesChange: () => setSaved(false),
  });
  const update = useMutation(
    trpc.inquiries.update.mutationOptions({
      onSuccess: () => setSaved(true),
      onError: (e) => showFieldErrors(form, e),
    }),
  );
  const submit = form.onSubmit((values) =>
    update.mutate({ id: inquiry.id, changes: inquiryChanges.parse(toChanges(values)) }),
  );

  const handlers = (staff.data ?? [])
    .filter((s) => s.role !== 'practitioner')
    .map((s) => ({ value: s.id, label: s.fullName }));
  return (
    <form onSubmit={submit} noValidate aria-label="Inquiry details">
      <SimpleGrid cols={3} spacing="sm">
        <TextInput label="Requested carat weight" rightSection="ct" {...form.getInputProps('requestedCaratWeight')} />
        <Autocomplete
          label="Currency"
          data={[...COMMON_CURRENCIES]}
          {...form.getInputProps('currency')}
          onChange={(v) => form.setFieldValue('currency', v.toUpperCase())}
        />
        <TextInput
          label="Quoted price"
          inputMode="decimal"
          description={quoteAgainstAsking(
            form.values.quotedPrice,
            form.values.currency,
            asking,
            inquiry.stonePriceCurrency,
          )}
          {...form.getInputProps('quotedPrice')}
        />
        <Select label="Handled by" allowDeselect={false} data={handlers} {...form.getInputProps('handledBy')} />
        <TextInput type="date" label="Follow up on" {...form.getInputProps('followUpAt')} />
        <Group align="flex-end" gap="xs">
          <Button type="submit" variant="light" loading={update.isPending}>
            Save details
          </Button>
          {saved && (
            <Text size="sm" c="teal" role="status">
              Saved
            </Text>
          )}
        </Group>
      </SimpleGrid>
      {update.isError && Object.keys(fieldErrorsOf(update.error)).length === 0 && (
        <Alert color="red" mt="xs" role="alert">
          {errorMessage(update.error)}
        </Alert>
      )}
    </form>
  );
}

import { Alert, Button, Chip, Group, Modal, NumberInput, Select, Stack, TextInput } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { Hold } from '../api-types';
import { holdQuickChoices } from '../../../shared/holds';
import { errorMessage, fieldErrorsOf } from '../common/errors';
import { useTRPC } from '../trpc';

// The hold dialogs of the stone panel: place a hold, extend it, make it a reservation. The core checks
// everything again (roles, one hold per stone, at most 30 days); these only help the user say it.

/** A Date as the value of an <input type="datetime-local"> (local time, to the minute). */
function localInputValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function UntilField({ value, onChange, error }: { value: string; onChange: (v: string) => void; error?: string }) {
  const now = new Date();
  return (
    <Stack gap={6}>
      <Chip.Group>
        <Group gap={6} aria-label="Quick choices">
          {holdQuickChoices(now).map((choice) => (
            <Chip
              key={choice.label}
              size="xs"
              checked={value === localInputValue(choice.until)}
              onChange={() => onChange(localInputValue(choice.until))}
            >
              {choice.label}
            </Chip>
          ))}
        </Group>
      </Chip.Group>
      <TextInput
        type="datetime-local"
        label="Hold until"
        required
        value={value}
        onChange={(e) => onChange(e.currentTarget.value)}
        error={error}
      />
    </Stack>
  );
}

const toIso = (local: string) => (local ? new Date(local).toISOString() : '');

export function PlaceHoldDialog({ stoneId, sku, onClose }: { stoneId: string; sku: string; onClose: () => void }) {
  const trpc = useTRPC();
  const buyers = useQuery(trpc.buyers.list.queryOptions());
  const [buyer, setBuyer] = useState<string | null>(null);
  const [until, setUntil] = useState(() => localInputValue(new Date(Date.now() + 24 * 60 * 60 * 1000)));
  const [note, setNote] = useState('');
  const place = useMutation(trpc.holds.place.mutationOptions({ onSuccess: onClose }));
  const errors = place.error ? fieldErrorsOf(place.error) : {};
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!buyer) return;
    place.mutate({ gemstone: stoneId, buyer, heldUntil: toIso(until), note: note || undefined });
  };
  const options = (buyers.data ?? []).map((b) => ({ value: b.id, label: `${b.companyName} (${b.buyerCode})` }));
  return (
    <Modal opened onClose={onClose} title={`Hold ${sku}`} closeButtonProps={{ 'aria-label': 'Close' }}>
      <form onSubmit={submit} noValidate aria-label="Place a hold">
        <Stack gap="sm">
          <Select
            label="For buyer"
            required
            searchable
            data-autofocus
            data={options}
            value={buyer}
            onChange={setBuyer}
            error={errors.buyer}
            nothingFoundMessage="No buyer by that name"
          />
          <UntilField value={until} onChange={setUntil} error={errors.heldUntil} />
          <TextInput label="Note" value={note} onChange={(e) => setNote(e.currentTarget.value)} error={errors.note} />
          {place.error && !errors.heldUntil && !errors.buyer && <Alert color="red">{errorMessage(place.error)}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={place.isPending} disabled={!buyer || !until}>
              Place hold
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function ExtendHoldDialog({ hold, onClose }: { hold: Hold; onClose: () => void }) {
  const trpc = useTRPC();
  const [until, setUntil] = useState(() => localInputValue(new Date(hold.heldUntil)));
  const extend = useMutation(trpc.holds.extend.mutationOptions({ onSuccess: onClose }));
  const errors = extend.error ? fieldErrorsOf(extend.error) : {};
  return (
    <Modal
      opened
      onClose={onClose}
      title={`Extend the hold on ${hold.sku}`}
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form
        aria-label="Extend the hold"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          extend.mutate({ id: hold.id, heldUntil: toIso(until) });
        }}
      >
        <Stack gap="sm">
          <UntilField value={until} onChange={setUntil} error={errors.heldUntil} />
          {extend.error && !errors.heldUntil && <Alert color="red">{errorMessage(extend.error)}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={extend.isPending}>
              Extend
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** A reservation needs a quoted price: asked for here, kept from the buyer's inquiry when it has one. */
export function ReserveHoldDialog({ hold, onClose }: { hold: Hold; onClose: () => void }) {
  const trpc = useTRPC();
  const [price, setPrice] = useState<number | string>('');
  const [currency, setCurrency] = useState('USD');
  const reserve = useMutation(trpc.holds.makeReservation.mutationOptions({ onSuccess: onClose }));
  const errors = reserve.error ? fieldErrorsOf(reserve.error) : {};
  return (
    <Modal
      opened
      onClose={onClose}
      title={`Reserve ${hold.sku} for ${hold.buyerName}`}
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form
        aria-label="Make it a reservation"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const amount = typeof price === 'number' ? price : undefined;
          reserve.mutate({ id: hold.id, ...(amount !== undefined ? { quotedPrice: amount, currency } : {}) });
        }}
      >
        <Stack gap="sm">
          <Group grow align="flex-start">
            <NumberInput
              label="Quoted price"
              description="Leave empty to keep the price quoted on the buyer’s inquiry"
              min={0}
              decimalScale={3}
              thousandSeparator=","
              value={price}
              onChange={setPrice}
              error={errors.quotedPrice}
            />
            <TextInput
              label="Currency"
              maxLength={3}
              value={currency}
              onChange={(e) => setCurrency(e.currentTarget.value.toUpperCase())}
              error={errors.currency}
            />
          </Group>
          {reserve.error && !errors.quotedPrice && !errors.currency && (
            <Alert color="red">{errorMessage(reserve.error)}</Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={reserve.isPending}>
              Make reservation
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

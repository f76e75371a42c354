import { Alert, Autocomplete, Button, Group, Modal, Select, SimpleGrid, TextInput } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { Stone } from '../api-types';
import { statusWords } from '../../../shared/certificate-status';
import { COLOURED_CLARITY_GRADES, DIAMOND_CLARITY_GRADES } from '../../../shared/enums';
import { offList } from '../../../shared/record-rules';
import { stoneFields } from '../../../shared/schemas';
import { errorMessage, fieldErrorsOf } from '../common/errors';
import { validate } from '../common/zod-form';
import { useTRPC } from '../trpc';
import { CERTIFICATE_STATUS_LABELS } from './labels';

interface FormValues {
  sku: string;
  gemstoneType: string;
  caratWeight: string;
  clarityGrade: string | null;
  certificateNumber: string;
  certificateStatus: string;
  location: string;
  assignedBuyer: string | null;
}

const EMPTY: FormValues = {
  sku: '',
  gemstoneType: '',
  caratWeight: '',
  clarityGrade: null,
  certificateNumber: '',
  certificateStatus: 'none',
  location: 'Vault',
  assignedBuyer: null,
};

function fromStone(stone: Stone): FormValues {
  return {
    sku: stone.sku,
    gemstoneType: stone.gemstoneType,
    caratWeight: stone.caratWeight.toFixed(2),
    clarityGrade: stone.clarityGrade,
    certificateNumber: stone.certificateNumber ?? '',
    certificateStatus: stone.certificateStatus,
    location: stone.location,
    assignedBuyer: stone.assignedBuyer,
  };
}

/** What the form sends: the carat weight as a number (NaN when it is not one, so the rule says so). */
function toInput(values: FormValues) {
  const carat = values.caratWeight.trim().replace(',', '.');
  return {
    ...values,
    caratWeight: carat === '' ? undefined : Number(carat),
    clarityGrade: values.clarityGrade ?? undefined,
  };
}

const CLARITY_OPTIONS = [
  { group: 'Diamond', items: [...DIAMOND_CLARITY_GRADES] },
  { group: 'Coloured stones', items: [...COLOURED_CLARITY_GRADES] },
];

export function StoneForm({ stone, initialSku, onClose }: { stone?: Stone; initialSku?: string; onClose: () => void }) {
  const trpc = useTRPC();
  // With the stone's id the certificate statuses are the ones this person may set on it (the core checks too).
  const options = useQuery(trpc.inventory.formOptions.queryOptions(stone ? { id: stone.id } : undefined));
  const buyers = useQuery(trpc.buyers.list.queryOptions());
  const [values, setValues] = useState<FormValues>(stone ? fromStone(stone) : { ...EMPTY, sku: initialSku ?? '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [statusReason, setStatusReason] = useState('');
  const onError = (error: unknown) => setErrors(fieldErrorsOf(error));
  const create = useMutation(trpc.inventory.create.mutationOptions({ onSuccess: onClose, onError }));
  const update = useMutation(trpc.inventory.update.mutationOptions({ onSuccess: onClose, onError }));
  const saving = create.isPending || update.isPending;
  const failure = create.error ?? update.error;

  // Editing sends only what changed: a value another app wrote that Loupe's lists do not offer (clarity
  // "VS") stays as written unless someone changes it, and does not hold up an edit of another field.
  const original = stone ? toInput(fromStone(stone)) : null;
  const changedInput = () => {
    const input = toInput(values);
    if (!original) return input;
    return Object.fromEntries(
      Object.entries(input).filter(([field, value]) => value !== original[field as keyof typeof original]),
    );
  };
  const schema = stone ? stoneFields.partial() : stoneFields;

  const set = <K extends keyof FormValues>(field: K, value: FormValues[K]) => {
    setValues((v) => ({ ...v, [field]: value }));
    setErrors(({ [field]: _cleared, ...rest }) => rest);
  };
  /** Checks one field as the user leaves it, with the same rule the core applies. */
  const check = (field: keyof FormValues) => {
    const result = validate(schema, changedInput());
    const message = result.ok ? undefined : result.errors[field];
    setErrors(({ [field]: _old, ...rest }) => (message ? { ...rest, [field]: message } : rest));
  };

  // A change of certificate status goes into the stone's certificate history with its reason.
  const statusChanges = values.certificateStatus !== (stone?.certificateStatus ?? 'none');
  const liftsMismatch = stone?.certificateStatus === 'mismatch' && statusChanges;
  const statusLocked =
    stone !== undefined && options.data !== undefined && options.data.certificateStatuses.length === 1;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (stone) {
      const result = validate(stoneFields.partial(), changedInput());
      if (!result.ok) return setErrors(result.errors);
      setErrors({});
      if (Object.keys(result.data).length === 0) return onClose();
      update.mutate({ id: stone.id, changes: result.data, statusReason: statusChanges ? statusReason : undefined });
    } else {
      const result = validate(stoneFields, toInput(values));
      if (!result.ok) return setErrors(result.errors);
      setErrors({});
      create.mutate({ ...result.data, statusReason: statusChanges ? statusReason : undefined });
    }
  };

  // Clarity from the type's scale: once the type is known, only its grades are offered (the core checks too).
  const scale = options.data?.types.find(
    (t) => t.name.toLowerCase() === values.gemstoneType.trim().toLowerCase(),
  )?.clarityScale;
  const listed = scale
    ? CLARITY_OPTIONS.filter((g) => (scale === 'diamond' ? g.group === 'Diamond' : g.group !== 'Diamond'))
    : CLARITY_OPTIONS;
  // The stone's own grade stays choosable when another app wrote one Loupe does not list.
  const asWritten =
    stone && offList('Gemstone', 'clarityGrade', stone.clarityGrade)
      ? [
          {
            group: 'As written elsewhere',
            items: [{ value: stone.clarityGrade, label: `${stone.clarityGrade} (not on Loupe's list)` }],
          },
        ]
      : [];
  const clarityOptions = [...listed, ...asWritten];
  const buyerOptions = (buyers.data ?? []).map((b) => ({ value: b.id, label: `${b.companyName} (${b.buyerCode})` }));

  return (
    <Modal
      opened
      onClose={onClose}
      closeButtonProps={{ 'aria-label': 'Close' }}
      title={stone ? `Edit stone ${stone.sku}` : 'Add a stone'}
      size="lg"
    >
      <form onSubmit={submit} noValidate aria-label={stone ? 'Edit stone' : 'Add a stone'}>
        <SimpleGrid cols={2} spacing="sm">
          <TextInput
            label="SKU"
            data-autofocus={initialSku ? undefined : true}
            required
            value={values.sku}
            onChange={(e) => set('sku', e.currentTarget.value)}
            onBlur={() => check('sku')}
            error={errors.sku}
          />
          <Autocomplete
            label="Gemstone type"
            data-autofocus={initialSku ? true : undefined}
            required
            data={options.data?.gemstoneTypes ?? []}
            value={values.gemstoneType}
            onChange={(v) => set('gemstoneType', v)}
            onBlur={() => check('gemstoneType')}
            error={errors.gemstoneType}
          />
          <TextInput
            label="Carat weight"
            required
            inputMode="decimal"
            rightSection="ct"
            description="Weighed to 0.001 ct, kept to 0.01 ct"
            value={values.caratWeight}
            onChange={(e) => set('caratWeight', e.currentTarget.value)}
            onBlur={() => check('caratWeight')}
            error={errors.caratWeight}
          />
          <Select
            label="Clarity grade"
            required
            searchable
            data={clarityOptions}
            value={values.clarityGrade}
            onChange={(v) => set('clarityGrade', v)}
            error={errors.clarityGrade}
          />
          <TextInput
            label="Certificate number"
            value={values.certificateNumber}
            onChange={(e) => set('certificateNumber', e.currentTarget.value)}
            error={errors.certificateNumber}
          />
          <Select
            label="Certificate status"
            required
            allowDeselect={false}
            data={(options.data?.certificateStatuses ?? [values.certificateStatus]).map((s) => ({
              value: s,
              label: CERTIFICATE_STATUS_LABELS[s] ?? s,
            }))}
            value={values.certificateStatus}
            onChange={(v) => v && set('certificateStatus', v)}
            description={
              statusLocked
                ? 'Leaves mismatch when a practitioner records a new verification, or by an administrator’s override'
                : 'Verified comes from a recorded verification (Certificates)'
            }
            error={errors.certificateStatus}
          />
          {statusChanges && (
            <TextInput
              label={
                stone
                  ? `Why ${statusWords(stone.certificateStatus)} → ${statusWords(values.certificateStatus)}?`
                  : 'Why this certificate status?'
              }
              description={
                liftsMismatch
                  ? 'Required to lift a mismatch; kept in the certificate history'
                  : 'Kept in the certificate history'
              }
              required={liftsMismatch}
              value={statusReason}
              onChange={(e) => {
                setStatusReason(e.currentTarget.value);
                setErrors(({ statusReason: _cleared, ...rest }) => rest);
              }}
              error={errors.statusReason}
            />
          )}
          <Autocomplete
            label="Location"
            required
            data={options.data?.locations ?? []}
            value={values.location}
            onChange={(v) => set('location', v)}
            onBlur={() => check('location')}
            error={errors.location}
          />
          <Select
            label="Assigned buyer"
            clearable
            searchable
            placeholder={buyerOptions.length ? 'None' : 'No buyers yet'}
            disabled={buyerOptions.length === 0}
            data={buyerOptions}
            value={values.assignedBuyer}
            onChange={(v) => set('assignedBuyer', v)}
            error={errors.assignedBuyer}
          />
        </SimpleGrid>
        {failure && Object.keys(fieldErrorsOf(failure)).length === 0 && (
          <Alert color="red" mt="sm" role="alert">
            {errorMessage(failure)}
          </Alert>
        )}
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={saving}>
            {stone ? 'Save changes' : 'Add stone'}
          </Button>
        </Group>
      </form>
    </Modal>
  );
}

import { useForm } from '@mantine/form';
import { Alert, Autocomplete, Button, Group, Modal, Select, SimpleGrid, TextInput } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Stone } from '../api-types';
import { statusWords } from '../../../shared/certificate-status';
import { COLOURED_CLARITY_GRADES, DIAMOND_CLARITY_GRADES } from '../../../shared/enums';
import { offList } from '../../../shared/record-rules';
import { stoneFields } from '../../../shared/schemas';
import { errorMessage } from '../common/errors';
import { schemaValidate, showFieldErrors } from '../common/schema-form';
import { useTRPC } from '../trpc';
import { CERTIFICATE_STATUS_LABELS } from './labels';
import { gradingFromStone, gradingInput, StoneGradingFields, type GradingValues } from './StoneGradingFields';

interface FormValues extends GradingValues {
  sku: string;
  gemstoneType: string;
  caratWeight: string;
  clarityGrade: string | null;
  certificateNumber: string;
  certificateStatus: string;
  location: string;
  assignedBuyer: string | null;
  /** Why the certificate status changes; kept in its history, not a field of the stone. */
  statusReason: string;
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
  statusReason: '',
  ...gradingFromStone(),
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
    statusReason: '',
    ...gradingFromStone(stone),
  };
}

/**
 * What the form sends: the carat weight and measurements as numbers (NaN when not one, so the rule says
 * so); prices only from someone who may set them.
 */
function toInput(values: FormValues, withPrices: boolean) {
  const carat = values.caratWeight.trim().replace(',', '.');
  return {
    sku: values.sku,
    gemstoneType: values.gemstoneType,
    caratWeight: carat === '' ? undefined : Number(carat),
    clarityGrade: values.clarityGrade ?? undefined,
    certificateNumber: values.certificateNumber,
    certificateStatus: values.certificateStatus,
    location: values.location,
    assignedBuyer: values.assignedBuyer,
    ...gradingInput(values, withPrices),
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
  // Editing sends only what changed: a value another app wrote that Loupe's lists do not offer (clarity
  // "VS") stays as written unless someone changes it, and does not hold up an edit of another field.
  const withPrices = options.data?.seesPrices ?? false;
  const original = stone ? toInput(fromStone(stone), withPrices) : null;
  const changedInput = (values: FormValues) => {
    const input = toInput(values, withPrices);
    if (!original) return input;
    return Object.fromEntries(
      Object.entries(input).filter(([field, value]) => value !== original[field as keyof typeof original]),
    );
  };
  const schema = stone ? stoneFields.partial() : stoneFields;
  const form = useForm<FormValues>({
    initialValues: stone ? fromStone(stone) : { ...EMPTY, sku: initialSku ?? '' },
    validate: schemaValidate(schema, changedInput),
    // Checked as the user leaves them, with the same rule the core applies.
    validateInputOnBlur: ['sku', 'gemstoneType', 'caratWeight', 'location'],
  });
  const values = form.values;
  const [failure, setFailure] = useState<unknown>(null);
  const onError = (error: unknown) => setFailure(showFieldErrors(form, error) ? null : error);
  const create = useMutation(trpc.inventory.create.mutationOptions({ onSuccess: onClose, onError }));
  const update = useMutation(trpc.inventory.update.mutationOptions({ onSuccess: onClose, onError }));
  const saving = create.isPending || update.isPending;

  // A change of certificate status goes into the stone's certificate history with its reason.
  const statusChanges = values.certificateStatus !== (stone?.certificateStatus ?? 'none');
  const liftsMismatch = stone?.certificateStatus === 'mismatch' && statusChanges;
  const statusLocked =
    stone !== undefined && options.data !== undefined && options.data.certificateStatuses.length === 1;

  const submit = form.onSubmit((submitted) => {
    setFailure(null);
    const statusReason = statusChanges ? submitted.statusReason : undefined;
    if (stone) {
      const changes = stoneFields.partial().parse(changedInput(submitted));
      if (Object.keys(changes).length === 0) return onClose();
      update.mutate({ id: stone.id, changes, statusReason });
    } else {
      create.mutate({ ...stoneFields.parse(toInput(submitted, withPrices)), statusReason });
    }
  });

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
            {...form.getInputProps('sku')}
          />
          <Autocomplete
            label="Gemstone type"
            data-autofocus={initialSku ? true : undefined}
            required
            data={options.data?.gemstoneTypes ?? []}
            {...form.getInputProps('gemstoneType')}
          />
          <TextInput
            label="Carat weight"
            required
            inputMode="decimal"
            rightSection="ct"
            description="Weighed to 0.001 ct, kept to 0.01 ct"
            {...form.getInputProps('caratWeight')}
          />
          <Select
            label="Clarity grade"
            required
            searchable
            data={clarityOptions}
            {...form.getInputProps('clarityGrade')}
          />
          <TextInput label="Certificate number" {...form.getInputProps('certificateNumber')} />
          <Select
            label="Certificate status"
            required
            allowDeselect={false}
            data={(options.data?.certificateStatuses ?? [values.certificateStatus]).map((s) => ({
              value: s,
              label: CERTIFICATE_STATUS_LABELS[s] ?? s,
            }))}
            {...form.getInputProps('certificateStatus')}
            description={
              statusLocked
                ? 'Leaves mismatch when a practitioner records a new verification, or by an administrator’s override'
                : 'Verified comes from a recorded verification (Certificates)'
            }
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
              {...form.getInputProps('statusReason')}
            />
          )}
          <Autocomplete
            label="Location"
            required
            data={options.data?.locations ?? []}
            {...form.getInputProps('location')}
          />
          <Select
            label="Assigned buyer"
            clearable
            searchable
            placeholder={buyerOptions.length ? 'None' : 'No buyers yet'}
            disabled={buyerOptions.length === 0}
            data={buyerOptions}
            {...form.getInputProps('assignedBuyer')}
          />
        </SimpleGrid>
        <StoneGradingFields form={form} diamondScale={scale === 'diamond'} withPrices={withPrices} />
        {failure !== null && (
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

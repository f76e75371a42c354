import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  FileInput,
  Group,
  Modal,
  Paper,
  Radio,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { CertificateEntry, RecordResult, VerificationStone } from '../api-types';
import { DOCUMENT_ACCEPT, recordVerificationInput } from '../../../shared/certificates';
import { LABS, VERIFICATION_RESULTS, type Lab, type VerificationResult } from '../../../shared/enums';
import {
  certificateNumberProblem,
  labHasFormat,
  STATUS_FOR_RESULT,
  VERIFICATION_RESULT_LABELS,
} from '../../../shared/labs';
import { errorMessage, fieldErrorsOf } from '../common/errors';
import { schemaValidate, showFieldErrors } from '../common/schema-form';
import { setDesk, takeScans } from '../inventory/desk-store';
import { CERTIFICATE_STATUS_LABELS } from '../inventory/labels';
import { useTRPC } from '../trpc';
import { formatWhen, readReport, ResultBadge, StatusBadge } from './parts';

interface FormValues {
  sku: string;
  issuedBy: Lab;
  certificateNumber: string;
  verificationResult: VerificationResult | null;
  notes: string;
  /** The number is exactly as printed although it does not follow the lab's format. */
  confirmed: boolean;
  document: File | null;
}

export interface VerificationPreset {
  stoneId?: string;
  /** Record a correction of this entry (same stone; the new entry references it). */
  corrects?: CertificateEntry;
}

/**
 * Record a verification: scan or type the stone's SKU, the lab, the number as printed, the result, notes
 * and the scanned report. The number is checked against its lab's format as it is typed (the same rule
 * the core and the backend enforce) and against the other stones (the same number on two stones is loud).
 */
export function RecordVerification({
  preset = {},
  onClose,
  onRecorded,
}: {
  preset?: VerificationPreset;
  onClose: () => void;
  onRecorded: (r: RecordResult) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [stone, setStone] = useState<VerificationStone | null>(null);
  const [lookup, setLookup] = useState<'idle' | 'looking' | 'missing'>('idle');
  const [done, setDone] = useState<RecordResult | null>(null);
  const numberRef = useRef<HTMLInputElement>(null);

  const formatProblemOf = (values: FormValues) => {
    const typed = values.certificateNumber.trim();
    return typed ? certificateNumberProblem(values.issuedBy, typed) : null;
  };
  /** What the form sends (the scanned report is read on submit). */
  const toInput = (values: FormValues) => ({
    gemstone: stone?.id ?? '',
    issuedBy: values.issuedBy,
    certificateNumber: values.certificateNumber,
    verificationResult: values.verificationResult ?? undefined,
    notes: values.notes,
    formatOverride: formatProblemOf(values) ? values.confirmed : undefined,
    corrects: preset.corrects?.id ?? null,
  });
  const form = useForm<FormValues>({
    initialValues: {
      sku: '',
      issuedBy: (preset.corrects?.issuedBy as Lab | undefined) ?? 'GIA',
      certificateNumber: preset.corrects?.certificateNumber ?? '',
      verificationResult: null,
      notes: '',
      confirmed: false,
      document: null,
    },
    validate: (values) => {
      // The stone comes from a lookup, not from the text typed: until it is found, that is the one problem.
      if (!stone)
        return { gemstone: values.sku.trim() ? 'Press Enter to look the SKU up' : 'Scan or type the stone’s SKU' };
      const errors = schemaValidate(recordVerificationInput, toInput)(values);
      const problem = formatProblemOf(values);
      if (problem && !values.confirmed)
        errors.certificateNumber = `${problem}. Correct it, or confirm below that it is exactly as printed.`;
      if (problem && values.confirmed && !values.notes.trim())
        errors.notes = `Say why this number does not follow ${values.issuedBy}'s format`;
      return errors;
    },
  });
  const { sku, issuedBy: lab, certificateNumber: number, verificationResult: result, confirmed } = form.values;
  const record = useMutation(
    trpc.certificates.record.mutationOptions({
      onSuccess: (r) => {
        onRecorded(r);
        // A number found on another stone must be read before the form goes: it stays open, loudly.
        if (r.duplicates.length > 0) setDone(r);
        else onClose();
      },
      onError: (e) => showFieldErrors(form, e),
    }),
  );

  const choose = (found: VerificationStone | null) => {
    setStone(found);
    setLookup(found ? 'idle' : 'missing');
    form.clearFieldError('gemstone');
    if (!found) return;
    form.setFieldValue('sku', found.sku);
    if (!preset.corrects) {
      if (found.lastEntry) form.setFieldValue('issuedBy', found.lastEntry.issuedBy as Lab);
      if (!form.getValues().certificateNumber)
        form.setFieldValue('certificateNumber', found.certificateNumber || found.lastEntry?.certificateNumber || '');
    }
    numberRef.current?.focus();
  };
  const findStone = async (text: string) => {
    const wanted = text.trim();
    if (!wanted) return;
    setLookup('looking');
    choose(await queryClient.fetchQuery(trpc.certificates.stone.queryOptions({ sku: wanted }, { staleTime: 0 })));
  };
  // A preset stone (from the queue, the stone drawer, a correction) is filled in as if it had been scanned.
  useEffect(() => {
    const id = preset.stoneId ?? preset.corrects?.gemstone;
    if (id) void queryClient.fetchQuery(trpc.certificates.stone.queryOptions({ id }, { staleTime: 0 })).then(choose);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  // While the form is open, a scan anywhere (outside a text field) is the stone to verify.
  useEffect(
    () =>
      takeScans((code) => {
        form.setFieldValue('sku', code);
        void findStone(code);
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );

  const typedNumber = number.trim();
  const formatProblem = formatProblemOf(form.values);
  const [debouncedNumber] = useDebouncedValue(typedNumber, 250);
  const check = useQuery({
    ...trpc.certificates.check.queryOptions({ gemstone: stone?.id, issuedBy: lab, certificateNumber: debouncedNumber }),
    enabled: debouncedNumber.length > 0,
    placeholderData: keepPreviousData,
  });
  const duplicates = done?.duplicates ?? (typedNumber && check.data ? check.data.duplicates : []);

  const submit = form.onSubmit(async (values) => {
    let document;
    try {
      document = values.document ? await readReport(values.document) : null;
    } catch (error) {
      return form.setFieldError('document', errorMessage(error));
    }
    record.mutate({ ...recordVerificationInput.parse(toInput(values)), document });
  });

  const onSkuKey = (event: KeyboardEvent<HTMLInputElement>) => {
    // Enter after a scan (or typing) looks the stone up; it does not submit the form.
    if (event.key === 'Enter') {
      event.preventDefault();
      void findStone(event.currentTarget.value);
    }
  };

  const title = preset.corrects ? 'Record a correction' : 'Record verification';
  return (
    <Modal opened onClose={onClose} title={title} size="lg" closeButtonProps={{ 'aria-label': 'Close' }}>
      {done ? (
        <Stack gap="sm" data-testid="recorded-with-duplicates">
          <Alert color="green" title="Recorded">
            {done.stone.sku} is now{' '}
            {CERTIFICATE_STATUS_LABELS[done.stone.certificateStatus] ?? done.stone.certificateStatus}.
          </Alert>
          <DuplicateWarning duplicates={duplicates} />
          <Group justify="flex-end">
            <Button onClick={onClose} data-autofocus>
              I have read this
            </Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate aria-label={title}>
          <Stack gap="sm">
            {preset.corrects && (
              <Alert color="blue" variant="light" p="xs">
                Corrects the entry of {formatWhen(preset.corrects.verifiedAt)} ({preset.corrects.issuedBy}{' '}
                {preset.corrects.certificateNumber}, {VERIFICATION_RESULT_LABELS[preset.corrects.verificationResult]}).
                That entry stays as it is; this one references it.
              </Alert>
            )}
            <TextInput
              label="Stone SKU"
              description="Scan the stone’s label, or type its SKU and press Enter"
              required
              ff="monospace"
              data-autofocus={preset.stoneId || preset.corrects ? undefined : true}
              readOnly={Boolean(preset.corrects)}
              value={sku}
              onChange={(e) => {
                form.setFieldValue('sku', e.currentTarget.value);
                setStone(null);
                setLookup('idle');
              }}
              onKeyDown={onSkuKey}
              onBlur={() => !stone && sku.trim() && void findStone(sku)}
              error={form.errors.gemstone ?? (lookup === 'missing' ? `No stone with SKU ${sku.trim()}` : undefined)}
              rightSection={lookup === 'looking' ? '…' : undefined}
            />
            {stone && (
              <Paper withBorder p="xs" data-testid="verification-stone">
                <Group gap="xs" justify="space-between">
                  <Group gap="xs">
                    <Text fw={600} ff="monospace">
                      {stone.sku}
                    </Text>
                    <Text size="sm" c="dimmed">
                      {stone.gemstoneType} · {stone.caratWeight.toFixed(2)} ct · {stone.clarityGrade} · {stone.location}
                    </Text>
                  </Group>
                  <StatusBadge status={stone.certificateStatus} />
                </Group>
                {stone.lastEntry && (
                  <Group gap={6} mt={4}>
                    <Text size="xs" c="dimmed">
                      Last verified {formatWhen(stone.lastEntry.verifiedAt)}: {stone.lastEntry.issuedBy}{' '}
                      {stone.lastEntry.certificateNumber}
                    </Text>
                    <ResultBadge result={stone.lastEntry.verificationResult} />
                  </Group>
                )}
              </Paper>
            )}
            <Group grow align="flex-start">
              <Select
                label="Lab"
                required
                allowDeselect={false}
                data={[...LABS]}
                {...form.getInputProps('issuedBy')}
                onChange={(v) => {
                  if (!v) return;
                  form.setFieldValue('issuedBy', v as Lab);
                  form.setFieldValue('confirmed', false);
                }}
              />
              <TextInput
                ref={numberRef}
                label="Certificate number"
                description={
                  labHasFormat(lab) ? 'As printed on the report' : `${lab} numbers are not checked: type it as printed`
                }
                required
                ff="monospace"
                {...form.getInputProps('certificateNumber')}
                onChange={(e) => {
                  form.setFieldValue('certificateNumber', e.currentTarget.value);
                  form.setFieldValue('confirmed', false);
                }}
              />
            </Group>
            {formatProblem && (
              <Alert
                color="orange"
                variant="light"
                p="xs"
                title="The number does not follow the lab’s format"
                data-testid="format-warning"
              >
                <Stack gap={6}>
                  <Text size="sm">{formatProblem}.</Text>
                  <Checkbox
                    label="The number is exactly as printed on the report: record it with a format override (say why in the notes)"
                    {...form.getInputProps('confirmed', { type: 'checkbox' })}
                  />
                </Stack>
              </Alert>
            )}
            <DuplicateWarning duplicates={duplicates} />
            <Radio.Group
              label="Result"
              required
              {...form.getInputProps('verificationResult')}
              description={
                result ? `The stone becomes ${CERTIFICATE_STATUS_LABELS[STATUS_FOR_RESULT[result]]}.` : undefined
              }
            >
              <Group gap="md" mt={4}>
                {VERIFICATION_RESULTS.map((r) => (
                  <Radio key={r} value={r} label={VERIFICATION_RESULT_LABELS[r]} />
                ))}
              </Group>
            </Radio.Group>
            <Textarea
              label={formatProblem && confirmed ? 'Notes — why the number is as it is' : 'Notes'}
              required={Boolean(formatProblem && confirmed)}
              autosize
              minRows={2}
              maxRows={6}
              {...form.getInputProps('notes')}
            />
            <FileInput
              label="Scanned report"
              description="PDF or image (PNG, JPEG, WebP), up to 20 MB"
              placeholder="Choose the scan (optional)"
              accept={DOCUMENT_ACCEPT}
              clearable
              {...form.getInputProps('document')}
            />
            {record.isError && Object.keys(fieldErrorsOf(record.error)).length === 0 && (
              <Alert color="red" role="alert">
                {errorMessage(record.error)}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" loading={record.isPending}>
                {title}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

/** The same certificate number on another stone: a classic sign of fraud or a mix-up, shown loudly. */
function DuplicateWarning({ duplicates }: { duplicates: { stoneId: string; sku: string; message: string }[] }) {
  if (duplicates.length === 0) return null;
  return (
    <Alert
      color="red"
      variant="filled"
      role="alert"
      title="This certificate number is on another stone"
      data-testid="duplicate-warning"
    >
      <Stack gap={4}>
        {duplicates.map((d) => (
          <Text size="sm" key={d.stoneId}>
            {d.message}{' '}
            <Anchor
              component="button"
              type="button"
              c="white"
              fw={700}
              underline="always"
              onClick={() => setDesk({ openStoneId: d.stoneId })}
            >
              Open {d.sku}
            </Anchor>
          </Text>
        ))}
      </Stack>
    </Alert>
  );
}

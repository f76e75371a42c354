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
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
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
import { validate } from '../common/zod-form';
import { setDesk, takeScans } from '../inventory/desk-store';
import { CERTIFICATE_STATUS_LABELS } from '../inventory/labels';
import { useTRPC } from '../trpc';
import { formatWhen, readReport, ResultBadge, StatusBadge } from './parts';

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
  const [sku, setSku] = useState('');
  const [stone, setStone] = useState<VerificationStone | null>(null);
  const [lookup, setLookup] = useState<'idle' | 'looking' | 'missing'>('idle');
  const [lab, setLab] = useState<Lab>((preset.corrects?.issuedBy as Lab | undefined) ?? 'GIA');
  const [number, setNumber] = useState(preset.corrects?.certificateNumber ?? '');
  const [result, setResult] = useState<VerificationResult | null>(null);
  const [notes, setNotes] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState<RecordResult | null>(null);
  const numberRef = useRef<HTMLInputElement>(null);
  const record = useMutation(
    trpc.certificates.record.mutationOptions({
      onSuccess: (r) => {
        onRecorded(r);
        // A number found on another stone must be read before the form goes: it stays open, loudly.
        if (r.duplicates.length > 0) setDone(r);
        else onClose();
      },
      onError: (e) => setErrors(fieldErrorsOf(e)),
    }),
  );

  const choose = (found: VerificationStone | null) => {
    setStone(found);
    setLookup(found ? 'idle' : 'missing');
    setErrors(({ gemstone: _cleared, ...rest }) => rest);
    if (!found) return;
    setSku(found.sku);
    if (!preset.corrects) {
      if (found.lastEntry) setLab(found.lastEntry.issuedBy as Lab);
      setNumber((n) => n || found.certificateNumber || found.lastEntry?.certificateNumber || '');
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
        setSku(code);
        void findStone(code);
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );

  const typedNumber = number.trim();
  const formatProblem = typedNumber ? certificateNumberProblem(lab, typedNumber) : null;
  const [debouncedNumber] = useDebouncedValue(typedNumber, 250);
  const check = useQuery({
    ...trpc.certificates.check.queryOptions({ gemstone: stone?.id, issuedBy: lab, certificateNumber: debouncedNumber }),
    enabled: debouncedNumber.length > 0,
    placeholderData: keepPreviousData,
  });
  const duplicates = done?.duplicates ?? (typedNumber && check.data ? check.data.duplicates : []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!stone)
      return setErrors((e) => ({
        ...e,
        gemstone: sku.trim() ? 'Press Enter to look the SKU up' : 'Scan or type the stone’s SKU',
      }));
    const missing: Record<string, string> = {};
    if (formatProblem && !confirmed)
      missing.certificateNumber = `${formatProblem}. Correct it, or confirm below that it is exactly as printed.`;
    if (formatProblem && confirmed && !notes.trim())
      missing.notes = `Say why this number does not follow ${lab}'s format`;
    const input = {
      gemstone: stone.id,
      issuedBy: lab,
      certificateNumber: number,
      verificationResult: result ?? undefined,
      notes,
      formatOverride: formatProblem ? confirmed : undefined,
      corrects: preset.corrects?.id ?? null,
    };
    const checked = validate(recordVerificationInput, input);
    if (!checked.ok || Object.keys(missing).length)
      return setErrors({ ...(checked.ok ? {} : checked.errors), ...missing });
    let document = null;
    try {
      document = file ? await readReport(file) : null;
    } catch (error) {
      return setErrors({ document: errorMessage(error) });
    }
    setErrors({});
    record.mutate({ ...checked.data, document });
  };

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
                setSku(e.currentTarget.value);
                setStone(null);
                setLookup('idle');
              }}
              onKeyDown={onSkuKey}
              onBlur={() => !stone && sku.trim() && void findStone(sku)}
              error={errors.gemstone ?? (lookup === 'missing' ? `No stone with SKU ${sku.trim()}` : undefined)}
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
                value={lab}
                onChange={(v) => v && (setLab(v as Lab), setConfirmed(false))}
                error={errors.issuedBy}
              />
              <TextInput
                ref={numberRef}
                label="Certificate number"
                description={
                  labHasFormat(lab) ? 'As printed on the report' : `${lab} numbers are not checked: type it as printed`
                }
                required
                ff="monospace"
                value={number}
                onChange={(e) => {
                  setNumber(e.currentTarget.value);
                  setConfirmed(false);
                  setErrors(({ certificateNumber: _cleared, ...rest }) => rest);
                }}
                error={errors.certificateNumber}
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
                    checked={confirmed}
                    onChange={(e) => setConfirmed(e.currentTarget.checked)}
                  />
                </Stack>
              </Alert>
            )}
            <DuplicateWarning duplicates={duplicates} />
            <Radio.Group
              label="Result"
              required
              value={result}
              onChange={(v) => setResult(v as VerificationResult)}
              error={errors.verificationResult}
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
              value={notes}
              onChange={(e) => setNotes(e.currentTarget.value)}
              error={errors.notes}
            />
            <FileInput
              label="Scanned report"
              description="PDF or image (PNG, JPEG, WebP), up to 20 MB"
              placeholder="Choose the scan (optional)"
              accept={DOCUMENT_ACCEPT}
              clearable
              value={file}
              onChange={(f) => {
                setFile(f);
                setErrors(({ document: _cleared, ...rest }) => rest);
              }}
              error={errors.document}
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

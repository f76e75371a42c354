import { AsWritten } from '../common/AsWritten';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  FileInput,
  Group,
  Loader,
  Modal,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  Timeline,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import type { CertificateEntry, SessionUser } from '../api-types';
import { describeStatusChange, STATUS_CHANGE } from '../../../shared/certificate-status';
import { DOCUMENT_ACCEPT, updateEntryInput } from '../../../shared/certificates';
import { errorMessage, fieldErrorsOf } from '../common/errors';
import { schemaValidate, showFieldErrors } from '../common/schema-form';
import { setDesk } from '../inventory/desk-store';
import { useTRPC } from '../trpc';
import { DocumentViewer } from './DocumentViewer';
import { EntryMarks, formatBytes, formatWhen, readReport, ResultBadge, StatusBadge } from './parts';
import type { VerificationPreset } from './RecordVerification';

export const canVerify = (user: SessionUser) => user.role === 'admin' || user.role === 'practitioner';

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}

/**
 * One log entry. Its verification never changes (append-only): a person who verifies may attach the
 * report if none is attached, add to the notes, or record a correction — a new entry referencing this one.
 */
export function EntryDialog({
  entryId,
  user,
  onClose,
  onOpenEntry,
  onCorrect,
  onTimeline,
}: {
  entryId: string;
  user: SessionUser;
  onClose: () => void;
  onOpenEntry: (id: string) => void;
  onCorrect: (preset: VerificationPreset) => void;
  onTimeline: (stoneId: string) => void;
}) {
  const trpc = useTRPC();
  const entry = useQuery(trpc.certificates.get.queryOptions({ id: entryId }));
  const [viewing, setViewing] = useState(false);
  const e = entry.data;
  return (
    <Modal
      opened
      onClose={onClose}
      size="lg"
      title={
        e
          ? `${e.verificationResult === STATUS_CHANGE ? 'Certificate status of' : 'Verification of'} ${e.sku ?? 'a stone'}`
          : 'Verification'
      }
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      {entry.isPending && <Loader size="sm" aria-label="Loading" />}
      {entry.isError && <Alert color="red">{errorMessage(entry.error)}</Alert>}
      {e && e.verificationResult === STATUS_CHANGE && (
        // A change of status is not a verification: nothing to correct, attach or annotate.
        <Stack gap="md" data-testid="certificate-entry">
          <Text>{describeStatusChange(e)}</Text>
          <Text size="sm" c="dimmed">
            {formatWhen(e.verifiedAt)}
          </Text>
          <Group gap="xs">
            <Button variant="default" onClick={() => onTimeline(e.gemstone)}>
              All verifications of this stone
            </Button>
          </Group>
        </Stack>
      )}
      {e && e.verificationResult !== STATUS_CHANGE && (
        <Stack gap="md" data-testid="certificate-entry">
          <Group gap="xs">
            <ResultBadge result={e.verificationResult} />
            {e.formatOverride && (
              <Badge color="orange" variant="outline" tt="none">
                Format override
              </Badge>
            )}
            {e.corrects && (
              <Badge color="blue" variant="outline" tt="none">
                Correction
              </Badge>
            )}
            {e.correctedBy.length > 0 && (
              <Badge color="gray" variant="filled" tt="none">
                Corrected
              </Badge>
            )}
            {!e.replicated && (
              <Text size="xs" c="dimmed">
                not sent to the backend yet
              </Text>
            )}
          </Group>
          <SimpleGrid cols={3} spacing="sm">
            <Field label="Stone">
              <Anchor
                component="button"
                type="button"
                ff="monospace"
                onClick={() => setDesk({ openStoneId: e.gemstone })}
              >
                {e.sku ?? '—'}
              </Anchor>{' '}
              <Text span size="xs" c="dimmed">
                {e.gemstoneType} {e.caratWeight !== null ? `· ${e.caratWeight.toFixed(2)} ct` : ''}
              </Text>
            </Field>
            <Field label="Lab">
              <AsWritten entity="CertificateLog" field="issuedBy" value={e.issuedBy} />
            </Field>
            <Field label="Certificate number">
              <Text span ff="monospace" size="sm">
                {e.certificateNumber}
              </Text>
            </Field>
            <Field label="Verified by">{e.verifiedByName ?? '—'}</Field>
            <Field label="Verified at">{formatWhen(e.verifiedAt)}</Field>
            <Field label="Report">
              {e.document ? `${e.document.fileName} (${formatBytes(e.document.size)})` : 'None attached'}
            </Field>
          </SimpleGrid>
          {e.corrects && (
            <Text size="sm">
              Corrects{' '}
              <Anchor component="button" type="button" onClick={() => onOpenEntry(e.corrects!)}>
                an earlier entry
              </Anchor>
              .
            </Text>
          )}
          {e.correctedBy.length > 0 && (
            <Text size="sm">
              Corrected by{' '}
              {e.correctedBy.map((id, i) => (
                <span key={id}>
                  {i > 0 ? ', ' : ''}
                  <Anchor component="button" type="button" onClick={() => onOpenEntry(id)}>
                    a later entry
                  </Anchor>
                </span>
              ))}
              .
            </Text>
          )}
          <Notes entry={e} editable={canVerify(user)} />
          {!e.document && canVerify(user) && <AttachReport entryId={e.id} />}
          <Group gap="xs">
            {e.document && (
              <Button variant="light" onClick={() => setViewing(true)}>
                Open report
              </Button>
            )}
            <Button variant="default" onClick={() => onTimeline(e.gemstone)}>
              All verifications of this stone
            </Button>
            {canVerify(user) && (
              <Button variant="default" onClick={() => onCorrect({ corrects: e })}>
                Record a correction
              </Button>
            )}
          </Group>
        </Stack>
      )}
      {viewing && e && (
        <DocumentViewer
          entryId={e.id}
          title={`Report: ${e.issuedBy} ${e.certificateNumber}`}
          onClose={() => setViewing(false)}
        />
      )}
    </Modal>
  );
}

function Notes({ entry, editable }: { entry: CertificateEntry; editable: boolean }) {
  const trpc = useTRPC();
  const [editing, setEditing] = useState(false);
  const form = useForm({
    initialValues: { notes: entry.notes ?? '' },
    validate: schemaValidate(updateEntryInput.shape.changes),
  });
  const update = useMutation(
    trpc.certificates.update.mutationOptions({
      onSuccess: () => setEditing(false),
      onError: (error) => showFieldErrors(form, error),
    }),
  );
  if (!editing) {
    return (
      <Group gap="xs" align="flex-start" wrap="nowrap">
        <Field label="Notes">
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {entry.notes ?? '—'}
          </Text>
        </Field>
        {editable && (
          <Button
            size="compact-xs"
            variant="subtle"
            onClick={() => (form.setValues({ notes: entry.notes ?? '' }), setEditing(true))}
          >
            Edit notes
          </Button>
        )}
      </Group>
    );
  }
  const submit = form.onSubmit((values) => update.mutate({ id: entry.id, changes: values }));
  return (
    <form onSubmit={submit} aria-label="Edit the notes">
      <Stack gap={6}>
        <Textarea
          label="Notes"
          description="Only the notes change; the verification itself stays as recorded."
          autosize
          minRows={2}
          data-autofocus
          autoFocus
          {...form.getInputProps('notes')}
        />
        {update.isError && !fieldErrorsOf(update.error).notes && (
          <Alert color="red">{errorMessage(update.error)}</Alert>
        )}
        <Group gap="xs" justify="flex-end">
          <Button size="xs" variant="default" onClick={() => setEditing(false)}>
            Cancel
          </Button>
          <Button size="xs" type="submit" loading={update.isPending}>
            Save notes
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function AttachReport({ entryId }: { entryId: string }) {
  const trpc = useTRPC();
  const form = useForm<{ document: File | null }>({
    initialValues: { document: null },
    validate: { document: (file) => (file ? null : 'Choose the scanned report first') },
  });
  const attach = useMutation(
    trpc.certificates.attachDocument.mutationOptions({
      onSuccess: () => form.setFieldValue('document', null),
      onError: (e) => form.setFieldError('document', errorMessage(e)),
    }),
  );
  const submit = form.onSubmit(async ({ document }) => {
    try {
      attach.mutate({ id: entryId, ...(await readReport(document!)) });
    } catch (e) {
      form.setFieldError('document', errorMessage(e));
    }
  });
  return (
    <form onSubmit={submit} aria-label="Attach the scanned report">
      <Group align="flex-end" gap="xs">
        <FileInput
          label="Attach the scanned report"
          description="PDF or image (PNG, JPEG, WebP), up to 20 MB"
          placeholder="Choose the scan"
          accept={DOCUMENT_ACCEPT}
          clearable
          {...form.getInputProps('document')}
          style={{ flex: 1 }}
        />
        <Button type="submit" variant="light" loading={attach.isPending}>
          Attach
        </Button>
      </Group>
    </form>
  );
}

/** Every verification of one stone, newest first. */
export function StoneTimeline({
  stoneId,
  onClose,
  onOpenEntry,
}: {
  stoneId: string;
  onClose: () => void;
  onOpenEntry: (id: string) => void;
}) {
  const trpc = useTRPC();
  const timeline = useQuery(trpc.certificates.timeline.queryOptions({ gemstone: stoneId }));
  const data = timeline.data;
  return (
    <Modal
      opened
      onClose={onClose}
      size="lg"
      title={data ? `Certificate timeline of ${data.stone.sku}` : 'Certificate timeline'}
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      {timeline.isError && <Alert color="red">{errorMessage(timeline.error)}</Alert>}
      {data && (
        <Stack gap="md" data-testid="stone-timeline">
          <Group justify="space-between">
            <Title order={4} ff="monospace">
              {data.stone.sku}{' '}
              <Text span c="dimmed" size="sm" ff="inherit">
                {data.stone.gemstoneType} · {data.stone.caratWeight.toFixed(2)} ct ·{' '}
                {data.stone.certificateNumber ?? 'no number'}
              </Text>
            </Title>
            <StatusBadge status={data.stone.certificateStatus} size="lg" />
          </Group>
          {data.entries.length === 0 ? (
            <Text c="dimmed">No verification has been recorded for this stone yet.</Text>
          ) : (
            <Timeline bulletSize={14} lineWidth={2} active={0}>
              {data.entries.map((e) =>
                e.verificationResult === STATUS_CHANGE ? (
                  <Timeline.Item
                    key={e.id}
                    title={<Text size="sm">{describeStatusChange(e)}</Text>}
                    data-testid="status-change"
                  >
                    <Text size="xs" c="dimmed">
                      {formatWhen(e.verifiedAt)}
                    </Text>
                  </Timeline.Item>
                ) : (
                  <Timeline.Item
                    key={e.id}
                    title={
                      <Group gap={6}>
                        <ResultBadge result={e.verificationResult} />
                        <Anchor component="button" type="button" size="sm" onClick={() => onOpenEntry(e.id)}>
                          {e.issuedBy} {e.certificateNumber}
                        </Anchor>
                        <EntryMarks entry={e} />
                      </Group>
                    }
                  >
                    <Text size="xs" c="dimmed">
                      {e.verifiedByName ?? 'Someone'} · {formatWhen(e.verifiedAt)}
                    </Text>
                    {e.notes && <Text size="sm">{e.notes}</Text>}
                  </Timeline.Item>
                ),
              )}
            </Timeline>
          )}
        </Stack>
      )}
    </Modal>
  );
}

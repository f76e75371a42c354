import { AsWritten } from '../common/AsWritten';
import {
  Alert,
  Autocomplete,
  Badge,
  Button,
  Drawer,
  Group,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { StonePhotos } from '../media/StonePhotos';
import { StoneThumb } from '../media/StoneThumb';
import { useDeferredValue, useState, type FormEvent, type ReactNode } from 'react';
import type { SessionUser, StoneDetail } from '../api-types';
import {
  formatDateTime,
  formatDay,
  inquiryStatusLabel,
  replicationLabel,
  verificationResultLabel,
} from '../../../shared/format';
import { describeStatusChange, STATUS_CHANGE } from '../../../shared/certificate-status';
import { formatMoney } from '../../../shared/money';
import { PreferringBuyers } from '../buyers/PreferringBuyers';
import { MismatchBanner, RecordVerificationButton } from '../certificates/StoneCertificate';
import { errorMessage, fieldErrorsOf } from '../common/errors';
import { useTRPC, useTRPCClient } from '../trpc';
import { download, formatCarats, setDesk, useDesk } from './desk-store';
import { CERTIFICATE_STATUS_COLORS, CERTIFICATE_STATUS_LABELS } from './labels';
import { StoneForm } from './StoneForm';
import { HoldPanel } from '../holds/HoldPanel';
import { MemoPanel } from '../memos/MemoPanel';
import { ConsignmentPanel } from '../consignments/ConsignmentPanel';
import { StoneGradingPanel } from './StoneGradingPanel';

const when = formatDateTime;

export function StoneDetailDrawer({ user }: { user: SessionUser }) {
  const trpc = useTRPC();
  const id = useDesk((s) => s.openStoneId);
  const detail = useQuery({ ...trpc.inventory.detail.queryOptions({ id: id ?? '' }), enabled: id !== null });
  const close = () => setDesk({ openStoneId: null });
  return (
    <Drawer
      opened={id !== null}
      onClose={close}
      position="right"
      size="xl"
      title={detail.data ? `Stone ${detail.data.stone.sku}` : 'Stone'}
      closeButtonProps={{ 'aria-label': 'Close' }}
      // A scan must show the stone at once: no slide-in, and no page-wide scroll lock to lay out.
      transitionProps={{ duration: 0 }}
      lockScroll={false}
    >
      {detail.isError && <Alert color="red">{errorMessage(detail.error)}</Alert>}
      {detail.data && detail.data.stone.id === id && <DetailBody detail={detail.data} user={user} />}
    </Drawer>
  );
}

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

function Section({
  title,
  empty,
  count,
  children,
}: {
  title: string;
  empty: string;
  count: number;
  children: ReactNode;
}) {
  return (
    <Stack gap={4}>
      <Title order={5}>{title}</Title>
      {count === 0 ? (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      ) : (
        children
      )}
    </Stack>
  );
}

function DetailBody({ detail, user }: { detail: StoneDetail; user: SessionUser }) {
  const { stone } = detail;
  // The stone's own fields render first; its history tables follow right after (a scan shows the stone
  // without waiting for four tables to lay out).
  const history = useDeferredValue(detail, null);
  const client = useTRPCClient();
  const canEdit = user.role === 'admin' || user.role === 'coordinator';
  const [editing, setEditing] = useState(false);
  const [moving, setMoving] = useState(false);
  const [labelError, setLabelError] = useState<string | null>(null);
  const label = async (format: 'png' | 'pdf') => {
    try {
      const file =
        format === 'png'
          ? await client.inventory.labels.png.query({ id: stone.id })
          : await client.inventory.labels.pdf.query({ ids: [stone.id] });
      download(file.fileName, file.mimeType, { base64: file.data });
    } catch (error) {
      setLabelError(errorMessage(error));
    }
  };

  return (
    <Stack gap="md" data-testid="stone-detail" data-sku={stone.sku}>
      <Group justify="space-between" align="flex-start">
        <Group gap="sm" align="flex-start" wrap="nowrap">
          <StoneThumb stoneId={stone.id} cover={stone.cover} size={56} />
          <div>
            <Title order={3} ff="monospace">
              {stone.sku}
            </Title>
            <Text c="dimmed">
              {stone.gemstoneType} · {formatCarats(stone.caratWeight)} ct · {stone.clarityGrade}
            </Text>
          </div>
        </Group>
        <Group gap="xs">
          {canEdit && (
            <Button size="xs" onClick={() => setEditing(true)}>
              Edit
            </Button>
          )}
          {canEdit && (
            <Button size="xs" variant="default" onClick={() => setMoving((m) => !m)}>
              Move
            </Button>
          )}
          <RecordVerificationButton stoneId={stone.id} user={user} />
          <Button size="xs" variant="default" onClick={() => setDesk({ printIds: [stone.id] })}>
            Print label
          </Button>
          <Button size="xs" variant="subtle" onClick={() => label('png')}>
            PNG
          </Button>
          <Button size="xs" variant="subtle" onClick={() => label('pdf')}>
            PDF
          </Button>
        </Group>
      </Group>
      {labelError && <Alert color="red">{labelError}</Alert>}
      <MismatchBanner status={stone.certificateStatus} />
      {/* The hold, grading and photos follow the stone's own fields by a frame, with its history. */}
      {history && history.stone.id === stone.id && <HoldPanel stoneId={stone.id} sku={stone.sku} user={user} />}
      {history && history.stone.id === stone.id && <MemoPanel stoneId={stone.id} />}
      {history && history.stone.id === stone.id && <ConsignmentPanel stoneId={stone.id} />}
      {moving && <MoveOne sku={stone.sku} from={stone.location} onDone={() => setMoving(false)} />}

      <SimpleGrid cols={3} spacing="sm">
        <Field label="Gemstone type">{stone.gemstoneType}</Field>
        <Field label="Carat weight">{formatCarats(stone.caratWeight)} ct</Field>
        <Field label="Clarity">
          <AsWritten entity="Gemstone" field="clarityGrade" value={stone.clarityGrade} />
        </Field>
        <Field label="Certificate number">
          <Text span ff="monospace" size="sm">
            {stone.certificateNumber ?? '—'}
          </Text>
        </Field>
        <Field label="Certificate">
          <Badge color={CERTIFICATE_STATUS_COLORS[stone.certificateStatus] ?? 'gray'} variant="light">
            {CERTIFICATE_STATUS_LABELS[stone.certificateStatus] ?? stone.certificateStatus}
          </Badge>
        </Field>
        <Field label="Location">
          <span data-testid="stone-location">{stone.location}</span>
        </Field>
        <Field label="Assigned buyer">{stone.assignedBuyerName ?? '—'}</Field>
        <Field label="Server">
          {replicationLabel({ objectId: stone.objectId, changesWaiting: detail.changesWaiting })}
        </Field>
        <Field label="Last changed here">{formatDateTime(stone.localUpdatedAt)}</Field>
      </SimpleGrid>
      {history && history.stone.id === stone.id && (
        <>
          <StoneGradingPanel stone={stone} />
          <StonePhotos stoneId={stone.id} canEdit={canEdit} />
          <Section
            title="Certificate history"
            empty="No certificate has been verified for this stone yet."
            count={history.certificates.length}
          >
            <Table withTableBorder verticalSpacing={4} fz="sm" aria-label="Certificate history">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>When</Table.Th>
                  <Table.Th>Lab</Table.Th>
                  <Table.Th>Number</Table.Th>
                  <Table.Th>Result</Table.Th>
                  <Table.Th>By</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {history.certificates.map((c) =>
                  c.verificationResult === STATUS_CHANGE ? (
                    // Not a verification: the change of status, who made it and why, in one sentence.
                    <Table.Tr key={c.id} data-testid="status-change">
                      <Table.Td>{when(c.verifiedAt)}</Table.Td>
                      <Table.Td colSpan={4}>{describeStatusChange(c)}</Table.Td>
                    </Table.Tr>
                  ) : (
                    <Table.Tr key={c.id}>
                      <Table.Td>{when(c.verifiedAt)}</Table.Td>
                      <Table.Td>
                        <AsWritten entity="CertificateLog" field="issuedBy" value={c.issuedBy} />
                      </Table.Td>
                      <Table.Td ff="monospace">{c.certificateNumber}</Table.Td>
                      <Table.Td>{verificationResultLabel(c.verificationResult)}</Table.Td>
                      <Table.Td>{c.verifiedByName ?? '—'}</Table.Td>
                    </Table.Tr>
                  ),
                )}
              </Table.Tbody>
            </Table>
          </Section>

          <Section
            title="Inquiries on this stone"
            empty="No buyer has asked about this stone."
            count={history.inquiries.length}
          >
            <Table withTableBorder verticalSpacing={4} fz="sm" aria-label="Inquiries on this stone">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Buyer</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th ta="right">Requested</Table.Th>
                  {user.role !== 'practitioner' && <Table.Th ta="right">Quoted</Table.Th>}
                  <Table.Th>Follow-up</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {history.inquiries.map((i) => (
                  <Table.Tr key={i.id}>
                    <Table.Td>
                      {i.buyerName} ({i.buyerCode})
                    </Table.Td>
                    <Table.Td>{inquiryStatusLabel(i.inquiryStatus)}</Table.Td>
                    <Table.Td ta="right">{formatCarats(i.requestedCaratWeight)} ct</Table.Td>
                    {user.role !== 'practitioner' && (
                      <Table.Td ta="right">
                        {i.quotedPrice == null ? '—' : formatMoney(i.quotedPrice, i.currency)}
                      </Table.Td>
                    )}
                    <Table.Td>{formatDay(i.followUpAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Section>

          <Section
            title="Custody log"
            empty="This stone has not moved since it was added."
            count={history.custody.length}
          >
            <Table withTableBorder verticalSpacing={4} fz="sm" aria-label="Custody log">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>When</Table.Th>
                  <Table.Th>From → to</Table.Th>
                  <Table.Th>By</Table.Th>
                  <Table.Th>Reason</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {history.custody.map((e) => (
                  <Table.Tr key={e.id}>
                    <Table.Td>{when(e.movedAt)}</Table.Td>
                    <Table.Td>
                      {e.fromLocation} → {e.toLocation}
                    </Table.Td>
                    <Table.Td>{e.movedByName ?? '—'}</Table.Td>
                    <Table.Td>{e.reason ?? '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Section>

          <Section
            title={`Buyers who prefer ${stone.gemstoneType}${history.preferringBuyerCount ? ` (${history.preferringBuyerCount.toLocaleString()})` : ''}`}
            empty={`No buyer lists ${stone.gemstoneType} among their preferred types.`}
            count={history.preferringBuyerCount}
          >
            <PreferringBuyers
              gemstoneType={stone.gemstoneType}
              first={history.preferringBuyers}
              total={history.preferringBuyerCount}
            />
          </Section>
        </>
      )}
      {editing && <StoneForm stone={stone} onClose={() => setEditing(false)} />}
    </Stack>
  );
}

function MoveOne({ sku, from, onDone }: { sku: string; from: string; onDone: () => void }) {
  const trpc = useTRPC();
  const options = useQuery(trpc.inventory.formOptions.queryOptions());
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const move = useMutation(trpc.inventory.custody.move.mutationOptions({ onSuccess: onDone }));
  const errors = fieldErrorsOf(move.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    move.mutate({ skus: [sku], toLocation: to, reason });
  };
  return (
    <form onSubmit={submit} aria-label="Move this stone">
      <Group align="flex-end" gap="xs">
        <Autocomplete
          label={`Move from ${from} to`}
          data-autofocus
          data={(options.data?.locations ?? []).filter((l) => l !== from)}
          value={to}
          onChange={setTo}
          error={errors.toLocation}
          w={200}
        />
        <TextInput
          label="Reason"
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={errors.reason}
          style={{ flex: 1 }}
        />
        <Button type="submit" loading={move.isPending}>
          Move
        </Button>
      </Group>
      {move.error && Object.keys(errors).length === 0 && (
        <Alert color="red" mt="xs">
          {errorMessage(move.error)}
        </Alert>
      )}
    </form>
  );
}

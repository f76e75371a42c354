import {
  Alert,
  Badge,
  Button,
  Group,
  Pagination,
  Select,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { RecordResult, SessionUser } from '../api-types';
import type { LogFilterInput, QueueFilter } from '../../../shared/certificates';
import { LABS, VERIFICATION_RESULTS, type Lab, type VerificationResult } from '../../../shared/enums';
import { describeStatusChange, STATUS_CHANGE } from '../../../shared/certificate-status';
import { VERIFICATION_RESULT_LABELS } from '../../../shared/labs';
import { errorMessage } from '../common/errors';
import { fromDateInput, throughDay } from '../follow-ups/dates';
import { download, formatCarats, setDesk } from '../inventory/desk-store';
import { CERTIFICATE_STATUS_LABELS } from '../inventory/labels';
import { useTRPC, useTRPCClient } from '../trpc';
import { canVerify, EntryDialog, StoneTimeline } from './EntryDialog';
import { EntryMarks, formatWhen, ResultBadge, StatusBadge } from './parts';
import { QueueFilters } from './QueueFilters';
import { RecordVerification, type VerificationPreset } from './RecordVerification';
import { takeVerificationRequest, usePendingVerification } from './request';

const PAGE = 100;

export const AWAITING_VERIFICATION_ID = 'certificates-awaiting';

/**
 * The count on the navigation: stones awaiting verification (no certificate, or a pending one). As with
 * Follow-ups, the number is hidden from the link's name (it stays "Certificates") and describes it.
 */
export function AwaitingBadge({ describes = false }: { describes?: boolean }) {
  const trpc = useTRPC();
  const count = useQuery(trpc.certificates.awaitingCount.queryOptions());
  const n = count.data ?? 0;
  if (n === 0) return null;
  return (
    <>
      <Badge size="sm" color="yellow" variant="filled" circle={n < 10} aria-hidden data-testid="awaiting-count">
        {n}
      </Badge>
      {describes && (
        <span id={AWAITING_VERIFICATION_ID} hidden>
          {n} {n === 1 ? 'stone awaits' : 'stones await'} verification
        </span>
      )}
    </>
  );
}

/**
 * Certificates: the work queue of stones awaiting verification (oldest first), the global log of every
 * verification (filter, export), each stone's timeline, and — for practitioners and administrators —
 * recording a verification, a correction, or the scanned report.
 */
export function CertificatesScreen({ user }: { user: SessionUser }) {
  const [tab, setTab] = useState<string | null>('queue');
  const [recording, setRecording] = useState<VerificationPreset | null>(null);
  const [entryId, setEntryId] = useState<string | null>(null);
  const [timelineOf, setTimelineOf] = useState<string | null>(null);
  const [recorded, setRecorded] = useState<RecordResult | null>(null);
  const pending = usePendingVerification();

  // "Record verification" pressed elsewhere (the stone drawer): open the form for that stone.
  useEffect(() => {
    if (!pending) return;
    const request = takeVerificationRequest();
    if (request && canVerify(user)) setRecording({ stoneId: request.stoneId });
  }, [pending, user]);

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={3}>Certificates</Title>
        {canVerify(user) ? (
          <Button onClick={() => setRecording({})}>Record verification</Button>
        ) : (
          <Text size="sm" c="dimmed">
            Practitioners and administrators record verifications.
          </Text>
        )}
      </Group>
      {recorded && (
        <Alert
          color={recorded.duplicates.length ? 'red' : 'green'}
          withCloseButton
          closeButtonLabel="Dismiss"
          onClose={() => setRecorded(null)}
          role="status"
          data-testid="recorded-notice"
        >
          Recorded {recorded.entry.issuedBy} {recorded.entry.certificateNumber} for {recorded.stone.sku}: the stone is
          now {CERTIFICATE_STATUS_LABELS[recorded.stone.certificateStatus] ?? recorded.stone.certificateStatus}.
          {!recorded.stoneUpdated &&
            ' (A later verification of this stone already exists, so its status follows that one.)'}
          {recorded.duplicates.length > 0 &&
            ` The same number is on ${recorded.duplicates.map((d) => d.sku).join(', ')}: check both stones.`}
        </Alert>
      )}
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="queue" rightSection={<AwaitingBadge />}>
            Awaiting verification
          </Tabs.Tab>
          <Tabs.Tab value="log">Log</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="queue" pt="sm">
          <Queue user={user} onVerify={(stoneId) => setRecording({ stoneId })} onTimeline={setTimelineOf} />
        </Tabs.Panel>
        <Tabs.Panel value="log" pt="sm">
          <Log onOpen={setEntryId} />
        </Tabs.Panel>
      </Tabs>
      {recording && (
        <RecordVerification preset={recording} onClose={() => setRecording(null)} onRecorded={setRecorded} />
      )}
      {entryId && (
        <EntryDialog
          key={entryId}
          entryId={entryId}
          user={user}
          onClose={() => setEntryId(null)}
          onOpenEntry={setEntryId}
          onCorrect={(preset) => (setEntryId(null), setRecording(preset))}
          onTimeline={(stoneId) => (setEntryId(null), setTimelineOf(stoneId))}
        />
      )}
      {timelineOf && (
        <StoneTimeline
          stoneId={timelineOf}
          onClose={() => setTimelineOf(null)}
          onOpenEntry={(id) => (setTimelineOf(null), setEntryId(id))}
        />
      )}
    </Stack>
  );
}

function Queue({
  user,
  onVerify,
  onTimeline,
}: {
  user: SessionUser;
  onVerify: (stoneId: string) => void;
  onTimeline: (stoneId: string) => void;
}) {
  const trpc = useTRPC();
  const [filter, setFilter] = useState<QueueFilter>({});
  const queue = useQuery({
    ...trpc.certificates.queue.queryOptions({ limit: 200, filter }),
    placeholderData: keepPreviousData,
  });
  const filtered = Boolean(filter.lab || filter.location || filter.olderThanDays);
  const rows = queue.data?.rows ?? [];
  const verifier = canVerify(user);
  return (
    <Stack gap="xs">
      {(filtered || (queue.data?.awaiting ?? 0) > 0) && (
        <QueueFilters filter={filter} onChange={setFilter} facets={queue.data?.facets} />
      )}
      {queue.isError && <Alert color="red">{errorMessage(queue.error)}</Alert>}
      {queue.data && (
        <Text size="sm" c="dimmed" data-testid="queue-summary">
          {queue.data.awaiting === 0
            ? 'Every stone has a verified or mismatched certificate.'
            : filtered
              ? `${queue.data.total.toLocaleString('en-US')} of the ${queue.data.awaiting.toLocaleString('en-US')} stones awaiting verification match, oldest first${queue.data.total > rows.length ? ` (the first ${rows.length} shown)` : ''}.`
              : `${queue.data.total.toLocaleString('en-US')} ${queue.data.total === 1 ? 'stone awaits' : 'stones await'} verification, oldest first${queue.data.total > rows.length ? ` (the first ${rows.length} shown)` : ''}.`}
        </Text>
      )}
      {rows.length > 0 && (
        <Table
          striped
          highlightOnHover
          withTableBorder
          verticalSpacing={4}
          fz="sm"
          aria-label="Stones awaiting verification"
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th>SKU</Table.Th>
              <Table.Th>Stone</Table.Th>
              <Table.Th>Certificate</Table.Th>
              <Table.Th>Number</Table.Th>
              <Table.Th>Last result</Table.Th>
              <Table.Th>Added</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((s) => (
              <Table.Tr
                key={s.id}
                tabIndex={0}
                data-testid="awaiting-row"
                data-sku={s.sku}
                onKeyDown={(e) => {
                  if (e.key !== 'Enter' || e.currentTarget !== e.target) return;
                  if (verifier) onVerify(s.id);
                  else setDesk({ openStoneId: s.id });
                }}
              >
                <Table.Td ff="monospace">{s.sku}</Table.Td>
                <Table.Td>
                  {s.gemstoneType} · {formatCarats(s.caratWeight)} ct · {s.location}
                </Table.Td>
                <Table.Td>
                  <StatusBadge status={s.certificateStatus} />
                </Table.Td>
                <Table.Td ff="monospace">{s.certificateNumber ?? '—'}</Table.Td>
                <Table.Td>{s.lastResult ? <ResultBadge result={s.lastResult} /> : '—'}</Table.Td>
                <Table.Td>{formatWhen(s.addedAt)}</Table.Td>
                <Table.Td>
                  <Group gap={4} justify="flex-end" wrap="nowrap">
                    {s.lastResult && (
                      <Button size="compact-xs" variant="subtle" onClick={() => onTimeline(s.id)}>
                        History
                      </Button>
                    )}
                    <Button size="compact-xs" variant="subtle" onClick={() => setDesk({ openStoneId: s.id })}>
                      Stone
                    </Button>
                    {verifier && (
                      <Button size="compact-xs" onClick={() => onVerify(s.id)} aria-label={`Verify ${s.sku}`}>
                        Verify
                      </Button>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

function Log({ onOpen }: { onOpen: (entryId: string) => void }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const staff = useQuery(trpc.auth.staff.list.queryOptions());
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [lab, setLab] = useState<string | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const [verifier, setVerifier] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const [exportError, setExportError] = useState<string | null>(null);
  const filter: LogFilterInput = {
    from: fromDateInput(from) ?? undefined,
    // The "to" day is included: up to the start of the next day.
    to: throughDay(to),
    issuedBy: (lab as Lab | null) ?? undefined,
    verificationResult: (result as VerificationResult | null) ?? undefined,
    verifiedBy: verifier ?? undefined,
  };
  const list = useQuery({
    ...trpc.certificates.list.queryOptions({ filter, limit: PAGE, offset: (page - 1) * PAGE }),
    placeholderData: keepPreviousData,
  });
  // A new filter starts at its first page.
  const filterKey = JSON.stringify(filter);
  useEffect(() => setPage(1), [filterKey]);

  const exportCsv = async () => {
    setExportError(null);
    try {
      const file = await client.certificates.exportCsv.query({ filter });
      download(file.fileName, 'text/csv;charset=utf-8', { text: file.csv });
    } catch (error) {
      setExportError(errorMessage(error));
    }
  };

  const rows = list.data?.rows ?? [];
  const total = list.data?.total ?? 0;
  return (
    <Stack gap="sm">
      <Group gap="sm" align="flex-end" role="search" aria-label="Filter the certificate log">
        <TextInput type="date" label="From" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
        <TextInput type="date" label="to" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
        <Select label="Lab" w={130} data={[...LABS]} value={lab} onChange={setLab} clearable placeholder="Any" />
        <Select
          label="Result"
          w={190}
          data={VERIFICATION_RESULTS.map((r) => ({ value: r, label: VERIFICATION_RESULT_LABELS[r] }))}
          value={result}
          onChange={setResult}
          clearable
          placeholder="Any"
        />
        <Select
          label="Verified by"
          w={190}
          searchable
          data={(staff.data ?? []).map((s) => ({ value: s.id, label: s.fullName }))}
          value={verifier}
          onChange={setVerifier}
          clearable
          placeholder="Anyone"
        />
        <Button variant="default" onClick={exportCsv} disabled={total === 0}>
          Export CSV
        </Button>
      </Group>
      {exportError && <Alert color="red">{exportError}</Alert>}
      {list.isError && <Alert color="red">{errorMessage(list.error)}</Alert>}
      <Text size="sm" c="dimmed" data-testid="log-summary">
        {list.data ? `${total} ${total === 1 ? 'verification' : 'verifications'}` : ' '}
      </Text>
      <Table striped highlightOnHover withTableBorder verticalSpacing={4} fz="sm" aria-label="Certificate log">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>When</Table.Th>
            <Table.Th>Stone</Table.Th>
            <Table.Th>Lab</Table.Th>
            <Table.Th>Number</Table.Th>
            <Table.Th>Result</Table.Th>
            <Table.Th>By</Table.Th>
            <Table.Th>Notes</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((e) => (
            <Table.Tr
              key={e.id}
              tabIndex={0}
              style={{ cursor: 'pointer' }}
              onClick={() => onOpen(e.id)}
              onKeyDown={(ev) => ev.key === 'Enter' && onOpen(e.id)}
              data-testid="log-row"
            >
              <Table.Td>{formatWhen(e.verifiedAt)}</Table.Td>
              <Table.Td ff="monospace">{e.sku ?? '—'}</Table.Td>
              {e.verificationResult === STATUS_CHANGE ? (
                <Table.Td colSpan={5}>{describeStatusChange(e)}</Table.Td>
              ) : (
                <>
                  <Table.Td>{e.issuedBy}</Table.Td>
                  <Table.Td ff="monospace">{e.certificateNumber}</Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <ResultBadge result={e.verificationResult} />
                      <EntryMarks entry={e} />
                    </Group>
                  </Table.Td>
                  <Table.Td>{e.verifiedByName ?? '—'}</Table.Td>
                  <Table.Td>
                    <Text size="sm" truncate maw={260}>
                      {e.notes ?? ''}
                    </Text>
                  </Table.Td>
                </>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {list.data && rows.length === 0 && (
        <Text c="dimmed" ta="center" py="lg">
          No verification matches these filters.
        </Text>
      )}
      {total > PAGE && (
        <Pagination
          total={Math.ceil(total / PAGE)}
          value={page}
          onChange={setPage}
          size="sm"
          aria-label="Pages of the log"
        />
      )}
    </Stack>
  );
}

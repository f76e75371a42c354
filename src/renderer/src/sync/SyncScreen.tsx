import { Alert, Badge, Button, Group, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { formatDateTime } from '../../../shared/format';
import { syncHeadline, type SyncStatus } from '../../../shared/sync';
import { errorMessage } from '../common/errors';
import type { SessionUser, SyncDeadLetter } from '../api-types';
import { BackendAccountActions } from '../settings/BackendAccount';
import { useTRPC } from '../trpc';

export function useSyncStatus() {
  const trpc = useTRPC();
  return useQuery(trpc.sync.status.queryOptions());
}

const waiting = (n: number) => `${n} ${n === 1 ? 'change' : 'changes'} waiting`;

function ago(iso: string | null): string {
  if (!iso) return 'never';
  const minutes = Math.round((Date.now() - Date.parse(iso)) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  return formatDateTime(iso);
}

/** Always visible in the header: where this workstation's changes stand. */
export function SyncBadge() {
  const status = useSyncStatus();
  if (!status.data) return null;
  const { pendingChanges, lastSyncedAt } = status.data;
  const look = syncHeadline(status.data);
  return (
    <Badge
      component="a"
      href="#/sync"
      color={look.tone}
      variant="outline"
      data-testid="sync-badge"
      title={`${look.help} Last successful sync: ${ago(lastSyncedAt)}.`}
      style={{ cursor: 'pointer' }}
    >
      {look.label} · {waiting(pendingChanges)}
    </Badge>
  );
}

/** A thin bar under the header while the first full download runs. */
export function FirstDownloadProgress({ status }: { status: SyncStatus | undefined }) {
  const progress = status?.firstDownload;
  if (!progress || progress.total === 0) return null;
  return (
    <Group gap="xs" px="md" py={4} bg="blue.0" data-testid="first-download">
      <Text size="xs">
        Downloading the dealer’s data: {progress.pulled.toLocaleString()} of {progress.total.toLocaleString()} records
      </Text>
      <Progress value={(100 * progress.pulled) / progress.total} w={240} size="sm" aria-label="First download" />
    </Group>
  );
}

export function SyncScreen({ user }: { user: SessionUser }) {
  const trpc = useTRPC();
  const status = useSyncStatus();
  const conflicts = useQuery(trpc.sync.conflicts.list.queryOptions());
  const deadLetters = useQuery(trpc.sync.deadLetters.list.queryOptions());
  const syncNow = useMutation(trpc.sync.syncNow.mutationOptions());
  const reapply = useMutation(trpc.sync.conflicts.reapply.mutationOptions());
  const dismissConflict = useMutation(trpc.sync.conflicts.dismiss.mutationOptions());
  const dismissLetter = useMutation(trpc.sync.deadLetters.dismiss.mutationOptions());
  const data = status.data;
  const look = data ? syncHeadline(data) : null;
  const isAdmin = user.role === 'admin';
  const waiting = useQuery({ ...trpc.sync.staff.waiting.queryOptions(), enabled: Boolean(data?.stranded.length) });
  const refused = deadLetters.data?.filter((d) => d.op !== 'pull');
  const heldBack = deadLetters.data?.filter((d) => d.op === 'pull');

  return (
    <Stack maw={1100} gap="lg">
      <Group justify="space-between">
        <Title order={3}>Sync</Title>
        {data && data.state !== 'local-only' && (
          <Button onClick={() => syncNow.mutate()} loading={syncNow.isPending}>
            Sync now
          </Button>
        )}
      </Group>
      {look && (
        <Alert color={look.tone} title={look.label} data-testid="sync-state">
          {look.help} {data?.lastError && <Text size="sm">{data.lastError}</Text>}
        </Alert>
      )}
      {data?.stranded.length ? (
        <Stack gap="xs" data-testid="stranded">
          <Title order={4}>Not sent: staff without a backend account</Title>
          <Text size="sm" c="dimmed">
            These people were added here while the workstation was local only. The backend does not know them, so
            changes that name them wait here
            {isAdmin ? '' : ' until an administrator deals with them in Settings → Staff'}.
          </Text>
          <Table withTableBorder maw={900} aria-label="Changes not sent">
            <Table.Tbody>
              {data.stranded.map((s) => (
                <Table.Tr key={s.userId}>
                  <Table.Td>{s.fullName}</Table.Td>
                  <Table.Td>
                    {s.changes} {s.changes === 1 ? 'change' : 'changes'} waiting
                    <WaitingRecords
                      records={(waiting.data ?? []).filter((w) => w.userId === s.userId).map((w) => w.record)}
                    />
                  </Table.Td>
                  {isAdmin && (
                    <Table.Td>
                      <BackendAccountActions person={{ id: s.userId, fullName: s.fullName }} changes={s.changes} />
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      ) : null}
      {data?.needsSignIn.length ? (
        <Alert color="red" title="Sign in again to send these changes">
          Waiting for:{' '}
          {data.needsSignIn.map((n) => n.username ?? 'the person who connected this workstation').join(', ')}. Sign out,
          then sign in with the backend password; nothing is lost meanwhile.
        </Alert>
      ) : null}
      <FirstDownloadProgress status={data} />
      <Table withTableBorder maw={560}>
        <Table.Tbody>
          <Table.Tr>
            <Table.Th>Backend</Table.Th>
            <Table.Td>{data?.serverURL ?? 'None (local only)'}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>Changes waiting to be sent</Table.Th>
            <Table.Td data-testid="pending-changes">{data?.pendingChanges ?? '…'}</Table.Td>
          </Table.Tr>
          {data && data.media.waiting > 0 && (
            <Table.Tr>
              <Table.Th>Photos and videos</Table.Th>
              <Table.Td data-testid="media-waiting">
                {data.media.waiting === 1
                  ? '1 photo waiting to upload'
                  : `${data.media.waiting} photos waiting to upload`}
                {data.media.problem && ` · ${data.media.problem}`}
              </Table.Td>
            </Table.Tr>
          )}
          <Table.Tr>
            <Table.Th>Last successful sync</Table.Th>
            <Table.Td>{ago(data?.lastSyncedAt ?? null)}</Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>

      <Stack gap="xs">
        <Title order={4}>Conflicts ({conflicts.data?.length ?? 0})</Title>
        <Text size="sm" c="dimmed">
          When the same field was changed here and elsewhere before either side synced, the later edit wins; the other
          value is kept here so it can be put back with one click.
        </Text>
        {reapply.isError && <Alert color="red">{errorMessage(reapply.error)}</Alert>}
        {conflicts.data?.length ? (
          <Table withTableBorder striped aria-label="Conflicts">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Record</Table.Th>
                <Table.Th>Field</Table.Th>
                <Table.Th>Kept</Table.Th>
                <Table.Th>Set aside</Table.Th>
                <Table.Th>Edited here by</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {conflicts.data.map((c) => {
                const [kept, lost] = c.winner === 'local' ? [c.localText, c.remoteText] : [c.remoteText, c.localText];
                return (
                  <Table.Tr key={c.id}>
                    <Table.Td>{c.record}</Table.Td>
                    <Table.Td>{c.fieldLabel}</Table.Td>
                    <Table.Td>
                      {kept}{' '}
                      <Text span size="xs" c="dimmed">
                        ({c.winner === 'local' ? 'this workstation' : `elsewhere, ${ago(c.remoteAt)}`})
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {lost}{' '}
                      <Text span size="xs" c="dimmed">
                        ({c.winner === 'local' ? `elsewhere, ${ago(c.remoteAt)}` : 'this workstation'})
                      </Text>
                    </Table.Td>
                    <Table.Td>{c.localByName ?? '—'}</Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <Button size="xs" variant="light" onClick={() => reapply.mutate({ id: c.id })}>
                          Re-apply “{lost}”
                        </Button>
                        <Button size="xs" variant="subtle" onClick={() => dismissConflict.mutate({ id: c.id })}>
                          Dismiss
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        ) : (
          <Text size="sm">No conflicts.</Text>
        )}
      </Stack>

      <SetAsideList
        title="Refused by the server"
        help="Changes made here that the backend refused for good (a rule or a permission). The record shows the server’s values again; the refused values are kept here."
        empty="Nothing refused."
        label="Refused changes"
        letters={refused}
        onDismiss={(id) => dismissLetter.mutate({ id })}
      />
      <SetAsideList
        title="Not taken in from the server"
        help="Records on the server that Loupe cannot use as they are. Correct them where they were made; they then come in by themselves."
        empty="Everything from the server was taken in."
        label="Records not taken in"
        letters={heldBack}
        onDismiss={(id) => dismissLetter.mutate({ id })}
      />
    </Stack>
  );
}

type Letter = SyncDeadLetter;

function SetAsideList(props: {
  title: string;
  help: string;
  empty: string;
  label: string;
  letters: Letter[] | undefined;
  onDismiss: (id: number) => void;
}) {
  const { letters } = props;
  return (
    <Stack gap="xs">
      <Title order={4}>
        {props.title} ({letters?.length ?? 0})
      </Title>
      <Text size="sm" c="dimmed">
        {props.help}
      </Text>
      {letters?.length ? (
        <Table withTableBorder striped aria-label={props.label}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Record</Table.Th>
              <Table.Th>Why</Table.Th>
              <Table.Th>Values</Table.Th>
              <Table.Th>By</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {letters.map((d) => (
              <Table.Tr key={d.id}>
                <Table.Td>{d.record}</Table.Td>
                <Table.Td>{d.message}</Table.Td>
                <Table.Td>
                  {d.refused.map((v) => (
                    <Text key={v.field} size="sm">
                      {v.label}: {v.text}
                    </Text>
                  ))}
                </Table.Td>
                <Table.Td>{d.userName ?? '—'}</Table.Td>
                <Table.Td>
                  <Button size="xs" variant="subtle" onClick={() => props.onDismiss(d.id)}>
                    Dismiss
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <Text size="sm">{props.empty}</Text>
      )}
    </Stack>
  );
}

/** The first few waiting changes of one person, by name, and how many more. */
function WaitingRecords({ records }: { records: string[] }) {
  if (records.length === 0) return null;
  const shown = records.slice(0, 5);
  return (
    <Text size="xs" c="dimmed">
      {shown.join(' · ')}
      {records.length > shown.length ? ` · and ${records.length - shown.length} more` : ''}
    </Text>
  );
}

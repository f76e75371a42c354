import { Alert, Badge, Button, Code, Group, Loader, Modal, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import type { BackupFile, SessionUser } from '../api-types';
import { errorMessage, fieldErrorsOf } from '../common/errors';
import { download } from '../inventory/desk-store';
import { useTRPC } from '../trpc';
import { rememberRestore } from './restore-notice';
import { ColleagueBackupForm } from './ColleagueBackupForm';
import { formatBytes, formatWhen, UpdateStatusLine } from './format';

// Settings → Backups, Check the database, Diagnostics, Updates. The core checks every role again.

const KIND_LABELS: Record<BackupFile['kind'], string> = {
  daily: 'Daily',
  manual: 'Back up now',
  'before-migration': 'Before an upgrade',
};

export function MaintenanceSections({ user }: { user: SessionUser }) {
  const keeper = user.role === 'admin' || user.role === 'coordinator';
  return (
    <>
      {keeper && <BackupsSection user={user} />}
      {keeper && <DoctorSection isAdmin={user.role === 'admin'} />}
      <UpdatesSection isAdmin={user.role === 'admin'} />
    </>
  );
}

function BackupsSection({ user }: { user: SessionUser }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const isAdmin = user.role === 'admin';
  const status = useQuery(trpc.app.backups.status.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.app.backups.status.queryKey() });
  const backUp = useMutation(trpc.app.backups.backUpNow.mutationOptions({ onSettled: refresh }));
  const [restoring, setRestoring] = useState<RestoreTarget | null>(null);
  const [otherFile, setOtherFile] = useState('');

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={4}>Backups</Title>
        <Button onClick={() => backUp.mutate()} loading={backUp.isPending || status.data?.running}>
          Back up now
        </Button>
      </Group>
      <Text size="sm">
        Loupe backs up its database every day and before every upgrade, while you work. It keeps the newest backup of
        each of the last 7 days and of the last 4 weeks, and the 4 newest from before upgrades; backups made with{' '}
        <strong>Back up now</strong> are never removed.
      </Text>
      {backUp.isSuccess && (
        <Alert color="teal" data-testid="backup-done">
          Backed up to {backUp.data.file} ({formatBytes(backUp.data.bytes)}).
        </Alert>
      )}
      {backUp.isError && (
        <Alert color="red" role="alert">
          {errorMessage(backUp.error)}
        </Alert>
      )}
      {status.data?.lastError && !backUp.isError && (
        <Alert color="orange" role="alert">
          {status.data.lastError}
        </Alert>
      )}
      {status.data && (
        <FolderForm
          folder={status.data.folder}
          isDefault={status.data.isDefaultFolder}
          defaultFolder={status.data.defaultFolder}
          editable={isAdmin}
        />
      )}
      <Table withTableBorder striped aria-label="Backups" verticalSpacing={4}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Taken</Table.Th>
            <Table.Th>Why</Table.Th>
            <Table.Th>Size</Table.Th>
            {isAdmin && <Table.Th />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {status.data?.backups.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={4}>
                <Text size="sm" c="dimmed">
                  No backup in this folder yet.
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
          {status.data?.backups.map((b) => (
            <Table.Tr key={b.name}>
              <Table.Td>{formatWhen(b.at)}</Table.Td>
              <Table.Td>{KIND_LABELS[b.kind]}</Table.Td>
              <Table.Td>{formatBytes(b.bytes)}</Table.Td>
              {isAdmin && (
                <Table.Td>
                  <Button
                    size="xs"
                    variant="subtle"
                    onClick={() => setRestoring({ file: b.file, label: `the backup of ${formatWhen(b.at)}` })}
                  >
                    Restore…
                  </Button>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {isAdmin && (
        <form
          aria-label="Restore from a file"
          onSubmit={(e) => {
            e.preventDefault();
            if (otherFile.trim()) setRestoring({ file: otherFile.trim(), label: otherFile.trim() });
          }}
        >
          <Group align="flex-end">
            <TextInput
              label="Restore from a file…"
              description="The full path of a Loupe backup on this computer (e.g. on a USB drive)"
              placeholder="/media/usb/loupe-20250314T091502123Z-daily.db"
              value={otherFile}
              onChange={(e) => setOtherFile(e.currentTarget.value)}
              w={520}
            />
            <Button type="submit" variant="default" disabled={!otherFile.trim()}>
              Restore…
            </Button>
          </Group>
        </form>
      )}
      {isAdmin && <ColleagueBackupForm onOpen={setRestoring} />}
      {restoring && <RestoreDialog target={restoring} onClose={() => setRestoring(null)} />}
    </Stack>
  );
}

function FolderForm({
  folder,
  isDefault,
  defaultFolder,
  editable,
}: {
  folder: string;
  isDefault: boolean;
  defaultFolder: string;
  editable: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [value, setValue] = useState(folder);
  const [error, setError] = useState<string | null>(null);
  const save = useMutation(
    trpc.app.backups.setFolder.mutationOptions({
      onSuccess: (s) => {
        setValue(s.folder);
        setError(null);
        void queryClient.invalidateQueries({ queryKey: trpc.app.backups.status.queryKey() });
      },
      onError: (e) => setError(fieldErrorsOf(e).folder ?? errorMessage(e)),
    }),
  );
  if (!editable) {
    return (
      <Text size="sm">
        Backup folder: <Code>{folder}</Code>
      </Text>
    );
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ folder: value.trim() || null });
  };
  return (
    <form onSubmit={submit} aria-label="Backup folder" noValidate>
      <Group align="flex-end">
        <TextInput
          label="Backup folder"
          description={
            isDefault
              ? 'The default, in Loupe’s data folder. A second disk or a network folder is safer.'
              : `Default: ${defaultFolder}`
          }
          value={value}
          onChange={(e) => setValue(e.currentTarget.value)}
          error={error}
          w={520}
        />
        <Button type="submit" variant="default" loading={save.isPending} disabled={value.trim() === folder}>
          Save folder
        </Button>
        {!isDefault && (
          <Button variant="subtle" onClick={() => save.mutate({ folder: null })}>
            Use the default
          </Button>
        )}
      </Group>
    </form>
  );
}

/** A backup to restore: this desk's own, or a colleague's opened on this desk (see ColleagueBackupForm). */
type RestoreTarget = { file: string; label: string; fromColleague?: boolean };

function RestoreDialog({ target, onClose }: { target: RestoreTarget; onClose: () => void }) {
  const trpc = useTRPC();
  // The file is checked before anything is asked: nobody is asked whether to replace the database with a
  // file that cannot replace it.
  const check = useMutation(trpc.app.backups.check.mutationOptions());
  const queryClient = useQueryClient();
  const restore = useMutation(
    trpc.app.backups.restore.mutationOptions({
      // The core was replaced: nothing shown of the replaced database may stay on screen, so the page starts
      // afresh at once; the sign-in screen that follows says what was restored (everyone signs in again).
      onSuccess: (report) => {
        queryClient.clear();
        rememberRestore({ stones: report.stones, from: target.label, keptAside: report.keptAside });
        window.location.reload();
      },
    }),
  );
  const { mutate } = check;
  useEffect(() => mutate({ file: target.file }), [mutate, target.file]);
  const checked = check.data;
  return (
    <Modal
      opened
      onClose={restore.isPending ? () => undefined : onClose}
      title={target.fromColleague ? 'Open a colleague’s backup' : 'Restore a backup'}
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      {restore.isSuccess ? (
        <Text size="sm">Restored. Loupe reopens now…</Text>
      ) : check.isError ? (
        <Stack gap="sm">
          <Alert color="red" role="alert" title="This file cannot be restored" data-testid="restore-refused">
            {errorMessage(check.error)}
          </Alert>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} data-autofocus>
              Close
            </Button>
          </Group>
        </Stack>
      ) : !checked ? (
        <Group gap="sm">
          <Loader size="sm" />
          <Text size="sm">Checking {target.label}…</Text>
        </Group>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            restore.mutate({ file: target.file, fromColleague: target.fromColleague });
          }}
        >
          {target.fromColleague ? (
            <Text size="sm">
              {target.label} is a sound Loupe backup with {checked.stones.toLocaleString()}{' '}
              {checked.stones === 1 ? 'stone' : 'stones'}. Start this desk from it? This desk’s current database is kept
              beside it (loupe.db.before-restore-…). The next sync downloads only what changed since the backup; changes
              the other desk had not sent yet stay with that desk. Everyone signs in again, with the same username and
              password as on the other desk.
            </Text>
          ) : (
            <Text size="sm">
              {target.label} is a sound Loupe backup with {checked.stones.toLocaleString()}{' '}
              {checked.stones === 1 ? 'stone' : 'stones'}. Replace this workstation’s database with it? The current
              database is not deleted: it is kept beside it (loupe.db.before-restore-…). Changes made since the backup
              are only in that file, except those already sent to the backend, which come back at the next sync.
              Everyone signs in again.
            </Text>
          )}
          {restore.isError && (
            <Alert color="red" mt="sm" role="alert">
              {errorMessage(restore.error)}
            </Alert>
          )}
          <Group justify="flex-end" mt="md">
            <Button variant="default" onClick={onClose} disabled={restore.isPending}>
              Cancel
            </Button>
            <Button type="submit" color="red" loading={restore.isPending} data-autofocus>
              {target.fromColleague ? 'Start from this backup' : 'Restore'}
            </Button>
          </Group>
        </form>
      )}
    </Modal>
  );
}

function DoctorSection({ isAdmin }: { isAdmin: boolean }) {
  const trpc = useTRPC();
  const run = useMutation(trpc.app.doctor.run.mutationOptions());
  const exportBundle = useMutation(
    trpc.app.diagnostics.export.mutationOptions({
      onSuccess: (file) => download(file.fileName, file.mimeType, { base64: file.data }),
    }),
  );
  const verdict = run.data?.report.verdict;
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={4}>Check the database</Title>
        <Group gap="xs">
          {isAdmin && (
            <Button variant="default" onClick={() => exportBundle.mutate()} loading={exportBundle.isPending}>
              Export diagnostics
            </Button>
          )}
          <Button onClick={() => run.mutate()} loading={run.isPending}>
            Run the check
          </Button>
        </Group>
      </Group>
      <Text size="sm">
        Reads every page of the database (a minute on a very large one; Loupe keeps working), and reports the
        migrations, changes waiting to be sent, refused changes, the backend and the backups.{' '}
        <strong>Export diagnostics</strong> saves the logs and this report as a zip, without passwords, session tokens
        or keys, for whoever helps you.
      </Text>
      {(run.isError || exportBundle.isError) && (
        <Alert color="red" role="alert">
          {errorMessage(run.error ?? exportBundle.error)}
        </Alert>
      )}
      {run.data && (
        <Stack gap={4}>
          <Group gap="xs">
            <Badge
              color={verdict === 'ok' ? 'teal' : verdict === 'damaged' ? 'red' : 'orange'}
              data-testid="doctor-verdict"
            >
              {verdict === 'ok' ? 'All good' : verdict === 'damaged' ? 'Damaged' : 'Needs attention'}
            </Badge>
          </Group>
          <Code block data-testid="doctor-report">
            {run.data.text}
          </Code>
        </Stack>
      )}
    </Stack>
  );
}

function UpdatesSection({ isAdmin }: { isAdmin: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const status = useQuery(trpc.app.updates.status.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.app.updates.status.queryKey() });
  const check = useMutation(trpc.app.updates.check.mutationOptions({ onSettled: refresh }));
  const [feed, setFeed] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const save = useMutation(
    trpc.app.updates.setFeedUrl.mutationOptions({
      onSuccess: () => {
        setError(null);
        setFeed(null);
        void refresh();
      },
      onError: (e) => setError(fieldErrorsOf(e).feedUrl ?? errorMessage(e)),
    }),
  );
  const data = status.data;
  const feedValue = feed ?? data?.configuredFeedUrl ?? '';
  const updatable = data && data.phase !== 'unsupported';
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={4}>Updates</Title>
        {updatable && (
          <Button
            variant="default"
            onClick={() => check.mutate()}
            loading={check.isPending || data?.phase === 'checking'}
          >
            Check now
          </Button>
        )}
      </Group>
      {data && <UpdateStatusLine status={data} />}
      {isAdmin && updatable && (
        <form
          aria-label="Update address"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate({ feedUrl: feedValue.trim() || null });
          }}
        >
          <Group align="flex-end">
            <TextInput
              label="Update address"
              description="Where this workstation looks for new versions (a generic update server). Empty: the address built into Loupe."
              placeholder="https://updates.example.com/loupe"
              value={feedValue}
              onChange={(e) => setFeed(e.currentTarget.value)}
              error={error}
              w={520}
            />
            <Button type="submit" variant="default" loading={save.isPending}>
              Save address
            </Button>
          </Group>
        </form>
      )}
    </Stack>
  );
}

import {
  Alert,
  Button,
  Group,
  List,
  NumberInput,
  PasswordInput,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { SessionUser } from '../api-types';
import { DEFAULT_BATCH_SIZE } from '../../../shared/sync';
import { errorMessage, fieldErrorsOf } from '../common/errors';
import { useSyncStatus } from '../sync/SyncScreen';
import { useTRPC } from '../trpc';

/** Settings → Backend: connect this workstation to the dealer's Back4app app (admins). */
export function BackendSection({ user }: { user: SessionUser }) {
  const trpc = useTRPC();
  const status = useSyncStatus();
  const notices = useQuery(trpc.app.health.queryOptions());
  const [values, setValues] = useState({
    serverURL: 'https://parseapi.back4app.com',
    appId: '',
    clientKey: '',
    liveQueryURL: '',
    username: user.username,
    password: '',
  });
  const [batchSize, setBatchSize] = useState<number | string>(DEFAULT_BATCH_SIZE);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const connect = useMutation(trpc.sync.connect.mutationOptions({ onError: (e) => setErrors(fieldErrorsOf(e)) }));
  const set = (field: keyof typeof values, value: string) => setValues((v) => ({ ...v, [field]: value }));
  const connected = status.data && status.data.state !== 'local-only';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    connect.mutate({
      ...values,
      liveQueryURL: values.liveQueryURL || undefined,
      batchSize: Number(batchSize) || undefined,
    });
  };

  return (
    <Stack gap="sm">
      <Title order={4}>Backend</Title>
      {notices.data?.secretsWarning && (
        <Alert color="yellow" title="Sign-ins kept on this computer are not encrypted" data-testid="secrets-warning">
          <Text size="sm">{notices.data.secretsWarning}</Text>
        </Alert>
      )}
      {connected && !connect.data && (
        <Text size="sm">
          Connected to <strong>{status.data?.serverURL}</strong>. Staff sign in with their backend username and
          password; after one online sign-in they can also sign in here offline.
        </Text>
      )}
      {!connected && user.role !== 'admin' && (
        <Text size="sm">
          This workstation works on its own. An administrator can connect it to the dealer’s backend.
        </Text>
      )}
      {!connected && user.role === 'admin' && (
        <form onSubmit={submit} noValidate aria-label="Connect to the backend">
          <Text size="sm" mb="xs">
            Enter the Back4app app’s keys (Dashboard → App Settings → Security & Keys) and sign in with your backend
            account. This workstation’s data is sent to the backend, and local staff accounts are matched to backend
            users by username.
          </Text>
          <SimpleGrid cols={2} spacing="sm" maw={900}>
            <TextInput
              label="Server URL"
              value={values.serverURL}
              onChange={(e) => set('serverURL', e.currentTarget.value)}
              error={errors.serverURL}
            />
            <TextInput
              label="Application ID"
              value={values.appId}
              onChange={(e) => set('appId', e.currentTarget.value)}
              error={errors.appId}
            />
            <TextInput
              label="Client key"
              description="JavaScript or REST API key — never the master key"
              value={values.clientKey}
              onChange={(e) => set('clientKey', e.currentTarget.value)}
              error={errors.clientKey}
            />
            <TextInput
              label="LiveQuery URL"
              description="e.g. wss://yourapp.b4a.io (optional)"
              value={values.liveQueryURL}
              onChange={(e) => set('liveQueryURL', e.currentTarget.value)}
              error={errors.liveQueryURL}
            />
            <TextInput
              label="Backend username"
              value={values.username}
              onChange={(e) => set('username', e.currentTarget.value)}
              error={errors.username}
            />
            <PasswordInput
              label="Backend password"
              visibilityToggleButtonProps={{ 'aria-label': 'Show or hide the password' }}
              value={values.password}
              onChange={(e) => set('password', e.currentTarget.value)}
              error={errors.password}
            />
            <NumberInput
              label="Changes sent together"
              description="Leave as it is unless the server is slow to accept them; Loupe sends fewer by itself when the server asks."
              min={1}
              max={500}
              value={batchSize}
              onChange={setBatchSize}
              error={errors.batchSize}
            />
          </SimpleGrid>
          {connect.isError && !Object.keys(fieldErrorsOf(connect.error)).length && (
            <Alert color="red" mt="sm" role="alert">
              {errorMessage(connect.error)}
            </Alert>
          )}
          <Group mt="md">
            <Button type="submit" loading={connect.isPending}>
              Connect
            </Button>
          </Group>
        </form>
      )}
      {connect.data && (
        <Alert
          color={connect.data.stranded.length ? 'red' : connect.data.unmatched.length ? 'yellow' : 'teal'}
          title="Connected"
          data-testid="connect-report"
        >
          <Text size="sm">
            Sent {connect.data.report.pushed} change(s), received {connect.data.report.pulled} record(s).
          </Text>
          <Text size="sm" mt="xs">
            Staff matched to backend users: {connect.data.matched.join(', ') || 'none'}.
          </Text>
          {connect.data.unmatched.length > 0 && (
            <>
              <Text size="sm" mt="xs">
                No backend user with these usernames. They can sign in only on this workstation, and changes that name
                them are not sent until they have a backend account (create it, or hand their changes to someone, in
                Staff below):
              </Text>
              <List size="sm" data-testid="unmatched-staff">
                {connect.data.unmatched.map((u) => {
                  const waiting = connect.data.stranded.find((s) => s.username === u)?.changes ?? 0;
                  return (
                    <List.Item key={u}>
                      {u}
                      {waiting > 0 ? ` — ${waiting} ${waiting === 1 ? 'change' : 'changes'} not sent` : ''}
                    </List.Item>
                  );
                })}
              </List>
            </>
          )}
        </Alert>
      )}
    </Stack>
  );
}

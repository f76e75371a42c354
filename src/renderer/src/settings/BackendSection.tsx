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
import { useForm } from '@mantine/form';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { SessionUser } from '../api-types';
import { connectInput, DEFAULT_BATCH_SIZE } from '../../../shared/sync';
import { errorMessage, fieldErrorsOf } from '../common/errors';
import { schemaValidate, showFieldErrors } from '../common/schema-form';
import { useSyncStatus } from '../sync/SyncScreen';
import { useTRPC } from '../trpc';
import { ServerRequests } from './ServerRequests';

/** What the form sends: an empty LiveQuery URL is none, the batch size a number. */
function toInput({
  batchSize,
  ...values
}: Record<'serverURL' | 'appId' | 'clientKey' | 'liveQueryURL' | 'username' | 'password', string> & {
  batchSize: number | string;
}) {
  return { ...values, liveQueryURL: values.liveQueryURL || undefined, batchSize: Number(batchSize) || undefined };
}

/** Settings → Backend: connect this workstation to the dealer's Back4app app (admins). */
export function BackendSection({ user }: { user: SessionUser }) {
  const trpc = useTRPC();
  const status = useSyncStatus();
  const notices = useQuery(trpc.app.health.queryOptions());
  const form = useForm({
    initialValues: {
      serverURL: 'https://parseapi.back4app.com',
      appId: '',
      clientKey: '',
      liveQueryURL: '',
      username: user.username,
      password: '',
      batchSize: DEFAULT_BATCH_SIZE as number | string,
    },
    validate: schemaValidate(connectInput, (values) => toInput(values)),
  });
  const connect = useMutation(trpc.sync.connect.mutationOptions({ onError: (e) => showFieldErrors(form, e) }));
  const connected = status.data && status.data.state !== 'local-only';

  const submit = form.onSubmit((values) => connect.mutate(toInput(values)));

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
      {connected && <ServerRequests />}
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
            <TextInput label="Server URL" {...form.getInputProps('serverURL')} />
            <TextInput label="Application ID" {...form.getInputProps('appId')} />
            <TextInput
              label="Client key"
              description="JavaScript or REST API key — never the master key"
              {...form.getInputProps('clientKey')}
            />
            <TextInput
              label="LiveQuery URL"
              description="e.g. wss://yourapp.b4a.io (optional)"
              {...form.getInputProps('liveQueryURL')}
            />
            <TextInput label="Backend username" {...form.getInputProps('username')} />
            <PasswordInput
              label="Backend password"
              visibilityToggleButtonProps={{ 'aria-label': 'Show or hide the password' }}
              {...form.getInputProps('password')}
            />
            <NumberInput
              label="Changes sent together"
              description="Leave as it is unless the server is slow to accept them; Loupe sends fewer by itself when the server asks."
              min={1}
              max={500}
              {...form.getInputProps('batchSize')}
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

import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { errorMessage } from '../common/errors';
import { forgetRestore, readRestoreNotice } from '../maintenance/restore-notice';
import { useTRPC } from '../trpc';
import { AuthCard } from './AuthCard';

export function SignInScreen() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [restored] = useState(readRestoreNotice);
  const signIn = useMutation(
    trpc.auth.signIn.mutationOptions({
      onSuccess: () => {
        forgetRestore();
        return queryClient.invalidateQueries();
      },
      onError: () => setPassword(''),
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate({ username, password });
  };
  return (
    <AuthCard title="Sign in" subtitle="Sign in with your Loupe staff account.">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {restored && (
            <Alert color="teal" title="Backup restored" data-testid="restore-done">
              {restored.stones === 1 ? '1 stone is' : `${restored.stones.toLocaleString()} stones are`} back from{' '}
              {restored.from}. The database it replaced is kept as {restored.keptAside}. Sign in again to go on.
            </Alert>
          )}
          <TextInput
            label="Username"
            autoFocus
            autoComplete="username"
            value={username}
            onChange={(e) => setUsername(e.currentTarget.value)}
          />
          <PasswordInput
            visibilityToggleButtonProps={{ 'aria-label': 'Show or hide the password' }}
            label="Password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          {signIn.isError && (
            <Alert color="red" role="alert">
              {errorMessage(signIn.error)}
            </Alert>
          )}
          <Button type="submit" loading={signIn.isPending} disabled={!username || !password}>
            Sign in
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}

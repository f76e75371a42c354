import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { createFirstAdminInput, PASSWORD_MIN_LENGTH } from '../../../shared/schemas';
import { errorMessage, fieldErrorsOf } from '../common/errors';
import { validate } from '../common/zod-form';
import { useTRPC } from '../trpc';
import { AuthCard } from './AuthCard';

export function SetupScreen() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [values, setValues] = useState({ username: '', fullName: '', email: '', password: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const create = useMutation(
    trpc.auth.createFirstAdmin.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(),
      onError: (error) => setErrors(fieldErrorsOf(error)),
    }),
  );
  const set = (field: keyof typeof values) => (event: { currentTarget: { value: string } }) => {
    const value = event.currentTarget.value; // read now: React clears currentTarget after the event
    setValues((v) => ({ ...v, [field]: value }));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = validate(createFirstAdminInput, values);
    if (!result.ok) return setErrors(result.errors);
    setErrors({});
    create.mutate(result.data);
  };

  return (
    <AuthCard title="Set up Loupe" subtitle="Create the first administrator for this workstation.">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput
            label="Username"
            autoFocus
            autoComplete="username"
            value={values.username}
            onChange={set('username')}
            error={errors.username}
          />
          <TextInput
            label="Full name"
            autoComplete="name"
            value={values.fullName}
            onChange={set('fullName')}
            error={errors.fullName}
          />
          <TextInput
            label="Email"
            type="email"
            autoComplete="email"
            value={values.email}
            onChange={set('email')}
            error={errors.email}
          />
          <PasswordInput
            visibilityToggleButtonProps={{ 'aria-label': 'Show or hide the password' }}
            label="Password"
            description={`At least ${PASSWORD_MIN_LENGTH} characters`}
            autoComplete="new-password"
            value={values.password}
            onChange={set('password')}
            error={errors.password}
          />
          {create.isError && !Object.keys(fieldErrorsOf(create.error)).length && (
            <Alert color="red" role="alert">
              {errorMessage(create.error)}
            </Alert>
          )}
          <Button type="submit" loading={create.isPending}>
            Create administrator
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}

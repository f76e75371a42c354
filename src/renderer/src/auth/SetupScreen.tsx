import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { createFirstAdminInput, PASSWORD_MIN_LENGTH } from '../../../shared/schemas';
import { errorMessage, fieldErrorsOf } from '../common/errors';
import { schemaValidate, showFieldErrors } from '../common/schema-form';
import { useTRPC } from '../trpc';
import { AuthCard } from './AuthCard';

export function SetupScreen() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: { username: '', fullName: '', email: '', password: '' },
    validate: schemaValidate(createFirstAdminInput),
  });
  const create = useMutation(
    trpc.auth.createFirstAdmin.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(),
      onError: (error) => showFieldErrors(form, error),
    }),
  );
  const submit = form.onSubmit((values) => create.mutate(createFirstAdminInput.parse(values)));

  return (
    <AuthCard title="Set up Loupe" subtitle="Create the first administrator for this workstation.">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput label="Username" autoFocus autoComplete="username" {...form.getInputProps('username')} />
          <TextInput label="Full name" autoComplete="name" {...form.getInputProps('fullName')} />
          <TextInput label="Email" type="email" autoComplete="email" {...form.getInputProps('email')} />
          <PasswordInput
            visibilityToggleButtonProps={{ 'aria-label': 'Show or hide the password' }}
            label="Password"
            description={`At least ${PASSWORD_MIN_LENGTH} characters`}
            autoComplete="new-password"
            {...form.getInputProps('password')}
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

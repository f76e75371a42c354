import { Alert, Button, Group, Modal, PasswordInput, Select, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { newPassword } from '../../../shared/schemas';
import { errorMessage, fieldErrorsOf } from '../common/errors';
import { useTRPC } from '../trpc';

// For a staff member made here while the workstation was local only: their changes cannot be sent until
// the backend knows them. An administrator gives them a backend account (with a first password to tell
// them), or hands their waiting changes to someone who has one.

interface Person {
  id: string;
  fullName: string;
}

/** The two ways out, as buttons, for an administrator. */
export function BackendAccountActions({ person, changes }: { person: Person; changes: number }) {
  const [open, setOpen] = useState<'create' | 'hand' | null>(null);
  return (
    <Group gap={4}>
      <Button size="xs" variant="light" onClick={() => setOpen('create')}>
        Create backend account
      </Button>
      {changes > 0 && (
        <Button size="xs" variant="subtle" onClick={() => setOpen('hand')}>
          Hand changes to…
        </Button>
      )}
      {open === 'create' && <CreateAccount person={person} onClose={() => setOpen(null)} />}
      {open === 'hand' && <HandOver person={person} changes={changes} onClose={() => setOpen(null)} />}
    </Group>
  );
}

function useRefreshAfter() {
  const client = useQueryClient();
  return () => void client.invalidateQueries();
}

function CreateAccount({ person, onClose }: { person: Person; onClose: () => void }) {
  const trpc = useTRPC();
  const refresh = useRefreshAfter();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const create = useMutation(
    trpc.sync.staff.createBackendAccount.mutationOptions({
      onSuccess: () => {
        refresh();
        onClose();
      },
      onError: (e) => setError(fieldErrorsOf(e).password ?? null),
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = newPassword.safeParse(password);
    if (!checked.success) return setError(checked.error.issues[0]?.message ?? 'Enter a password');
    setError(null);
    create.mutate({ userId: person.id, password });
  };
  return (
    <Modal
      opened
      onClose={onClose}
      title={`A backend account for ${person.fullName}`}
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form onSubmit={submit} noValidate aria-label="Create backend account">
        <Stack gap="sm">
          <Text size="sm">
            The account gets the same username and role as here. Choose a first password and tell it to{' '}
            {person.fullName}: from now on they sign in with it, and their waiting changes are sent.
          </Text>
          <PasswordInput
            label="First backend password"
            data-autofocus
            visibilityToggleButtonProps={{ 'aria-label': 'Show or hide the password' }}
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={error}
          />
          {create.isError && !fieldErrorsOf(create.error).password && (
            <Alert color="red" role="alert">
              {errorMessage(create.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create account
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function HandOver({ person, changes, onClose }: { person: Person; changes: number; onClose: () => void }) {
  const trpc = useTRPC();
  const refresh = useRefreshAfter();
  const staff = useQuery(trpc.auth.staff.list.queryOptions());
  const [to, setTo] = useState<string | null>(null);
  const hand = useMutation(
    trpc.sync.staff.handOver.mutationOptions({
      onSuccess: () => {
        refresh();
        onClose();
      },
    }),
  );
  const options = (staff.data ?? []).filter((m) => m.onBackend).map((m) => ({ value: m.id, label: m.fullName }));
  return (
    <Modal
      opened
      onClose={onClose}
      title={`Hand ${person.fullName}’s changes to someone else`}
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <Stack gap="sm">
        <Text size="sm">
          {changes} waiting {changes === 1 ? 'change names' : 'changes name'} {person.fullName}. They will name the
          person you choose instead (handled by, verified by, moved by, logged by) and go to the backend under that
          person. {person.fullName} keeps their account here.
        </Text>
        <Select
          label="Hand them to"
          placeholder="Choose a staff member"
          data={options}
          value={to}
          onChange={setTo}
          searchable
          allowDeselect={false}
        />
        {hand.isError && (
          <Alert color="red" role="alert">
            {errorMessage(hand.error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            disabled={!to}
            loading={hand.isPending}
            onClick={() => to && hand.mutate({ fromUserId: person.id, toUserId: to })}
          >
            Hand over {changes} {changes === 1 ? 'change' : 'changes'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

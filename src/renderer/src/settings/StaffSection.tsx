import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { SessionUser } from '../api-types';
import { ROLE_LABELS, ROLES, type Role } from '../../../shared/enums';
import { createStaffInput } from '../../../shared/schemas';
import { errorMessage, fieldErrorsOf } from '../common/errors';
import { schemaValidate, showFieldErrors } from '../common/schema-form';
import { useSyncStatus } from '../sync/SyncScreen';
import { useTRPC } from '../trpc';
import { BackendAccountActions } from './BackendAccount';

const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));

export function StaffSection({ user }: { user: SessionUser }) {
  const trpc = useTRPC();
  const staff = useQuery(trpc.auth.staff.list.queryOptions());
  const setRole = useMutation(trpc.auth.staff.setRole.mutationOptions());
  const status = useSyncStatus();
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const isAdmin = user.role === 'admin';
  const connected = status.data !== undefined && status.data.state !== 'local-only';
  const waiting = new Map(status.data?.stranded.map((s) => [s.userId, s.changes]));

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={4}>Staff</Title>
        {isAdmin && <Button onClick={() => setAdding(true)}>Add staff member</Button>}
      </Group>
      {notice && (
        <Alert color="yellow" withCloseButton onClose={() => setNotice(null)} data-testid="staff-notice">
          {notice}
        </Alert>
      )}
      {setRole.isError && (
        <Alert color="red" role="alert">
          {errorMessage(setRole.error)}
        </Alert>
      )}
      <Table withTableBorder striped aria-label="Staff" verticalSpacing={6}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Username</Table.Th>
            <Table.Th>Email</Table.Th>
            <Table.Th>Role</Table.Th>
            <Table.Th>Signs in here</Table.Th>
            {connected && <Table.Th>Backend</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {staff.data?.map((member) => (
            <Table.Tr key={member.id}>
              <Table.Td>{member.fullName}</Table.Td>
              <Table.Td ff="monospace">{member.username}</Table.Td>
              <Table.Td>{member.email}</Table.Td>
              <Table.Td>
                {isAdmin ? (
                  <Select
                    aria-label={`Role of ${member.username}`}
                    size="xs"
                    w={160}
                    allowDeselect={false}
                    data={ROLE_OPTIONS}
                    value={member.role}
                    onChange={(role) => role && setRole.mutate({ userId: member.id, role: role as Role })}
                  />
                ) : (
                  <Badge variant="light">{ROLE_LABELS[member.role]}</Badge>
                )}
              </Table.Td>
              <Table.Td>{member.canSignInHere ? 'Yes' : 'Backend only'}</Table.Td>
              {connected && (
                <Table.Td>
                  {member.onBackend ? (
                    'Has an account'
                  ) : (
                    <Stack gap={4}>
                      <Text size="sm" c="red" data-testid={`no-backend-${member.username}`}>
                        No account
                        {waiting.get(member.id)
                          ? ` · ${waiting.get(member.id)} ${waiting.get(member.id) === 1 ? 'change' : 'changes'} not sent`
                          : ''}
                      </Text>
                      {isAdmin && <BackendAccountActions person={member} changes={waiting.get(member.id) ?? 0} />}
                    </Stack>
                  )}
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {adding && (
        <AddStaffForm
          onClose={(problem) => {
            setAdding(false);
            if (problem)
              setNotice(
                `Added on this workstation, but not on the backend yet (${problem}). Use “Create backend account” once it can be reached.`,
              );
          }}
        />
      )}
    </Stack>
  );
}

function AddStaffForm({ onClose }: { onClose: (backendProblem?: string | null) => void }) {
  const trpc = useTRPC();
  const form = useForm({
    initialValues: { username: '', fullName: '', email: '', password: '', role: 'coordinator' },
    validate: schemaValidate(createStaffInput),
  });
  const create = useMutation(
    trpc.auth.staff.create.mutationOptions({
      onSuccess: (made) => onClose(made.backendProblem),
      onError: (e) => showFieldErrors(form, e),
    }),
  );
  const submit = form.onSubmit((values) => create.mutate(createStaffInput.parse(values)));
  return (
    <Modal opened onClose={() => onClose()} title="Add a staff member" closeButtonProps={{ 'aria-label': 'Close' }}>
      <form onSubmit={submit} noValidate aria-label="Add a staff member">
        <SimpleGrid cols={2} spacing="sm">
          <TextInput label="Username" data-autofocus {...form.getInputProps('username')} />
          <TextInput label="Full name" {...form.getInputProps('fullName')} />
          <TextInput label="Email" {...form.getInputProps('email')} />
          <Select label="Role" allowDeselect={false} data={ROLE_OPTIONS} {...form.getInputProps('role')} />
          <PasswordInput
            label="Password"
            visibilityToggleButtonProps={{ 'aria-label': 'Show or hide the password' }}
            {...form.getInputProps('password')}
          />
        </SimpleGrid>
        {create.isError && !Object.keys(fieldErrorsOf(create.error)).length && (
          <Alert color="red" mt="sm" role="alert">
            {errorMessage(create.error)}
          </Alert>
        )}
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={() => onClose()}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Add staff member
          </Button>
        </Group>
      </form>
    </Modal>
  );
}

import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Table,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { SessionUser } from '../api-types';
import {
  CLARITY_SCALE_LABELS,
  CLARITY_SCALES,
  LOCATION_KIND_LABELS,
  LOCATION_KINDS,
  type LocationKind,
} from '../../../shared/inventory';
import { errorMessage, fieldErrorsOf } from '../common/errors';
import { useTRPC } from '../trpc';

// Settings → the managed lists. They live on this workstation (not replicated yet); values already on
// stones (for example typed on another workstation) show up as "on stones" and can be adopted here.

const SOURCE_LABELS = { 'built-in': 'Built in', managed: 'Added here', 'on stones': 'On stones' } as const;

export function ListsSection({ user }: { user: SessionUser }) {
  const isAdmin = user.role === 'admin';
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
      <TypesList isAdmin={isAdmin} />
      <LocationsList isAdmin={isAdmin} />
    </SimpleGrid>
  );
}

function TypesList({ isAdmin }: { isAdmin: boolean }) {
  const trpc = useTRPC();
  const types = useQuery(trpc.inventory.lists.gemstoneTypes.queryOptions());
  const [name, setName] = useState('');
  const [scale, setScale] = useState<string | null>('coloured');
  const save = useMutation(trpc.inventory.lists.saveGemstoneType.mutationOptions({ onSuccess: () => setName('') }));
  const errors = fieldErrorsOf(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ name, clarityScale: (scale ?? 'coloured') as 'diamond' | 'coloured' });
  };
  return (
    <Stack gap="xs">
      <Title order={4}>Gemstone types</Title>
      <Table withTableBorder striped verticalSpacing={4} fz="sm" aria-label="Gemstone types">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Type</Table.Th>
            <Table.Th>Clarity scale</Table.Th>
            <Table.Th>Source</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(types.data ?? []).map((t) => (
            <Table.Tr key={t.name}>
              <Table.Td>{t.name}</Table.Td>
              <Table.Td>{t.clarityScale === 'diamond' ? 'Diamond' : 'Coloured'}</Table.Td>
              <Table.Td>
                <Badge variant="light" color={t.source === 'on stones' ? 'orange' : 'gray'}>
                  {SOURCE_LABELS[t.source]}
                </Badge>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {isAdmin && (
        <form onSubmit={submit} aria-label="Add a gemstone type">
          <Group align="flex-end" gap="xs">
            <TextInput
              label="New type"
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={errors.name}
              w={180}
            />
            <Select
              label="Clarity scale"
              allowDeselect={false}
              data={CLARITY_SCALES.map((s) => ({ value: s, label: CLARITY_SCALE_LABELS[s] }))}
              value={scale}
              onChange={setScale}
              w={300}
            />
            <Button type="submit" loading={save.isPending}>
              Add type
            </Button>
          </Group>
        </form>
      )}
      {save.error && !errors.name && <Alert color="red">{errorMessage(save.error)}</Alert>}
    </Stack>
  );
}

function LocationsList({ isAdmin }: { isAdmin: boolean }) {
  const trpc = useTRPC();
  const locations = useQuery(trpc.inventory.lists.locations.queryOptions());
  const [name, setName] = useState('');
  const [kind, setKind] = useState<string | null>('floor');
  const save = useMutation(trpc.inventory.lists.saveLocation.mutationOptions({ onSuccess: () => setName('') }));
  const errors = fieldErrorsOf(save.error);
  const kindOptions = LOCATION_KINDS.map((k) => ({ value: k, label: LOCATION_KIND_LABELS[k] }));
  return (
    <Stack gap="xs">
      <Title order={4}>Locations</Title>
      <Table withTableBorder striped verticalSpacing={4} fz="sm" aria-label="Locations">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Location</Table.Th>
            <Table.Th>Means</Table.Th>
            <Table.Th>Offered</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(locations.data ?? []).map((l) => (
            <Table.Tr key={l.name}>
              <Table.Td>{l.name}</Table.Td>
              <Table.Td>
                {isAdmin ? (
                  <Select
                    size="xs"
                    aria-label={`What ${l.name} means`}
                    allowDeselect={false}
                    data={kindOptions}
                    value={l.kind}
                    onChange={(k) => k && save.mutate({ name: l.name, kind: k as LocationKind, retired: l.retired })}
                  />
                ) : (
                  LOCATION_KIND_LABELS[l.kind]
                )}
              </Table.Td>
              <Table.Td>
                <Checkbox
                  aria-label={`Offer ${l.name}`}
                  checked={!l.retired}
                  disabled={!isAdmin}
                  onChange={(e) => save.mutate({ name: l.name, kind: l.kind, retired: !e.currentTarget.checked })}
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {isAdmin && (
        <form
          aria-label="Add a location"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate({ name, kind: (kind ?? 'floor') as LocationKind, retired: false });
          }}
        >
          <Group align="flex-end" gap="xs">
            <TextInput
              label="New location"
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={errors.name}
              w={180}
            />
            <Select label="Means" allowDeselect={false} data={kindOptions} value={kind} onChange={setKind} w={280} />
            <Button type="submit" loading={save.isPending}>
              Add location
            </Button>
          </Group>
        </form>
      )}
      {save.error && !errors.name && <Alert color="red">{errorMessage(save.error)}</Alert>}
    </Stack>
  );
}

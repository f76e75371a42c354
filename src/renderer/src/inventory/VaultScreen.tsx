import {
  Alert,
  Autocomplete,
  Button,
  CloseButton,
  Group,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { SessionUser } from '../api-types';
import { formatDateTime } from '../../../shared/format';
import { errorMessage, fieldErrorsOf } from '../common/errors';
import { useTRPC, useTRPCClient } from '../trpc';
import { formatCarats, setDesk, useDesk } from './desk-store';
import { beep, ScanBox } from './ScanBox';
import { StockCounts } from './StockCounts';

// The vault: move a tray of scanned stones, the closing-time list of stones signed out and not back,
// and stock counts (StockCounts.tsx).

export function VaultScreen({ user }: { user: SessionUser }) {
  const [tab, setTab] = useState<string | null>('counts');
  return (
    <Stack gap="sm">
      <Title order={3}>Vault</Title>
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="counts">Stock counts</Tabs.Tab>
          <Tabs.Tab value="move">Move stones</Tabs.Tab>
          <Tabs.Tab value="closing">Signed out, not back</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="counts" pt="sm">
          <StockCounts />
        </Tabs.Panel>
        <Tabs.Panel value="move" pt="sm">
          <MoveTray user={user} />
        </Tabs.Panel>
        <Tabs.Panel value="closing" pt="sm">
          <ClosingList />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

/** A scan box that also takes scans made anywhere on the screen while it is shown. */

function MoveTray({ user }: { user: SessionUser }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const canMove = user.role === 'admin' || user.role === 'coordinator';
  const options = useQuery(trpc.inventory.formOptions.queryOptions());
  const tray = useDesk((s) => s.tray);
  const [scanProblem, setScanProblem] = useState<string | null>(null);
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const move = useMutation(
    trpc.inventory.custody.move.mutationOptions({
      onSuccess: () => {
        setDesk({ tray: [] });
        setReason('');
      },
    }),
  );
  const errors = fieldErrorsOf(move.error);
  // Each scan is looked up at once, as a stock count does: a SKU the inventory does not have never gets
  // onto the tray (it would make the whole move fail later).
  const add = async (code: string) => {
    setScanProblem(null);
    try {
      const result = await client.inventory.scan.query({ code });
      if (!result.found) {
        beep(false);
        setScanProblem(`${result.code} is not in the inventory, so it was not put on the tray.`);
        return;
      }
      const { id, sku, gemstoneType, caratWeight, location } = result.detail.stone;
      beep(true);
      setDesk((s) => ({
        tray: s.tray.some((t) => t.id === id) ? s.tray : [...s.tray, { id, sku, gemstoneType, caratWeight, location }],
      }));
    } catch (error) {
      setScanProblem(errorMessage(error));
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    move.mutate({ skus: tray.map((t) => t.sku), toLocation: to, reason });
  };
  if (!canMove) {
    return (
      <Alert color="gray">
        Coordinators and administrators move stones; you can see every move in a stone’s custody log.
      </Alert>
    );
  }
  return (
    <Stack gap="sm" maw={900}>
      <ScanBox label="Scan stones onto the tray" onCode={(code) => void add(code)} />
      {scanProblem && (
        <Alert color="red" role="alert" data-testid="tray-scan-problem">
          {scanProblem}
        </Alert>
      )}
      <Table withTableBorder verticalSpacing={4} aria-label="Tray" fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>On the tray ({tray.length})</Table.Th>
            <Table.Th>Type</Table.Th>
            <Table.Th ta="right">Carat</Table.Th>
            <Table.Th>Now at</Table.Th>
            <Table.Th w={40} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tray.map((stone) => (
            <Table.Tr key={stone.id}>
              <Table.Td ff="monospace">{stone.sku}</Table.Td>
              <Table.Td>{stone.gemstoneType}</Table.Td>
              <Table.Td ta="right">{formatCarats(stone.caratWeight)}</Table.Td>
              <Table.Td>{stone.location}</Table.Td>
              <Table.Td>
                <CloseButton
                  size="sm"
                  aria-label={`Take ${stone.sku} off the tray`}
                  onClick={() => setDesk((s) => ({ tray: s.tray.filter((t) => t.id !== stone.id) }))}
                />
              </Table.Td>
            </Table.Tr>
          ))}
          {tray.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={5} c="dimmed">
                Scan stones to put them on the tray.
              </Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
      <form onSubmit={submit} aria-label="Move the tray">
        <Group align="flex-end" gap="xs">
          <Autocomplete
            label="To"
            data={options.data?.locations ?? []}
            value={to}
            onChange={setTo}
            error={errors.toLocation}
            w={200}
          />
          <TextInput
            label="Reason"
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={errors.reason}
            style={{ flex: 1 }}
          />
          <Button type="submit" disabled={tray.length === 0} loading={move.isPending}>
            Move {tray.length} {tray.length === 1 ? 'stone' : 'stones'}
          </Button>
        </Group>
      </form>
      {move.error && !errors.toLocation && !errors.reason && <Alert color="red">{errorMessage(move.error)}</Alert>}
      {move.data && (
        <Alert color="green" role="status">
          Moved {move.data.moved.length} {move.data.moved.length === 1 ? 'stone' : 'stones'} to {move.data.toLocation}
          {move.data.alreadyThere.length > 0 ? `; ${move.data.alreadyThere.join(', ')} already there.` : '.'}
        </Alert>
      )}
    </Stack>
  );
}

function ClosingList() {
  const trpc = useTRPC();
  const list = useQuery(trpc.inventory.custody.signedOut.queryOptions());
  const rows = list.data ?? [];
  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed">
        Stones taken out of secure storage (vault, safe) and not returned: on a showcase, at the counter or out on memo.
        Sold stones are not listed.
      </Text>
      {list.isError && <Alert color="red">{errorMessage(list.error)}</Alert>}
      <Table withTableBorder striped verticalSpacing={4} fz="sm" aria-label="Signed out, not back">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>SKU</Table.Th>
            <Table.Th>Type</Table.Th>
            <Table.Th ta="right">Carat</Table.Th>
            <Table.Th>Now at</Table.Th>
            <Table.Th>Signed out of</Table.Th>
            <Table.Th>When</Table.Th>
            <Table.Th>By</Table.Th>
            <Table.Th>Reason</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((s) => (
            <Table.Tr key={s.id}>
              <Table.Td ff="monospace">{s.sku}</Table.Td>
              <Table.Td>{s.gemstoneType}</Table.Td>
              <Table.Td ta="right">{formatCarats(s.caratWeight)}</Table.Td>
              <Table.Td>{s.location}</Table.Td>
              <Table.Td>{s.signedOutFrom}</Table.Td>
              <Table.Td>{formatDateTime(s.signedOutAt)}</Table.Td>
              <Table.Td>{s.signedOutByName ?? '—'}</Table.Td>
              <Table.Td>{s.reason ?? '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {list.isSuccess && rows.length === 0 && (
        <Text c="dimmed" ta="center">
          Every stone signed out has come back.
        </Text>
      )}
    </Stack>
  );
}

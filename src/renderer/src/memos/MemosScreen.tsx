import { Alert, Badge, Button, Group, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { MemoListItem, SessionUser } from '../api-types';
import { formatDay, money } from '../../../shared/format';
import { memoReference } from '../../../shared/memos';
import { useHashParam } from '../buyers/links';
import { errorMessage } from '../common/errors';
import { useTRPC } from '../trpc';
import { openMemo } from './links';
import { MemoDrawer } from './MemoDrawer';
import { NewMemoDialog } from './NewMemoDialog';

type Which = 'open' | 'overdue' | 'closed';

/** Stones out on approval: the memos open, overdue or closed; a memo opens beside the list. */
export function MemosScreen({ user }: { user: SessionUser }) {
  const trpc = useTRPC();
  const [which, setWhich] = useState<Which>('open');
  const [creating, setCreating] = useState(false);
  const openId = useHashParam();
  const list = useQuery(trpc.memos.list.queryOptions({ which }));
  const mayWrite = user.role === 'admin' || user.role === 'coordinator';
  const showValue = user.role !== 'practitioner';

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={3}>Memos</Title>
        <Group gap="sm">
          <SegmentedControl
            size="xs"
            aria-label="Which memos"
            value={which}
            onChange={(v) => setWhich(v as Which)}
            data={[
              { value: 'open', label: 'Open' },
              { value: 'overdue', label: 'Overdue' },
              { value: 'closed', label: 'Closed' },
            ]}
          />
          {mayWrite && (
            <Button size="xs" onClick={() => setCreating(true)}>
              New memo
            </Button>
          )}
        </Group>
      </Group>
      {list.isError && <Alert color="red">{errorMessage(list.error)}</Alert>}
      {list.data && list.data.length === 0 && (
        <Text c="dimmed" ta="center" py="lg">
          {which === 'open'
            ? 'No stones are out on memo.'
            : which === 'overdue'
              ? 'Nothing is overdue.'
              : 'No closed memos.'}
        </Text>
      )}
      {list.data && list.data.length > 0 && (
        <Table withTableBorder highlightOnHover verticalSpacing={4} aria-label="Memos">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Memo</Table.Th>
              <Table.Th>Buyer</Table.Th>
              <Table.Th>Issued</Table.Th>
              <Table.Th>Due back</Table.Th>
              <Table.Th ta="right">Stones out</Table.Th>
              {showValue && <Table.Th ta="right">Value out</Table.Th>}
              <Table.Th>Status</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data.map((memo) => (
              <MemoRow key={memo.id} memo={memo} showValue={showValue} />
            ))}
          </Table.Tbody>
        </Table>
      )}
      {creating && (
        <NewMemoDialog onClose={() => setCreating(false)} onCreated={(id) => (setCreating(false), openMemo(id))} />
      )}
      {openId && <MemoDrawer id={openId} user={user} />}
    </Stack>
  );
}

function MemoRow({ memo, showValue }: { memo: MemoListItem; showValue: boolean }) {
  return (
    <Table.Tr
      tabIndex={0}
      style={{ cursor: 'pointer' }}
      onClick={() => openMemo(memo.id)}
      onKeyDown={(e) => e.key === 'Enter' && openMemo(memo.id)}
      data-testid="memo-row"
    >
      <Table.Td ff="monospace">{memoReference(memo.id)}</Table.Td>
      <Table.Td>{memo.buyerName}</Table.Td>
      <Table.Td>{formatDay(memo.issuedAt)}</Table.Td>
      <Table.Td c={memo.overdue ? 'red' : undefined}>{formatDay(memo.dueBack)}</Table.Td>
      <Table.Td ta="right">
        {memo.stonesOut} of {memo.stonesTotal}
      </Table.Td>
      {showValue && <Table.Td ta="right">{money(memo.valueOut, memo.currency)}</Table.Td>}
      <Table.Td>
        <MemoStatus memo={memo} />
      </Table.Td>
    </Table.Tr>
  );
}

export function MemoStatus({ memo }: { memo: { status: string; overdue: boolean } }) {
  if (memo.status === 'closed')
    return (
      <Badge color="gray" variant="light">
        Closed
      </Badge>
    );
  if (memo.overdue)
    return (
      <Badge color="red" variant="light">
        Overdue
      </Badge>
    );
  return (
    <Badge color="grape" variant="light">
      Open
    </Badge>
  );
}

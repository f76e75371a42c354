import { Alert, Badge, Button, Checkbox, Drawer, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { MemoDetail, MemoLine, SessionUser } from '../api-types';
import { VALUE_LABELS } from '../../../shared/record-rules';
import { formatDay, money } from '../../../shared/format';
import { memoReference } from '../../../shared/memos';
import { errorMessage } from '../common/errors';
import { download, formatCarats } from '../inventory/desk-store';
import { useTRPC, useTRPCClient } from '../trpc';
import { closeMemo } from './links';
import { ExtendMemoDialog, SellLinesDialog } from './MemoDialogs';
import { MemoStatus } from './MemosScreen';

/** One memo: its buyer, dates and terms, and its stones; the issuer (or an administrator) settles them here. */
export function MemoDrawer({ id, user }: { id: string; user: SessionUser }) {
  const trpc = useTRPC();
  const memo = useQuery(trpc.memos.get.queryOptions({ id }));
  return (
    <Drawer
      opened
      onClose={closeMemo}
      position="right"
      size="xl"
      title={<Title order={4}>Memo {memoReference(id)}</Title>}
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      {memo.isError && <Alert color="red">{errorMessage(memo.error)}</Alert>}
      {memo.data && <MemoBody memo={memo.data} user={user} />}
    </Drawer>
  );
}

function MemoBody({ memo, user }: { memo: MemoDetail; user: SessionUser }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const [selected, setSelected] = useState<string[]>([]);
  const [dialog, setDialog] = useState<'sell' | 'extend' | null>(null);
  const [printError, setPrintError] = useState<string | null>(null);
  const [printing, setPrinting] = useState(false);
  const returned = useMutation(trpc.memos.returnLines.mutationOptions({ onSuccess: () => setSelected([]) }));
  const editor = user.role === 'admin' || user.role === 'coordinator';
  const mayChange = editor && (user.role === 'admin' || memo.issuedBy === user.id) && memo.status === 'open';
  const out = memo.lines.filter((l) => l.status === 'out');
  const chosen = memo.lines.filter((l) => selected.includes(l.id));
  const toggle = (lineId: string) =>
    setSelected((s) => (s.includes(lineId) ? s.filter((x) => x !== lineId) : [...s, lineId]));
  const print = async () => {
    setPrinting(true);
    setPrintError(null);
    try {
      const file = await client.memos.pdf.query({ id: memo.id });
      download(file.fileName, file.mimeType, { base64: file.data });
    } catch (error) {
      setPrintError(errorMessage(error));
    } finally {
      setPrinting(false);
    }
  };

  return (
    <Stack gap="sm" data-testid="memo-detail">
      <Group justify="space-between">
        <Text fw={600}>{memo.buyerName}</Text>
        <MemoStatus memo={memo} />
      </Group>
      <Text size="sm">
        Issued {formatDay(memo.issuedAt)} by {memo.issuedByName ?? 'a staff member'} · due back{' '}
        <Text span c={memo.overdue ? 'red' : undefined} fw={600} data-testid="memo-due">
          {formatDay(memo.dueBack)}
        </Text>
        {memo.closedAt ? ` · closed ${formatDay(memo.closedAt)}` : ''}
      </Text>
      {memo.terms && <Text size="sm">Terms: {memo.terms}</Text>}
      {memo.note && (
        <Text size="sm" c="dimmed">
          {memo.note}
        </Text>
      )}
      <Table withTableBorder verticalSpacing={4} aria-label="Stones on the memo">
        <Table.Thead>
          <Table.Tr>
            {mayChange && <Table.Th w={32} />}
            <Table.Th>SKU</Table.Th>
            <Table.Th>Stone</Table.Th>
            <Table.Th ta="right">Carats</Table.Th>
            {editor && <Table.Th ta="right">Price</Table.Th>}
            <Table.Th>Status</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {memo.lines.map((line) => (
            <Table.Tr key={line.id} data-testid="memo-line">
              {mayChange && (
                <Table.Td>
                  {line.status === 'out' && (
                    <Checkbox
                      aria-label={`Choose ${line.sku}`}
                      checked={selected.includes(line.id)}
                      onChange={() => toggle(line.id)}
                    />
                  )}
                </Table.Td>
              )}
              <Table.Td ff="monospace">{line.sku}</Table.Td>
              <Table.Td>{[line.gemstoneType, line.shape, line.colour].filter(Boolean).join(', ')}</Table.Td>
              <Table.Td ta="right">{formatCarats(line.caratWeight)}</Table.Td>
              {editor && <Table.Td ta="right">{money(line.price, line.currency)}</Table.Td>}
              <Table.Td>
                <LineStatus line={line} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {returned.error && <Alert color="red">{errorMessage(returned.error)}</Alert>}
      {printError && <Alert color="red">{printError}</Alert>}
      <Group gap="xs">
        {mayChange && (
          <>
            <Button
              size="xs"
              variant="light"
              disabled={chosen.length === 0}
              loading={returned.isPending}
              onClick={() => returned.mutate({ memo: memo.id, lines: selected })}
            >
              Return selected
            </Button>
            <Button size="xs" disabled={chosen.length === 0} onClick={() => setDialog('sell')}>
              Sell selected
            </Button>
            <Button size="xs" variant="default" onClick={() => setDialog('extend')}>
              Extend
            </Button>
            {out.length > 0 && selected.length === 0 && (
              <Button size="xs" variant="subtle" onClick={() => setSelected(out.map((l) => l.id))}>
                Choose all out
              </Button>
            )}
          </>
        )}
        {editor && (
          <Button size="xs" variant="default" loading={printing} onClick={() => void print()}>
            Print memo
          </Button>
        )}
      </Group>
      {dialog === 'sell' && (
        <SellLinesDialog
          memo={memo}
          lines={chosen}
          onClose={() => setDialog(null)}
          onSold={() => (setDialog(null), setSelected([]))}
        />
      )}
      {dialog === 'extend' && <ExtendMemoDialog memo={memo} onClose={() => setDialog(null)} />}
    </Stack>
  );
}

function LineStatus({ line }: { line: MemoLine }) {
  const label = VALUE_LABELS[line.status] ?? line.status;
  if (line.status === 'sold') {
    return (
      <Text size="sm" data-testid="line-status">
        {label} {formatDay(line.soldAt)} · invoice {line.invoiceNumber ?? '—'}
      </Text>
    );
  }
  if (line.status === 'returned') {
    return (
      <Text size="sm" data-testid="line-status">
        {label} {formatDay(line.returnedAt)}
      </Text>
    );
  }
  return (
    <Badge size="sm" color="grape" variant="light" data-testid="line-status">
      {label}
    </Badge>
  );
}

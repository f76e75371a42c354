import { Alert, Button, Group, Modal, NumberInput, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { MemoDetail, MemoLine } from '../api-types';
import { money } from '../../../shared/format';
import { toMajorUnits, toMinorUnits } from '../../../shared/money';
import { MEMO_MAX_DAYS } from '../../../shared/memos';
import { errorMessage } from '../common/errors';
import { useTRPC } from '../trpc';
import { dayOf, dueBackFromDay } from './links';

// The memo drawer's dialogs: sell the chosen stones (one invoice for them all), and extend the due date.
// The core checks everything again (who may, prices, the stones still out).

/** The buyer keeps the chosen stones: each at its memo price, or one given now. */
export function SellLinesDialog({
  memo,
  lines,
  onClose,
  onSold,
}: {
  memo: MemoDetail;
  lines: MemoLine[];
  onClose: () => void;
  onSold: () => void;
}) {
  const trpc = useTRPC();
  const [prices, setPrices] = useState<Record<string, number | ''>>(() =>
    Object.fromEntries(lines.map((l) => [l.id, l.price === null ? '' : toMajorUnits(l.price, memo.currency)])),
  );
  const [problem, setProblem] = useState<string | null>(null);
  const sell = useMutation(trpc.memos.sellLines.mutationOptions({ onSuccess: onSold }));
  const total = lines.reduce((sum, l) => {
    const p = prices[l.id];
    if (p === '' || p === undefined) return sum;
    try {
      return sum + toMinorUnits(p, memo.currency);
    } catch {
      return sum;
    }
  }, 0);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    const input: { id: string; price?: number }[] = [];
    for (const line of lines) {
      const p = prices[line.id];
      if (p === '' || p === undefined) {
        setProblem(`Give the price ${line.sku} sold for.`);
        return;
      }
      try {
        input.push({ id: line.id, price: toMinorUnits(p, memo.currency) });
      } catch (error) {
        setProblem(`${line.sku}: ${(error as Error).message}`);
        return;
      }
    }
    sell.mutate({ memo: memo.id, lines: input });
  };
  return (
    <Modal opened onClose={onClose} title={`Sell to ${memo.buyerName}`} closeButtonProps={{ 'aria-label': 'Close' }}>
      <form onSubmit={submit} noValidate aria-label="Sell the chosen stones">
        <Stack gap="sm">
          <Table verticalSpacing={2}>
            <Table.Tbody>
              {lines.map((line) => (
                <Table.Tr key={line.id}>
                  <Table.Td ff="monospace">{line.sku}</Table.Td>
                  <Table.Td>
                    <NumberInput
                      size="xs"
                      min={0}
                      thousandSeparator=","
                      aria-label={`Price of ${line.sku}`}
                      rightSection={<Text size="xs">{memo.currency}</Text>}
                      rightSectionWidth={44}
                      value={prices[line.id] ?? ''}
                      onChange={(v) => setPrices((p) => ({ ...p, [line.id]: typeof v === 'number' ? v : '' }))}
                    />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Text size="sm">
            One invoice for {lines.length} {lines.length === 1 ? 'stone' : 'stones'}: {money(total, memo.currency)}{' '}
            before tax. The stones move to “Sold”.
          </Text>
          {(problem || sell.error) && (
            <Alert color="red" role="alert">
              {problem ?? errorMessage(sell.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={sell.isPending}>
              Sell and invoice
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function ExtendMemoDialog({ memo, onClose }: { memo: MemoDetail; onClose: () => void }) {
  const trpc = useTRPC();
  const [day, setDay] = useState(() => dayOf(memo.dueBack));
  const extend = useMutation(trpc.memos.extend.mutationOptions({ onSuccess: onClose }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    extend.mutate({ memo: memo.id, dueBack: dueBackFromDay(day) });
  };
  return (
    <Modal opened onClose={onClose} title="Extend the memo" closeButtonProps={{ 'aria-label': 'Close' }}>
      <form onSubmit={submit} noValidate aria-label="Extend the memo">
        <Stack gap="sm">
          <TextInput
            type="date"
            label="Due back"
            description={`At most ${MEMO_MAX_DAYS} days from today`}
            value={day}
            onChange={(e) => setDay(e.currentTarget.value)}
            data-autofocus
          />
          {extend.error && (
            <Alert color="red" role="alert">
              {errorMessage(extend.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={extend.isPending}>
              Extend
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

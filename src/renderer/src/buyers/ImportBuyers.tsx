import { Alert, Anchor, Badge, Button, FileInput, Group, Modal, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { ImportRowStatus } from '../../../shared/csv-import';
import type { BuyerImportResult as ImportResult } from '../api-types';
import { errorMessage } from '../common/errors';
import { useTRPC } from '../trpc';
import { buyerHref } from './links';

const STATUS_COLORS: Record<string, string> = { ready: 'blue', created: 'green', duplicate: 'orange', invalid: 'red' };
const STATUS_LABELS: Record<string, string> = {
  ready: 'Ready',
  created: 'Created',
  duplicate: 'Duplicate',
  invalid: 'Invalid',
};

/**
 * CSV import of buyers (administrators): the file's text goes to the core, which reads it and checks every
 * row first (invalid, duplicate, ready); nothing is written until "Import".
 */
export function ImportBuyers({ onClose }: { onClose: () => void }) {
  const trpc = useTRPC();
  const [csv, setCsv] = useState<string | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const run = useMutation(trpc.buyers.import.mutationOptions({ onSuccess: setResult }));

  const read = async (file: File | null) => {
    setResult(null);
    setCsv(null);
    setReadError(null);
    run.reset();
    if (!file) return;
    try {
      const text = await file.text();
      setCsv(text);
      run.mutate({ csv: text, dryRun: true });
    } catch (error) {
      setReadError(`Could not read the file: ${errorMessage(error)}`);
    }
  };

  const committed = result !== null && result.imported > 0;
  const statusOf = (status: ImportRowStatus) => (status === 'valid' ? (committed ? 'created' : 'ready') : status);
  return (
    <Modal
      opened
      onClose={onClose}
      title="Import buyers from CSV"
      size="xl"
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          Columns: buyer code, company, contact, email, phone, preferred types (separated by ;), status (prospect,
          active, dormant, blocked), account manager (username or email). Rows that duplicate a buyer — same email, same
          code or a very similar company name — are left out.
        </Text>
        <FileInput
          label="CSV file"
          accept=".csv,text/csv"
          placeholder="Choose a .csv file"
          onChange={read}
          clearable
          data-autofocus
        />
        {readError && <Alert color="red">{readError}</Alert>}
        {run.isError && <Alert color="red">{errorMessage(run.error)}</Alert>}
        {result && (
          <>
            <Group gap="xs" data-testid="import-summary">
              {committed ? (
                <Badge color="green">{result.imported} created</Badge>
              ) : (
                <Badge color="blue">{result.valid} ready</Badge>
              )}
              <Badge color="orange">{result.duplicates} duplicates</Badge>
              <Badge color="red">{result.invalid} invalid</Badge>
            </Group>
            <ScrollArea.Autosize mah={360}>
              <Table withTableBorder striped verticalSpacing={4} aria-label="Import rows">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Line</Table.Th>
                    <Table.Th>Company</Table.Th>
                    <Table.Th>Result</Table.Th>
                    <Table.Th>Why</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {result.rows.map((r) => (
                    <Table.Tr key={r.line}>
                      <Table.Td>{r.line}</Table.Td>
                      <Table.Td>{r.companyName || '—'}</Table.Td>
                      <Table.Td>
                        <Badge color={STATUS_COLORS[statusOf(r.status)]} variant="light">
                          {STATUS_LABELS[statusOf(r.status)]}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">
                          {r.reason}{' '}
                          {r.existingId && (
                            <Anchor href={buyerHref(r.existingId)} onClick={onClose} size="sm">
                              Open the existing one
                            </Anchor>
                          )}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollArea.Autosize>
          </>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {committed ? 'Done' : 'Cancel'}
          </Button>
          {!committed && (
            <Button
              disabled={!csv || !result || result.valid === 0}
              loading={run.isPending}
              onClick={() => csv && run.mutate({ csv, dryRun: false })}
            >
              Import {result?.valid ?? 0} {result?.valid === 1 ? 'buyer' : 'buyers'}
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}

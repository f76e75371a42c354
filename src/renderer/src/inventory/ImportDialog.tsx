import {
  Alert,
  Badge,
  Button,
  FileInput,
  Group,
  Modal,
  Progress,
  SegmentedControl,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useState } from 'react';
import type { ImportCheck, ImportProgress, ImportResult, ImportRowStatus } from '../../../shared/csv-import';
import { CSV_COLUMNS } from '../../../shared/inventory';
import { errorMessage } from '../common/errors';
import { useTRPC } from '../trpc';

// CSV import: choose a file → every row is checked and reported (nothing is written) → "Import N
// stones" writes all valid rows in one transaction, or nothing. A bar follows the core's progress.

const STATUS_COLORS: Record<ImportRowStatus, string> = { valid: 'green', invalid: 'red', duplicate: 'orange' };
const STATUS_LABELS: Record<ImportRowStatus, string> = {
  valid: 'Valid',
  invalid: 'Invalid',
  duplicate: 'Duplicate SKU',
};
const SHOWN_ROWS = 300;

const newJobId = () =>
  crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`;

export function ImportDialog({ onClose }: { onClose: () => void }) {
  const trpc = useTRPC();
  const [file, setFile] = useState<File | null>(null);
  const [csv, setCsv] = useState<string | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [check, setCheck] = useState<ImportCheck | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [shown, setShown] = useState<'problems' | 'valid' | 'all'>('problems');
  const [readError, setReadError] = useState<string | null>(null);

  useSubscription(
    trpc.inventory.csv.progress.subscriptionOptions(
      { jobId: jobId ?? 'no-import-yet' },
      { enabled: jobId !== null, onData: (p) => setProgress(p) },
    ),
  );
  const preview = useMutation(trpc.inventory.csv.preview.mutationOptions({ onSuccess: (c) => setCheck(c) }));
  const commit = useMutation(trpc.inventory.csv.commit.mutationOptions({ onSuccess: (r) => setResult(r) }));
  const busy = preview.isPending || commit.isPending;

  const choose = async (chosen: File | null) => {
    setFile(chosen);
    setCheck(null);
    setResult(null);
    setReadError(null);
    preview.reset();
    commit.reset();
    if (!chosen) return;
    try {
      const text = await chosen.text();
      setCsv(text);
      const id = newJobId();
      setJobId(id);
      setProgress(null);
      preview.mutate({ csv: text, jobId: id });
    } catch (error) {
      setReadError(errorMessage(error));
    }
  };
  const apply = () => {
    if (!csv) return;
    const id = newJobId();
    setJobId(id);
    setProgress(null);
    commit.mutate({ csv, jobId: id });
  };

  const rows = (check?.rows ?? []).filter((r) =>
    shown === 'all' ? true : shown === 'valid' ? r.status === 'valid' : r.status !== 'valid',
  );
  const percent = progress && progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : 0;
  const phaseLabel =
    progress?.phase === 'writing'
      ? `Writing ${progress.total.toLocaleString('en-US')} stones…`
      : progress?.phase === 'checking'
        ? `Checking rows: ${progress.done.toLocaleString('en-US')} of ${progress.total.toLocaleString('en-US')}`
        : 'Reading the file…';

  return (
    <Modal
      opened
      onClose={onClose}
      title="Import stones from CSV"
      size="xl"
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          The first line names the columns: {CSV_COLUMNS.join(', ')}. certificateNumber, certificateStatus and
          assignedBuyerCode may be left out. Every row is checked first; nothing is written until you import.
        </Text>
        <FileInput
          label="CSV file"
          accept=".csv,text/csv"
          value={file}
          onChange={choose}
          clearable
          data-autofocus
          disabled={busy}
        />
        {readError && <Alert color="red">{readError}</Alert>}
        {busy && (
          <Stack gap={4} data-testid="import-progress">
            <Text size="sm">{phaseLabel}</Text>
            <Progress
              value={progress?.phase === 'writing' ? 100 : percent}
              animated={progress?.phase !== 'checking'}
              aria-label="Import progress"
            />
          </Stack>
        )}
        {(preview.error ?? commit.error) && (
          <Alert color="red" role="alert">
            {errorMessage(preview.error ?? commit.error)}
          </Alert>
        )}

        {result && (
          <Alert color="green" role="status" data-testid="import-result">
            Imported {result.imported.toLocaleString('en-US')} {result.imported === 1 ? 'stone' : 'stones'}
            {result.invalid + result.duplicates > 0
              ? `; ${(result.invalid + result.duplicates).toLocaleString('en-US')} rows were left out (see the report).`
              : '.'}
          </Alert>
        )}

        {check && (
          <Stack gap="xs" data-testid="import-report">
            <Group gap="xs">
              <Text size="sm" fw={600}>
                {check.totalRows.toLocaleString('en-US')} rows:
              </Text>
              <Badge color="green" variant="light">
                {check.valid.toLocaleString('en-US')} valid
              </Badge>
              <Badge color="red" variant="light">
                {check.invalid.toLocaleString('en-US')} invalid
              </Badge>
              <Badge color="orange" variant="light">
                {check.duplicates.toLocaleString('en-US')} duplicate SKU
              </Badge>
            </Group>
            <SegmentedControl
              size="xs"
              value={shown}
              onChange={(v) => setShown(v as typeof shown)}
              data={[
                { value: 'problems', label: 'Problems' },
                { value: 'valid', label: 'Valid' },
                { value: 'all', label: 'All' },
              ]}
            />
            <div style={{ maxHeight: 320, overflow: 'auto' }}>
              <Table withTableBorder verticalSpacing={4} fz="sm" stickyHeader aria-label="Import report">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={70}>Line</Table.Th>
                    <Table.Th w={160}>SKU</Table.Th>
                    <Table.Th w={120}>Result</Table.Th>
                    <Table.Th>Reason</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.slice(0, SHOWN_ROWS).map((r) => (
                    <Table.Tr key={r.line} data-testid="import-row">
                      <Table.Td>{r.line}</Table.Td>
                      <Table.Td ff="monospace">{r.sku || '—'}</Table.Td>
                      <Table.Td>
                        <Badge color={STATUS_COLORS[r.status]} variant="light">
                          {STATUS_LABELS[r.status]}
                        </Badge>
                      </Table.Td>
                      <Table.Td>{r.reason ?? ''}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </div>
            {(rows.length > SHOWN_ROWS || check.rowsTruncated) && (
              <Text size="xs" c="dimmed">
                The first {Math.min(rows.length, SHOWN_ROWS).toLocaleString('en-US')} rows of this view are shown; the
                counts above cover the whole file.
              </Text>
            )}
            {shown === 'problems' && rows.length === 0 && (
              <Text size="sm" c="dimmed">
                No problems: every row can be imported.
              </Text>
            )}
          </Stack>
        )}

        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {result ? 'Close' : 'Cancel'}
          </Button>
          {check && !result && (
            <Button onClick={apply} loading={commit.isPending} disabled={check.valid === 0}>
              Import {check.valid.toLocaleString('en-US')} valid {check.valid === 1 ? 'stone' : 'stones'}
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}

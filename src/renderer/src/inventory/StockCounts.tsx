import { Alert, Badge, Button, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { CountLine, CountReport, CountScanResult } from '../api-types';
import { formatDateTime } from '../../../shared/format';
import { errorMessage, fieldErrorsOf } from '../common/errors';
import { useTRPC, useTRPCClient } from '../trpc';
import { download, formatCarats } from './desk-store';
import { beep, ScanBox } from './ScanBox';

// Stock counts: scan a location's stones; finish to see matched, missing and unexpected, and print or
// export the report.

const when = (ms: number | null) => formatDateTime(ms);

export function StockCounts() {
  const trpc = useTRPC();
  const counts = useQuery(trpc.inventory.counts.list.queryOptions());
  const options = useQuery(trpc.inventory.formOptions.queryOptions());
  const [location, setLocation] = useState<string | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const start = useMutation(trpc.inventory.counts.start.mutationOptions({ onSuccess: (c) => setOpenId(c.id) }));

  if (openId) return <CountView countId={openId} onBack={() => setOpenId(null)} />;
  return (
    <Stack gap="sm">
      <form
        aria-label="Start a count"
        onSubmit={(e) => {
          e.preventDefault();
          if (location) start.mutate({ location });
        }}
      >
        <Group align="flex-end" gap="xs">
          <Select
            label="Location to count"
            searchable
            data={(options.data?.allLocations ?? []).map((l) => l.name)}
            value={location}
            onChange={setLocation}
            w={220}
            error={fieldErrorsOf(start.error).location}
          />
          <Button type="submit" disabled={!location} loading={start.isPending}>
            Start count
          </Button>
        </Group>
      </form>
      {start.error && !fieldErrorsOf(start.error).location && <Alert color="red">{errorMessage(start.error)}</Alert>}
      <Table withTableBorder striped highlightOnHover verticalSpacing={4} fz="sm" aria-label="Stock counts">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Location</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Started</Table.Th>
            <Table.Th>By</Table.Th>
            <Table.Th ta="right">Expected</Table.Th>
            <Table.Th ta="right">Matched</Table.Th>
            <Table.Th ta="right">Missing</Table.Th>
            <Table.Th ta="right">Unexpected</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(counts.data ?? []).map((c) => (
            <Table.Tr
              key={c.id}
              style={{ cursor: 'pointer' }}
              tabIndex={0}
              onClick={() => setOpenId(c.id)}
              onKeyDown={(e) => e.key === 'Enter' && setOpenId(c.id)}
            >
              <Table.Td>{c.location}</Table.Td>
              <Table.Td>
                <Badge
                  variant="light"
                  color={c.status === 'open' ? 'blue' : c.status === 'finished' ? 'green' : 'gray'}
                >
                  {c.status}
                </Badge>
              </Table.Td>
              <Table.Td>{when(c.startedAt)}</Table.Td>
              <Table.Td>{c.startedByName ?? '—'}</Table.Td>
              <Table.Td ta="right">{c.expectedStones}</Table.Td>
              <Table.Td ta="right">{c.status === 'open' ? c.scannedExpected : (c.matchedStones ?? '—')}</Table.Td>
              <Table.Td ta="right">{c.missingStones ?? '—'}</Table.Td>
              <Table.Td ta="right">{c.status === 'open' ? c.unexpectedSoFar : (c.unexpectedStones ?? '—')}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {counts.isSuccess && counts.data.length === 0 && (
        <Text c="dimmed" ta="center">
          No stock counts yet.
        </Text>
      )}
    </Stack>
  );
}

const OUTCOME: Record<CountScanResult['outcome'], { color: string; text: (r: CountScanResult) => string }> = {
  matched: { color: 'green', text: (r) => `${r.sku} found · ${r.gemstoneType} ${formatCarats(r.caratWeight ?? 0)} ct` },
  duplicate: { color: 'yellow', text: (r) => `${r.sku} was already scanned (ignored)` },
  unexpected: {
    color: 'orange',
    text: (r) => `${r.sku} was not expected here · the inventory has it at ${r.recordedLocation}`,
  },
  unknown: { color: 'red', text: (r) => `${r.sku} is not in the inventory at all` },
};

/** Beeps on each scan: high for a match, low for anything to look at (no sound file needed). */

function CountView({ countId, onBack }: { countId: string; onBack: () => void }) {
  const trpc = useTRPC();
  const report = useQuery(trpc.inventory.counts.report.queryOptions({ countId }));
  const [last, setLast] = useState<CountScanResult | null>(null);
  const scan = useMutation(
    trpc.inventory.counts.scan.mutationOptions({
      onSuccess: (r) => {
        setLast(r);
        beep(r.outcome === 'matched');
      },
    }),
  );
  const finish = useMutation(trpc.inventory.counts.finish.mutationOptions());
  const cancel = useMutation(trpc.inventory.counts.cancel.mutationOptions());
  const data = report.data;
  if (!data) return report.isError ? <Alert color="red">{errorMessage(report.error)}</Alert> : null;
  const c = data.count;
  const open = c.status === 'open';

  return (
    <Stack gap="sm" data-testid="stock-count">
      <Group justify="space-between">
        <Group gap="sm" align="baseline">
          <Button variant="subtle" size="xs" onClick={onBack}>
            ← All counts
          </Button>
          <Title order={4}>Count of {c.location}</Title>
          <Badge variant="light" color={open ? 'blue' : c.status === 'finished' ? 'green' : 'gray'}>
            {c.status}
          </Badge>
        </Group>
        {open && (
          <Group gap="xs">
            <Button variant="default" color="red" onClick={() => cancel.mutate({ countId })} loading={cancel.isPending}>
              Cancel count
            </Button>
            <Button onClick={() => finish.mutate({ countId })} loading={finish.isPending}>
              Finish count
            </Button>
          </Group>
        )}
      </Group>
      <Text size="sm" c="dimmed">
        Started {when(c.startedAt)} by {c.startedByName ?? '—'} · {c.expectedStones} stones (
        {formatCarats(c.expectedCarats)} ct) expected, frozen at the start.
      </Text>
      {open ? (
        <>
          <ScanBox label="Scan stones" onCode={(code) => scan.mutate({ countId, code })} />
          <Text fw={600} data-testid="count-progress">
            {c.scannedExpected} of {c.expectedStones} found · {c.unexpectedSoFar} unexpected
          </Text>
          {last && (
            <Alert
              color={OUTCOME[last.outcome].color}
              role="status"
              data-testid="count-last-scan"
              data-outcome={last.outcome}
            >
              {OUTCOME[last.outcome].text(last)}
            </Alert>
          )}
          {scan.error && <Alert color="red">{errorMessage(scan.error)}</Alert>}
          <LineTable title="Latest scans" lines={data.recentScans} showExpected />
        </>
      ) : (
        <CountResult report={data} />
      )}
    </Stack>
  );
}

function CountResult({ report }: { report: CountReport }) {
  const c = report.count;
  if (c.status === 'cancelled') return <Alert color="gray">This count was cancelled; nothing was concluded.</Alert>;
  const summary = (label: string, n: number | null, ct: number | null, color: string) => (
    <Stack gap={0} align="flex-start">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} c={color} data-testid={`count-${label.toLowerCase()}`}>
        {n ?? 0} · {formatCarats(ct ?? 0)} ct
      </Text>
    </Stack>
  );
  return (
    <Stack gap="sm" data-testid="count-report">
      <Group gap="xl">
        {summary('Matched', c.matchedStones, c.matchedCarats, 'green')}
        {summary('Missing', c.missingStones, c.missingCarats, 'red')}
        {summary('Unexpected', c.unexpectedStones, c.unexpectedCarats, 'orange')}
      </Group>
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          Finished {when(c.finishedAt)} by {c.finishedByName ?? '—'}.
        </Text>
        <ReportFiles countId={c.id} />
      </Group>
      <LineTable title="Missing" lines={report.missing} />
      <LineTable title="Unexpected" lines={report.unexpected} showRecorded />
      <LineTable title="Matched" lines={report.matched} />
      {(report.missing.length === report.listLimit || report.matched.length === report.listLimit) && (
        <Text size="xs" c="dimmed">
          Lists show the first {report.listLimit} stones; the totals cover all of them.
        </Text>
      )}
    </Stack>
  );
}

/** The finished count's report as a PDF to print and sign, or as CSV for a spreadsheet (every line, not only those shown). */
function ReportFiles({ countId }: { countId: string }) {
  const client = useTRPCClient();
  const [busy, setBusy] = useState<'pdf' | 'csv' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const save = async (kind: 'pdf' | 'csv') => {
    setBusy(kind);
    setError(null);
    try {
      if (kind === 'pdf') {
        const file = await client.inventory.counts.reportPdf.query({ countId });
        download(file.fileName, file.mimeType, { base64: file.data });
      } else {
        const file = await client.inventory.counts.reportCsv.query({ countId });
        download(file.fileName, 'text/csv', { text: file.csv });
      }
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };
  return (
    <Group gap="xs">
      {error && (
        <Text c="red" size="sm">
          {error}
        </Text>
      )}
      <Button variant="default" size="xs" onClick={() => save('pdf')} loading={busy === 'pdf'}>
        Print report (PDF)
      </Button>
      <Button variant="default" size="xs" onClick={() => save('csv')} loading={busy === 'csv'}>
        Export CSV
      </Button>
    </Group>
  );
}

function LineTable({
  title,
  lines,
  showExpected,
  showRecorded,
}: {
  title: string;
  lines: (CountLine & { expected?: boolean })[];
  showExpected?: boolean;
  showRecorded?: boolean;
}) {
  if (lines.length === 0) return null;
  return (
    <Stack gap={4}>
      <Text fw={600} size="sm">
        {title}
      </Text>
      <Table withTableBorder verticalSpacing={2} fz="sm" aria-label={title}>
        <Table.Tbody>
          {lines.map((l) => (
            <Table.Tr key={l.sku}>
              <Table.Td ff="monospace" w={160}>
                {l.sku}
              </Table.Td>
              <Table.Td>{l.gemstoneType ?? 'Not in the inventory'}</Table.Td>
              <Table.Td ta="right" w={100}>
                {l.caratWeight == null ? '—' : `${formatCarats(l.caratWeight)} ct`}
              </Table.Td>
              {showRecorded && (
                <Table.Td>{l.recordedLocation ? `Inventory has it at ${l.recordedLocation}` : ''}</Table.Td>
              )}
              {showExpected && <Table.Td>{l.expected ? 'Expected' : 'Not expected here'}</Table.Td>}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

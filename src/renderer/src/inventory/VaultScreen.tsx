import { Alert, Autocomplete, Badge, Button, CloseButton, Group, Select, Stack, Table, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { CountLine, CountReport, CountScanResult } from '../../../main/inventory/counts';
import type { SessionUser } from '../../../main/trpc/context';
import { formatDateTime } from '../../../shared/format';
import { errorMessage, fieldErrorsOf } from '../common/errors';
import { useTRPC, useTRPCClient } from '../trpc';
import { download, formatCarats, setDesk, takeScans, useDesk } from './desk-store';

// The vault: move a tray of scanned stones, the closing-time list of stones signed out and not back,
// and stock counts (scan a location's stones; finish to see matched, missing and unexpected).

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
function ScanBox({ label, onCode, disabled }: { label: string; onCode: (code: string) => void; disabled?: boolean }) {
  const [code, setCode] = useState('');
  const onCodeRef = useRef(onCode);
  onCodeRef.current = onCode;
  useEffect(() => (disabled ? undefined : takeScans((c) => onCodeRef.current(c))), [disabled]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!code.trim()) return;
    onCode(code.trim());
    setCode('');
  };
  return (
    <form onSubmit={submit} aria-label={label}>
      <TextInput label={label} placeholder="Scan or type a SKU, then Enter" ff="monospace" autoFocus disabled={disabled} value={code} onChange={(e) => setCode(e.currentTarget.value)} w={360} />
    </form>
  );
}

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
      setDesk((s) => ({ tray: s.tray.some((t) => t.id === id) ? s.tray : [...s.tray, { id, sku, gemstoneType, caratWeight, location }] }));
    } catch (error) {
      setScanProblem(errorMessage(error));
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    move.mutate({ skus: tray.map((t) => t.sku), toLocation: to, reason });
  };
  if (!canMove) {
    return <Alert color="gray">Coordinators and administrators move stones; you can see every move in a stone’s custody log.</Alert>;
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
          <Autocomplete label="To" data={options.data?.locations ?? []} value={to} onChange={setTo} error={errors.toLocation} w={200} />
          <TextInput label="Reason" value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={errors.reason} style={{ flex: 1 }} />
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
        Stones taken out of secure storage (vault, safe) and not returned: on a showcase, at the counter or out on memo. Sold stones are
        not listed.
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

const when = (ms: number | null) => formatDateTime(ms);

function StockCounts() {
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
            <Table.Tr key={c.id} style={{ cursor: 'pointer' }} tabIndex={0} onClick={() => setOpenId(c.id)} onKeyDown={(e) => e.key === 'Enter' && setOpenId(c.id)}>
              <Table.Td>{c.location}</Table.Td>
              <Table.Td>
                <Badge variant="light" color={c.status === 'open' ? 'blue' : c.status === 'finished' ? 'green' : 'gray'}>
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
  unexpected: { color: 'orange', text: (r) => `${r.sku} was not expected here · the inventory has it at ${r.recordedLocation}` },
  unknown: { color: 'red', text: (r) => `${r.sku} is not in the inventory at all` },
};

/** Beeps on each scan: high for a match, low for anything to look at (no sound file needed). */
function beep(ok: boolean) {
  try {
    const ctx = new AudioContext();
    const osc = ctx.createOscillator();
    osc.frequency.value = ok ? 1200 : 300;
    osc.connect(ctx.destination);
    osc.start();
    osc.stop(ctx.currentTime + (ok ? 0.08 : 0.25));
    osc.onended = () => void ctx.close();
  } catch {
    // No audio device: the visual confirmation is enough.
  }
}

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
        Started {when(c.startedAt)} by {c.startedByName ?? '—'} · {c.expectedStones} stones ({formatCarats(c.expectedCarats)} ct) expected,
        frozen at the start.
      </Text>
      {open ? (
        <>
          <ScanBox label="Scan stones" onCode={(code) => scan.mutate({ countId, code })} />
          <Text fw={600} data-testid="count-progress">
            {c.scannedExpected} of {c.expectedStones} found · {c.unexpectedSoFar} unexpected
          </Text>
          {last && (
            <Alert color={OUTCOME[last.outcome].color} role="status" data-testid="count-last-scan" data-outcome={last.outcome}>
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
      {error && <Text c="red" size="sm">{error}</Text>}
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
              {showRecorded && <Table.Td>{l.recordedLocation ? `Inventory has it at ${l.recordedLocation}` : ''}</Table.Td>}
              {showExpected && <Table.Td>{l.expected ? 'Expected' : 'Not expected here'}</Table.Td>}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

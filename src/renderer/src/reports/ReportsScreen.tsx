import { Alert, Button, Group, Loader, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { fromDateInput, throughDay } from '../../../shared/calendar';
import {
  agingSheet,
  memosOutSheet,
  salesSheet,
  stockCountsSheet,
  valuationSheet,
  type ReportSheet,
} from '../../../shared/report-sheets';
import {
  REPORT_LABELS,
  VALUATION_GROUP_LABELS,
  VALUATION_GROUPS,
  type ReportFile,
  type ReportKind,
  type SalesPeriod,
  type ValuationGroup,
} from '../../../shared/reports';
import type { SessionUser } from '../api-types';
import { errorMessage } from '../common/errors';
import { toDateInput } from '../follow-ups/dates';
import { download } from '../inventory/desk-store';
import { useTRPC, useTRPCClient } from '../trpc';
import { CountFiles } from './CountFiles';
import { SheetTable } from './SheetTable';

// Reports: pick one, set its filters, read its table, and take it away as CSV or PDF. Practitioners see
// the reports without money (aging in counts and carats, stock counts); the core refuses them the rest.

const MONEY_REPORTS: ReportKind[] = ['valuation', 'memosOut', 'sales'];

function yearStartInput(): string {
  return toDateInput(new Date(new Date().getFullYear(), 0, 1).toISOString());
}

export function ReportsScreen({ user }: { user: SessionUser }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const seesMoney = user.role !== 'practitioner';
  const kinds = (Object.keys(REPORT_LABELS) as ReportKind[]).filter((k) => seesMoney || !MONEY_REPORTS.includes(k));
  const [kind, setKind] = useState<ReportKind>(kinds[0]!);
  const [groupBy, setGroupBy] = useState<ValuationGroup>('type');
  const [from, setFrom] = useState(yearStartInput);
  const [to, setTo] = useState(() => toDateInput(new Date().toISOString()));
  const [period, setPeriod] = useState<SalesPeriod>('month');
  const [busy, setBusy] = useState<'csv' | 'pdf' | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);

  const salesFilters = { from: fromDateInput(from) ?? '', to: throughDay(to) ?? '', period };
  const valuation = useQuery(trpc.reports.valuation.queryOptions({ groupBy }, { enabled: kind === 'valuation' }));
  const memosOut = useQuery(trpc.reports.memosOut.queryOptions(undefined, { enabled: kind === 'memosOut' }));
  const aging = useQuery(trpc.reports.aging.queryOptions(undefined, { enabled: kind === 'aging' }));
  const sales = useQuery(
    trpc.reports.sales.queryOptions(salesFilters, { enabled: kind === 'sales' && Boolean(from && to) }),
  );
  const counts = useQuery(trpc.reports.stockCounts.queryOptions(undefined, { enabled: kind === 'stockCounts' }));

  const current = { valuation, memosOut, aging, sales, stockCounts: counts }[kind];
  let sheet: ReportSheet | null = null;
  if (kind === 'valuation' && valuation.data) sheet = valuationSheet(valuation.data);
  if (kind === 'memosOut' && memosOut.data) sheet = memosOutSheet(memosOut.data);
  if (kind === 'aging' && aging.data) sheet = agingSheet(aging.data);
  if (kind === 'sales' && sales.data) sheet = salesSheet(sales.data);
  if (kind === 'stockCounts' && counts.data) sheet = stockCountsSheet(counts.data);

  const save = async (format: 'csv' | 'pdf') => {
    setBusy(format);
    setFileError(null);
    try {
      let file: ReportFile;
      if (kind === 'valuation') file = await client.reports.valuationFile.query({ groupBy, format });
      else if (kind === 'memosOut') file = await client.reports.memosOutFile.query({ format });
      else if (kind === 'aging') file = await client.reports.agingFile.query({ format });
      else if (kind === 'sales') file = await client.reports.salesFile.query({ format, filters: salesFilters });
      else file = await client.reports.stockCountsFile.query({ format });
      download(file.fileName, file.mimeType, file.base64 ? { base64: file.base64 } : { text: file.text ?? '' });
    } catch (e) {
      setFileError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Stack gap="md">
      <Title order={3}>Reports</Title>
      <Group align="flex-end" gap="sm" role="search" aria-label="Report and filters">
        <Select
          label="Report"
          data={kinds.map((k) => ({ value: k, label: REPORT_LABELS[k] }))}
          value={kind}
          onChange={(v) => v && setKind(v as ReportKind)}
          allowDeselect={false}
          w={230}
        />
        {kind === 'valuation' && (
          <Select
            label="Group by"
            data={VALUATION_GROUPS.map((g) => ({ value: g, label: VALUATION_GROUP_LABELS[g] }))}
            value={groupBy}
            onChange={(v) => v && setGroupBy(v as ValuationGroup)}
            allowDeselect={false}
            w={200}
          />
        )}
        {kind === 'sales' && (
          <>
            <TextInput type="date" label="From" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
            <TextInput type="date" label="To (included)" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
            <Select
              label="By"
              data={[
                { value: 'month', label: 'Month' },
                { value: 'quarter', label: 'Quarter' },
              ]}
              value={period}
              onChange={(v) => v && setPeriod(v as SalesPeriod)}
              allowDeselect={false}
              w={130}
            />
          </>
        )}
        <Button variant="default" onClick={() => save('csv')} loading={busy === 'csv'} disabled={!sheet}>
          Download CSV
        </Button>
        <Button variant="default" onClick={() => save('pdf')} loading={busy === 'pdf'} disabled={!sheet}>
          Download PDF
        </Button>
      </Group>
      {fileError && <Alert color="red">{fileError}</Alert>}
      {current.isError && <Alert color="red">{errorMessage(current.error)}</Alert>}
      {current.isLoading && <Loader size="sm" aria-label="Loading the report" />}
      {sheet && (
        <Stack gap={4} component="section" aria-label={sheet.title}>
          <Text size="sm" c="dimmed">
            {sheet.subtitle}
          </Text>
          <SheetTable
            sheet={sheet}
            label={sheet.title}
            actions={
              kind === 'stockCounts' && counts.data
                ? { heading: 'Its report', cell: (i) => <CountFiles countId={counts.data.lines[i]!.id} /> }
                : undefined
            }
          />
        </Stack>
      )}
    </Stack>
  );
}

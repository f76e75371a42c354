import { BarChart, DonutChart, LineChart } from '@mantine/charts';
import { Alert, Group, Paper, Select, SimpleGrid, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { money, totalsText } from '../../../shared/format';
import { currencyExponent, toMajorUnits } from '../../../shared/money';
import { errorMessage } from '../common/errors';
import { STATUS_LABELS } from '../inquiries/labels';
import { useTRPC } from '../trpc';

// The dashboard's charts. Each has a name for screen readers and its values in a table they (and the
// tests) read; money charts are drawn in one currency, chosen here, because amounts are never converted.

const AGING_COLORS = ['teal.5', 'cyan.6', 'yellow.6', 'orange.6', 'red.6'];

/** Minor units → the number the chart draws (major units). */
const drawn = (minor: number, currency: string) => toMajorUnits(minor, currency);
/** A drawn amount back to words: "$1,250.00". */
const spoken = (major: number, currency: string) =>
  money(Math.round(major * 10 ** currencyExponent(currency)), currency);

function ChartCard({
  title,
  children,
  values,
  empty,
}: {
  title: string;
  children: ReactNode;
  /** The chart's values as a table (read by screen readers, not shown). */
  values: ReactNode;
  empty?: string | null;
}) {
  return (
    <Paper withBorder p="sm" component="figure" m={0} aria-label={title} data-testid="dashboard-chart">
      <Title order={5} component="figcaption" mb="xs">
        {title}
      </Title>
      {empty ? (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      ) : (
        <div aria-hidden="true">{children}</div>
      )}
      <VisuallyHidden>{values}</VisuallyHidden>
    </Paper>
  );
}

function ValuesTable({ label, head, rows }: { label: string; head: string[]; rows: (string | number)[][] }) {
  return (
    <Table aria-label={label} data-testid="chart-values">
      <Table.Thead>
        <Table.Tr>
          {head.map((h) => (
            <Table.Th key={h}>{h}</Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((r, i) => (
          <Table.Tr key={i}>
            {r.map((c, j) => (
              <Table.Td key={j}>{c}</Table.Td>
            ))}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function DashboardCharts() {
  const trpc = useTRPC();
  const [asked, setAsked] = useState<string | null>(null);
  // The charts stay while another currency loads, rather than blink out.
  const charts = useQuery(
    trpc.reports.dashboardCharts.queryOptions(asked ? { currency: asked } : {}, { placeholderData: keepPreviousData }),
  );
  if (charts.isError) return <Alert color="red">{errorMessage(charts.error)}</Alert>;
  const data = charts.data;
  if (!data) return null;
  const amounts = data.money;
  const currency = amounts?.currency ?? null;
  const H = 180;

  const pipeline = data.pipeline.map((p) => ({ stage: STATUS_LABELS[p.status], Inquiries: p.count }));
  const aging = data.aging.map((a, i) => ({ name: a.bucket, value: a.stones, color: AGING_COLORS[i]! }));

  return (
    <section aria-label="Charts">
      <Group justify="space-between" mb="xs">
        <Title order={4}>Charts</Title>
        {amounts && amounts.currencies.length > 0 && (
          <Select
            label="Amounts in"
            size="xs"
            w={110}
            data={amounts.currencies}
            value={currency}
            onChange={(v) => v && setAsked(v)}
            allowDeselect={false}
          />
        )}
      </Group>
      <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }} spacing="md">
        {amounts && (
          <ChartCard
            title={`Stock value by type${currency ? ` (${currency})` : ''}`}
            empty={amounts.stockByType.length === 0 ? 'No stones in stock are priced yet.' : null}
            values={
              <ValuesTable
                label="Stock value by type values"
                head={['Type', 'Stones', 'Asking', 'Cost']}
                rows={amounts.stockByType.map((t) => [
                  t.type,
                  t.stones,
                  money(t.asking, currency!),
                  money(t.cost, currency!),
                ])}
              />
            }
          >
            <BarChart
              h={H}
              data={amounts.stockByType.map((t) => ({
                type: t.type,
                Asking: drawn(t.asking, currency!),
                Cost: drawn(t.cost, currency!),
              }))}
              dataKey="type"
              series={[
                { name: 'Asking', color: 'indigo.6' },
                { name: 'Cost', color: 'gray.5' },
              ]}
              withLegend
              maxBarWidth={56}
              valueFormatter={(v) => spoken(v, currency!)}
              yAxisProps={{ width: 80 }}
            />
          </ChartCard>
        )}

        <ChartCard
          title="Open inquiries by stage"
          values={
            <ValuesTable
              label="Open inquiries by stage values"
              head={amounts ? ['Stage', 'Inquiries', 'Quoted value'] : ['Stage', 'Inquiries']}
              rows={data.pipeline.map((p) =>
                amounts
                  ? [STATUS_LABELS[p.status], p.count, totalsText(p.quoted, 'no prices yet')]
                  : [STATUS_LABELS[p.status], p.count],
              )}
            />
          }
        >
          <BarChart
            h={H}
            data={pipeline}
            dataKey="stage"
            series={[{ name: 'Inquiries', color: 'blue.6' }]}
            maxBarWidth={56}
            yAxisProps={{ allowDecimals: false }}
          />
        </ChartCard>

        {amounts && (
          <ChartCard
            title={`Sales by month${currency ? ` (${currency})` : ''}`}
            empty={currency ? null : 'No sales yet.'}
            values={
              <ValuesTable
                label="Sales by month values"
                head={['Month', 'Invoices', 'Total']}
                rows={amounts.salesByMonth.map((m) => [m.month, m.invoices, money(m.total, currency!)])}
              />
            }
          >
            <LineChart
              h={H}
              data={amounts.salesByMonth.map((m) => ({ month: m.month, Invoiced: drawn(m.total, currency!) }))}
              dataKey="month"
              series={[{ name: 'Invoiced', color: 'green.6' }]}
              valueFormatter={(v) => spoken(v, currency!)}
              yAxisProps={{ width: 80 }}
              curveType="linear"
            />
          </ChartCard>
        )}

        <ChartCard
          title="Stock by days in stock"
          empty={data.aging.every((a) => a.stones === 0) ? 'No stones in stock.' : null}
          values={
            <ValuesTable
              label="Stock by days in stock values"
              head={['Days in stock', 'Stones']}
              rows={data.aging.map((a) => [a.bucket, a.stones])}
            />
          }
        >
          <Group wrap="nowrap" align="center">
            <DonutChart data={aging} size={150} thickness={24} withTooltip />
            <Stack>
              {aging.map((a) => (
                <Text key={a.name} size="xs">
                  <Text span c={a.color} fw={700}>
                    ■
                  </Text>{' '}
                  {a.name}: {a.value}
                </Text>
              ))}
            </Stack>
          </Group>
        </ChartCard>

        {amounts && (
          <ChartCard
            title={`Memo exposure by buyer${currency ? ` (${currency})` : ''}`}
            empty={
              amounts.memoExposure.length === 0 ? `No stones out on memo${currency ? ` in ${currency}` : ''}.` : null
            }
            values={
              <ValuesTable
                label="Memo exposure by buyer values"
                head={['Buyer', 'Stones out', 'On time', 'Overdue']}
                rows={amounts.memoExposure.map((m) => [
                  m.buyerName,
                  m.stones,
                  money(m.onTime, currency!),
                  money(m.overdue, currency!),
                ])}
              />
            }
          >
            <BarChart
              h={H}
              type="stacked"
              data={amounts.memoExposure.slice(0, 8).map((m) => ({
                buyer: m.buyerName,
                'On time': drawn(m.onTime, currency!),
                Overdue: drawn(m.overdue, currency!),
              }))}
              dataKey="buyer"
              series={[
                { name: 'On time', color: 'teal.6' },
                { name: 'Overdue', color: 'red.6' },
              ]}
              withLegend
              maxBarWidth={56}
              valueFormatter={(v) => spoken(v, currency!)}
              yAxisProps={{ width: 80 }}
            />
          </ChartCard>
        )}
      </SimpleGrid>
    </section>
  );
}

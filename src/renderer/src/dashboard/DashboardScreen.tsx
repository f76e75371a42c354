import { Alert, Anchor, Badge, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { errorMessage } from '../common/errors';
import { useToday } from '../follow-ups/dates';
import { STATUS_COLORS, STATUS_LABELS, totalsText } from '../inquiries/labels';
import { MemosCard } from '../memos/MemosCard';
import { useTRPC } from '../trpc';
import { DashboardCharts } from './DashboardCharts';

/** The sales picture at a glance: open pipeline by stage and currency, this month, follow-ups, handlers. */
export function DashboardScreen() {
  const trpc = useTRPC();
  const window = useToday();
  const dashboard = useQuery(trpc.inquiries.dashboard.queryOptions(window));
  const data = dashboard.data;
  const monthName = new Date(window.monthStart).toLocaleDateString(undefined, { month: 'long' });

  return (
    <Stack gap="md">
      <Title order={3}>Dashboard</Title>
      {dashboard.isError && <Alert color="red">{errorMessage(dashboard.error)}</Alert>}
      {data && (
        <>
          <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
            <Paper withBorder p="sm" component="section" aria-label="Follow-ups due">
              <Title order={5}>Follow-ups</Title>
              <Group gap="lg" mt="xs">
                <Stat
                  label="Overdue"
                  value={data.followUps.overdue}
                  color={data.followUps.overdue ? 'red' : undefined}
                />
                <Stat label="Due today" value={data.followUps.today} />
                <Stat label="This week" value={data.followUps.thisWeek} />
              </Group>
              <Anchor href="#/follow-ups" size="sm">
                Open follow-ups
              </Anchor>
            </Paper>
            <Paper withBorder p="sm" component="section" aria-label={`Closed in ${monthName}`}>
              <Title order={5}>Closed in {monthName}</Title>
              <Group gap="lg" mt="xs">
                <Stat label="Sold" value={data.month.sold} color="green" />
                <Stat label="Lost" value={data.month.lost} color={data.month.lost ? 'red' : undefined} />
                <Stat label="Withdrawn" value={data.month.withdrawn} />
              </Group>
              {'wonTotals' in data.month && (
                <Text size="sm" data-testid="won-value">
                  Won value: {totalsText(data.month.wonTotals, 'none yet')}
                </Text>
              )}
            </Paper>
            <Paper withBorder p="sm" component="section" aria-label="Open inquiries">
              <Title order={5}>Open inquiries</Title>
              <Stat label="In the pipeline" value={data.pipeline.reduce((n, s) => n + s.count, 0)} />
              <Anchor href="#/inquiries" size="sm">
                Open the pipeline
              </Anchor>
            </Paper>
            <MemosCard />
          </SimpleGrid>

          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            <Stack gap={4} component="section" aria-label="Pipeline by stage">
              <Title order={5}>Open pipeline by stage</Title>
              <Table withTableBorder verticalSpacing={4} aria-label="Pipeline by stage">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Stage</Table.Th>
                    <Table.Th ta="right">Inquiries</Table.Th>
                    {data.pipeline.some((s) => 'totals' in s) && <Table.Th>Value by currency</Table.Th>}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.pipeline.map((stage) => (
                    <Table.Tr key={stage.status}>
                      <Table.Td>
                        <Badge color={STATUS_COLORS[stage.status]} variant="light">
                          {STATUS_LABELS[stage.status]}
                        </Badge>
                      </Table.Td>
                      <Table.Td ta="right">{stage.count}</Table.Td>
                      {'totals' in stage && <Table.Td>{totalsText(stage.totals, 'no prices yet')}</Table.Td>}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Stack>
            <Stack gap={4} component="section" aria-label="Inquiries per handler">
              <Title order={5}>Open inquiries per handler</Title>
              <Table withTableBorder verticalSpacing={4} aria-label="Inquiries per handler">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Handled by</Table.Th>
                    <Table.Th ta="right">New</Table.Th>
                    <Table.Th ta="right">Quoted</Table.Th>
                    <Table.Th ta="right">Reserved</Table.Th>
                    <Table.Th ta="right">Open</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.perHandler.map((h) => (
                    <Table.Tr key={h.handledBy ?? 'nobody'}>
                      <Table.Td>{h.name}</Table.Td>
                      <Table.Td ta="right">{h.new}</Table.Td>
                      <Table.Td ta="right">{h.quoted}</Table.Td>
                      <Table.Td ta="right">{h.reserved}</Table.Td>
                      <Table.Td ta="right" fw={600}>
                        {h.open}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              {data.perHandler.length === 0 && (
                <Text size="sm" c="dimmed">
                  No open inquiries.
                </Text>
              )}
            </Stack>
          </SimpleGrid>
        </>
      )}
      <DashboardCharts />
    </Stack>
  );
}

function Stat({ label, value, color }: { label: string; value: number; color?: string }) {
  return (
    <Stack gap={0}>
      <Text size="xl" fw={700} c={color}>
        {value}
      </Text>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
    </Stack>
  );
}

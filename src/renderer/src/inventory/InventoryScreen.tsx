import { Badge, Button, Group, Select, Stack, Table, Text, TextInput, Title, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import { HeldBadge, useHoldsOn } from '../holds/HeldBadge';
import { LocationCell, useMemosOn } from '../memos/MemoBadge';
import { ConsignedBadge, useConsignedOn } from '../consignments/ConsignedBadge';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { SessionUser, Stone } from '../api-types';
import { CERTIFICATE_STATUSES, COLOURED_CLARITY_GRADES, DIAMOND_CLARITY_GRADES } from '../../../shared/enums';
import { caratRangeProblem, readCaratBound } from '../../../shared/carat-range';
import { errorMessage } from '../common/errors';
import { useTRPC, useTRPCClient } from '../trpc';
import { cleanFilter, download, formatCarats, setDesk, useDesk, type GridFilter } from './desk-store';
import { ImportDialog } from './ImportDialog';
import { CERTIFICATE_STATUS_COLORS, CERTIFICATE_STATUS_LABELS } from './labels';
import { StoneThumb } from '../media/StoneThumb';
import { StoneForm } from './StoneForm';
import { MoreFilters } from './GradingFilters';
import { ALL_COLUMNS, CHOOSABLE_COLUMNS, type Column } from './grid-columns';
import { LastColumnHeader } from './LastColumnHeader';
import { hiddenFields } from '../../../shared/privacy';

// The grid asks the core for pages of PAGE_SIZE rows as they scroll into view; filtering, sorting and
// counting happen in SQLite. Only the visible rows (plus a few) are in the DOM.
const PAGE_SIZE = 100;
const ROW_HEIGHT = 33;

export function InventoryScreen({ user }: { user: SessionUser }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const canEdit = user.role === 'admin' || user.role === 'coordinator';
  const seesPrices = hiddenFields('Gemstone', user.role).length === 0;
  const COLUMNS = ALL_COLUMNS;
  const choosable = CHOOSABLE_COLUMNS.filter((c) => seesPrices || !c.price);
  const lastColumnId = useDesk((s) => s.lastColumn);
  const last = choosable.find((c) => c.id === lastColumnId) ?? choosable[0]!;
  const filter = useDesk((s) => s.filter);
  const chosenSort = useDesk((s) => s.sort);
  // A sort by a price left by someone who sees prices (the desk outlives a sign-out) is not this reader's:
  // the core would refuse it, so the grid falls back to its default order.
  const sort =
    seesPrices || !hiddenFields('Gemstone', user.role).includes(chosenSort.column)
      ? chosenSort
      : { column: 'caratWeight' as const, direction: 'desc' as const };
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);
  const [exportError, setExportError] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);
  // Free text is counted when typing pauses, not on every keystroke.
  const [debouncedText] = useDebouncedValue(filter.text ?? '', 200);
  const query = useMemo(() => {
    const asked = { ...filter, text: debouncedText };
    // Likewise a price range left on the desk: only for readers who see prices.
    if (!seesPrices) Object.assign(asked, { priceCurrency: undefined, askingMin: undefined, askingMax: undefined });
    return cleanFilter(asked);
  }, [filter, debouncedText, seesPrices]);
  const key = JSON.stringify([query, sort]);
  // A reversed carat range matches nothing: the core is not asked, the grid says why.
  const reversedRange = caratRangeProblem(query.caratMin, query.caratMax);

  const scrollRef = useRef<HTMLDivElement>(null);
  const first = useQuery({
    ...trpc.inventory.list.queryOptions({
      filter: query,
      sort: sort.column,
      direction: sort.direction,
      limit: PAGE_SIZE,
      offset: 0,
    }),
    placeholderData: keepPreviousData,
    enabled: !reversedRange,
  });
  const total = reversedRange ? 0 : (first.data?.total ?? 0);
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  useEffect(() => {
    virtualizer.scrollToOffset(0);
  }, [key]); // eslint-disable-line react-hooks/exhaustive-deps

  const items = virtualizer.getVirtualItems();
  const pages = useMemo(() => {
    const set = new Set<number>();
    for (const item of items) set.add(Math.floor(item.index / PAGE_SIZE));
    set.delete(0);
    return [...set].sort((a, b) => a - b);
  }, [items]);
  const more = useQueries({
    queries: pages.map((p) => ({
      ...trpc.inventory.list.queryOptions({
        filter: query,
        sort: sort.column,
        direction: sort.direction,
        limit: PAGE_SIZE,
        offset: p * PAGE_SIZE,
      }),
      staleTime: 30_000,
      enabled: !reversedRange,
    })),
  });
  const rowAt = (index: number): Stone | undefined => {
    const page = Math.floor(index / PAGE_SIZE);
    const data = page === 0 ? first.data : more[pages.indexOf(page)]?.data;
    return data?.rows[index % PAGE_SIZE];
  };

  const setFilter = (patch: Partial<GridFilter>) => setDesk((s) => ({ filter: { ...s.filter, ...patch } }));
  const sortBy = (column: Column['id']) =>
    setDesk((s) => ({
      sort: {
        column,
        direction:
          s.sort.column === column
            ? s.sort.direction === 'desc'
              ? 'asc'
              : 'desc'
            : column === 'caratWeight'
              ? 'desc'
              : 'asc',
      },
    }));
  const exportCsv = async () => {
    setExporting(true);
    setExportError(null);
    try {
      const file = await client.inventory.csv.export.query({
        filter: query,
        sort: sort.column,
        direction: sort.direction,
      });
      download(file.fileName, 'text/csv', { text: file.csv });
    } catch (error) {
      setExportError(errorMessage(error));
    } finally {
      setExporting(false);
    }
  };

  // Held stones among the rows in view: a second small query, so the page query stays as fast as it was.
  const holds = useHoldsOn(items.map((item) => rowAt(item.index)?.id ?? '').filter(Boolean));
  const memos = useMemosOn(items.map((item) => rowAt(item.index)?.id ?? '').filter(Boolean));
  const consigned = useConsignedOn(items.map((item) => rowAt(item.index)?.id ?? '').filter(Boolean));
  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = items.length ? virtualizer.getTotalSize() - items[items.length - 1]!.end : 0;
  const filtered = Object.keys(query).length > 0;

  return (
    // The screen is exactly as tall as the window: the grid takes what is left and scrolls on its own, so the
    // page itself never scrolls (at 1366×768 that leaves room for 15 rows and more).
    <Stack gap="sm" h="calc(100dvh - var(--app-shell-header-height, 0px) - 2 * var(--mantine-spacing-md))">
      <Group justify="space-between" wrap="nowrap">
        <Group gap="md" align="baseline" wrap="nowrap">
          <Title order={3}>Inventory</Title>
          <Text size="sm" c="dimmed" data-testid="inventory-summary">
            {total.toLocaleString('en-US')} {total === 1 ? 'stone' : 'stones'} ·{' '}
            {formatCarats(reversedRange ? 0 : (first.data?.totalCarats ?? 0))} ct
          </Text>
          {filtered && (
            <Button variant="subtle" size="compact-sm" onClick={() => setDesk({ filter: {} })}>
              Clear filters
            </Button>
          )}
        </Group>
        <Group gap="xs">
          <MoreFilters filter={filter} setFilter={setFilter} seesPrices={seesPrices} />
          <Button variant="default" onClick={exportCsv} loading={exporting} disabled={total === 0}>
            Export CSV
          </Button>
          {canEdit && (
            <Button variant="default" onClick={() => setImporting(true)}>
              Import CSV
            </Button>
          )}
          {canEdit && <Button onClick={() => setAdding(true)}>Add stone</Button>}
        </Group>
      </Group>

      <Filters filter={filter} setFilter={setFilter} />
      {first.isError && <Text c="red">{errorMessage(first.error)}</Text>}
      {exportError && <Text c="red">{exportError}</Text>}

      <div ref={scrollRef} style={{ flex: 1, minHeight: 200, overflow: 'auto' }} data-testid="stone-grid">
        <Table
          className="loupe-table"
          striped
          highlightOnHover
          withTableBorder
          stickyHeader
          verticalSpacing={6}
          horizontalSpacing={8}
          aria-label="Stones"
          aria-rowcount={total + 1}
          layout="fixed"
        >
          <colgroup>
            <col style={{ width: 40 }} />
            {COLUMNS.map((c) => (
              <col key={c.id} style={{ width: c.width }} />
            ))}
            <col />
          </colgroup>
          <Table.Thead>
            <Table.Tr>
              <Table.Th aria-label="Photo" />
              {COLUMNS.map((c) => {
                const active = sort.column === c.id;
                return (
                  <Table.Th
                    key={c.id}
                    ta={c.numeric ? 'right' : undefined}
                    aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : undefined}
                  >
                    <UnstyledButton fw={700} fz="sm" onClick={() => sortBy(c.id)}>
                      {c.label} {active ? (sort.direction === 'asc' ? '▲' : '▼') : ''}
                    </UnstyledButton>
                  </Table.Th>
                );
              })}
              <LastColumnHeader
                columns={choosable}
                last={last}
                sort={sort}
                onChoose={(id) => setDesk({ lastColumn: id })}
                onSort={() => sortBy(last.sort)}
              />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {paddingTop > 0 && (
              <tr aria-hidden>
                <td colSpan={COLUMNS.length + 2} style={{ height: paddingTop, padding: 0 }} />
              </tr>
            )}
            {items.map((item) => {
              const stone = rowAt(item.index);
              if (!stone) {
                return (
                  <Table.Tr key={`loading-${item.index}`} style={{ height: ROW_HEIGHT }}>
                    <Table.Td colSpan={COLUMNS.length + 2} c="dimmed">
                      …
                    </Table.Td>
                  </Table.Tr>
                );
              }
              return (
                <Table.Tr
                  key={stone.id}
                  data-testid="stone-row"
                  aria-rowindex={item.index + 2}
                  tabIndex={0}
                  style={{ cursor: 'pointer', height: ROW_HEIGHT }}
                  onClick={() => setDesk({ openStoneId: stone.id })}
                  onKeyDown={(e) => e.key === 'Enter' && setDesk({ openStoneId: stone.id })}
                >
                  <Table.Td py={0} px={4}>
                    <StoneThumb stoneId={stone.id} cover={stone.cover} size={28} />
                  </Table.Td>
                  <Table.Td ff="monospace">
                    {stone.sku}
                    <HeldBadge hold={holds.get(stone.id)} />
                    <ConsignedBadge mark={consigned.get(stone.id)} compact />
                  </Table.Td>
                  <Table.Td>{stone.gemstoneType}</Table.Td>
                  <Table.Td ta="right" ff="monospace">
                    {formatCarats(stone.caratWeight)}
                  </Table.Td>
                  <Table.Td>{stone.clarityGrade}</Table.Td>
                  <Table.Td ff="monospace">{stone.certificateNumber ?? '—'}</Table.Td>
                  <Table.Td>
                    <Badge color={CERTIFICATE_STATUS_COLORS[stone.certificateStatus] ?? 'gray'} variant="light">
                      {CERTIFICATE_STATUS_LABELS[stone.certificateStatus] ?? stone.certificateStatus}
                    </Badge>
                  </Table.Td>
                  <LocationCell location={stone.location} onMemo={memos.get(stone.id)} />
                  <Table.Td
                    ta={last.numeric ? 'right' : undefined}
                    ff={last.numeric ? 'monospace' : undefined}
                    title={last.text(stone)}
                  >
                    {last.text(stone)}
                  </Table.Td>
                </Table.Tr>
              );
            })}
            {paddingBottom > 0 && (
              <tr aria-hidden>
                <td colSpan={COLUMNS.length + 2} style={{ height: paddingBottom, padding: 0 }} />
              </tr>
            )}
          </Table.Tbody>
        </Table>
        {reversedRange && (
          <Stack align="center" gap="xs" py="lg" data-testid="reversed-range">
            <Text c="dimmed">
              No stone can weigh from {query.caratMin} ct up to {query.caratMax} ct: From is larger than To.
            </Text>
            <Button
              variant="light"
              size="xs"
              onClick={() => setFilter({ caratMin: query.caratMax, caratMax: query.caratMin })}
            >
              Swap From and To
            </Button>
          </Stack>
        )}
        {!reversedRange && first.data && total === 0 && (
          <Text c="dimmed" ta="center" py="lg">
            {filtered
              ? 'No stone matches these filters.'
              : `No stones yet.${canEdit ? ' Add the first one with “Add stone”.' : ''}`}
          </Text>
        )}
      </div>
      {adding && <StoneForm onClose={() => setAdding(false)} />}
      {importing && <ImportDialog onClose={() => setImporting(false)} />}
    </Stack>
  );
}

/**
 * One end of the carat range. What is typed is checked as it is typed: only a weight reaches the filter
 * (and so the core); anything else stays in the field with the reason, and the grid keeps the last weight.
 */
function CaratBound({
  label,
  value,
  onValue,
  rangeProblem,
}: {
  label: string;
  value: number | undefined;
  onValue: (value: number | undefined) => void;
  rangeProblem?: string | null;
}) {
  const [text, setText] = useState(value?.toString() ?? '');
  const read = readCaratBound(text);
  // Set from elsewhere (Clear filters, Swap): show the new weight.
  useEffect(() => {
    const shown = readCaratBound(text);
    if (!('value' in shown) || shown.value !== value) setText(value?.toString() ?? '');
  }, [value]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <TextInput
      label={label}
      w={88}
      inputMode="decimal"
      value={text}
      error={'problem' in read ? read.problem : rangeProblem}
      onChange={(e) => {
        const next = e.currentTarget.value;
        setText(next);
        const bound = readCaratBound(next);
        if ('value' in bound) onValue(bound.value);
      }}
    />
  );
}

const CLARITY_OPTIONS = [
  { group: 'Diamond', items: [...DIAMOND_CLARITY_GRADES] },
  { group: 'Coloured stones', items: [...COLOURED_CLARITY_GRADES] },
];

function Filters({ filter, setFilter }: { filter: GridFilter; setFilter: (p: Partial<GridFilter>) => void }) {
  const trpc = useTRPC();
  const options = useQuery(trpc.inventory.formOptions.queryOptions());
  const buyers = useQuery(trpc.buyers.list.queryOptions());
  const buyerOptions = [
    { value: 'none', label: 'Not assigned' },
    ...(buyers.data ?? []).map((b) => ({ value: b.id, label: `${b.companyName} (${b.buyerCode})` })),
  ];
  // A buyer chosen in the palette may not be in the first 500 of the list: keep it selectable.
  if (filter.assignedBuyer && !buyerOptions.some((o) => o.value === filter.assignedBuyer)) {
    buyerOptions.push({ value: filter.assignedBuyer, label: 'The chosen buyer' });
  }
  const select = (value: string | null) => value ?? undefined;
  return (
    <Group gap="xs" align="flex-end" wrap="wrap" role="search" aria-label="Filter stones">
      <TextInput
        label="SKU or certificate"
        placeholder="Starts with…"
        w={140}
        value={filter.text ?? ''}
        onChange={(e) => setFilter({ text: e.currentTarget.value })}
      />
      <Select
        label="Type"
        w={120}
        clearable
        searchable
        data={options.data?.gemstoneTypes ?? []}
        value={filter.gemstoneType ?? null}
        onChange={(v) => setFilter({ gemstoneType: select(v) })}
      />
      <CaratBound label="Carat from" value={filter.caratMin} onValue={(caratMin) => setFilter({ caratMin })} />
      <CaratBound
        label="Carat to"
        value={filter.caratMax}
        onValue={(caratMax) => setFilter({ caratMax })}
        rangeProblem={caratRangeProblem(filter.caratMin, filter.caratMax) ? 'From is larger than To' : null}
      />
      <Select
        label="Clarity"
        w={185}
        clearable
        searchable
        data={CLARITY_OPTIONS}
        value={filter.clarityGrade ?? null}
        onChange={(v) => setFilter({ clarityGrade: select(v) })}
      />
      <Select
        label="Certificate"
        w={150}
        clearable
        data={CERTIFICATE_STATUSES.map((s) => ({ value: s, label: CERTIFICATE_STATUS_LABELS[s] ?? s }))}
        value={filter.certificateStatus ?? null}
        onChange={(v) => setFilter({ certificateStatus: select(v) })}
      />
      <Select
        label="Location"
        w={125}
        clearable
        searchable
        data={(options.data?.allLocations ?? []).map((l) => l.name)}
        value={filter.location ?? null}
        onChange={(v) => setFilter({ location: select(v) })}
      />
      <Select
        label="Assigned buyer"
        w={150}
        clearable
        searchable
        data={buyerOptions}
        value={filter.assignedBuyer ?? null}
        onChange={(v) => setFilter({ assignedBuyer: select(v) })}
      />
    </Group>
  );
}

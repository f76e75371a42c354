import { Group, Select, Table, UnstyledButton } from '@mantine/core';
import type { StoneSortColumn } from '../../../shared/schemas';
import type { ChosenColumn } from './grid-columns';

/** The grid's last column header: which field the column shows (staff choose), and sorting by it. */
export function LastColumnHeader({
  columns,
  last,
  sort,
  onChoose,
  onSort,
}: {
  columns: ChosenColumn[];
  last: ChosenColumn;
  sort: { column: StoneSortColumn; direction: 'asc' | 'desc' };
  onChoose: (id: string) => void;
  onSort: () => void;
}) {
  const active = sort.column === last.sort;
  return (
    <Table.Th
      ta={last.numeric ? 'right' : undefined}
      aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : undefined}
    >
      <Group gap={4} wrap="nowrap" justify={last.numeric ? 'flex-end' : undefined}>
        <Select
          aria-label="Last column shows"
          size="xs"
          variant="unstyled"
          fw={700}
          w={150}
          allowDeselect={false}
          comboboxProps={{ width: 200, position: 'bottom-end' }}
          data={columns.map((c) => ({ value: c.id, label: c.label }))}
          value={last.id}
          onChange={(id) => id && onChoose(id)}
        />
        <UnstyledButton fw={700} fz="sm" aria-label={`Sort by ${last.label.toLowerCase()}`} onClick={onSort}>
          {active ? (sort.direction === 'asc' ? '▲' : '▼') : '⇅'}
        </UnstyledButton>
      </Group>
    </Table.Th>
  );
}

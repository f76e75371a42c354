import { Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { formatDay, money } from '../../../shared/format';
import type { Cell, ReportSheet, SheetColumn } from '../../../shared/report-sheets';

// A report's sheet on screen: the same columns and totals as its CSV and PDF, in the screen's words.

const isCurrency = (value: Cell): value is string => typeof value === 'string' && /^[A-Z]{3}$/.test(value);

export function screenCell(column: SheetColumn, row: Record<string, Cell>): string {
  const value = row[column.key];
  if (value === null || value === undefined) return '';
  if (column.kind === 'money')
    return typeof value === 'number' && isCurrency(row.currency ?? null) ? money(value, row.currency as string) : '';
  if (column.kind === 'carats' && typeof value === 'number') return `${value.toFixed(2)} ct`;
  if (column.kind === 'count' && typeof value === 'number') return value.toLocaleString();
  if (column.kind === 'day') return formatDay(value);
  return String(value);
}

const numeric = (column: SheetColumn) => column.kind === 'count' || column.kind === 'carats' || column.kind === 'money';

export function SheetTable({
  sheet,
  label,
  actions,
}: {
  sheet: ReportSheet;
  label: string;
  /** Extra cells at the end of each row (a count's own files). */
  actions?: { heading: string; cell: (index: number) => ReactNode };
}) {
  return (
    <Table.ScrollContainer minWidth={600}>
      <Table withTableBorder striped verticalSpacing={4} aria-label={label} data-testid="report-table">
        <Table.Thead>
          <Table.Tr>
            {sheet.columns.map((c) => (
              <Table.Th key={c.key} ta={numeric(c) ? 'right' : undefined}>
                {c.label}
              </Table.Th>
            ))}
            {actions && <Table.Th>{actions.heading}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sheet.rows.map((row, i) => (
            <Table.Tr key={i} data-testid="report-row">
              {sheet.columns.map((c) => (
                <Table.Td key={c.key} ta={numeric(c) ? 'right' : undefined}>
                  {screenCell(c, row)}
                </Table.Td>
              ))}
              {actions && <Table.Td>{actions.cell(i)}</Table.Td>}
            </Table.Tr>
          ))}
          {sheet.rows.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={sheet.columns.length + (actions ? 1 : 0)}>
                <Text size="sm" c="dimmed">
                  Nothing to report.
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
        <Table.Tfoot>
          {sheet.totals.map((row, i) => (
            <Table.Tr key={i} data-testid="report-total" fw={600}>
              {sheet.columns.map((c) => (
                <Table.Td key={c.key} ta={numeric(c) ? 'right' : undefined}>
                  {screenCell(c, row)}
                </Table.Td>
              ))}
              {actions && <Table.Td />}
            </Table.Tr>
          ))}
        </Table.Tfoot>
      </Table>
    </Table.ScrollContainer>
  );
}

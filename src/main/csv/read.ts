import Papa from 'papaparse';
import { formulaProblem } from '../../shared/csv';

// How every CSV import reads its file (stones and buyers alike): papaparse with a header line, a leading
// byte-order mark dropped (Excel writes one), blank lines skipped, headers trimmed and mapped to fields by
// the caller's rule, and the cells a spreadsheet would run as a formula found before anything else.

export interface CsvTable<F extends string> {
  /** The data rows (header → cell), in file order; row i is line i + 2 of the file. */
  rows: Record<string, string>[];
  /** The fields the header line names (first header wins when two map to the same field). */
  fields: Set<F>;
  /** papaparse's complaint about a row (a stray quote, say), by row index. */
  rowErrors: Map<number, string>;
  /** A row's cell for a field, trimmed ('' when the file has no such column). */
  cell(row: Record<string, string>, field: F): string;
}

/** Reads CSV text; `fieldOf` says which field a header names (undefined: a column the import ignores). */
export function readCsv<F extends string>(csv: string, fieldOf: (header: string) => F | undefined): CsvTable<F> {
  const parsed = Papa.parse<Record<string, string>>(csv.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => h.trim(),
  });
  const headerOf = new Map<F, string>();
  for (const header of parsed.meta.fields ?? []) {
    const field = fieldOf(header);
    if (field !== undefined && !headerOf.has(field)) headerOf.set(field, header);
  }
  const rowErrors = new Map<number, string>();
  for (const error of parsed.errors) if (error.row !== undefined) rowErrors.set(error.row, error.message);
  return {
    rows: parsed.data,
    fields: new Set(headerOf.keys()),
    rowErrors,
    cell: (row, field) => {
      const header = headerOf.get(field);
      return header === undefined ? '' : (row[header] ?? '').trim();
    },
  };
}

/** The first of `fields` whose cell a spreadsheet would run as a formula, and why; or null. */
export function formulaCell<F extends string>(
  table: CsvTable<F>,
  row: Record<string, string>,
  fields: readonly F[],
): { field: F; problem: string } | null {
  for (const field of fields) {
    const problem = formulaProblem(table.cell(row, field));
    if (problem) return { field, problem };
  }
  return null;
}

/** A row's problem, led by its column in the staff's words unless the message already names it. */
export function inColumn(label: string, message: string): string {
  return message.toLowerCase().startsWith(label.toLowerCase()) ? message : `${label}: ${message}`;
}

import type { ImportCheck } from '../../shared/csv-import';

// The per-row report of an import, counted as rows are checked. A file of 50,000 rows must not send
// 50,000 lines to the screen: every problem row is kept (up to a limit), valid rows only as a sample.

const PROBLEM_LIMIT = 10_000;
const VALID_SAMPLE = 2000;

export function importReport<Row extends { status: 'valid' | 'invalid' | 'duplicate' }>(totalRows: number) {
  const report: ImportCheck<Row> = { totalRows, valid: 0, invalid: 0, duplicates: 0, rows: [], rowsTruncated: false };
  const note = (row: Row) => {
    if (row.status === 'valid') report.valid++;
    else if (row.status === 'invalid') report.invalid++;
    else report.duplicates++;
    const problems = report.invalid + report.duplicates;
    if (row.status === 'valid' ? report.valid <= VALID_SAMPLE : problems <= PROBLEM_LIMIT) report.rows.push(row);
    else report.rowsTruncated = true;
  };
  return { report, note };
}

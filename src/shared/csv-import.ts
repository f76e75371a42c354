// What a CSV import reports, row by row, for stones and buyers alike: the core checks every row first and
// writes nothing, then writes the valid rows in one transaction; the screen shows this report either way.

export type ImportRowStatus = 'valid' | 'invalid' | 'duplicate';

export interface ImportRowReport {
  /** The line in the file (the header is line 1). */
  line: number;
  /** What names the row for staff: a stone's SKU, a buyer's code. */
  sku: string;
  status: ImportRowStatus;
  reason?: string;
}

export interface ImportCheck<Row = ImportRowReport> {
  totalRows: number;
  valid: number;
  invalid: number;
  duplicates: number;
  /** Every invalid and duplicate row (up to a limit), then valid rows up to a sample. */
  rows: Row[];
  rowsTruncated: boolean;
}

export interface ImportResult<Row = ImportRowReport> extends ImportCheck<Row> {
  imported: number;
}

export interface ImportProgress {
  jobId: string;
  phase: 'reading' | 'checking' | 'writing' | 'done';
  done: number;
  total: number;
}

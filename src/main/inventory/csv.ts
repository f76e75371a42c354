import { statusChangeProblem } from '../../shared/certificate-status';
import { toCsv } from '../../shared/csv';
import type {
  ImportCheck,
  ImportProgress,
  ImportResult,
  ImportRowReport,
  ImportRowStatus,
} from '../../shared/csv-import';
import { csvColumnLabel } from '../../shared/format';
import { CSV_COLUMNS, REQUIRED_CSV_COLUMNS, clarityMismatch } from '../../shared/inventory';
import { stoneFields, type StoneFilter, type StoneSortColumn, type StoneValues } from '../../shared/schemas';
import { recordStatusChange } from '../certificates/status-changes';
import { importProgress, nextTick, publishProgress } from '../csv/progress';
import { formulaCell, inColumn, readCsv } from '../csv/read';
import { importReport } from '../csv/report';
import type { Store } from '../db/store';
import { buyerIdsByCode, insertStone, skuTaken } from './queries';
import { DomainError } from '../trpc/errors';
import { iterateStones } from './queries/grid';
import { gemstoneTypeList, locationList } from './lists';
import { checkGradingRow, exportColumns, exportGradingCells, gradingCells } from './csv-grading';
import type { Role } from '../../shared/enums';

// CSV import and export of stones. Import checks every row first and reports it (valid, invalid with
// the reason, duplicate SKU) without writing anything; applying checks again (the stock may have
// changed since) and writes all valid rows in one transaction, or nothing. Progress is published per
// chunk of rows so the screen can show a bar on long files.

export type { ImportCheck, ImportProgress, ImportResult, ImportRowReport, ImportRowStatus };
export { importProgress };

const CHUNK = 2000;

interface Checked {
  report: ImportCheck;
  valid: StoneValues[];
}

const fieldOf = (header: string) => CSV_COLUMNS.find((c) => c.toLowerCase() === header.toLowerCase());
const inStoneColumn = (column: string, message: string) => inColumn(csvColumnLabel(column), message);

function readStonesCsv(csv: string) {
  const table = readCsv(csv, fieldOf);
  const missing = REQUIRED_CSV_COLUMNS.filter((c) => !table.fields.has(c));
  if (missing.length > 0) {
    throw new DomainError(
      'CSV_COLUMNS',
      `The file has no column named ${missing.join(', ')}. Its first line must name the columns: ${CSV_COLUMNS.join(', ')} ` +
        '(all but sku, gemstoneType, caratWeight, clarityGrade and location may be left out).',
    );
  }
  return table;
}

export async function checkCsv(store: Store, csv: string, jobId: string, role: Role = 'coordinator'): Promise<Checked> {
  publishProgress({ jobId, phase: 'reading', done: 0, total: 0 });
  const table = readStonesCsv(csv);
  const { rows, rowErrors } = table;
  const column = table.cell;
  const total = rows.length;
  const types = new Map(gemstoneTypeList(store).map((t) => [t.name.toLowerCase(), t]));
  const locations = new Map(locationList(store).map((l) => [l.name.toLowerCase(), l]));
  const buyers = new Map(buyerIdsByCode.all(store).map((b) => [b.buyerCode.toLowerCase(), b.id]));
  const firstLineOf = new Map<string, number>();
  const { report, note } = importReport<ImportRowReport>(total);
  const valid: StoneValues[] = [];

  for (let i = 0; i < total; i++) {
    if (i > 0 && i % CHUNK === 0) {
      publishProgress({ jobId, phase: 'checking', done: i, total });
      await nextTick();
    }
    const row = rows[i]!;
    const line = i + 2;
    const sku = column(row, 'sku');
    if (rowErrors.has(i)) {
      note({ line, sku, status: 'invalid', reason: rowErrors.get(i)! });
      continue;
    }
    const formula = formulaCell(table, row, CSV_COLUMNS);
    if (formula) {
      note({ line, sku, status: 'invalid', reason: inStoneColumn(formula.field, formula.problem) });
      continue;
    }
    const certificateNumber = column(row, 'certificateNumber');
    const caratText = column(row, 'caratWeight').replace(',', '.');
    const parsed = stoneFields.safeParse({
      sku,
      gemstoneType: column(row, 'gemstoneType'),
      caratWeight: caratText === '' ? undefined : Number(caratText),
      clarityGrade: column(row, 'clarityGrade') || undefined,
      certificateNumber,
      certificateStatus: column(row, 'certificateStatus') || (certificateNumber ? 'pending' : 'none'),
      location: column(row, 'location'),
      assignedBuyer: null,
      ...gradingCells((c) => column(row, c)),
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const skuIssue = issue.path[0] === 'sku';
      note({
        line,
        sku,
        status: 'invalid',
        reason:
          skuIssue || issue.path[0] === undefined ? issue.message : inStoneColumn(String(issue.path[0]), issue.message),
      });
      continue;
    }
    const values = parsed.data;
    // A new stone has no verification in its log, so a file cannot make it Verified (see certificate-status.ts).
    const statusProblem = statusChangeProblem({
      from: null,
      to: values.certificateStatus,
      role: 'coordinator',
      reason: null,
      lastVerificationVerified: false,
    });
    if (statusProblem) {
      note({
        line,
        sku: values.sku,
        status: 'invalid',
        reason: `certificateStatus: ${values.certificateStatus} needs a recorded verification of the certificate. Import the stone as pending; a practitioner then records its verification under Certificates.`,
      });
      continue;
    }
    const earlier = firstLineOf.get(values.sku);
    if (earlier !== undefined) {
      note({
        line,
        sku: values.sku,
        status: 'duplicate',
        reason: `SKU ${values.sku} is already on line ${earlier} of this file`,
      });
      continue;
    }
    firstLineOf.set(values.sku, line);
    if (skuTaken(store, values.sku)) {
      note({ line, sku: values.sku, status: 'duplicate', reason: `A stone with SKU ${values.sku} already exists` });
      continue;
    }
    const type = types.get(values.gemstoneType.toLowerCase());
    if (!type) {
      note({
        line,
        sku: values.sku,
        status: 'invalid',
        reason: inStoneColumn('gemstoneType', `${values.gemstoneType} is not on the list of gemstone types`),
      });
      continue;
    }
    const mismatch = clarityMismatch(type.name, values.clarityGrade, type.clarityScale);
    if (mismatch) {
      note({ line, sku: values.sku, status: 'invalid', reason: inStoneColumn('clarityGrade', mismatch) });
      continue;
    }
    const graded = checkGradingRow(type, values, role);
    if ('field' in graded) {
      note({ line, sku: values.sku, status: 'invalid', reason: inStoneColumn(graded.field, graded.message) });
      continue;
    }
    const location = locations.get(values.location.toLowerCase());
    if (!location || location.retired) {
      note({
        line,
        sku: values.sku,
        status: 'invalid',
        reason: inStoneColumn(
          'location',
          `${values.location} is ${location ? 'retired' : 'not on the list of locations'}`,
        ),
      });
      continue;
    }
    const buyerCode = column(row, 'assignedBuyerCode');
    let assignedBuyer: string | null = null;
    if (buyerCode) {
      assignedBuyer = buyers.get(buyerCode.toLowerCase()) ?? null;
      if (!assignedBuyer) {
        note({
          line,
          sku: values.sku,
          status: 'invalid',
          reason: inStoneColumn('assignedBuyerCode', `no buyer has the code ${buyerCode}`),
        });
        continue;
      }
    }
    valid.push({ ...graded.values, gemstoneType: type.name, location: location.name, assignedBuyer });
    note({ line, sku: values.sku, status: 'valid' });
  }
  publishProgress({ jobId, phase: 'checking', done: total, total });
  return { report, valid };
}

/** Checks the file and reports every row; writes nothing. */
export async function previewImport(
  store: Store,
  csv: string,
  jobId: string,
  role: Role = 'coordinator',
): Promise<ImportCheck> {
  try {
    return (await checkCsv(store, csv, jobId, role)).report;
  } finally {
    publishProgress({ jobId, phase: 'done', done: 0, total: 0 });
  }
}

/** Checks again, then writes every valid row in one transaction (with its outbox entry), or nothing. */
export async function applyImport(
  store: Store,
  csv: string,
  jobId: string,
  userId: string | null = null,
  role: Role = 'coordinator',
): Promise<ImportResult> {
  try {
    const { report, valid } = await checkCsv(store, csv, jobId, role);
    if (valid.length === 0)
      throw new DomainError('NOTHING_TO_IMPORT', 'No row of the file is valid, so nothing was imported.');
    publishProgress({ jobId, phase: 'writing', done: 0, total: valid.length });
    await nextTick();
    store.write((scope) => {
      for (const values of valid) {
        // The check ran outside this transaction: a stone added meanwhile must not fail the import half-way.
        if (skuTaken(store, values.sku)) {
          throw new DomainError(
            'DUPLICATE_SKU',
            `A stone with SKU ${values.sku} was added while importing; nothing was imported. Check the file again.`,
          );
        }
        const id = store.newId();
        insertStone.run(store, { ...values, id, now: scope.now });
        scope.enqueue('Gemstone', id, 'create');
        if (values.certificateStatus !== 'none') {
          recordStatusChange(store, scope, {
            gemstone: id,
            from: null,
            to: values.certificateStatus,
            by: userId,
            reason: 'Imported from a stock file',
          });
        }
      }
    });
    return { ...report, imported: valid.length };
  } finally {
    publishProgress({ jobId, phase: 'done', done: 0, total: 0 });
  }
}

/** The stones of a filter, in grid order, as CSV with the import's columns (so an export re-imports). */
export function exportCsv(
  store: Store,
  input: { filter: StoneFilter; sort: StoneSortColumn; direction: 'asc' | 'desc' },
  role: Role = 'coordinator',
): { fileName: string; csv: string; rows: number } {
  let rows = 0;
  const columns = exportColumns(role);
  const cells = function* () {
    for (const s of iterateStones(store, input)) {
      rows++;
      yield [
        s.sku,
        s.gemstoneType,
        s.caratWeight.toFixed(2),
        s.clarityGrade,
        s.certificateNumber ?? '',
        s.certificateStatus,
        s.location,
        s.assignedBuyerCode ?? '',
        ...exportGradingCells(s, columns),
      ];
    }
  };
  const csv = toCsv(columns, cells());
  const stamp = new Date().toISOString().slice(0, 10);
  return { fileName: `loupe-stones-${stamp}.csv`, csv, rows };
}

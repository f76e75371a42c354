import type { ImportResult, ImportRowStatus } from '../../shared/csv-import';
import { createBuyerInput, type BuyerValues } from '../../shared/sales';
import { formulaCell, inColumn, readCsv, type CsvTable } from '../csv/read';
import { importReport } from '../csv/report';
import type { Store } from '../db/store';
import { assertSalesStaff } from '../sales/rules';
import type { SessionUser } from '../trpc/context';
import { DomainError } from '../trpc/errors';
import { canonicalTypes, insertBuyer } from './buyers';
import { DuplicateIndex, duplicateMessage } from './duplicates';
import { staffIdentities } from './queries';

// CSV import of buyers, read and checked here like the stones' file (src/main/csv): the screen sends the
// file's text. Every row is checked like the buyer form, and against the buyers in Loupe and the rows above
// it; a check writes nothing, an import writes the clean rows, each with its outbox entry, in one
// transaction (checked again inside it), and nothing for the others.

/** A row of the report: the buyer it names, and for a duplicate of a buyer in Loupe, that buyer's id. */
export interface BuyerImportRow {
  /** The line in the file (the header is line 1). */
  line: number;
  status: ImportRowStatus;
  buyerCode: string;
  companyName: string;
  /** Why the row is left out, each problem led by its column. */
  reason?: string;
  /** A duplicate of a buyer already in Loupe: open the existing one. */
  existingId: string | null;
}

export type BuyerImportResult = ImportResult<BuyerImportRow>;

type BuyerField = keyof BuyerValues;

/** The buyer fields in the staff's words, to name a row's problem by its column. */
const COLUMN_LABELS: Record<BuyerField, string> = {
  buyerCode: 'Buyer code',
  companyName: 'Company',
  contactName: 'Contact',
  email: 'Email',
  phone: 'Phone',
  preferredGemstoneTypes: 'Preferred types',
  salesStatus: 'Status',
  accountManager: 'Account manager',
};
const FIELDS = Object.keys(COLUMN_LABELS) as BuyerField[];

/** CSV headers Loupe understands (compared lowercase, letters and digits only) → buyer field. */
const HEADER_ALIASES: Record<string, BuyerField> = {
  buyercode: 'buyerCode',
  code: 'buyerCode',
  companyname: 'companyName',
  company: 'companyName',
  contactname: 'contactName',
  contact: 'contactName',
  email: 'email',
  emailaddress: 'email',
  phone: 'phone',
  telephone: 'phone',
  phonenumber: 'phone',
  preferredgemstonetypes: 'preferredGemstoneTypes',
  preferredtypes: 'preferredGemstoneTypes',
  preferences: 'preferredGemstoneTypes',
  salesstatus: 'salesStatus',
  status: 'salesStatus',
  accountmanager: 'accountManager',
  manager: 'accountManager',
};
const fieldOf = (header: string): BuyerField | undefined =>
  HEADER_ALIASES[header.toLowerCase().replace(/[^a-z0-9]/g, '')];

export const MAX_BUYER_ROWS = 5000;

/** A staff member named in the file by username, email or full name: their id, null for none, undefined for unknown. */
function staffResolver(store: Store) {
  const staff = staffIdentities.all(store);
  return (text: string): string | null | undefined => {
    const t = text.trim().toLowerCase();
    if (!t) return null;
    return staff.find(
      (s) => s.username.toLowerCase() === t || s.email.toLowerCase() === t || s.fullName.toLowerCase() === t,
    )?.id;
  };
}

function readBuyersCsv(csv: string): CsvTable<BuyerField> {
  const table = readCsv(csv, fieldOf);
  if (table.rows.length === 0) throw new DomainError('NOTHING_TO_IMPORT', 'The file has no rows under its header.');
  if (!table.fields.has('companyName') && !table.fields.has('buyerCode')) {
    throw new DomainError(
      'CSV_COLUMNS',
      `The file's first line must name its columns: ${Object.values(COLUMN_LABELS).join(', ')}.`,
    );
  }
  if (table.rows.length > MAX_BUYER_ROWS)
    throw new DomainError('CSV_TOO_LONG', `Import at most ${MAX_BUYER_ROWS} buyers at a time.`);
  return table;
}

/** A row's cells as the create form would send them. */
function formValues(table: CsvTable<BuyerField>, row: Record<string, string>) {
  const values: Record<string, unknown> = {};
  for (const field of table.fields) values[field] = table.cell(row, field);
  if (typeof values.preferredGemstoneTypes === 'string') {
    values.preferredGemstoneTypes = values.preferredGemstoneTypes
      .split(/[;|,]/)
      .map((t) => t.trim())
      .filter(Boolean);
  }
  if (typeof values.salesStatus === 'string') values.salesStatus = values.salesStatus.toLowerCase() || undefined;
  if (values.phone === '') values.phone = null;
  return values;
}

/**
 * Checks every row; `insert` (inside the write) creates each clean one as it is found, so a later row that
 * duplicates an earlier one of the same file is caught.
 */
function check(store: Store, user: SessionUser, csv: string, insert: ((buyer: BuyerValues) => string) | null) {
  const table = readBuyersCsv(csv);
  const { report, note } = importReport<BuyerImportRow>(table.rows.length);
  const index = DuplicateIndex.load(store);
  const resolveStaff = staffResolver(store);
  const firstLineOf = new Map<string, number>();
  let imported = 0;

  table.rows.forEach((row, i) => {
    const line = i + 2;
    const buyerCode = table.cell(row, 'buyerCode');
    const companyName = table.cell(row, 'companyName');
    const refuse = (reason: string) =>
      note({ line, status: 'invalid', buyerCode, companyName, reason, existingId: null });

    const parseError = table.rowErrors.get(i);
    if (parseError) return refuse(parseError);
    const formulas = FIELDS.flatMap((field) => {
      const found = formulaCell(table, row, [field]);
      return found ? [inColumn(COLUMN_LABELS[field], found.problem)] : [];
    });
    if (formulas.length) return refuse(formulas.join('; '));

    const values = formValues(table, row);
    const problems: string[] = [];
    if (typeof values.accountManager === 'string') {
      const id = resolveStaff(values.accountManager);
      if (id === undefined) problems.push(`Account manager ${values.accountManager} is not a staff member`);
      values.accountManager = id ?? undefined;
    }
    const parsed = createBuyerInput.safeParse(values);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] as BuyerField | undefined;
        problems.unshift(field && COLUMN_LABELS[field] ? inColumn(COLUMN_LABELS[field], issue.message) : issue.message);
      }
    }
    if (!parsed.success || problems.length) return refuse([...new Set(problems)].join('; '));

    const { confirmSimilarName: _ignored, ...fields } = parsed.data;
    // A row without an account manager is managed by the administrator importing it.
    const buyer: BuyerValues = { ...fields, accountManager: fields.accountManager ?? user.id };
    try {
      assertSalesStaff(store, buyer.accountManager, 'accountManager', 'account manager');
    } catch (error) {
      return refuse(inColumn(COLUMN_LABELS.accountManager, (error as Error).message));
    }
    const duplicate = index.find(buyer);
    if (duplicate) {
      const earlierLine = firstLineOf.get(duplicate.existingId);
      const why =
        duplicate.match === 'companyName'
          ? 'very similar company name'
          : `same ${duplicate.match === 'email' ? 'email' : 'buyer code'}`;
      return note({
        line,
        status: 'duplicate',
        buyerCode,
        companyName,
        reason: earlierLine
          ? `Duplicates line ${earlierLine} of this file (${why}).`
          : duplicateMessage(duplicate, buyer),
        existingId: earlierLine ? null : duplicate.existingId,
      });
    }
    let id = `line-${line}`;
    if (insert) {
      id = insert({ ...buyer, preferredGemstoneTypes: canonicalTypes(store, buyer.preferredGemstoneTypes) });
      imported++;
    }
    firstLineOf.set(id, line);
    index.add({ id, ...buyer });
    note({ line, status: 'valid', buyerCode, companyName, existingId: null });
  });
  return { ...report, imported };
}

/** Checks every row of the file and reports it; writes nothing. */
export function previewBuyersImport(store: Store, user: SessionUser, csv: string): BuyerImportResult {
  return check(store, user, csv, null);
}

/** Checks again and creates every clean row, each with its outbox entry, in one transaction; or nothing. */
export function applyBuyersImport(store: Store, user: SessionUser, csv: string): BuyerImportResult {
  return store.write((scope) => {
    const result = check(store, user, csv, (buyer) => {
      const id = insertBuyer(store, scope.now, buyer);
      scope.enqueue('Buyer', id, 'create');
      return id;
    });
    if (result.imported === 0)
      throw new DomainError('NOTHING_TO_IMPORT', 'No row of the file is valid, so nothing was imported.');
    return result;
  });
}

import Papa from 'papaparse';

// The one way Loupe writes CSV, and the rule its imports hold cells to. A spreadsheet runs a cell that
// begins with =, +, -, @, a tab or a carriage return as a formula ("formula injection": =HYPERLINK(…) sends
// whoever clicks to another site, =cmd|… runs a program in older Excel). Every export writes such a cell
// with a leading apostrophe, which spreadsheets show as text; every import refuses one, with the reason on
// its row (a number or a phone number is not a formula).

/** What spreadsheets run as a formula when a cell begins with it. */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A number or a phone number: "+41 44 123 45 67", "-3", "(555) 123-4567". */
const NUMBER_OR_PHONE = /^[+-]?[\d\s().\-/]*\d[\d\s().\-/]*$/;

/** Rows of cells as CSV text (CRLF, a header first), with every formula-looking cell neutralised. */
export function toCsv(header: readonly string[], rows: Iterable<readonly unknown[]>): string {
  const data: unknown[][] = [];
  for (const row of rows) data.push([...row]);
  const text = Papa.unparse({ fields: [...header], data }, { escapeFormulae: FORMULA_START, newline: '\r\n' });
  return `${text}\r\n`;
}

/** Why an imported cell is refused, or null: it would run as a formula in a spreadsheet. */
export function formulaProblem(cell: string): string | null {
  if (!FORMULA_START.test(cell) || NUMBER_OR_PHONE.test(cell)) return null;
  const first = cell[0] === '\t' ? 'a tab' : cell[0] === '\r' ? 'a line break' : `“${cell[0]}”`;
  return `begins with ${first}, which a spreadsheet runs as a formula; remove it or put the value in quotes with a leading apostrophe`;
}

import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { toCsv } from '../../shared/csv';
import { formatDay } from '../../shared/format';
import { currencyExponent, toMajorUnits } from '../../shared/money';
import type { Cell, ReportSheet, SheetColumn } from '../../shared/report-sheets';
import type { ReportFile } from '../../shared/reports';
import { winAnsi } from '../inventory/labels';

// A report's sheet as files: CSV for a spreadsheet (amounts in major units with their currency in a
// column of their own, so a sum in the spreadsheet is a sum in one currency; cells that look like a
// formula are neutralised by toCsv) and a PDF to print (landscape A4, the sheet's rows then its totals).

/** A money cell in major units, with the currency's decimals: "12500.50". */
function plainAmount(minor: number, currency: string): string {
  return toMajorUnits(minor, currency).toFixed(Math.max(currencyExponent(currency), 0));
}

function csvCell(column: SheetColumn, row: Record<string, Cell>): string | number {
  const value = row[column.key];
  if (value === null || value === undefined) return '';
  const currency = typeof row.currency === 'string' && /^[A-Z]{3}$/.test(row.currency) ? row.currency : null;
  if (column.kind === 'money') return typeof value === 'number' && currency ? plainAmount(value, currency) : '';
  if (column.kind === 'carats') return typeof value === 'number' ? value.toFixed(2) : String(value);
  if (column.kind === 'day') return typeof value === 'string' ? value.slice(0, 10) : String(value);
  return value;
}

const stem = (sheet: ReportSheet, day: string) => `${sheet.title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${day}`;

export function sheetCsv(sheet: ReportSheet, asOf: Date): ReportFile {
  const rows = [...sheet.rows, ...sheet.totals].map((row) => sheet.columns.map((c) => csvCell(c, row)));
  return {
    fileName: `${stem(sheet, asOf.toISOString().slice(0, 10))}.csv`,
    mimeType: 'text/csv',
    text: toCsv(
      sheet.columns.map((c) => c.label),
      rows,
    ),
  };
}

/** A cell as printed: money as "12,500.50 USD" (the code, which every font has), days as the calendar day. */
export function printedCell(column: SheetColumn, row: Record<string, Cell>): string {
  const value = row[column.key];
  if (value === null || value === undefined) return '';
  const currency = typeof row.currency === 'string' && /^[A-Z]{3}$/.test(row.currency) ? row.currency : null;
  if (column.kind === 'money') {
    if (typeof value !== 'number' || !currency) return '';
    const digits = currencyExponent(currency);
    const major = toMajorUnits(value, currency).toLocaleString('en-US', {
      minimumFractionDigits: digits,
      maximumFractionDigits: Math.max(digits, 20),
    });
    return `${major} ${currency}`;
  }
  if (column.kind === 'carats' && typeof value === 'number') return `${value.toFixed(2)} ct`;
  if (column.kind === 'count' && typeof value === 'number') return value.toLocaleString('en-US');
  if (column.kind === 'day') return formatDay(value, 'en-GB');
  return String(value);
}

const PAGE: [number, number] = [841.89, 595.28];
const MARGIN = 40;
const LINE = 14;
const SIZE = 9;

class TableWriter {
  page!: PDFPage;
  y = 0;
  constructor(
    private readonly pdf: PDFDocument,
    readonly regular: PDFFont,
    readonly bold: PDFFont,
  ) {
    this.newPage();
  }
  newPage() {
    this.page = this.pdf.addPage(PAGE);
    this.y = PAGE[1] - MARGIN;
  }
  text(text: string, x: number, options: { bold?: boolean; size?: number; right?: boolean } = {}) {
    const font = options.bold ? this.bold : this.regular;
    const size = options.size ?? SIZE;
    const safe = winAnsi(text);
    const at = options.right ? x - font.widthOfTextAtSize(safe, size) : x;
    this.page.drawText(safe, { x: at, y: this.y, size, font, color: rgb(0, 0, 0) });
  }
}

export async function sheetPdf(sheet: ReportSheet, asOf: Date): Promise<ReportFile> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(sheet.title);
  pdf.setCreator('Loupe');
  const w = new TableWriter(
    pdf,
    await pdf.embedFont(StandardFonts.Helvetica),
    await pdf.embedFont(StandardFonts.HelveticaBold),
  );
  // The first column takes what the others leave; the others share the rest, numbers right-aligned.
  const width = PAGE[0] - 2 * MARGIN;
  const first = Math.max(150, width - (sheet.columns.length - 1) * 95);
  const rest = (width - first) / Math.max(1, sheet.columns.length - 1);
  const cols = sheet.columns.map((c, i) => {
    const left = i === 0 ? MARGIN : MARGIN + first + (i - 1) * rest;
    const right = c.kind !== 'text' && c.kind !== 'currency' && c.kind !== 'day';
    return { column: c, x: right ? left + rest - 6 : left, right };
  });
  const header = () => {
    for (const c of cols) w.text(c.column.label, c.x, { bold: true, right: c.right });
    w.y -= LINE;
  };
  const row = (cells: Record<string, Cell>, bold = false) => {
    if (w.y < MARGIN + LINE) {
      w.newPage();
      header();
    }
    for (const c of cols) w.text(printedCell(c.column, cells), c.x, { bold, right: c.right });
    w.y -= LINE;
  };

  w.text(sheet.title, MARGIN, { bold: true, size: 16 });
  w.y -= LINE * 1.6;
  w.text(sheet.subtitle, MARGIN);
  w.y -= LINE;
  w.text(`Printed ${asOf.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })}`, MARGIN);
  w.y -= LINE * 1.5;
  header();
  if (sheet.rows.length === 0) {
    w.text('Nothing to report.', MARGIN);
    w.y -= LINE;
  }
  for (const r of sheet.rows) row(r);
  w.y -= LINE / 2;
  for (const r of sheet.totals) row(r, true);

  const pages = pdf.getPages();
  pages.forEach((page, i) =>
    page.drawText(`${sheet.title} - page ${i + 1} of ${pages.length}`, {
      x: MARGIN,
      y: MARGIN / 2,
      size: 8,
      font: w.regular,
      color: rgb(0.4, 0.4, 0.4),
    }),
  );
  return {
    fileName: `${stem(sheet, asOf.toISOString().slice(0, 10))}.pdf`,
    mimeType: 'application/pdf',
    base64: Buffer.from(await pdf.save()).toString('base64'),
  };
}

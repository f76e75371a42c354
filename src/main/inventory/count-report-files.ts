import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { toCsv } from '../../shared/csv';
import type { Store } from '../db/store';
import { reportLines } from './queries';
import { DomainError } from '../trpc/errors';
import { countReport, type CountSummary } from './counts';
import { winAnsi, type LabelFile } from './labels';

// A finished stock count's report as files: a PDF to print and sign (totals, then every missing,
// unexpected and matched stone) and a CSV of the same lines. Unlike the screen, the files list every
// line, not the first few thousand.

export type CountOutcome = 'Missing' | 'Unexpected' | 'Not in the inventory' | 'Matched';

export interface CountReportLine {
  outcome: CountOutcome;
  sku: string;
  gemstoneType: string | null;
  caratWeight: number | null;
  /** Where the inventory has an unexpected stone. */
  recordedLocation: string | null;
  scannedAt: number | null;
}

export const COUNT_CSV_COLUMNS = ['Result', 'SKU', 'Type', 'Carats', 'Inventory has it at', 'Scanned at'] as const;

/** The finished count and all its lines: missing first, then unexpected in scan order, then matched. */
function finishedReport(store: Store, countId: string): { count: CountSummary; lines: CountReportLine[] } {
  const { count } = countReport(store, countId);
  if (count.status === 'open') {
    throw new DomainError(
      'COUNT_NOT_FINISHED',
      `The count of ${count.location} is still open; finish it to print or export its report.`,
    );
  }
  if (count.status === 'cancelled')
    throw new DomainError('COUNT_NOT_FINISHED', `The count of ${count.location} was cancelled; it has no report.`);
  const rows = reportLines.all(store, countId);
  const lines = rows.map(({ gemstone, expected, ...line }) => ({
    ...line,
    outcome: (expected === 0
      ? gemstone
        ? 'Unexpected'
        : 'Not in the inventory'
      : line.scannedAt == null
        ? 'Missing'
        : 'Matched') as CountOutcome,
  }));
  return { count, lines };
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const fileStem = (count: CountSummary) =>
  `stock-count-${count.location.replace(/[^\w-]+/g, '-')}-${day(count.finishedAt ?? count.startedAt)}`;
const carats = (n: number | null) => (n == null ? '' : n.toFixed(2));

export function countReportCsv(store: Store, countId: string): { fileName: string; csv: string; rows: number } {
  const { count, lines } = finishedReport(store, countId);
  const csv = toCsv(
    COUNT_CSV_COLUMNS,
    lines.map((l) => [
      l.outcome,
      l.sku,
      l.gemstoneType ?? '',
      carats(l.caratWeight),
      l.outcome === 'Unexpected' ? (l.recordedLocation ?? '') : '',
      l.scannedAt == null ? '' : new Date(l.scannedAt).toISOString(),
    ]),
  );
  return { fileName: `${fileStem(count)}.csv`, csv, rows: lines.length };
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 48;
const LINE = 15;
const when = (ms: number | null) =>
  ms ? new Date(ms).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' }) : '-';

/** Writes lines top to bottom, starting a new page when one is full. */
class Writer {
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
    this.page = this.pdf.addPage(A4);
    this.y = A4[1] - MARGIN;
  }
  room(lines: number) {
    if (this.y - lines * LINE < MARGIN) this.newPage();
  }
  /** One line of cells at the given x positions (a cell with `right` ends at its x). */
  row(cells: { text: string; x: number; right?: boolean }[], options: { bold?: boolean; size?: number } = {}) {
    this.room(1);
    const font = options.bold ? this.bold : this.regular;
    const size = options.size ?? 10;
    for (const cell of cells) {
      const text = winAnsi(cell.text);
      const x = cell.right ? cell.x - font.widthOfTextAtSize(text, size) : cell.x;
      this.page.drawText(text, { x, y: this.y, size, font, color: rgb(0, 0, 0) });
    }
    this.y -= size > 12 ? LINE * 1.6 : LINE;
  }
  gap() {
    this.y -= LINE / 2;
  }
}

export async function countReportPdf(store: Store, countId: string): Promise<LabelFile> {
  const { count, lines } = finishedReport(store, countId);
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Stock count of ${count.location}`);
  pdf.setCreator('Loupe');
  const w = new Writer(
    pdf,
    await pdf.embedFont(StandardFonts.Helvetica),
    await pdf.embedFont(StandardFonts.HelveticaBold),
  );
  const stones = (n: number | null) => `${n ?? 0} ${n === 1 ? 'stone' : 'stones'}`;

  w.row([{ text: `Stock count of ${count.location}`, x: MARGIN }], { bold: true, size: 16 });
  w.row([{ text: `Started ${when(count.startedAt)} by ${count.startedByName ?? 'someone'}`, x: MARGIN }]);
  w.row([{ text: `Finished ${when(count.finishedAt)} by ${count.finishedByName ?? 'someone'}`, x: MARGIN }]);
  w.gap();
  const totals: [string, number | null, number | null][] = [
    ['Expected', count.expectedStones, count.expectedCarats],
    ['Matched', count.matchedStones, count.matchedCarats],
    ['Missing', count.missingStones, count.missingCarats],
    ['Unexpected', count.unexpectedStones, count.unexpectedCarats],
  ];
  for (const [label, n, ct] of totals) {
    w.row(
      [
        { text: label, x: MARGIN, right: false },
        { text: stones(n), x: MARGIN + 170, right: true },
        { text: `${carats(ct ?? 0)} ct`, x: MARGIN + 260, right: true },
      ],
      { bold: label !== 'Expected' },
    );
  }

  const sections: [string, CountReportLine[]][] = [
    ['Missing', lines.filter((l) => l.outcome === 'Missing')],
    ['Unexpected', lines.filter((l) => l.outcome === 'Unexpected' || l.outcome === 'Not in the inventory')],
    ['Matched', lines.filter((l) => l.outcome === 'Matched')],
  ];
  for (const [title, section] of sections) {
    if (section.length === 0) continue;
    w.gap();
    w.room(3);
    w.row([{ text: `${title} (${section.length})`, x: MARGIN }], { bold: true, size: 12 });
    for (const l of section) {
      w.row([
        { text: l.sku, x: MARGIN },
        { text: l.gemstoneType ?? 'Not in the inventory', x: MARGIN + 130 },
        { text: l.caratWeight == null ? '' : `${carats(l.caratWeight)} ct`, x: MARGIN + 320, right: true },
        {
          text: l.outcome === 'Unexpected' && l.recordedLocation ? `Inventory has it at ${l.recordedLocation}` : '',
          x: MARGIN + 340,
        },
      ]);
    }
  }
  const pages = pdf.getPages();
  pages.forEach((page, i) =>
    page.drawText(`Page ${i + 1} of ${pages.length}`, {
      x: MARGIN,
      y: MARGIN / 2,
      size: 8,
      font: w.regular,
      color: rgb(0.4, 0.4, 0.4),
    }),
  );
  return {
    fileName: `${fileStem(count)}.pdf`,
    mimeType: 'application/pdf',
    data: Buffer.from(await pdf.save()).toString('base64'),
  };
}

import { format } from 'date-fns';
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { memoReference } from '../../shared/memos';
import { money } from '../../shared/format';
import type { Store } from '../db/store';
import { winAnsi, type LabelFile } from '../inventory/labels';
import { sellerDetails } from '../invoices/settings';
import type { SessionUser } from '../trpc/context';
import { getMemo } from './memos';

// A memo on paper, for the buyer to sign when they take the stones: who lends what to whom until when, on
// which terms, and the price each stone may be kept at. Printed by coordinators and administrators only
// (it carries the prices).

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 48;
const LINE = 15;

/** The dealer's name at the top of the paperwork: the one Settings → Invoices prints on invoices. */
function readDealerName(store: Store): string | null {
  return sellerDetails(store).name.trim() || null;
}

const inWords = (iso: string) => format(new Date(iso), 'd MMMM yyyy');
const carats = (n: number) => `${n.toFixed(2)} ct`;

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
  row(cells: { text: string; x: number; right?: boolean }[], options: { bold?: boolean; size?: number } = {}) {
    if (this.y - LINE < MARGIN) this.newPage();
    const font = options.bold ? this.bold : this.regular;
    const size = options.size ?? 10;
    for (const cell of cells) {
      const text = winAnsi(cell.text);
      const x = cell.right ? cell.x - font.widthOfTextAtSize(text, size) : cell.x;
      this.page.drawText(text, { x, y: this.y, size, font, color: rgb(0, 0, 0) });
    }
    this.y -= size > 12 ? LINE * 1.6 : LINE;
  }
  /** Text wrapped to the page's width. */
  paragraph(text: string) {
    const width = A4[0] - 2 * MARGIN;
    for (const para of winAnsi(text).split('\n')) {
      let line = '';
      for (const word of para.split(/\s+/)) {
        const next = line ? `${line} ${word}` : word;
        if (this.regular.widthOfTextAtSize(next, 10) > width && line) {
          this.row([{ text: line, x: MARGIN }]);
          line = word;
        } else line = next;
      }
      if (line) this.row([{ text: line, x: MARGIN }]);
    }
  }
  gap(n = 1) {
    this.y -= (LINE / 2) * n;
  }
}

export async function memoPdf(store: Store, user: SessionUser, id: string): Promise<LabelFile> {
  const memo = getMemo(store, user, id);
  const reference = memoReference(memo.id);
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Memo ${reference}`);
  pdf.setCreator('Loupe');
  const w = new Writer(
    pdf,
    await pdf.embedFont(StandardFonts.Helvetica),
    await pdf.embedFont(StandardFonts.HelveticaBold),
  );
  const dealer = readDealerName(store);
  if (dealer) w.row([{ text: dealer, x: MARGIN }], { bold: true, size: 16 });
  w.row([{ text: `Memorandum ${reference}`, x: MARGIN }], { bold: true, size: 14 });
  w.row([{ text: `To ${memo.buyerName} (${memo.buyerCode})`, x: MARGIN }]);
  w.row([{ text: `Issued ${inWords(memo.issuedAt)} by ${memo.issuedByName ?? 'the dealer'}`, x: MARGIN }]);
  w.row([{ text: `Due back ${inWords(memo.dueBack)}`, x: MARGIN }], { bold: true });
  w.gap();
  w.paragraph(
    'The stones below are entrusted to the buyer on approval. They remain the property of the dealer until ' +
      'paid for in full, and are to be returned by the due-back date or bought at the price shown.',
  );
  if (memo.terms) {
    w.gap();
    w.row([{ text: 'Terms', x: MARGIN }], { bold: true });
    w.paragraph(memo.terms);
  }
  w.gap();
  const cols = { sku: MARGIN, what: MARGIN + 90, ct: MARGIN + 370, price: A4[0] - MARGIN };
  w.row(
    [
      { text: 'SKU', x: cols.sku },
      { text: 'Description', x: cols.what },
      { text: 'Carats', x: cols.ct, right: true },
      { text: 'Price', x: cols.price, right: true },
    ],
    { bold: true },
  );
  let total = 0;
  for (const line of memo.lines) {
    const description = [line.gemstoneType, line.shape, line.colour].filter(Boolean).join(', ');
    total += line.price ?? 0;
    w.row([
      { text: line.sku, x: cols.sku },
      { text: description.slice(0, 55), x: cols.what },
      { text: carats(line.caratWeight), x: cols.ct, right: true },
      { text: line.price === null ? 'to agree' : money(line.price, line.currency), x: cols.price, right: true },
    ]);
  }
  w.row(
    [
      { text: `${memo.lines.length} ${memo.lines.length === 1 ? 'stone' : 'stones'}`, x: cols.sku },
      { text: 'Total', x: cols.ct, right: true },
      { text: money(total, memo.currency), x: cols.price, right: true },
    ],
    { bold: true },
  );
  w.gap(4);
  w.row([{ text: 'Received by (buyer): ______________________________', x: MARGIN }]);
  w.gap(2);
  w.row([{ text: 'Name: ______________________________   Date: ________________', x: MARGIN }]);
  return {
    fileName: `memo-${reference}.pdf`,
    mimeType: 'application/pdf',
    data: Buffer.from(await pdf.save()).toString('base64'),
  };
}

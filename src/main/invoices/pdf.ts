import { format, parseISO } from 'date-fns';
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { formatMoney, toMinorUnits } from '../../shared/money';
import { VALUE_LABELS } from '../../shared/record-rules';
import type { Store } from '../db/store';
import type { LabelFile } from '../inventory/labels';
import { getInvoice } from './invoices';
import { sellerDetails } from './settings';

// An invoice as a PDF to print or send: the dealer's heading, the number (or the provisional one), the
// buyer, a line per stone, then subtotal, each tax, total, payments received and the balance due.

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 48;
const LINE = 15;
const RIGHT = A4[0] - MARGIN;
const LOCALE = 'en-GB';

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
  rule() {
    this.page.drawLine({
      start: { x: MARGIN, y: this.y + LINE - 4 },
      end: { x: RIGHT, y: this.y + LINE - 4 },
      thickness: 0.5,
      color: rgb(0.5, 0.5, 0.5),
    });
  }
  gap() {
    this.y -= LINE / 2;
  }
}

/** The standard PDF fonts write Windows-1252 only (as the stock count report does). */
const winAnsi = (text: string) => text.replace(/[^\x20-\x7E\u00A0-\u00FF]/g, '?');

const day = (iso: string) => format(parseISO(iso), 'd MMMM yyyy');

export async function invoicePdf(store: Store, id: string): Promise<LabelFile> {
  const invoice = getInvoice(store, id);
  const seller = sellerDetails(store);
  const money = (minor: number) => formatMoney(minor, invoice.currency, LOCALE);
  const major = (amount: number) => money(toMinorUnits(amount, invoice.currency));
  const number = invoice.invoiceNumber ?? invoice.provisionalNumber ?? '';

  const pdf = await PDFDocument.create();
  pdf.setTitle(`Invoice ${number}`);
  pdf.setCreator('Loupe');
  const w = new Writer(
    pdf,
    await pdf.embedFont(StandardFonts.Helvetica),
    await pdf.embedFont(StandardFonts.HelveticaBold),
  );

  if (seller.name) w.row([{ text: seller.name, x: MARGIN }], { bold: true, size: 14 });
  for (const line of seller.address.split('\n').filter(Boolean)) w.row([{ text: line, x: MARGIN }]);
  if (seller.taxId) w.row([{ text: `Tax number: ${seller.taxId}`, x: MARGIN }]);
  w.gap();
  w.row([{ text: invoice.status === 'void' ? `VOID - Invoice ${number}` : `Invoice ${number}`, x: MARGIN }], {
    bold: true,
    size: 16,
  });
  if (!invoice.invoiceNumber)
    w.row([{ text: 'Provisional number: the invoice is numbered when it reaches the server.', x: MARGIN }]);
  w.row([{ text: `Date: ${day(invoice.issuedAt)}`, x: MARGIN }]);
  w.gap();
  w.row([{ text: 'Bill to', x: MARGIN }], { bold: true });
  if (invoice.buyerCompany) w.row([{ text: invoice.buyerCompany, x: MARGIN }]);
  if (invoice.buyerContact) w.row([{ text: invoice.buyerContact, x: MARGIN }]);
  w.gap();

  const cols = { sku: MARGIN, description: MARGIN + 90, carat: MARGIN + 360, amount: RIGHT };
  w.row(
    [
      { text: 'SKU', x: cols.sku },
      { text: 'Description', x: cols.description },
      { text: 'Carat', x: cols.carat, right: true },
      { text: 'Amount', x: cols.amount, right: true },
    ],
    { bold: true },
  );
  w.rule();
  for (const line of invoice.lines) {
    w.row([
      { text: line.sku, x: cols.sku },
      { text: line.description, x: cols.description },
      { text: `${line.caratWeight.toFixed(2)} ct`, x: cols.carat, right: true },
      { text: major(line.amount), x: cols.amount, right: true },
    ]);
  }
  w.gap();
  const label = MARGIN + 300;
  const total = (text: string, amount: string, bold = false) =>
    w.row(
      [
        { text, x: label },
        { text: amount, x: cols.amount, right: true },
      ],
      { bold },
    );
  total('Subtotal', money(invoice.subtotal));
  for (const tax of invoice.taxLines) total(`${tax.label} ${tax.ratePercent} %`, major(tax.amount));
  total('Total', money(invoice.total), true);
  if (invoice.payments.length > 0) {
    w.gap();
    w.row([{ text: 'Payments received', x: MARGIN }], { bold: true });
    for (const p of invoice.payments) {
      w.row([
        {
          text: `${day(p.receivedAt)}, ${VALUE_LABELS[p.method] ?? p.method}${p.reference ? ` (${p.reference})` : ''}`,
          x: MARGIN,
        },
        { text: money(p.amount), x: cols.amount, right: true },
      ]);
    }
  }
  w.gap();
  total('Paid', money(invoice.paid));
  total('Balance due', money(invoice.balanceDue), true);
  if (invoice.note) {
    w.gap();
    for (const line of invoice.note.split('\n')) w.row([{ text: line, x: MARGIN }]);
  }
  return {
    fileName: `invoice-${number}.pdf`,
    mimeType: 'application/pdf',
    data: Buffer.from(await pdf.save()).toString('base64'),
  };
}

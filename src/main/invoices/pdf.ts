import { format, parseISO } from 'date-fns';
import { formatMoney, toMinorUnits } from '../../shared/money';
import { VALUE_LABELS } from '../../shared/record-rules';
import type { Store } from '../db/store';
import type { LabelFile } from '../inventory/labels';
import { A4Writer, MARGIN, RIGHT } from '../paper/a4';
import { getInvoice } from './invoices';
import { sellerDetails } from './settings';

// An invoice as a PDF to print or send: the dealer's heading, the number (or the provisional one), the
// buyer, a line per stone, then subtotal, each tax, total, payments received and the balance due.

const LOCALE = 'en-GB';

const day = (iso: string) => format(parseISO(iso), 'd MMMM yyyy');

export async function invoicePdf(store: Store, id: string): Promise<LabelFile> {
  const invoice = getInvoice(store, id);
  const seller = sellerDetails(store);
  const money = (minor: number) => formatMoney(minor, invoice.currency, LOCALE);
  const major = (amount: number) => money(toMinorUnits(amount, invoice.currency));
  const number = invoice.invoiceNumber ?? invoice.provisionalNumber ?? '';

  const w = await A4Writer.create(`Invoice ${number}`);

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
    data: await w.base64(),
  };
}

import { format } from 'date-fns';
import { memoReference } from '../../shared/memos';
import { money } from '../../shared/format';
import type { Store } from '../db/store';
import type { LabelFile } from '../inventory/labels';
import { A4, A4Writer, MARGIN } from '../paper/a4';
import { sellerDetails } from '../invoices/settings';
import type { SessionUser } from '../trpc/context';
import { getMemo } from './memos';

// A memo on paper, for the buyer to sign when they take the stones: who lends what to whom until when, on
// which terms, and the price each stone may be kept at. Printed by coordinators and administrators only
// (it carries the prices).

/** The dealer's name at the top of the paperwork: the one Settings → Invoices prints on invoices. */
function readDealerName(store: Store): string | null {
  return sellerDetails(store).name.trim() || null;
}

const inWords = (iso: string) => format(new Date(iso), 'd MMMM yyyy');
const carats = (n: number) => `${n.toFixed(2)} ct`;

export async function memoPdf(store: Store, user: SessionUser, id: string): Promise<LabelFile> {
  const memo = getMemo(store, user, id);
  const reference = memoReference(memo.id);
  const w = await A4Writer.create(`Memo ${reference}`);
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
    data: await w.base64(),
  };
}

import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';

// pdf.js reads Helvetica's metrics from its own font files.
const STANDARD_FONTS = join(dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts/');

/** The text of each line of every page of a PDF, cells joined by " | ", spaces made plain. */
export async function pdfLines(bytes: Uint8Array): Promise<string[]> {
  // pdf.js is an ES module; the specs run as CommonJS, so it is loaded when first needed.
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await getDocument({ data: bytes, standardFontDataUrl: STANDARD_FONTS }).promise;
  const lines: string[] = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const content = await (await doc.getPage(p)).getTextContent();
    const byY = new Map<number, { x: number; text: string }[]>();
    for (const item of content.items) {
      if (!('str' in item) || !item.str.trim()) continue;
      const y = Math.round(item.transform[5] as number);
      (byY.get(y) ?? byY.set(y, []).get(y)!).push({ x: item.transform[4] as number, text: item.str });
    }
    for (const y of [...byY.keys()].sort((a, b) => b - a)) {
      lines.push(
        byY
          .get(y)!
          .sort((a, b) => a.x - b.x)
          .map((c) => c.text.replace(/\s+/g, ' ').trim())
          .join(' | '),
      );
    }
  }
  return lines;
}

/** Invoices, their payments and Settings → Invoices, as a person uses them. */
export class InvoicePages {
  constructor(readonly page: Page) {}

  get panel(): Locator {
    return this.page.getByLabel('Invoice', { exact: true });
  }

  /** Settings → Invoices: one tax line, saved. */
  async setTaxLine(label: string, ratePercent: string) {
    const section = this.page.getByRole('region', { name: 'Invoices' });
    await section.getByRole('button', { name: 'Add tax line' }).click();
    await section.getByRole('textbox', { name: 'Tax name' }).last().fill(label);
    await section.getByRole('textbox', { name: 'Rate (%)' }).last().fill(ratePercent);
    await section.getByRole('button', { name: 'Save tax lines' }).click();
    await expect(section.getByText('Saved')).toBeVisible();
  }

  async setSeller(name: string, address: string, taxId: string) {
    const section = this.page.getByRole('region', { name: 'Invoices' });
    await section.getByLabel('Dealer name').fill(name);
    await section.getByLabel('Address').fill(address);
    await section.getByLabel('Tax number').fill(taxId);
    await section.getByRole('button', { name: 'Save details' }).click();
    await expect(section.getByText('Saved').last()).toBeVisible();
  }

  row(buyerName: string): Locator {
    return this.page.getByRole('table', { name: 'Invoices' }).getByRole('row').filter({ hasText: buyerName });
  }

  async open(buyerName: string) {
    await this.row(buyerName).click();
    await expect(this.panel).toBeVisible();
  }

  /** Print / save PDF: the downloaded file's name and its lines of text. */
  async downloadPdf(): Promise<{ fileName: string; lines: string[] }> {
    const [file] = await Promise.all([
      this.page.waitForEvent('download'),
      this.panel.getByRole('button', { name: 'Print / save PDF' }).click(),
    ]);
    const bytes = await readFile((await file.path())!);
    return { fileName: file.suggestedFilename(), lines: await pdfLines(new Uint8Array(bytes)) };
  }

  async recordPayment(amount: string, method: string, reference = '') {
    await this.panel.getByRole('button', { name: 'Record payment' }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Record payment' });
    await dialog.getByLabel(/^Amount/).fill(amount);
    await dialog
      .getByRole('textbox', { name: 'Paid by' })
      .or(dialog.getByRole('combobox', { name: 'Paid by' }))
      .first()
      .click();
    await this.page.getByRole('option', { name: method }).click();
    if (reference) await dialog.getByLabel('Reference').fill(reference);
    await dialog.getByRole('button', { name: 'Record payment' }).click();
    await expect(dialog).toBeHidden();
  }

  async voidInvoice(reason: string) {
    await this.panel.getByRole('button', { name: 'Void' }).click();
    const dialog = this.page.getByRole('dialog', { name: /^Void invoice/ });
    await dialog.getByLabel('Why is it void?').fill(reason);
    await dialog.getByRole('button', { name: 'Void invoice' }).click();
    await expect(dialog).toBeHidden();
  }

  /** Subtotal, taxes, total, paid and balance due. */
  totals(): Locator {
    return this.panel.getByLabel('Invoice totals');
  }

  /** Paid, Part paid, Unpaid or Void. */
  status(): Locator {
    return this.panel.getByTestId('invoice-status');
  }
}

import { expect, type Locator, type Page } from '@playwright/test';

export interface BuyerEntry {
  companyName: string;
  contactName: string;
  email: string;
  phone?: string;
}

/** The sales screens (buyers, inquiries, follow-ups) as a person uses them. */
export class SalesPages {
  constructor(readonly page: Page) {}

  get dialog(): Locator {
    return this.page.getByRole('dialog').last();
  }

  private async choose(scope: Locator, label: string, option: string) {
    await scope
      .getByRole('textbox', { name: label })
      .or(scope.getByRole('combobox', { name: label }))
      .first()
      .click();
    await this.page.getByRole('option', { name: option }).first().click();
  }

  /** Adds a buyer from the Buyers screen; the new buyer's profile opens. */
  async addBuyer(buyer: BuyerEntry) {
    await this.page.getByRole('button', { name: 'Add buyer' }).click();
    const form = this.dialog;
    await form.getByLabel('Company name').fill(buyer.companyName);
    await form.getByLabel('Contact name').fill(buyer.contactName);
    await form.getByLabel('Email').fill(buyer.email);
    if (buyer.phone) await form.getByLabel('Phone').fill(buyer.phone);
    await form.getByLabel('Email').press('Enter');
    await expect(form).toBeHidden();
    await expect(this.page.getByRole('heading', { name: buyer.companyName, level: 3 })).toBeVisible();
  }

  /** Buyers → Import CSV with a file: the dialog, once the core has reported on every row. */
  async importBuyers(fileName: string, csv: string): Promise<Locator> {
    await this.page.getByRole('button', { name: 'Import CSV' }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Import buyers from CSV' });
    await dialog
      .locator('input[type=file]')
      .setInputFiles({ name: fileName, mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await expect(dialog.getByTestId('import-summary')).toBeVisible();
    return dialog;
  }

  /** New inquiry: pick the buyer, then scan the stone (fast keystrokes ending in Enter, as a scanner types). */
  async newInquiryFromScan(buyerName: string, sku: string) {
    const form = await this.startInquiryFromScan(buyerName, sku);
    await form.getByRole('button', { name: 'Create inquiry' }).click();
    await expect(form).toBeHidden();
  }

  column(status: 'new' | 'quoted' | 'reserved' | 'closed'): Locator {
    return this.page.getByTestId(`column-${status}`);
  }

  card(sku: string): Locator {
    return this.page.locator(`[data-testid="inquiry-card"][data-sku="${sku}"]`);
  }

  /** One buyer's card when several buyers ask about the same stone. */
  cardFor(sku: string, buyerName: string): Locator {
    return this.card(sku).filter({
      has: this.page.getByRole('button', { name: `Open inquiry ${sku} for ${buyerName}` }),
    });
  }

  async dragCard(sku: string, to: 'new' | 'quoted' | 'reserved' | 'closed', buyerName?: string) {
    await (buyerName ? this.cardFor(sku, buyerName) : this.card(sku)).dragTo(this.column(to));
  }

  /** New inquiry up to the scanned stone, without saving: the form, to read what it says about the stone. */
  async startInquiryFromScan(buyerName: string, sku: string): Promise<Locator> {
    await this.page.getByRole('button', { name: 'New inquiry' }).click();
    const form = this.page.getByRole('dialog', { name: 'New inquiry' });
    await this.choose(form, 'Buyer', buyerName);
    const skuField = form.getByLabel('Stone SKU');
    await skuField.click();
    await skuField.pressSequentially(sku, { delay: 5 });
    await skuField.press('Enter');
    await expect(form.getByTestId('scanned-stone')).toContainText(sku);
    return form;
  }

  /** The list view, filtered to one status. */
  async listInquiries(status: string) {
    await this.page.getByRole('radiogroup', { name: 'View' }).getByText('List').click();
    const filters = this.page.getByRole('search', { name: 'Filter inquiries' });
    await this.choose(filters, 'Status', status);
  }

  inquiryRow(buyerName: string): Locator {
    return this.page.getByTestId('inquiry-row').filter({ hasText: buyerName });
  }

  /** The keyboard way: the card's "Move to…" menu. */
  async moveWithMenu(sku: string, target: string) {
    const menu = this.card(sku).getByRole('button', { name: /to…$/ });
    await menu.focus();
    await menu.press('Enter');
    await this.page.getByRole('menuitem', { name: target }).click();
  }

  /** Alerts the board shows for a refused move. */
  refusal(): Locator {
    return this.page.getByRole('alert').filter({ hasText: 'Not moved' });
  }

  async openCard(sku: string) {
    await this.card(sku)
      .getByRole('button', { name: /^Open inquiry/ })
      .click();
    await expect(this.page.getByRole('dialog', { name: new RegExp(`^Inquiry: ${sku}`) })).toBeVisible();
  }

  inquiryDialog(sku: string): Locator {
    return this.page.getByRole('dialog', { name: new RegExp(`^Inquiry: ${sku}`) });
  }

  async setQuotedPrice(sku: string, amount: string) {
    const dialog = this.inquiryDialog(sku);
    await dialog.getByLabel('Quoted price').fill(amount);
    await dialog.getByLabel('Quoted price').press('Enter');
    await expect(dialog.getByRole('status')).toHaveText('Saved');
  }

  /** Logs a call from the open inquiry, due today. */
  async logCall(sku: string, subject: string) {
    await this.inquiryDialog(sku).getByRole('button', { name: 'Log activity' }).click();
    const form = this.page.getByRole('dialog', { name: /^Log an activity/ });
    await form.getByLabel('Subject').fill(subject);
    await form.getByLabel('Subject').press('Enter');
    await expect(form).toBeHidden();
    await expect(this.inquiryDialog(sku).getByTestId('activity').filter({ hasText: subject })).toBeVisible();
  }

  async closeDialog() {
    await this.page.keyboard.press('Escape');
    await expect(this.page.getByRole('dialog')).toHaveCount(0);
  }

  /** Answers the close dialog: outcome and reason, Enter. */
  async closeAs(outcome: 'Sold' | 'Lost' | 'Withdrawn', reason: string) {
    const form = this.page.getByRole('dialog', { name: /^Close the inquiry/ });
    await form.getByRole('radio', { name: outcome }).check();
    await form.getByLabel('Reason').fill(reason);
    await form.getByLabel('Reason').press('Enter');
    await expect(form).toBeHidden();
  }

  followUp(text: string): Locator {
    return this.page.getByTestId('follow-up').filter({ hasText: text });
  }

  followUpsBadge(): Locator {
    return this.page.getByRole('navigation', { name: 'Screens' }).getByTestId('follow-ups-badge');
  }
}

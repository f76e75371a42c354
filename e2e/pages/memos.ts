import { expect, type Locator, type Page } from '@playwright/test';

/** Memos as a person uses them: the Memos screen, the new memo dialog, and the memo's drawer. */
export class MemoPages {
  constructor(readonly page: Page) {}

  /** The open memo (its drawer). */
  get memo(): Locator {
    return this.page.getByTestId('memo-detail');
  }

  line(sku: string): Locator {
    return this.memo.getByTestId('memo-line').filter({ hasText: sku });
  }

  gridRow(sku: string): Locator {
    return this.page.getByTestId('stone-row').filter({ hasText: sku });
  }

  /** Memos → New memo: the buyer, then each stone by SKU with its price; the memo opens once sent. */
  async sendOut(buyerName: string, stones: { sku: string; price: string }[], terms: string, dueDay?: string) {
    await this.page.getByRole('button', { name: 'New memo' }).click();
    const dialog = this.page.getByRole('dialog', { name: 'New memo' });
    await dialog.getByRole('combobox', { name: 'Buyer' }).fill(buyerName);
    await this.page.getByRole('option', { name: new RegExp(buyerName) }).click();
    await dialog.getByLabel('Terms').fill(terms);
    if (dueDay) await dialog.getByLabel('Due back').fill(dueDay);
    for (const stone of stones) {
      await dialog.getByLabel('Add a stone').fill(stone.sku);
      await dialog.getByLabel('Add a stone').press('Enter');
      await dialog.getByLabel(`Price of ${stone.sku}`).fill(stone.price);
    }
    await dialog.getByRole('button', { name: 'Send out on memo' }).click();
    await expect(dialog).toBeHidden();
    await expect(this.memo).toBeVisible();
  }

  choose(sku: string) {
    return this.line(sku)
      .getByRole('checkbox', { name: `Choose ${sku}` })
      .check();
  }

  async returnChosen() {
    await this.memo.getByRole('button', { name: 'Return selected' }).click();
  }

  async sellChosen() {
    await this.memo.getByRole('button', { name: 'Sell selected' }).click();
    const dialog = this.page.getByRole('dialog', { name: /^Sell to / });
    await dialog.getByRole('button', { name: 'Sell and invoice' }).click();
    await expect(dialog).toBeHidden();
  }

  async closeMemo() {
    await this.page
      .getByRole('dialog', { name: /^Memo M-/ })
      .getByRole('button', { name: 'Close' })
      .click();
    await expect(this.memo).toBeHidden();
  }
}

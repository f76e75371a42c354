import { expect, type Locator, type Page } from '@playwright/test';

/** Holds as a person uses them: the stone panel's hold line, its dialogs, and the grid's "Held" mark. */
export class HoldPages {
  constructor(readonly page: Page) {}

  row(sku: string): Locator {
    return this.page.getByTestId('stone-row').filter({ hasText: sku });
  }

  /** The open stone panel's hold line. */
  get panel(): Locator {
    return this.page.getByTestId('stone-detail').getByTestId('hold-panel');
  }

  /** Opens a stone from the grid (the Inventory screen must be showing). */
  async openStone(sku: string) {
    await this.row(sku).click();
    await expect(this.page.getByTestId('stone-detail')).toHaveAttribute('data-sku', sku);
  }

  /** From the open stone panel: Hold… → buyer → a quick choice → Place hold. */
  async placeHold(buyerName: string, quickChoice: string) {
    await this.panel.getByRole('button', { name: 'Hold…' }).click();
    const dialog = this.page.getByRole('dialog', { name: /^Hold / });
    await dialog.getByRole('combobox', { name: 'For buyer' }).fill(buyerName);
    await this.page.getByRole('option', { name: new RegExp(buyerName) }).click();
    await dialog.getByText(quickChoice, { exact: true }).click();
    await dialog.getByRole('button', { name: 'Place hold' }).click();
    await expect(dialog).toBeHidden();
  }

  async release() {
    await this.panel.getByRole('button', { name: 'Release' }).click();
  }
}

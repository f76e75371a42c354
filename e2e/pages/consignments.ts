import { expect, type Locator, type Page } from '@playwright/test';

export interface ConsignedRow {
  /** A stone already in the stock, by SKU; or a new stone with its essentials. */
  sku: string;
  agreedPrice: string;
  newStone?: { gemstoneType: string; caratWeight: string; clarityGrade: string; location: string };
}

/** Consignments in as a person uses them: the screen, its receive dialog, and settling or returning a stone. */
export class ConsignmentPages {
  constructor(readonly page: Page) {}

  row(sku: string): Locator {
    return this.page.locator(`[data-testid="consignment"][data-sku="${sku}"]`);
  }

  /** The open stone panel's consignment line. */
  get panel(): Locator {
    return this.page.getByTestId('stone-detail').getByTestId('consignment-panel');
  }

  private async choose(scope: Locator, label: string, option: string) {
    await scope
      .getByRole('textbox', { name: label })
      .or(scope.getByRole('combobox', { name: label }))
      .first()
      .click();
    await this.page.getByRole('option', { name: option, exact: true }).first().click();
  }

  /** Receive consignment → the supplier's memo and its stones → Receive. */
  async receive(memo: { supplier: string; reference: string; dueBack: string; terms: string }, rows: ConsignedRow[]) {
    await this.page.getByRole('button', { name: 'Receive consignment' }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Receive consignment' });
    await dialog.getByRole('combobox', { name: 'Supplier' }).fill(memo.supplier);
    await dialog.getByLabel('Their memo no.').fill(memo.reference);
    await dialog.getByLabel('Due back').fill(memo.dueBack);
    await dialog.getByLabel('Terms').fill(memo.terms);
    for (const [i, row] of rows.entries()) {
      if (i > 0) {
        const add = row.newStone ? 'Add a new stone' : 'Add a stone in stock';
        await dialog.getByRole('button', { name: add }).click();
      } else if (!row.newStone) {
        await dialog
          .getByRole('radiogroup', { name: 'Stone 1: new or in stock' })
          .getByText('In stock', { exact: true })
          .click();
      }
      const n = i + 1;
      await dialog.getByLabel(`Stone ${n} SKU`).fill(row.sku);
      if (row.newStone) {
        await this.choose(dialog, `Stone ${n} type`, row.newStone.gemstoneType);
        await dialog.getByLabel(`Stone ${n} carat weight`).fill(row.newStone.caratWeight);
        await this.choose(dialog, `Stone ${n} clarity`, row.newStone.clarityGrade);
        await this.choose(dialog, `Stone ${n} location`, row.newStone.location);
      }
      await dialog.getByLabel(`Stone ${n} agreed price`).fill(row.agreedPrice);
    }
    await dialog.getByRole('button', { name: /^Receive / }).click();
    await expect(dialog).toBeHidden();
  }

  async settle(sku: string, reference: string) {
    await this.row(sku).getByRole('button', { name: 'Record settlement' }).click();
    const dialog = this.page.getByRole('dialog', { name: `Record settlement: ${sku}` });
    await dialog.getByLabel('Settlement reference').fill(reference);
    await dialog.getByRole('button', { name: 'Record settlement' }).click();
    await expect(dialog).toBeHidden();
  }

  async returnToSupplier(sku: string, note: string) {
    await this.row(sku).getByRole('button', { name: 'Return to supplier' }).click();
    const dialog = this.page.getByRole('dialog', { name: new RegExp(`^Return ${sku} to `) });
    await dialog.getByLabel('Note').fill(note);
    await dialog.getByRole('button', { name: 'Return to supplier' }).click();
    await expect(dialog).toBeHidden();
  }

  async show(which: string) {
    await this.page.getByRole('radiogroup', { name: 'Which consignments' }).getByText(which, { exact: true }).click();
  }
}

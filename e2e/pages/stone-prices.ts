import { expect, type Locator, type Page, type Response } from '@playwright/test';

/** The stone panel and the stone form's Grading, Measurements and Prices sections. */
export class StonePricePages {
  constructor(private readonly page: Page) {}

  get panel(): Locator {
    return this.page.getByTestId('stone-detail');
  }

  get form(): Locator {
    return this.page.getByRole('dialog', { name: /Edit stone/ });
  }

  async openStone(sku: string) {
    await this.page.getByTestId('stone-row').filter({ hasText: sku }).click();
    await expect(this.panel).toHaveAttribute('data-sku', sku);
  }

  async closePanel() {
    await this.page.keyboard.press('Escape');
    await expect(this.panel).toBeHidden();
  }

  async edit() {
    await this.panel.getByRole('button', { name: 'Edit', exact: true }).click();
    await expect(this.form).toBeVisible();
  }

  async grade(values: { colour: string; shape: string; length: string; width: string; depth: string }) {
    await this.form.getByLabel('Colour').fill(values.colour);
    await this.form.getByLabel('Shape', { exact: true }).fill(values.shape);
    await this.form.getByLabel('Length').fill(values.length);
    await this.form.getByLabel('Width').fill(values.width);
    await this.form.getByLabel('Depth').fill(values.depth);
  }

  async price(values: { currency: string; askingPerCarat: string; cost: string }) {
    await this.form.getByLabel('Currency', { exact: true }).fill(values.currency);
    await this.form.getByLabel('Asking per carat').fill(values.askingPerCarat);
    await this.form.getByLabel('Cost price').fill(values.cost);
  }

  askingTotal(): Locator {
    return this.form.getByLabel('Asking price');
  }

  async save() {
    await this.form.getByRole('button', { name: 'Save changes' }).click();
    await expect(this.form).toBeHidden();
  }

  /** Collects the text of every tRPC answer the page receives from now on. */
  recordAnswers(): string[] {
    const answers: string[] = [];
    this.page.on('response', (response: Response) => {
      if (!new URL(response.url()).pathname.startsWith('/trpc/')) return;
      response.text().then(
        (text) => answers.push(text),
        () => undefined,
      );
    });
    return answers;
  }
}

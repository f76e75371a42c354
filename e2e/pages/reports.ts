import { expect, type Download, type Locator, type Page } from '@playwright/test';

/** The dashboard's charts and the Reports screen, as a person reads them. */
export class ReportPages {
  constructor(readonly page: Page) {}

  /** A dashboard chart by its name. */
  chart(name: string | RegExp): Locator {
    return this.page.getByRole('figure', { name });
  }

  /** The values a chart draws, from its table for screen readers: one array of cells per row. */
  async chartValues(name: string | RegExp): Promise<string[][]> {
    await expect(this.chart(name)).toBeVisible();
    const rows = this.chart(name).getByTestId('chart-values').locator('tbody tr');
    return rows.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
  }

  async chooseChartCurrency(currency: string) {
    await this.select('Amounts in').click();
    await this.page.getByRole('option', { name: currency, exact: true }).click();
  }

  /** A Mantine select by its label (a textbox or a combobox, depending on the version). */
  select(label: string): Locator {
    return this.page
      .getByRole('textbox', { name: label, exact: true })
      .or(this.page.getByRole('combobox', { name: label, exact: true }));
  }

  get table(): Locator {
    return this.page.getByTestId('report-table');
  }

  /** A totals row of the report on screen, by its first cell. */
  total(first: string): Locator {
    return this.table
      .getByTestId('report-total')
      .filter({ has: this.page.getByRole('cell', { name: first, exact: true }) });
  }

  async chooseReport(name: string) {
    await this.select('Report').click();
    await this.page.getByRole('option', { name, exact: true }).click();
    await expect(this.table).toBeVisible();
  }

  /** Clicks a download button and returns the file's name and text. */
  async download(button: 'Download CSV' | 'Download PDF'): Promise<{ name: string; text: string }> {
    const [file] = await Promise.all([
      this.page.waitForEvent('download'),
      this.page.getByRole('button', { name: button }).click(),
    ]);
    return { name: file.suggestedFilename(), text: await readDownload(file) };
  }
}

async function readDownload(file: Download): Promise<string> {
  const stream = await file.createReadStream();
  let body = '';
  for await (const chunk of stream) body += String(chunk);
  return body;
}

import { expect, type Locator, type Page } from '@playwright/test';

/** The Certificates screen as a practitioner (or a coordinator, who only reads) uses it. */
export class CertificatePages {
  constructor(readonly page: Page) {}

  recordButton(): Locator {
    return this.page.getByRole('button', { name: 'Record verification', exact: true });
  }

  get form(): Locator {
    return this.page.getByRole('dialog', { name: 'Record verification' });
  }

  async openRecordForm() {
    await this.recordButton().click();
    await expect(this.form).toBeVisible();
  }

  /** The stone as a scanner reports it: the SKU's keys within milliseconds, then Enter, outside any field. */
  async scanStone(sku: string) {
    await this.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await this.page.evaluate((keys) => {
      const target = document.activeElement ?? document.body;
      for (const key of [...keys.split(''), 'Enter']) {
        target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
        target.dispatchEvent(new KeyboardEvent('keyup', { key, bubbles: true, cancelable: true }));
      }
    }, sku);
    await expect(this.form.getByTestId('verification-stone')).toContainText(sku);
  }

  async chooseLab(lab: string) {
    await this.form
      .getByRole('textbox', { name: 'Lab' })
      .or(this.form.getByRole('combobox', { name: 'Lab' }))
      .click();
    await this.page.getByRole('option', { name: lab, exact: true }).click();
  }

  async typeNumber(number: string) {
    await this.form.getByLabel('Certificate number').fill(number);
  }

  formatWarning(): Locator {
    return this.form.getByTestId('format-warning');
  }

  async confirmFormat() {
    await this.formatWarning().getByRole('checkbox').check();
  }

  async chooseResult(result: string) {
    await this.form.getByRole('radio', { name: result, exact: true }).check();
  }

  async writeNotes(notes: string) {
    await this.form.getByLabel(/^Notes/).fill(notes);
  }

  /** Enter in the number field submits, as in every Loupe form. */
  async submit() {
    await this.form.getByLabel('Certificate number').press('Enter');
  }

  async chooseReport(file: { name: string; mimeType: string; buffer: Buffer }, scope: Locator = this.form) {
    await scope.locator('input[type=file]').setInputFiles(file);
  }

  /** One entry of the log, opened. */
  async openLogEntry(text: string): Promise<Locator> {
    await this.logRows().filter({ hasText: text }).first().click();
    const entry = this.page.getByTestId('certificate-entry');
    await expect(entry).toBeVisible();
    return entry;
  }

  /** The scanned report as Loupe shows it. */
  async openReport(entry: Locator): Promise<Locator> {
    await entry.getByRole('button', { name: 'Open report' }).click();
    const viewer = this.page.getByTestId('document-viewer');
    await expect(viewer).toBeVisible();
    return viewer;
  }

  recordedNotice(): Locator {
    return this.page.getByTestId('recorded-notice');
  }

  awaitingRow(sku: string): Locator {
    return this.page.locator(`[data-testid="awaiting-row"][data-sku="${sku}"]`);
  }

  /** The count of stones awaiting verification on the navigation. */
  navCount(): Locator {
    return this.page.getByRole('navigation', { name: 'Screens' }).getByTestId('awaiting-count');
  }

  async openLog() {
    await this.page.getByRole('tab', { name: 'Log' }).click();
  }

  logRows(): Locator {
    return this.page.getByTestId('log-row');
  }

  /** A stone's id, asked of the core (as the screens do) by its SKU. */
  async stoneId(sku: string): Promise<string> {
    return this.page.evaluate(async (wanted) => {
      const response = await fetch(
        `/trpc/certificates.stone?input=${encodeURIComponent(JSON.stringify({ sku: wanted }))}`,
      );
      return ((await response.json()) as { result: { data: { id: string } } }).result.data.id;
    }, sku);
  }

  /** Calls the core directly, as a tampered screen could: what the core answers, not what the screen shows. */
  async recordThroughCore(
    input: Record<string, unknown>,
  ): Promise<{ code: string | null; reason: string | null; message: string }> {
    return this.page.evaluate(async (body) => {
      const response = await fetch('/trpc/certificates.record', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      // A rule's refusal comes back typed in the body (the HTTP status stays 200: no console error).
      const json = (await response.json()) as {
        error?: { message: string; data?: { code?: string; reason?: string } };
      };
      return {
        code: json.error?.data?.code ?? null,
        reason: json.error?.data?.reason ?? null,
        message: json.error?.message ?? '',
      };
    }, input);
  }
}

import { expect, type Locator, type Page } from '@playwright/test';

/** Settings → Backups and Check the database, as an administrator uses them. */
export class MaintenancePages {
  constructor(readonly page: Page) {}

  get backupsTable(): Locator {
    return this.page.getByRole('table', { name: 'Backups' });
  }

  async backUpNow() {
    await this.page.getByRole('button', { name: 'Back up now' }).click();
    await expect(this.page.getByTestId('backup-done')).toContainText('Backed up to');
  }

  /** Restores the newest backup in the list and waits for Loupe to reopen on it (everyone signs in again). */
  async restoreNewest() {
    await this.backupsTable.getByRole('button', { name: 'Restore…' }).first().click();
    const dialog = this.page.getByRole('dialog', { name: 'Restore a backup' });
    await dialog.getByRole('button', { name: 'Restore', exact: true }).click();
    await expect(dialog.getByTestId('restore-done')).toBeVisible({ timeout: 30_000 });
    await expect(this.page.getByRole('heading', { name: 'Sign in' })).toBeVisible({ timeout: 15_000 });
  }

  async runCheck() {
    await this.page.getByRole('button', { name: 'Run the check' }).click();
    await expect(this.page.getByTestId('doctor-report')).toContainText('Loupe doctor');
  }
}

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

  /** The backups listed for a reason ("Back up now", "Daily", …). */
  backupsFor(reason: string): Locator {
    return this.backupsTable.getByRole('row').filter({ hasText: reason });
  }

  /**
   * Restores the newest backup taken for `reason` — not simply the newest one: the daily backup may have
   * been taken meanwhile — and waits for Loupe to reopen on it (everyone signs in again).
   */
  async restore(reason: string) {
    await this.backupsFor(reason).first().getByRole('button', { name: 'Restore…' }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Restore a backup' });
    await dialog.getByRole('button', { name: 'Restore', exact: true }).click();
    await expect(this.page.getByRole('heading', { name: 'Sign in' })).toBeVisible({ timeout: 30_000 });
    await expect(this.page.getByTestId('restore-done')).toContainText('back from');
  }

  async runCheck() {
    await this.page.getByRole('button', { name: 'Run the check' }).click();
    await expect(this.page.getByTestId('doctor-report')).toContainText('Loupe doctor');
  }
}

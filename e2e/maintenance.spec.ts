import { expect, test } from './fixtures';
import { ADMIN } from './pages/loupe-app';
import { MaintenancePages } from './pages/maintenance';

test('an administrator backs up, keeps working, restores the backup and checks the database', async ({
  launch,
  loupe,
  page,
}) => {
  const host = await launch();
  const maintenance = new MaintenancePages(page);
  await loupe.open(host.url);
  await loupe.setUpFirstAdmin();
  await loupe.addStone({ sku: 'KEPT-001', gemstoneType: 'Ruby', caratWeight: '1.5', clarityGrade: 'Eye Clean' });

  await loupe.goTo('Settings');
  await maintenance.backUpNow();
  // (The daily backup may be taken at any moment too: the test works with the one it made.)
  await expect(maintenance.backupsFor('Back up now')).toHaveCount(1);
  const badgeAtBackup = (await page.getByTestId('sync-badge').textContent()) ?? '';

  await loupe.goTo('Inventory');
  await loupe.addStone({ sku: 'LATER-002', gemstoneType: 'Opal', caratWeight: '3', clarityGrade: 'Eye Clean' });
  await loupe.expectSkusInOrder(['LATER-002', 'KEPT-001']);

  await loupe.goTo('Settings');
  await maintenance.restore('Back up now');
  await expect(page.getByTestId('restore-done')).toContainText('1 stone is back from');
  await loupe.signIn(ADMIN.username, ADMIN.password);
  await loupe.goTo('Inventory');
  await loupe.expectSkusInOrder(['KEPT-001']);
  await expect(page.getByTestId('sync-badge')).toHaveText(badgeAtBackup); // the changes waiting then, not since

  await loupe.goTo('Settings');
  await maintenance.runCheck();
  await expect(page.getByTestId('doctor-report')).toContainText(/Integrity {3}ok/);
  // Two backups now: the one restored, and none deleted — the replaced database is kept aside, not listed.
  await expect(page.getByTestId('doctor-verdict')).toBeVisible();
});

test('restoring from a file that is not a Loupe backup says so at once, and never asks to replace the database with it', async ({
  launch,
  loupe,
  page,
}) => {
  const host = await launch();
  await loupe.open(host.url);
  await loupe.setUpFirstAdmin();
  await loupe.addStone({ sku: 'STAYS-001', gemstoneType: 'Ruby', caratWeight: '1.5', clarityGrade: 'Eye Clean' });
  await loupe.goTo('Settings');
  const form = page.getByRole('form', { name: 'Restore from a file' });
  await form.getByLabel('Restore from a file…').fill('/etc/passwd');
  await form.getByRole('button', { name: 'Restore…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Restore a backup' });
  await expect(dialog.getByTestId('restore-refused')).toContainText('passwd cannot be restored');
  await expect(dialog).not.toContainText('Replace this workstation’s database');
  await expect(dialog.getByRole('button', { name: 'Restore', exact: true })).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Close' }).last().click();
  await loupe.goTo('Inventory');
  await loupe.expectSkusInOrder(['STAYS-001']);
});

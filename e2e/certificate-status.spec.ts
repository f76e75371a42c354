import { expect, test } from './fixtures';
import { ADMIN, COORDINATOR, PRACTITIONER } from './pages/loupe-app';
import { CertificatePages } from './pages/certificates';
import { seedStones } from './support/stones';

// The certificate status has one door: a mismatch a practitioner recorded is not cleared by editing the
// stone (the form does not offer it, and the core refuses a tampered request); an administrator lifts it
// only with a reason, and the stone's certificate history says who, from what to what, and why.
test('a coordinator cannot clear a certificate mismatch by editing the stone; an administrator lifts it with a reason the history keeps', async ({
  dataDir,
  launch,
  loupe,
  page,
}) => {
  // Three people sign in and out in turn: on a busy machine that alone can take most of a minute.
  test.setTimeout(120_000);
  const form = page.getByRole('dialog', { name: 'Edit stone IG-6123' });
  await seedStones(dataDir, [
    { sku: 'IG-6123', gemstoneType: 'Sapphire', caratWeight: 3.02, clarityGrade: 'Eye Clean', location: 'Vault' },
  ]);
  const host = await launch();
  await loupe.open(host.url);
  await loupe.signIn(ADMIN.username, ADMIN.password);
  await loupe.addStaff(PRACTITIONER);
  await loupe.addStaff(COORDINATOR);
  await loupe.signOut();

  // The practitioner finds the report does not match the stone.
  await loupe.signIn(PRACTITIONER.username, PRACTITIONER.password);
  const certificates = new CertificatePages(page);
  await loupe.goTo('Certificates');
  await certificates.openRecordForm();
  await certificates.scanStone('IG-6123');
  await certificates.chooseLab('IGI');
  await certificates.typeNumber('612345678');
  await certificates.chooseResult('Mismatch');
  await certificates.submit();
  await expect(certificates.form).toBeHidden();
  await loupe.signOut();

  // The coordinator opens the stone: the mismatch blocks it, and the form offers no way out of it.
  await loupe.signIn(COORDINATOR.username, COORDINATOR.password);
  await loupe.goTo('Inventory');
  await loupe.stoneRows().filter({ hasText: 'IG-6123' }).click();
  await expect(page.getByTestId('certificate-mismatch')).toBeVisible();
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  await expect(form).toBeVisible();
  await form.getByLabel('Certificate status').click();
  await expect(page.getByRole('option')).toHaveText(['Mismatch']);
  await page.keyboard.press('Escape');
  await form.getByRole('button', { name: 'Cancel' }).click();

  // A tampered screen asks the core directly: refused, and nothing changes.
  const stoneId = await certificates.stoneId('IG-6123');
  const refused = await page.evaluate(async (id) => {
    const response = await fetch('/trpc/inventory.update', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id, changes: { certificateStatus: 'verified' } }),
    });
    return ((await response.json()) as { error?: { message: string } }).error?.message ?? null;
  }, stoneId);
  expect(refused).toMatch(/verif/i);
  await page.reload();
  await loupe.goTo('Inventory');
  await expect(loupe.stoneRows().filter({ hasText: 'IG-6123' })).toContainText('Mismatch');
  await loupe.signOut();

  // The administrator lifts it to Pending with a reason.
  await loupe.signIn(ADMIN.username, ADMIN.password);
  await loupe.goTo('Inventory');
  await loupe.stoneRows().filter({ hasText: 'IG-6123' }).click();
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  await form.getByLabel('Certificate status').click();
  await expect(page.getByRole('option', { name: 'Verified' })).toHaveCount(0); // Verified comes from a verification only
  await page.getByRole('option', { name: 'Pending' }).click();
  await form.getByRole('button', { name: 'Save changes' }).click();
  await expect(form.getByText(/reason/i).first()).toBeVisible(); // a reason is required to lift a mismatch
  await form.getByLabel(/Why Mismatch → Pending/).fill('IGI re-issued the report; awaiting the new one');
  await form.getByRole('button', { name: 'Save changes' }).click();
  await expect(form).toBeHidden();
  await expect(page.getByTestId('certificate-mismatch')).toBeHidden();
  await expect(page.getByTestId('status-change')).toContainText(
    `Status changed from Mismatch to Pending by ${ADMIN.fullName} — reason: IGI re-issued the report; awaiting the new one`,
  );
});

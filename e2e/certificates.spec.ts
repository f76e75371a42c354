import { expect, test } from './fixtures';
import { CertificatePages } from './pages/certificates';
import { ADMIN, COORDINATOR, PRACTITIONER } from './pages/loupe-app';
import { seedStones } from './support/stones';

test('a practitioner records a GIA verification with a wrong-length number, confirms it, and the grid shows the stone verified; a coordinator cannot record one', async ({
  dataDir,
  launch,
  loupe,
  page,
}) => {
  await seedStones(dataDir, [
    { sku: 'RB-2001', gemstoneType: 'Ruby', caratWeight: 2.15, clarityGrade: 'Eye Clean', location: 'Vault' },
  ]);
  const host = await launch();
  await loupe.open(host.url);
  await loupe.signIn(ADMIN.username, ADMIN.password);
  await loupe.addStaff(PRACTITIONER);
  await loupe.addStaff(COORDINATOR);
  await loupe.signOut();

  // The practitioner: one stone awaits verification (the count is on the navigation).
  await loupe.signIn(PRACTITIONER.username, PRACTITIONER.password);
  const certificates = new CertificatePages(page);
  await expect(certificates.navCount()).toHaveText('1');
  await loupe.goTo('Certificates');
  await expect(certificates.awaitingRow('RB-2001')).toContainText('No certificate');

  // Scan the stone into the form, type a GIA number one digit short: the lab's format is checked as typed.
  await certificates.openRecordForm();
  await certificates.scanStone('RB-2001');
  await certificates.typeNumber('214123456');
  await expect(certificates.formatWarning()).toContainText('GIA certificate numbers are exactly 10 digits');
  await certificates.chooseResult('Verified');
  await certificates.submit();
  // Not confirmed yet: refused where the number is.
  await expect(certificates.form.getByText(/Correct it, or confirm below that it is exactly as printed/)).toBeVisible();
  await certificates.confirmFormat();
  await certificates.writeNotes('Report from 2009: nine digits, exactly as printed');
  await certificates.submit();
  await expect(certificates.form).toBeHidden();
  await expect(certificates.recordedNotice()).toContainText(
    'Recorded GIA 214123456 for RB-2001: the stone is now Verified.',
  );
  await expect(certificates.navCount()).toBeHidden();

  // The log keeps the entry, with its override noted.
  await certificates.openLog();
  await expect(certificates.logRows()).toHaveCount(1);
  await expect(certificates.logRows().first()).toContainText('214123456');
  await expect(certificates.logRows().first()).toContainText('override');
  await expect(certificates.logRows().first()).toContainText(PRACTITIONER.fullName);

  // The stone follows its certificate: the grid shows it verified, with the new number.
  await loupe.goTo('Inventory');
  const row = loupe.stoneRows().filter({ hasText: 'RB-2001' });
  await expect(row).toContainText('Verified');
  await expect(row).toContainText('214123456');
  await loupe.signOut();

  // The coordinator reads the log but has no way to record — and the core refuses it anyway.
  await loupe.signIn(COORDINATOR.username, COORDINATOR.password);
  await loupe.goTo('Certificates');
  await expect(page.getByText('Practitioners and administrators record verifications.')).toBeVisible();
  await expect(certificates.recordButton()).toHaveCount(0);
  await certificates.openLog();
  await expect(certificates.logRows()).toHaveCount(1);
  const stoneId = await certificates.stoneId('RB-2001');
  const refused = await certificates.recordThroughCore({
    gemstone: stoneId,
    issuedBy: 'GIA',
    certificateNumber: '2141234567',
    verificationResult: 'mismatch',
  });
  expect(refused).toMatchObject({ code: 'FORBIDDEN', reason: 'FORBIDDEN_ROLE' });
  expect(refused.message).toMatch(/Only administrators or practitioners can do this/);
  // Nothing was written: still one entry, and the stone still verified.
  await page.reload();
  await certificates.openLog();
  await expect(certificates.logRows()).toHaveCount(1);
  await expect(certificates.logRows().first()).toContainText('Verified');
});

// 1×1 PNG and a minimal PDF: the scanned reports.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n',
);

test('a scanned report is kept with its entry and opens inside Loupe (an image inline, a PDF in a frame)', async ({
  dataDir,
  launch,
  loupe,
  page,
}) => {
  await seedStones(dataDir, [
    { sku: 'SP-3001', gemstoneType: 'Sapphire', caratWeight: 1.2, clarityGrade: 'Eye Clean', location: 'Vault' },
    { sku: 'SP-3002', gemstoneType: 'Sapphire', caratWeight: 3.4, clarityGrade: 'Eye Clean', location: 'Safe' },
  ]);
  const blocked: string[] = [];
  page.on(
    'console',
    (message) => /Content Security Policy|Refused to/i.test(message.text()) && blocked.push(message.text()),
  );
  const host = await launch();
  await loupe.open(host.url);
  await loupe.signIn(ADMIN.username, ADMIN.password);
  const certificates = new CertificatePages(page);
  await loupe.goTo('Certificates');

  // With the report: a PDF, shown in a frame.
  await certificates.awaitingRow('SP-3001').getByRole('button', { name: 'Verify SP-3001' }).click();
  await expect(certificates.form.getByTestId('verification-stone')).toContainText('SP-3001');
  await certificates.typeNumber('2141234567');
  await certificates.chooseResult('Verified');
  await certificates.chooseReport({ name: 'GIA 2141234567.pdf', mimeType: 'application/pdf', buffer: PDF });
  await certificates.submit();
  await expect(certificates.recordedNotice()).toContainText('SP-3001: the stone is now Verified.');

  // Without: the report is attached afterwards, to the entry (an image, shown inline).
  await certificates.awaitingRow('SP-3002').getByRole('button', { name: 'Verify SP-3002' }).click();
  await certificates.typeNumber('2141234568');
  await certificates.chooseResult('Pending re-check');
  await certificates.submit();
  await expect(certificates.recordedNotice()).toContainText('SP-3002: the stone is now Pending.');

  await certificates.openLog();
  let entry = await certificates.openLogEntry('SP-3002');
  await certificates.chooseReport({ name: 'scan.png', mimeType: 'image/png', buffer: PNG }, entry);
  await entry.getByRole('button', { name: 'Attach', exact: true }).click();
  let viewer = await certificates.openReport(entry);
  const image = viewer.getByRole('img', { name: 'Scanned report scan.png' });
  await expect(image).toBeVisible();
  expect(await image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');

  entry = await certificates.openLogEntry('SP-3001');
  viewer = await certificates.openReport(entry);
  await expect(viewer).toContainText('GIA 2141234567.pdf');
  await expect(viewer.locator('iframe[title="Scanned report GIA 2141234567.pdf"]')).toHaveAttribute('src', /^blob:/);
  expect(blocked).toEqual([]);
});

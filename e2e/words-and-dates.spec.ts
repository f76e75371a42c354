import { expect, test } from './fixtures';
import { ADMIN } from './pages/loupe-app';
import { BUYER_NAMES, HISTORY_SKU, PULLED_SKU, seedEveryValue } from './support/every-value';
import { expectStaffWords } from './support/plain-words';

// Every screen speaks the trade's words: with every value of every list in the data, no stored key, ISO
// timestamp or raw date-time is shown anywhere a person looks. At a counter workstation's 1366×768.
test.use({ viewport: { width: 1366, height: 768 } });

test('every screen shows statuses, results and dates in staff words, never stored keys or timestamps', async ({
  dataDir,
  launch,
  loupe,
  page,
}) => {
  // Many screens, none slow: the margin absorbs a busy two-core machine.
  test.setTimeout(120_000);
  await seedEveryValue(dataDir);
  const host = await launch();
  await loupe.open(host.url);
  await loupe.signIn(ADMIN.username, ADMIN.password);

  await loupe.goTo('Inventory');
  await expect(loupe.stoneRows()).toHaveCount(6);
  await expectStaffWords(page, 'the inventory grid');

  // The stone panel: certificate history with every result, inquiries in every stage.
  await loupe.stoneRows().filter({ hasText: HISTORY_SKU }).click();
  const panel = loupe.stoneDetail();
  // Four verifications, and the entry of the stone being added as Pending (a status change, in a sentence).
  await expect(
    panel.getByRole('table', { name: 'Certificate history' }).locator('tbody tr:not([data-testid=status-change])'),
  ).toHaveCount(4);
  await expect(panel.getByTestId('status-change')).toHaveText(/Added with status Pending/);
  await expect(panel.getByRole('table', { name: 'Inquiries on this stone' }).locator('tbody tr')).toHaveCount(4);
  await expect(panel.getByRole('table', { name: 'Certificate history' })).toContainText('Not found at the lab');
  await expect(panel).toContainText('Waiting to go to the server');
  await expectStaffWords(page, 'the stone panel');
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();

  // A stone from the server, never edited here, is on the server.
  await loupe.stoneRows().filter({ hasText: PULLED_SKU }).click();
  await expect(panel).toHaveAttribute('data-sku', PULLED_SKU);
  await expect(panel).toContainText('On the server');
  await expectStaffWords(page, 'the pulled stone’s panel');
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();

  await loupe.goTo('Certificates');
  await expect(page.getByRole('table', { name: 'Stones awaiting verification' }).locator('tbody tr')).not.toHaveCount(
    0,
  );
  await expectStaffWords(page, 'the verification queue');
  await page.getByRole('tab', { name: 'Log' }).click();
  // Six verifications, and the three stones added as Pending (their status changes are in the log too).
  await expect(page.getByRole('table', { name: 'Certificate log' }).locator('tbody tr')).toHaveCount(9);
  await expectStaffWords(page, 'the certificate log');

  await loupe.goTo('Buyers');
  await expect(page.getByTestId('buyer-row')).toHaveCount(4);
  await expectStaffWords(page, 'the buyers list');
  await page.getByTestId('buyer-row').filter({ hasText: BUYER_NAMES.active }).click();
  await expect(page.getByRole('heading', { name: BUYER_NAMES.active, level: 3 })).toBeVisible();
  await expect(page.getByLabel('Totals')).toBeVisible();
  await expectStaffWords(page, 'a buyer profile');

  await loupe.goTo('Inquiries');
  await expect(page.getByTestId('inquiry-card')).toHaveCount(3);
  await expectStaffWords(page, 'the pipeline board');
  await page
    .getByTestId('inquiry-card')
    .filter({ hasText: HISTORY_SKU })
    .first()
    .getByRole('button', { name: /^Open inquiry/ })
    .click();
  const inquiry = page.getByRole('dialog', { name: new RegExp(`^Inquiry: ${HISTORY_SKU}`) });
  await expect(inquiry).toBeVisible();
  await expectStaffWords(page, 'an inquiry');
  await page.keyboard.press('Escape');
  await expect(inquiry).toBeHidden();
  await page.getByText('List', { exact: true }).click();
  const list = page.getByRole('table', { name: 'Inquiries' });
  await expect(list.locator('tbody tr')).toHaveCount(3);
  await expectStaffWords(page, 'the open inquiries list');
  const filters = page.getByRole('search', { name: 'Filter inquiries' });
  await filters
    .getByRole('textbox', { name: 'Status' })
    .or(filters.getByRole('combobox', { name: 'Status' }))
    .click();
  await page.getByRole('option', { name: 'Closed', exact: true }).click();
  await expect(list.locator('tbody tr')).toHaveCount(3);
  await expectStaffWords(page, 'the closed inquiries list');

  await loupe.goTo('Follow-ups');
  await expect(page.getByTestId('follow-up')).toHaveCount(6);
  await expectStaffWords(page, 'the follow-ups');

  await loupe.goTo('Dashboard');
  await expect(page.getByRole('table', { name: 'Pipeline by stage' })).toBeVisible();
  await expectStaffWords(page, 'the dashboard');

  await loupe.goTo('Sync');
  await expect(page.getByTestId('pending-changes')).not.toHaveText('…');
  await expectStaffWords(page, 'the sync screen');

  await loupe.goTo('Settings');
  await expect(page.getByRole('table', { name: 'Staff' })).toContainText('Pim de Wit');
  await expectStaffWords(page, 'the settings');
});

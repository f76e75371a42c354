import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { ADMIN } from './pages/loupe-app';
import { seedStones, type SeedStone } from './support/stones';

// The vault's move tray, the grid's carat range, and expected refusals that leave the console clean.

const STONES: SeedStone[] = [
  { sku: 'RB-1', gemstoneType: 'Ruby', caratWeight: 0.8, clarityGrade: 'Eye Clean', location: 'Vault' },
  { sku: 'RB-2', gemstoneType: 'Ruby', caratWeight: 2.5, clarityGrade: 'Eye Clean', location: 'Vault' },
  { sku: 'SP-3', gemstoneType: 'Sapphire', caratWeight: 4, clarityGrade: 'Eye Clean', location: 'Safe' },
  { sku: 'EM-4', gemstoneType: 'Emerald', caratWeight: 7.25, clarityGrade: 'Eye Clean', location: 'Safe' },
];

/** Every console error and uncaught page error from now on. */
function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

test('the move tray refuses an unknown SKU at the scan and keeps its stones across tabs and screens', async ({
  dataDir,
  launch,
  loupe,
  page,
}) => {
  await seedStones(dataDir, STONES);
  const host = await launch();
  await loupe.open(host.url);
  await loupe.signIn(ADMIN.username, ADMIN.password);
  await loupe.goTo('Vault');
  await page.getByRole('tab', { name: 'Move stones' }).click();
  const scanBox = page.getByRole('textbox', { name: 'Scan stones onto the tray' });
  const tray = page.getByRole('table', { name: 'Tray' });

  await scanBox.fill('rb-1');
  await scanBox.press('Enter');
  await expect(tray.getByRole('row', { name: /RB-1/ })).toContainText('Vault');
  await loupe.leaveFields();
  await loupe.scanKeys('ZZ-0000001');
  await expect(page.getByTestId('tray-scan-problem')).toHaveText(
    'ZZ-0000001 is not in the inventory, so it was not put on the tray.',
  );
  await loupe.scanKeys('SP-3');
  await expect(tray.getByRole('columnheader', { name: 'On the tray (2)' })).toBeVisible();
  await expect(tray).not.toContainText('ZZ-0000001');

  // Another tab, another screen: the tray is still there.
  await page.getByRole('tab', { name: 'Stock counts' }).click();
  await expect(page.getByRole('table', { name: 'Stock counts' })).toBeVisible();
  await page.getByRole('tab', { name: 'Move stones' }).click();
  await expect(tray.getByRole('columnheader', { name: 'On the tray (2)' })).toBeVisible();
  await loupe.goTo('Inventory');
  await expect(loupe.summary()).toHaveText('4 stones · 14.55 ct');
  await loupe.goTo('Vault');
  await page.getByRole('tab', { name: 'Move stones' }).click();
  await expect(tray.locator('tbody td:first-child')).toHaveText(['RB-1', 'SP-3']);

  const moveForm = page.getByRole('form', { name: 'Move the tray' });
  await moveForm
    .getByRole('combobox', { name: 'To' })
    .or(moveForm.getByRole('textbox', { name: 'To' }))
    .fill('Counter');
  await moveForm.getByRole('textbox', { name: 'Reason' }).fill('Viewing');
  await moveForm.getByRole('button', { name: 'Move 2 stones' }).click();
  await expect(page.getByRole('status')).toHaveText('Moved 2 stones to Counter.');
  await expect(tray.getByRole('columnheader', { name: 'On the tray (0)' })).toBeVisible();
});

test('the carat range is checked as it is typed: no request with a weight that is not one, and a reversed range says so', async ({
  dataDir,
  launch,
  loupe,
  page,
}) => {
  await seedStones(dataDir, STONES);
  const host = await launch();
  await loupe.open(host.url);
  await loupe.signIn(ADMIN.username, ADMIN.password);
  await loupe.goTo('Inventory');
  await expect(loupe.summary()).toHaveText('4 stones · 14.55 ct');

  // Every carat range the grid asked the core for.
  const asked: { caratMin?: number; caratMax?: number }[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (!url.pathname.includes('inventory.list')) return;
    const input = JSON.parse(url.searchParams.get('input') ?? '{}') as Record<
      string,
      { filter?: { caratMin?: number; caratMax?: number } }
    >;
    for (const call of Object.values(input))
      asked.push({ caratMin: call.filter?.caratMin, caratMax: call.filter?.caratMax });
  });
  const filters = page.getByRole('search', { name: 'Filter stones' });
  const from = filters.getByRole('textbox', { name: 'Carat from' });
  const to = filters.getByRole('textbox', { name: 'Carat to' });

  await from.pressSequentially('-');
  await expect(filters).toContainText('Type a weight in carats, e.g. 1.25');
  await from.pressSequentially('1');
  await expect(filters).toContainText('A weight cannot be below 0 ct');
  await expect(from).toHaveAttribute('aria-invalid', 'true');
  await expect(loupe.summary()).toHaveText('4 stones · 14.55 ct');
  await from.fill('1');
  await expect(loupe.summary()).toHaveText('3 stones · 13.75 ct');
  await expect(from).not.toHaveAttribute('aria-invalid', 'true');

  // From 5 to 1: nothing can match, and the grid says why instead of showing an unexplained 0.
  await from.fill('5');
  await to.fill('1');
  await expect(to).toHaveAttribute('aria-invalid', 'true');
  await expect(filters).toContainText('From is larger than To');
  await expect(page.getByTestId('reversed-range')).toContainText(
    'No stone can weigh from 5 ct up to 1 ct: From is larger than To.',
  );
  await expect(loupe.summary()).toHaveText('0 stones · 0.00 ct');
  await page.getByRole('button', { name: 'Swap From and To' }).click();
  await expect(from).toHaveValue('1');
  await expect(to).toHaveValue('5');
  await expect(loupe.summary()).toHaveText('2 stones · 6.50 ct');

  expect(asked.length).toBeGreaterThan(0);
  expect(asked.filter((a) => (a.caratMin ?? 0) < 0 || (a.caratMax ?? 0) < 0)).toEqual([]);
  expect(asked.filter((a) => a.caratMin !== undefined && a.caratMax !== undefined && a.caratMin > a.caratMax)).toEqual(
    [],
  );
});

test('expected refusals are shown on screen and leave no error in the browser console', async ({
  dataDir,
  launch,
  loupe,
  page,
}) => {
  await seedStones(dataDir, STONES);
  const host = await launch();
  const errors = consoleErrors(page);
  await loupe.open(host.url);

  // A wrong password.
  await loupe.signIn(ADMIN.username, 'not the password');
  await expect(page.getByRole('alert')).toBeVisible();
  await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
  await page.getByLabel('Password', { exact: true }).press('Enter');
  await expect(page.getByTestId('signed-in-user')).toHaveText(ADMIN.fullName);

  // A duplicate SKU.
  await loupe.goTo('Inventory');
  await loupe.openAddStone();
  await loupe.fillStone({ sku: 'RB-1', gemstoneType: 'Ruby', caratWeight: '1.5', clarityGrade: 'Eye Clean' });
  await loupe.submitStone();
  await expect(loupe.stoneForm).toContainText('A stone with SKU RB-1 already exists.');
  await page.keyboard.press('Escape');
  await expect(loupe.stoneForm).toBeHidden();

  // A CSV file without the columns a stone needs.
  await page.getByRole('button', { name: 'Import CSV' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import stones from CSV' });
  await dialog
    .locator('input[type=file]')
    .setInputFiles({ name: 'stones.csv', mimeType: 'text/csv', buffer: Buffer.from('name,weight\nRuby,1.5\n') });
  await expect(dialog.getByRole('alert')).toContainText('The file has no column named sku');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // A count of a location already being counted.
  await loupe.goTo('Vault');
  await page
    .getByRole('textbox', { name: 'Location to count' })
    .or(page.getByRole('combobox', { name: 'Location to count' }))
    .click();
  await page.getByRole('option', { name: 'Safe', exact: true }).click();
  await page.getByRole('button', { name: 'Start count' }).click();
  await expect(page.getByTestId('stock-count')).toContainText('2 stones (11.25 ct) expected');
  // Back to the list, Safe still chosen: start it again.
  await page.getByRole('button', { name: '← All counts' }).click();
  await page.getByRole('button', { name: 'Start count' }).click();
  await expect(page.getByRole('form', { name: 'Start a count' })).toContainText('A count of Safe is already open');

  // A move to a place that is not on the list.
  await page.getByRole('tab', { name: 'Move stones' }).click();
  await page.getByRole('textbox', { name: 'Scan stones onto the tray' }).fill('RB-2');
  await page.getByRole('textbox', { name: 'Scan stones onto the tray' }).press('Enter');
  const moveForm = page.getByRole('form', { name: 'Move the tray' });
  await expect(moveForm.getByRole('button', { name: 'Move 1 stone' })).toBeEnabled();
  await moveForm
    .getByRole('combobox', { name: 'To' })
    .or(moveForm.getByRole('textbox', { name: 'To' }))
    .fill('Kitchen');
  await moveForm.getByRole('textbox', { name: 'Reason' }).fill('Viewing');
  await moveForm.getByRole('button', { name: 'Move 1 stone' }).click();
  await expect(moveForm).toContainText('Kitchen is not on the list of locations');

  // The open count, finished: its report downloads as CSV and as a PDF to print.
  await page.getByRole('tab', { name: 'Stock counts' }).click();
  await page.getByRole('table', { name: 'Stock counts' }).getByRole('row', { name: /Safe/ }).click();
  await page.getByRole('textbox', { name: 'Scan stones' }).fill('SP-3');
  await page.getByRole('textbox', { name: 'Scan stones' }).press('Enter');
  await expect(page.getByTestId('count-last-scan')).toHaveAttribute('data-outcome', 'matched');
  await page.getByRole('button', { name: 'Finish count' }).click();
  await expect(page.getByTestId('count-missing')).toHaveText('1 · 7.25 ct');
  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  expect(csv.suggestedFilename()).toMatch(/^stock-count-Safe-\d{4}-\d\d-\d\d\.csv$/);
  const text = await new Promise<string>((resolve, reject) =>
    csv.createReadStream().then((stream) => {
      let body = '';
      stream.on('data', (chunk) => (body += chunk));
      stream.on('end', () => resolve(body));
      stream.on('error', reject);
    }, reject),
  );
  expect(text.split('\r\n').filter(Boolean)).toEqual([
    'Result,SKU,Type,Carats,Inventory has it at,Scanned at',
    'Missing,EM-4,Emerald,7.25,,',
    expect.stringMatching(/^Matched,SP-3,Sapphire,4\.00,,\d{4}-/),
  ]);
  const [pdf] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Print report (PDF)' }).click(),
  ]);
  expect(pdf.suggestedFilename()).toMatch(/^stock-count-Safe-\d{4}-\d\d-\d\d\.pdf$/);

  expect(errors).toEqual([]);
});

test('the verification queue filters by lab, location and age, with the stones behind each option', async ({
  dataDir,
  launch,
  loupe,
  page,
}) => {
  await seedStones(dataDir, [
    {
      sku: 'GA-1',
      gemstoneType: 'Ruby',
      caratWeight: 1,
      clarityGrade: 'Eye Clean',
      location: 'Vault',
      certificateNumber: '2141234567',
    },
    {
      sku: 'GA-2',
      gemstoneType: 'Ruby',
      caratWeight: 1,
      clarityGrade: 'Eye Clean',
      location: 'Safe',
      certificateNumber: '2141234568',
    },
    {
      sku: 'IG-1',
      gemstoneType: 'Ruby',
      caratWeight: 1,
      clarityGrade: 'Eye Clean',
      location: 'Vault',
      certificateNumber: 'LG612345678',
    },
    { sku: 'NO-1', gemstoneType: 'Ruby', caratWeight: 1, clarityGrade: 'Eye Clean', location: 'Vault' },
  ]);
  const host = await launch();
  await loupe.open(host.url);
  await loupe.signIn(ADMIN.username, ADMIN.password);
  await loupe.goTo('Certificates');
  const summary = page.getByTestId('queue-summary');
  await expect(summary).toHaveText('4 stones await verification, oldest first.');
  const filters = page.getByRole('search', { name: 'Filter the queue' });
  const choose = async (label: string, option: string) => {
    await filters
      .getByRole('textbox', { name: label, exact: true })
      .or(filters.getByRole('combobox', { name: label, exact: true }))
      .click();
    await page.getByRole('option', { name: option, exact: true }).click();
  };
  const rows = page.getByTestId('awaiting-row');

  await choose('Lab', 'GIA (2)');
  await expect(summary).toHaveText('2 of the 4 stones awaiting verification match, oldest first.');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toHaveAttribute('data-sku', /GA-/);
  await expect(rows.nth(1)).toHaveAttribute('data-sku', /GA-/);
  // The locations count the GIA stones only.
  await choose('Location', 'Vault (1)');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-sku', 'GA-1');
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await choose('Lab', 'Lab not known (1)');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-sku', 'NO-1');
  // Nothing has waited a week yet.
  await choose('Waiting', 'More than 7 days (0)');
  await expect(rows).toHaveCount(0);
  await expect(summary).toHaveText('0 of the 4 stones awaiting verification match, oldest first.');
});

import { ADMIN } from './pages/loupe-app';
import { expect, test } from './fixtures';
import { seedStones, type SeedStone } from './support/stones';

const RUBY: SeedStone = {
  sku: 'RB-1001',
  gemstoneType: 'Ruby',
  caratWeight: 2.15,
  clarityGrade: 'Eye Clean',
  location: 'Vault',
  certificateNumber: '6214000123',
};

test('a scan from anywhere opens the stone; an unknown SKU offers "add this stone" with the SKU filled in', async ({
  dataDir,
  launch,
  loupe,
  page,
}) => {
  await seedStones(dataDir, [RUBY]);
  const host = await launch();
  await loupe.open(host.url);
  await loupe.signIn(ADMIN.username, ADMIN.password);

  // On the Settings screen, focus on nothing in particular: the scanner types the SKU and Enter.
  await loupe.goTo('Settings');
  await loupe.leaveFields();
  await loupe.scanKeys('RB-1001');
  await expect(loupe.stoneDetail()).toHaveAttribute('data-sku', 'RB-1001');
  await expect(loupe.stoneDetail()).toContainText('Ruby · 2.15 ct · Eye Clean');
  await expect(loupe.stoneDetail().getByTestId('stone-location')).toHaveText('Vault');
  await page.keyboard.press('Escape');
  await expect(loupe.stoneDetail()).toBeHidden();

  // Typing slowly into nothing is not a scan.
  await loupe.leaveFields();
  await page.keyboard.type('RB-1001', { delay: 120 });
  await page.keyboard.press('Enter');
  await expect(loupe.stoneDetail()).toBeHidden();

  await loupe.goTo('Inventory');
  await loupe.leaveFields();
  await loupe.scanKeys('SP-0042');
  const unknown = page.getByTestId('unknown-scan');
  await expect(unknown).toContainText('No stone has the SKU SP-0042.');
  await unknown.getByRole('button', { name: 'Add this stone' }).click();
  await expect(loupe.stoneForm.getByLabel('SKU')).toHaveValue('SP-0042');
  await loupe.stoneForm.getByLabel('Gemstone type').fill('Spinel');
  await loupe.stoneForm.getByLabel('Carat weight').fill('1.5');
  await loupe.stoneForm.getByRole('combobox', { name: 'Clarity grade' }).click();
  await page.getByRole('option', { name: 'Eye Clean', exact: true }).click();
  await loupe.submitStone();
  await expect(loupe.stoneForm).toBeHidden();
  await expect(loupe.summary()).toHaveText('2 stones · 3.65 ct');

  // The Scan screen's box does the same for a typed SKU; Ctrl+K finds a stone by its certificate number.
  await loupe.goTo('Scan');
  await page.getByRole('textbox', { name: 'SKU' }).fill('sp-0042');
  await page.getByRole('textbox', { name: 'SKU' }).press('Enter');
  await expect(loupe.stoneDetail()).toHaveAttribute('data-sku', 'SP-0042');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+k');
  await page.getByRole('textbox', { name: 'Search stones, certificates and buyers' }).fill('6214');
  await expect(page.getByRole('option').first()).toContainText('6214000123');
  await page.keyboard.press('Enter');
  await expect(loupe.stoneDetail()).toHaveAttribute('data-sku', 'RB-1001');
});

test('the grid filters and sorts in the core, shows the count and carats, and keeps only visible rows on the page', async ({
  dataDir,
  launch,
  loupe,
  page,
}) => {
  const types = ['Ruby', 'Sapphire', 'Emerald', 'Spinel'];
  const stones: SeedStone[] = Array.from({ length: 400 }, (_, i) => ({
    sku: `GS-${String(i).padStart(4, '0')}`,
    gemstoneType: types[i % 4]!,
    caratWeight: Math.round((0.5 + ((i * 37) % 100) / 10) * 100) / 100,
    clarityGrade: 'Eye Clean',
    location: i % 10 === 0 ? 'Safe' : 'Vault',
  }));
  await seedStones(dataDir, stones);
  const host = await launch();
  await loupe.open(host.url);
  await loupe.signIn(ADMIN.username, ADMIN.password);
  await loupe.goTo('Inventory');

  const total = stones.reduce((s, x) => s + x.caratWeight, 0);
  await expect(loupe.summary()).toHaveText(
    `400 stones · ${total.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ct`,
  );
  // Virtualised: a few dozen rows in the page, not 400.
  expect(await loupe.stoneRows().count()).toBeLessThan(80);
  // Heaviest first by default.
  await expect(loupe.stoneRows().first().locator('td').nth(3)).toHaveText('10.40');

  await loupe.filterGrid('Type', 'Emerald');
  await loupe.filterGrid('Location', 'Safe');
  const expected = stones.filter((s) => s.gemstoneType === 'Emerald' && s.location === 'Safe');
  await expect(loupe.summary()).toContainText(`${expected.length} stones`);
  await loupe.sortGridBy('SKU');
  await loupe.expectSkusInOrder(expected.map((s) => s.sku).sort());
  await loupe.sortGridBy('SKU');
  await loupe.expectSkusInOrder(
    expected
      .map((s) => s.sku)
      .sort()
      .reverse(),
  );

  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page.getByRole('textbox', { name: 'SKU or certificate' }).fill('gs-001');
  await expect(loupe.summary()).toHaveText(/^10 stones/);
  await page.getByRole('textbox', { name: 'Carat from' }).fill('5');
  const heavy = stones.filter((s) => s.sku.startsWith('GS-001') && s.caratWeight >= 5);
  await expect(loupe.summary()).toHaveText(new RegExp(`^${heavy.length} stones`));

  // Scrolling far down loads the pages there.
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(loupe.summary()).toHaveText(/^400 stones/);
  await page.getByTestId('stone-grid').evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(loupe.stoneRows().last().locator('td').nth(3)).toHaveText('0.50');
});

test('a stock count with one stone missing and one unexpected, reported with carat totals', async ({
  dataDir,
  launch,
  loupe,
  page,
}) => {
  await seedStones(dataDir, [
    { sku: 'SF-1', gemstoneType: 'Ruby', caratWeight: 1.1, clarityGrade: 'Eye Clean', location: 'Safe' },
    { sku: 'SF-2', gemstoneType: 'Sapphire', caratWeight: 2.2, clarityGrade: 'Eye Clean', location: 'Safe' },
    { sku: 'SF-3', gemstoneType: 'Emerald', caratWeight: 3.3, clarityGrade: 'Eye Clean', location: 'Safe' },
    { sku: 'VT-9', gemstoneType: 'Diamond', caratWeight: 0.9, clarityGrade: 'VS1', location: 'Vault' },
  ]);
  const host = await launch();
  await loupe.open(host.url);
  await loupe.signIn(ADMIN.username, ADMIN.password);
  await loupe.goTo('Vault');
  await page
    .getByRole('textbox', { name: 'Location to count' })
    .or(page.getByRole('combobox', { name: 'Location to count' }))
    .click();
  await page.getByRole('option', { name: 'Safe', exact: true }).click();
  await page.getByRole('button', { name: 'Start count' }).click();
  const count = page.getByTestId('stock-count');
  await expect(count).toContainText('3 stones (6.60 ct) expected');

  // The scanner works wherever focus is: first into the scan box, then with focus elsewhere.
  await page.getByRole('textbox', { name: 'Scan stones' }).fill('SF-2');
  await page.getByRole('textbox', { name: 'Scan stones' }).press('Enter');
  await expect(page.getByTestId('count-last-scan')).toHaveAttribute('data-outcome', 'matched');
  await loupe.leaveFields();
  await loupe.scanKeys('SF-1');
  await expect(page.getByTestId('count-last-scan')).toContainText('SF-1 found');
  await expect(page.getByTestId('count-progress')).toHaveText('2 of 3 found · 0 unexpected');
  await loupe.scanKeys('SF-1');
  await expect(page.getByTestId('count-last-scan')).toHaveAttribute('data-outcome', 'duplicate');
  await loupe.scanKeys('VT-9');
  await expect(page.getByTestId('count-last-scan')).toHaveAttribute('data-outcome', 'unexpected');
  await expect(page.getByTestId('count-progress')).toHaveText('2 of 3 found · 1 unexpected');

  await page.getByRole('button', { name: 'Finish count' }).click();
  await expect(page.getByTestId('count-matched')).toHaveText('2 · 3.30 ct');
  await expect(page.getByTestId('count-missing')).toHaveText('1 · 3.30 ct');
  await expect(page.getByTestId('count-unexpected')).toHaveText('1 · 0.90 ct');
  await expect(page.getByRole('table', { name: 'Missing' })).toContainText('SF-3');
  await expect(page.getByRole('table', { name: 'Unexpected' })).toContainText('Inventory has it at Vault');
  // Kept as a report.
  await page.getByRole('button', { name: '← All counts' }).click();
  await expect(page.getByRole('table', { name: 'Stock counts' })).toContainText('finished');
});

test('a CSV import reports the bad row before writing, then imports the valid ones', async ({
  dataDir,
  launch,
  loupe,
}) => {
  await seedStones(dataDir, [RUBY]);
  const host = await launch();
  await loupe.open(host.url);
  await loupe.signIn(ADMIN.username, ADMIN.password);
  await loupe.goTo('Inventory');
  const csv = [
    'sku,gemstoneType,caratWeight,clarityGrade,certificateNumber,certificateStatus,location,assignedBuyerCode',
    'IM-1,Sapphire,3.019,Eye Clean,,,Vault,',
    'IM-2,Diamond,0.75,Eye Clean,,,Safe,',
    'IM-3,Emerald,1.25,Moderately Included,5551234,pending,Safe,',
  ].join('\n');
  const dialog = await loupe.importCsv('stones.csv', csv);
  await expect(dialog.getByTestId('import-report')).toContainText('3 rows:');
  await expect(dialog.getByText('2 valid', { exact: true })).toBeVisible();
  await expect(dialog.getByText('1 invalid', { exact: true })).toBeVisible();
  const bad = dialog.getByTestId('import-row');
  await expect(bad).toHaveCount(1);
  await expect(bad).toContainText('IM-2');
  await expect(bad).toContainText('Diamond is graded on the diamond scale');
  // Nothing is written until the import is confirmed.
  await expect(loupe.summary()).toHaveText('1 stone · 2.15 ct');

  await dialog.getByRole('button', { name: 'Import 2 valid stones' }).click();
  await expect(dialog.getByTestId('import-result')).toContainText('Imported 2 stones; 1 rows were left out');
  await dialog.getByRole('button', { name: 'Close' }).first().click();
  await expect(loupe.summary()).toHaveText('3 stones · 6.42 ct');
  await loupe.expectSkusInOrder(['IM-1', 'RB-1001', 'IM-3']);
});

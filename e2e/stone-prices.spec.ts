import { expect, test } from './fixtures';
import { ADMIN, COORDINATOR, PRACTITIONER } from './pages/loupe-app';
import { StonePricePages } from './pages/stone-prices';
import { seedStones } from './support/stones';

// Grading and prices: a coordinator grades a stone and prices it per carat (the total is computed with
// the trade's rounding) and sees the margin; a practitioner opening the same stone sees its grading but no
// cost, asking price or margin — not on the page, and not in any answer the core sends.
test('a coordinator prices a stone per carat and sees its margin; a practitioner sees neither', async ({
  dataDir,
  launch,
  loupe,
  page,
}) => {
  await seedStones(dataDir, [
    { sku: 'SA-4250', gemstoneType: 'Sapphire', caratWeight: 1.01, clarityGrade: 'Eye Clean', location: 'Vault' },
  ]);
  const host = await launch();
  await loupe.open(host.url);
  await loupe.signIn(ADMIN.username, ADMIN.password);
  await loupe.addStaff(PRACTITIONER);
  await loupe.addStaff(COORDINATOR);
  await loupe.signOut();

  const stones = new StonePricePages(page);
  await loupe.signIn(COORDINATOR.username, COORDINATOR.password);
  await loupe.goTo('Inventory');
  await stones.openStone('SA-4250');
  await stones.edit();
  await stones.grade({ colour: 'Royal blue', shape: 'Cushion', length: '6.52', width: '6.49', depth: '4.01' });
  await stones.price({ currency: 'USD', askingPerCarat: '4250', cost: '3000' });
  // 4,250 per carat × 1.01 ct = 4,292.50, rounded to whole dollars.
  await expect(stones.askingTotal()).toHaveValue('4293');
  await expect(stones.form.getByLabel('Margin')).toHaveText('Margin $1,293.00 (30.1 % of asking)');
  await stones.save();
  await expect(stones.panel.getByTestId('stone-grading')).toContainText('6.52 × 6.49 × 4.01 mm');
  await expect(stones.panel.getByTestId('asking-price')).toHaveText('$4,293.00 · $4,250.00/ct');
  await expect(stones.panel.getByTestId('margin')).toHaveText('$1,293.00 (30.1 % of asking)');
  await stones.closePanel();
  // The grid's last column shows the field staff choose, and sorts by it.
  await page.getByRole('combobox', { name: 'Last column shows' }).click();
  await page.getByRole('option', { name: 'Asking price', exact: true }).click();
  await expect(page.getByTestId('stone-row').filter({ hasText: 'SA-4250' })).toContainText('$4,293.00');
  await page.getByRole('button', { name: 'Sort by asking price' }).click();
  await expect(page.locator('th[aria-sort]')).toContainText('▲');
  await loupe.signOut();

  const answers = stones.recordAnswers();
  await loupe.signIn(PRACTITIONER.username, PRACTITIONER.password);
  await loupe.goTo('Inventory');
  // The grid's grading filters offer no price range to a practitioner.
  await page.getByRole('button', { name: 'Grading & price' }).click();
  await expect(page.getByRole('group', { name: 'Grading and price filters' }).getByLabel('Shape')).toBeVisible();
  await expect(page.getByLabel('Asking from')).toHaveCount(0);
  await page.keyboard.press('Escape');
  // Nor a price column: the chooser offers grading only, and the column falls back to the assigned buyer.
  await expect(page.getByRole('combobox', { name: 'Last column shows' })).toHaveValue('Assigned buyer');
  await page.getByRole('combobox', { name: 'Last column shows' }).click();
  await expect(page.getByRole('option', { name: 'Shape', exact: true })).toBeVisible();
  await expect(page.getByRole('option', { name: /price|per carat/i })).toHaveCount(0);
  await page.keyboard.press('Escape');
  await stones.openStone('SA-4250');
  await expect(stones.panel.getByTestId('stone-grading')).toContainText('Royal blue');
  await expect(stones.panel.getByTestId('stone-grading')).toContainText('6.52 × 6.49 × 4.01 mm');
  await expect(stones.panel.getByTestId('asking-price')).toHaveCount(0);
  const text = await page.locator('body').innerText();
  for (const hidden of ['4,293', '4,250', '3,000', '1,293', 'Margin', 'Asking', 'Cost price']) {
    expect(text, hidden).not.toContain(hidden);
  }
  const sent = answers.join('\n');
  expect(sent).toContain('SA-4250');
  expect(sent).not.toMatch(/askingPrice|costPrice|429300|300000/);
});

import { expect, test } from './fixtures';
import { HoldPages } from './pages/holds';
import { ADMIN, COORDINATOR, LoupeApp } from './pages/loupe-app';
import { SalesPages } from './pages/sales';

const SKU = 'SA-0710';
const BUYER = { companyName: 'Acme Gems', contactName: 'Ada Moss', email: 'ada@acmegems.example' };

test('a coordinator holds a stone from its panel; another window sees the hold come and go without reloading', async ({
  launch,
  loupe,
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const host = await launch();
  await loupe.open(host.url);
  await loupe.setUpFirstAdmin();
  await loupe.addStaff(COORDINATOR);
  await loupe.goTo('Inventory');
  await loupe.addStone({ sku: SKU, gemstoneType: 'Sapphire', caratWeight: '1.20', clarityGrade: 'Eye Clean' });
  await loupe.goTo('Buyers');
  await new SalesPages(page).addBuyer(BUYER);
  await loupe.signOut();
  await loupe.signIn(COORDINATOR.username, COORDINATOR.password);
  await expect(page.getByTestId('signed-in-user')).toHaveText(COORDINATOR.fullName);

  // A second window: the administrator at another screen, with the stone's panel open.
  const otherContext = await browser.newContext();
  const other = new LoupeApp(await otherContext.newPage());
  await other.open(host.url);
  await other.signIn(ADMIN.username, ADMIN.password);
  await other.goTo('Inventory');
  const otherHolds = new HoldPages(other.page);
  await expect(otherHolds.row(SKU).getByTestId('held-badge')).toHaveCount(0);

  // The coordinator holds the stone for a day from its panel.
  await loupe.goTo('Inventory');
  const holds = new HoldPages(page);
  await holds.openStone(SKU);
  await expect(holds.panel).toContainText('Not held.');
  await holds.placeHold(BUYER.companyName, '24 hours');
  await expect(holds.panel.getByTestId('hold-line')).toContainText(
    `Held for ${BUYER.companyName} by ${COORDINATOR.fullName} until`,
  );

  // The other window's grid marks it at once, with who and how long on hover; its panel says so too.
  const badge = otherHolds.row(SKU).getByTestId('held-badge');
  await expect(badge).toBeVisible();
  await expect(badge).toHaveAttribute(
    'title',
    new RegExp(`^Held for ${BUYER.companyName} by ${COORDINATOR.fullName} until .+ left\\)$`),
  );
  await otherHolds.openStone(SKU);
  await expect(otherHolds.panel.getByTestId('hold-line')).toContainText(`Held for ${BUYER.companyName}`);

  // Released in the first window, the hold goes from the second.
  await holds.release();
  await expect(holds.panel).toContainText('Not held.');
  await expect(otherHolds.panel).toContainText('Not held.');
  await other.page.keyboard.press('Escape');
  await expect(otherHolds.row(SKU).getByTestId('held-badge')).toHaveCount(0);
  await otherContext.close();
});

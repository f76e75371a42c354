import { expect, test } from './fixtures';
import { SalesPages } from './pages/sales';

const BUYER = { companyName: 'Aurora Gems Ltd', contactName: 'Lena Varga', email: 'lena@auroragems.example', phone: '+44 20 7946 0018' };
const SKU = 'RB-2040';

test('a buyer inquires about a scanned stone, it is quoted, reserved, followed up and sold', async ({ launch, loupe, page }) => {
  // Many steps, none slow: under 50 s even on a busy two-core machine; the margin absorbs heavier load.
  test.setTimeout(120_000);
  const host = await launch();
  await loupe.open(host.url);
  await loupe.setUpFirstAdmin();
  const sales = new SalesPages(page);

  await loupe.goTo('Inventory');
  await loupe.addStone({ sku: SKU, gemstoneType: 'Ruby', caratWeight: '2.04', clarityGrade: 'Eye Clean' });

  await loupe.goTo('Buyers');
  await sales.addBuyer(BUYER);

  // Create the inquiry by scanning the stone's label into the SKU field.
  await loupe.goTo('Inquiries');
  await sales.newInquiryFromScan(BUYER.companyName, SKU);
  await sales.closeDialog(); // the new inquiry opened; back to the board
  await expect(sales.column('new').getByTestId('column-count')).toHaveText('1');
  await expect(sales.card(SKU)).toContainText('No price yet');

  // Dragging to quoted is refused until there is a price, and says why.
  await sales.dragCard(SKU, 'quoted');
  await expect(sales.refusal()).toContainText('Set a quoted price before moving this inquiry to quoted.');
  await expect(sales.column('new')).toContainText(SKU);

  await sales.openCard(SKU);
  await sales.setQuotedPrice(SKU, '12500.50');
  await sales.closeDialog();
  await sales.dragCard(SKU, 'quoted');
  await expect(sales.column('quoted')).toContainText(SKU);
  await expect(sales.column('quoted').getByTestId('column-value')).toHaveText('$12,500.50');

  // Reserve it from the keyboard ("Move to…").
  await sales.moveWithMenu(SKU, 'Reserved');
  await expect(sales.column('reserved')).toContainText(SKU);

  // The inventory shows the stone held for the buyer.
  await loupe.goTo('Inventory');
  await expect(loupe.stoneRows().filter({ hasText: SKU })).toContainText(BUYER.companyName);

  // Log a call due today; it shows on the follow-ups list and in the navigation count.
  await loupe.goTo('Inquiries');
  await sales.openCard(SKU);
  await sales.logCall(SKU, 'Call Lena about the wire transfer');
  await sales.closeDialog();
  await loupe.goTo('Follow-ups');
  const call = sales.followUp('Call Lena about the wire transfer');
  await expect(page.getByRole('region', { name: 'Due today' })).toContainText('Call Lena about the wire transfer');
  await expect(sales.followUpsBadge()).toHaveText('1');
  // Done in one keystroke.
  await call.focus();
  await page.keyboard.press('d');
  await expect(call).toHaveCount(0);
  await expect(sales.followUpsBadge()).toHaveCount(0);

  // Close as sold: the stone moves to "Sold".
  await loupe.goTo('Inquiries');
  await sales.dragCard(SKU, 'closed');
  await sales.closeAs('Sold', 'Paid by wire');
  await expect(sales.card(SKU)).toHaveCount(0);
  await loupe.goTo('Inventory');
  await expect(loupe.stoneRows().filter({ hasText: SKU })).toContainText('Sold');
});

import { expect, test } from './fixtures';
import { ADMIN } from './pages/loupe-app';
import { SalesPages } from './pages/sales';
import { seedContestedStone } from './support/sales';

const BUYER = {
  companyName: 'Aurora Gems Ltd',
  contactName: 'Lena Varga',
  email: 'lena@auroragems.example',
  phone: '+44 20 7946 0018',
};
const SKU = 'RB-2040';

test('a buyer inquires about a scanned stone, it is quoted, reserved, followed up and sold', async ({
  launch,
  loupe,
  page,
}) => {
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

test('starting an inquiry on a reserved stone warns who holds it; selling it closes the rival inquiries as lost', async ({
  dataDir,
  launch,
  loupe,
  page,
}) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  const stone = { sku: 'RU-0110053', holder: 'Antwerp Gem 1', rival: 'Bangkok Gem 4', newcomer: 'Colombo Gem 7' };
  await seedContestedStone(dataDir, stone);
  const host = await launch();
  await loupe.open(host.url);
  await loupe.signIn(ADMIN.username, ADMIN.password);
  const sales = new SalesPages(page);
  await loupe.goTo('Inquiries');

  // Before saving, the form says who holds the stone and at which stage; it is a warning, not a refusal.
  const form = await sales.startInquiryFromScan(stone.newcomer, stone.sku);
  await expect(form.getByTestId('hold-warning')).toContainText('Already reserved');
  await expect(form.getByTestId('hold-warning')).toContainText(
    `Reserved for ${stone.holder} (B-1): their inquiry is at Reserved`,
  );
  await form.getByRole('button', { name: 'Create inquiry' }).click();
  await expect(form).toBeHidden();
  await sales.closeDialog();
  await expect(sales.column('new').getByTestId('column-count')).toHaveText('1');
  await expect(sales.column('quoted').getByTestId('column-count')).toHaveText('1');

  // The holder buys it: the other two inquiries on the stone close with it.
  await sales.dragCard(stone.sku, 'closed', stone.holder);
  await sales.closeAs('Sold', 'Paid by wire');
  await expect(sales.card(stone.sku)).toHaveCount(0);
  for (const status of ['new', 'quoted', 'reserved'] as const)
    await expect(sales.column(status).getByTestId('column-count')).toHaveText('0');

  await sales.listInquiries('Closed');
  await sales.inquiryRow(stone.holder).click();
  await expect(sales.inquiryDialog(stone.sku)).toContainText('closed 2 other open inquiries on this stone as lost');
  await sales.closeDialog();
  await expect(sales.inquiryRow(stone.rival)).toContainText('Lost');
  await expect(sales.inquiryRow(stone.newcomer)).toContainText('Lost');
  await expect(sales.inquiryRow(stone.holder)).toContainText('Sold');
  await sales.inquiryRow(stone.rival).click();
  const rival = sales.inquiryDialog(stone.sku);
  await expect(rival).toContainText('Reason: Stone sold to another buyer');
  await expect(rival).toContainText('Quoted → Closed');
  await expect(rival).toContainText(ADMIN.fullName);
});

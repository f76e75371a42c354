import { expect, test } from './fixtures';
import { ConsignmentPages } from './pages/consignments';
import { LayoutChecks } from './pages/layout';
import { HoldPages } from './pages/holds';
import { SalesPages } from './pages/sales';

const SUPPLIER = 'Ceylon Blue Ltd';
const BUYER = { companyName: 'Acme Gems', contactName: 'Ada Moss', email: 'ada@acmegems.example' };

// The usual counter screen.
test.use({ viewport: { width: 1366, height: 768 } });

test('stones in from a supplier are marked as consigned; one is bought and sold, the other goes back', async ({
  launch,
  loupe,
  page,
}) => {
  test.setTimeout(150_000);
  const host = await launch();
  await loupe.open(host.url);
  await loupe.setUpFirstAdmin();
  const consignments = new ConsignmentPages(page);
  const stones = new HoldPages(page);
  const sales = new SalesPages(page);

  // One stone is already in the stock (entered before its paperwork); the other arrives with the memo.
  await loupe.goTo('Inventory');
  await loupe.addStone({ sku: 'RB-3102', gemstoneType: 'Ruby', caratWeight: '1.05', clarityGrade: 'Eye Clean' });
  await loupe.goTo('Consignments');
  await consignments.receive(
    { supplier: SUPPLIER, reference: 'CB-7781', dueBack: '2099-01-15', terms: '30 days, insured both ways' },
    [
      {
        sku: 'SA-3101',
        agreedPrice: '9000',
        newStone: { gemstoneType: 'Sapphire', caratWeight: '2.10', clarityGrade: 'Eye Clean', location: 'Vault' },
      },
      { sku: 'RB-3102', agreedPrice: '4000' },
    ],
  );
  await expect(consignments.row('SA-3101')).toContainText(SUPPLIER);
  await expect(consignments.row('SA-3101')).toContainText('$9,000.00');
  await expect(consignments.row('RB-3102')).toContainText('On consignment');
  const layout = new LayoutChecks(page);
  await layout.expectNoPageScroll({ vertical: false });
  await layout.expectWhole(page.getByRole('table', { name: 'Consignments' }).getByRole('columnheader'), 'headings');
  await layout.expectWhole(page.getByRole('table', { name: 'Consignments' }).getByRole('button'), 'actions');
  await layout.expectWhole(
    page.getByRole('table', { name: 'Consignments' }).locator('.mantine-Badge-label'),
    'statuses',
  );

  // The grid and the stone panel say whose the stones are.
  await loupe.goTo('Inventory');
  // The grid's SKU column carries the status letter C, named in full for screen readers and on hover.
  for (const sku of ['SA-3101', 'RB-3102']) {
    const mark = stones.row(sku).getByTestId('consigned-badge');
    await expect(mark).toHaveText('C');
    await expect(mark).toHaveAccessibleName(`Consigned from ${SUPPLIER}`);
    await expect(mark).toHaveAttribute('title', new RegExp(`^On consignment from ${SUPPLIER}`));
  }
  await stones.openStone('SA-3101');
  await expect(consignments.panel.getByTestId('consignment-line')).toHaveText(`Consigned · ${SUPPLIER}`);
  await expect(consignments.panel).toContainText('on their memo CB-7781');
  await page.keyboard.press('Escape');

  // We keep the sapphire and give the ruby back.
  await loupe.goTo('Consignments');
  await consignments.settle('SA-3101', 'Wire 2026-114');
  await consignments.returnToSupplier('RB-3102', 'Colour too dark');
  await expect(consignments.row('SA-3101')).toHaveCount(0);
  await consignments.show('Returned or bought');
  await expect(consignments.row('SA-3101')).toContainText('Bought (settled)');
  await expect(consignments.row('RB-3102')).toContainText('Returned');

  await loupe.goTo('Inventory');
  await expect(stones.row('SA-3101').getByTestId('consigned-badge')).toHaveCount(0);
  await expect(stones.row('RB-3102')).toContainText('Returned to supplier');
  await stones.openStone('RB-3102');
  await expect(consignments.panel).toContainText(`Returned to ${SUPPLIER}`);
  await page.keyboard.press('Escape');
  await stones.openStone('SA-3101');
  await expect(consignments.panel).toContainText(`Bought from ${SUPPLIER}`);
  await page.keyboard.press('Escape');

  // The bought sapphire sells like any stone we own.
  await loupe.goTo('Buyers');
  await sales.addBuyer(BUYER);
  await loupe.goTo('Inquiries');
  await sales.newInquiryFromScan(BUYER.companyName, 'SA-3101');
  await sales.setQuotedPrice('SA-3101', '12500');
  await sales.closeDialog();
  await sales.dragCard('SA-3101', 'quoted');
  await expect(sales.column('quoted')).toContainText('SA-3101');
  await sales.dragCard('SA-3101', 'closed');
  await sales.closeAs('Sold', 'Paid by wire');
  await loupe.goTo('Inventory');
  await expect(stones.row('SA-3101')).toContainText('Sold');
});

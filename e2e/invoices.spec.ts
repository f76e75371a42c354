import { expect, test } from './fixtures';
import { InvoicePages } from './pages/invoices';
import { LayoutChecks } from './pages/layout';
import { COORDINATOR } from './pages/loupe-app';
import { SalesPages } from './pages/sales';

const SKU = 'IN-4293';
const BUYER = { companyName: 'Helvetia Jewels', contactName: 'Mara Keller', email: 'mara@helvetia.example' };

test('a stone sold at a price makes an invoice with its tax; its PDF reads right, and two payments make it Paid', async ({
  launch,
  loupe,
  page,
}) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  const host = await launch();
  await loupe.open(host.url);
  await loupe.setUpFirstAdmin();
  await loupe.addStaff(COORDINATOR);
  const invoices = new InvoicePages(page);
  const sales = new SalesPages(page);

  // The administrator sets the tax line and the heading of the invoices.
  await loupe.goTo('Settings');
  await invoices.setTaxLine('VAT', '7.7');
  await invoices.setSeller('Loupe Gems SA', 'Rue du Rhône 12\n1204 Genève', 'CHE-123.456.789 MWST');
  await loupe.goTo('Inventory');
  await loupe.addStone({ sku: SKU, gemstoneType: 'Ruby', caratWeight: '1.52', clarityGrade: 'Eye Clean' });
  await loupe.goTo('Buyers');
  await sales.addBuyer(BUYER);
  await loupe.signOut();

  // The coordinator sells the stone at 4,293.00.
  await loupe.signIn(COORDINATOR.username, COORDINATOR.password);
  await loupe.goTo('Inquiries');
  await sales.newInquiryFromScan(BUYER.companyName, SKU);
  await sales.setQuotedPrice(SKU, '4293');
  await sales.closeDialog();
  await sales.dragCard(SKU, 'quoted');
  await expect(sales.column('quoted')).toContainText(SKU);
  await sales.dragCard(SKU, 'closed');
  await sales.closeAs('Sold', 'Paid on delivery');

  // The sold inquiry links to its invoice, provisional until it reaches a server (none here).
  await sales.listInquiries('Closed');
  await sales.inquiryRow(BUYER.companyName).click();
  const link = page.getByRole('link', { name: /^Invoice P-[0-9A-F]{8}$/ });
  await expect(link).toBeVisible();
  await link.click();
  await expect(invoices.panel).toContainText(/Provisional P-[0-9A-F]{8} \(numbered when it reaches the server\)/);
  await expect(invoices.status()).toHaveText('Unpaid');
  await expect(invoices.totals()).toContainText('VAT 7.7 %$330.56');
  await expect(invoices.totals()).toContainText('Total$4,623.56');
  // The list and the open invoice fit side by side at 1366 × 768.
  await new LayoutChecks(page).expectNoPageScroll({ vertical: false });

  // The PDF, read back: heading, buyer, the line, subtotal, tax and total.
  const pdf = await invoices.downloadPdf();
  expect(pdf.fileName).toMatch(/^invoice-P-[0-9A-F]{8}\.pdf$/);
  expect(pdf.lines).toEqual(
    expect.arrayContaining([
      'Loupe Gems SA',
      'Tax number: CHE-123.456.789 MWST',
      expect.stringMatching(/^Invoice P-[0-9A-F]{8}$/),
      BUYER.companyName,
      BUYER.contactName,
      'SKU | Description | Carat | Amount',
      expect.stringMatching(new RegExp(`^${SKU} \\| Ruby, 1\\.52 ct.* \\| 1\\.52 ct \\| US\\$4,293\\.00$`)),
      'Subtotal | US$4,293.00',
      'VAT 7.7 % | US$330.56',
      'Total | US$4,623.56',
      'Balance due | US$4,623.56',
    ]),
  );

  // A part payment, then the rest: Part paid, then Paid.
  await invoices.recordPayment('1000', 'Bank transfer', 'UBS 4471');
  await expect(invoices.status()).toHaveText('Part paid');
  await expect(invoices.totals()).toContainText('Balance due$3,623.56');
  await invoices.recordPayment('3623.56', 'Card');
  await expect(invoices.status()).toHaveText('Paid');
  await expect(invoices.totals()).toContainText('Balance due$0.00');
  await expect(invoices.panel.getByRole('button', { name: 'Record payment' })).toHaveCount(0);
  const paid = await invoices.downloadPdf();
  expect(paid.lines).toEqual(expect.arrayContaining(['Paid | US$4,623.56', 'Balance due | US$0.00']));

  // The buyer's profile lists the purchase and both payments.
  await invoices.panel.getByRole('link', { name: BUYER.companyName }).click();
  const purchases = page.getByRole('region', { name: 'Purchases and payments' });
  await expect(purchases.getByRole('table', { name: 'Purchases' })).toContainText('$4,623.56');
  await expect(purchases.getByRole('table', { name: 'Payments received' }).getByRole('row')).toHaveCount(3);
});

test('an administrator voids an invoice, saying why; a void invoice takes no payments', async ({
  launch,
  loupe,
  page,
}) => {
  test.setTimeout(90_000);
  const host = await launch();
  await loupe.open(host.url);
  await loupe.setUpFirstAdmin();
  const invoices = new InvoicePages(page);
  const sales = new SalesPages(page);
  await loupe.goTo('Inventory');
  await loupe.addStone({ sku: 'IN-VOID', gemstoneType: 'Emerald', caratWeight: '2.10', clarityGrade: 'Eye Clean' });
  await loupe.goTo('Buyers');
  await sales.addBuyer(BUYER);
  await loupe.goTo('Inquiries');
  await sales.newInquiryFromScan(BUYER.companyName, 'IN-VOID');
  await sales.setQuotedPrice('IN-VOID', '900');
  await sales.closeDialog();
  await sales.dragCard('IN-VOID', 'quoted');
  await expect(sales.column('quoted')).toContainText('IN-VOID');
  await sales.dragCard('IN-VOID', 'closed');
  await sales.closeAs('Sold', 'Cash');

  await loupe.goTo('Invoices');
  await invoices.open(BUYER.companyName);
  await invoices.voidInvoice('Sold to the wrong buyer');
  await expect(invoices.status()).toHaveText('Void');
  await expect(invoices.panel).toContainText('Void: Sold to the wrong buyer');
  await expect(invoices.panel.getByRole('button', { name: 'Record payment' })).toHaveCount(0);
  await expect(invoices.panel.getByRole('button', { name: 'Void' })).toHaveCount(0);
  await expect(invoices.row(BUYER.companyName)).toContainText('Void');
  // Unpaid only leaves it out: nothing is owed on a void invoice.
  await page.getByRole('checkbox', { name: 'Unpaid only' }).check();
  await expect(invoices.row(BUYER.companyName)).toHaveCount(0);
});

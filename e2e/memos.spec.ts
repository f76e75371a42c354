import { expect, test } from './fixtures';
import { InvoicePages } from './pages/invoices';
import { LayoutChecks } from './pages/layout';
import { MemoPages } from './pages/memos';
import { SalesPages } from './pages/sales';

// The usual counter screen.
test.use({ viewport: { width: 1366, height: 768 } });

const BUYER = { companyName: 'Acme Gems', contactName: 'Ada Moss', email: 'ada@acmegems.example' };
const STONES = [
  { sku: 'MEM-001', price: '5000' },
  { sku: 'MEM-002', price: '7500' },
  { sku: 'MEM-003', price: '12000' },
];

test('three stones go out on memo; one comes back, the other two are bought on one invoice and the memo closes', async ({
  launch,
  loupe,
  page,
}) => {
  test.setTimeout(120_000);
  const host = await launch();
  await loupe.open(host.url);
  await loupe.setUpFirstAdmin();
  await loupe.goTo('Inventory');
  for (const { sku } of STONES) {
    await loupe.addStone({ sku, gemstoneType: 'Sapphire', caratWeight: '1.20', clarityGrade: 'Eye Clean' });
  }
  await loupe.goTo('Buyers');
  await new SalesPages(page).addBuyer(BUYER);

  // Out on memo: the memo opens with its three stones out.
  await loupe.goTo('Memos');
  const memos = new MemoPages(page);
  // Due back in three days: this week's follow-ups.
  const due = new Date(Date.now() + 3 * 24 * 60 * 60 * 1000);
  const dueDay = `${due.getFullYear()}-${String(due.getMonth() + 1).padStart(2, '0')}-${String(due.getDate()).padStart(2, '0')}`;
  await memos.sendOut(BUYER.companyName, STONES, 'Return within 14 days.', dueDay);
  for (const { sku } of STONES) await expect(memos.line(sku).getByTestId('line-status')).toHaveText('Out on memo');
  await expect(memos.memo).toContainText('Terms: Return within 14 days.');
  await expect(memos.line('MEM-003')).toContainText('$12,000.00');
  await memos.closeMemo();
  await expect(page.getByTestId('memo-row')).toContainText([BUYER.companyName]);

  // The grid marks the stones as out with the buyer until the due day.
  await loupe.goTo('Inventory');
  // The grid says with whom and until when where it says where a stone is; all of it on hover.
  const mark = memos.gridRow('MEM-001').getByTestId('memo-mark');
  await expect(mark).toHaveText(new RegExp(`^On memo · ${BUYER.companyName}`));
  await expect(mark).toHaveAttribute('title', new RegExp(`^On memo · ${BUYER.companyName} · due .+\\d{4}$`));
  await expect(mark).toBeVisible();
  // At the counter's 1366×768 the grid does not scroll sideways.
  await new LayoutChecks(page).expectNoPageScroll({ vertical: false });
  await page.screenshot({ path: 'test-results/screens/memos-grid.png' });

  // The dashboard counts the memo and its stones.
  await loupe.goTo('Dashboard');
  const card = page.getByRole('region', { name: 'Memos out' });
  await expect(card).toContainText('1Open memos');
  await expect(card).toContainText('3Stones out');
  await expect(card).toContainText('0Overdue');

  // Follow-ups list the memo due back; Enter opens it.
  await loupe.goTo('Follow-ups');
  const followUp = page.getByTestId('follow-up').filter({ hasText: 'Memo due back: 3 stones out' });
  await expect(followUp).toContainText(BUYER.companyName);
  await followUp.focus();
  await page.keyboard.press('Enter');
  await expect(memos.memo).toBeVisible();
  await expect(memos.line('MEM-001')).toBeVisible();

  // Ctrl+K says it in full.
  await page.keyboard.press('Control+k');
  await page.getByRole('textbox', { name: 'Search stones, certificates and buyers' }).fill('MEM-001');
  await expect(page.getByRole('option').first().getByTestId('memo-badge')).toHaveText(
    new RegExp(`^On memo · ${BUYER.companyName} · due `),
  );
  await page.keyboard.press('Escape');

  // The buyer brings one back: it goes back to the vault.
  await loupe.goTo('Memos');
  await page.getByTestId('memo-row').filter({ hasText: BUYER.companyName }).click();
  await page.screenshot({ path: 'test-results/screens/memo-drawer.png' });
  await memos.choose('MEM-002');
  await memos.returnChosen();
  await expect(memos.line('MEM-002').getByTestId('line-status')).toHaveText(/^Returned /);

  // And keeps the other two: one invoice, the stones sold, the memo closed.
  await memos.choose('MEM-001');
  await memos.choose('MEM-003');
  await memos.sellChosen();
  for (const sku of ['MEM-001', 'MEM-003']) {
    await expect(memos.line(sku).getByTestId('line-status')).toHaveText(/^Sold .+ · invoice P-[0-9A-F]{8}$/);
  }
  const invoiceOf = async (sku: string) =>
    (await memos.line(sku).getByTestId('line-status').textContent())!.replace(/^.* · invoice /, '');
  const invoiceNumber = await invoiceOf('MEM-001');
  expect(await invoiceOf('MEM-003')).toBe(invoiceNumber);
  await expect(memos.memo.getByText('Closed', { exact: true })).toBeVisible();
  await expect(memos.memo.getByRole('button', { name: 'Return selected' })).toHaveCount(0);
  await memos.closeMemo();

  await loupe.goTo('Inventory');
  await expect(memos.gridRow('MEM-001')).toContainText('Sold');
  await expect(memos.gridRow('MEM-003')).toContainText('Sold');
  await expect(memos.gridRow('MEM-002')).toContainText('Vault');
  await expect(page.getByTestId('memo-mark')).toHaveCount(0);

  // The invoice the memo made, on paper: the two stones kept, at their memo prices, and the total.
  await loupe.goTo('Invoices');
  const invoices = new InvoicePages(page);
  await invoices.open(BUYER.companyName);
  const pdf = await invoices.downloadPdf();
  expect(pdf.fileName).toBe(`invoice-${invoiceNumber}.pdf`);
  expect(pdf.lines).toEqual(
    expect.arrayContaining([
      `Invoice ${invoiceNumber}`,
      BUYER.companyName,
      'SKU | Description | Carat | Amount',
      expect.stringMatching(/^MEM-001 \| Sapphire, 1\.2 ct.* \| 1\.20 ct \| US\$5,000\.00$/),
      expect.stringMatching(/^MEM-003 \| Sapphire, 1\.2 ct.* \| 1\.20 ct \| US\$12,000\.00$/),
      'Subtotal | US$17,000.00',
      'Total | US$17,000.00',
      'Balance due | US$17,000.00',
    ]),
  );
  expect(pdf.lines.some((line) => line.startsWith('MEM-002'))).toBe(false);
});

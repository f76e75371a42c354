import { expect, test } from './fixtures';
import { SalesPages } from './pages/sales';

// Buyers come in from a spreadsheet the way stones do: the core reads the file and reports every row by its
// line, each problem led by its column; only the clean rows are created, and only on "Import".
test('an administrator imports buyers from a CSV file: the core reports each row, and only the clean ones are created', async ({
  launch,
  loupe,
  page,
}) => {
  const host = await launch();
  await loupe.open(host.url);
  await loupe.setUpFirstAdmin();
  const sales = new SalesPages(page);
  await loupe.goTo('Buyers');
  const buyers = page.getByRole('table', { name: 'Buyers' }).getByTestId('buyer-row');

  const csv = [
    'Buyer code,Company,Contact,Email,Phone,Preferred types,Status',
    'B-0100,Kestrel Fine Gems,Omar Haddad,omar@kestrel.example,+971 4 555 0100,Ruby; Emerald,active',
    'B-0101,"=HYPERLINK(""http://evil.example"",""x"")",Bo,bo@example.com,,,',
    'B-0102,Lotus Carat House,Mei Lin,not-an-email,,,',
  ].join('\r\n');
  const dialog = await sales.importBuyers('buyers.csv', csv);
  await expect(dialog.getByTestId('import-summary')).toContainText('1 ready');
  await expect(dialog.getByTestId('import-summary')).toContainText('2 invalid');
  const rows = dialog.getByRole('table', { name: 'Import rows' }).getByRole('row');
  await expect(rows.filter({ hasText: 'Kestrel Fine Gems' })).toContainText('Ready');
  await expect(rows.filter({ hasText: 'Lotus Carat House' })).toContainText('Email: Enter a valid email address');
  await expect(rows.filter({ hasText: 'HYPERLINK' })).toContainText('Company: begins with “=”');
  // Nothing is written before "Import".
  await expect(buyers).toHaveCount(0);

  await dialog.getByRole('button', { name: 'Import 1 buyer' }).click();
  await expect(dialog.getByTestId('import-summary')).toContainText('1 created');
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toBeHidden();
  await expect(buyers).toHaveCount(1);
  await expect(buyers).toContainText('Kestrel Fine Gems');
});

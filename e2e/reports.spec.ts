import Papa from 'papaparse';
import { expect, test } from './fixtures';
import { ADMIN } from './pages/loupe-app';
import { ReportPages } from './pages/reports';
import { REPORTS_PRACTITIONER, seedReportData } from './support/reports';

// The counter's usual screen.
test.use({ viewport: { width: 1366, height: 768 } });

test('the dashboard charts draw the stock, pipeline, sales, aging and memo exposure with their values', async ({
  dataDir,
  launch,
  loupe,
  page,
}) => {
  await seedReportData(dataDir);
  const host = await launch();
  await loupe.open(host.url);
  await loupe.signIn(ADMIN.username, ADMIN.password);
  await loupe.goTo('Dashboard');
  const reports = new ReportPages(page);

  // Stock value by type, in the currency most stones are priced in: bars, and the values behind them.
  const stock = reports.chart('Stock value by type (USD)');
  await expect(stock.locator('svg .recharts-bar-rectangle path').first()).toBeVisible();
  expect(await reports.chartValues('Stock value by type (USD)')).toEqual([
    ['Sapphire', '1', '$12,000.00', '$9,000.00'],
    ['Ruby', '2', '$5,800.00', '$3,500.50'],
  ]);

  await expect(reports.chart('Open inquiries by stage').locator('svg .recharts-bar-rectangle path')).toHaveCount(1);
  expect(await reports.chartValues('Open inquiries by stage')).toEqual([
    ['New', '0', 'no prices yet'],
    ['Quoted', '1', '$11,500.00'],
    ['Reserved', '0', 'no prices yet'],
  ]);

  await expect(reports.chart('Sales by month (USD)').locator('svg path.recharts-line-curve')).toBeVisible();
  const sales = await reports.chartValues('Sales by month (USD)');
  expect(sales).toHaveLength(12);
  expect(sales.at(-1)!.slice(1)).toEqual(['1', '$2,700.00']);

  await expect(reports.chart('Stock by days in stock').locator('svg .recharts-pie-sector').first()).toBeVisible();
  expect(await reports.chartValues('Stock by days in stock')).toEqual([
    ['0–30 days', '4'],
    ['31–90 days', '0'],
    ['91–180 days', '0'],
    ['181–365 days', '0'],
    ['Over 365 days', '0'],
  ]);

  await expect(
    reports.chart('Memo exposure by buyer (USD)').locator('svg .recharts-bar-rectangle path').first(),
  ).toBeVisible();
  expect(await reports.chartValues('Memo exposure by buyer (USD)')).toEqual([
    ['Northgate Jewels', '1', '$0.00', '$1,800.00'],
  ]);

  await page.screenshot({ path: 'test-results/screens/dashboard-charts-1366.png', fullPage: true });

  // Another currency: the money charts redraw in it, never converted.
  await reports.chooseChartCurrency('EUR');
  expect(await reports.chartValues('Stock value by type (EUR)')).toEqual([['Sapphire', '1', '€5,200.00', '€3,000.00']]);
  await expect(reports.chart('Memo exposure by buyer (EUR)')).toContainText('No stones out on memo in EUR.');
});

test('the valuation report shows its totals per currency and its CSV downloads with the same totals', async ({
  dataDir,
  launch,
  loupe,
  page,
}) => {
  await seedReportData(dataDir);
  const host = await launch();
  await loupe.open(host.url);
  await loupe.signIn(ADMIN.username, ADMIN.password);
  await loupe.goTo('Reports');
  const reports = new ReportPages(page);
  await expect(reports.table).toBeVisible();

  const usd = reports.total('Total in USD');
  await expect(usd).toContainText('3');
  await expect(usd).toContainText('$12,500.50');
  await expect(usd).toContainText('$17,800.00');
  await expect(reports.total('Total in EUR')).toContainText('€5,200.00');
  await expect(reports.total('All stones')).toContainText('4');
  await expect(reports.table).not.toContainText('Emerald'); // sold: not in stock

  const csv = await reports.download('Download CSV');
  expect(csv.name).toMatch(/^stock-valuation-\d{4}-\d\d-\d\d\.csv$/);
  const rows = Papa.parse<Record<string, string>>(csv.text, { header: true, skipEmptyLines: true }).data;
  expect(rows.find((r) => r['Gemstone type'] === 'Total in USD')).toEqual({
    'Gemstone type': 'Total in USD',
    Currency: 'USD',
    Stones: '3',
    Carats: '6.00',
    Cost: '12500.50',
    Asking: '17800.00',
  });
  expect(rows.find((r) => r['Gemstone type'] === 'Total in EUR')).toMatchObject({ Cost: '3000.00', Asking: '5200.00' });

  // Owned or consigned: the consigned sapphire apart.
  await reports.select('Group by').click();
  await page.getByRole('option', { name: 'Owned or consigned', exact: true }).click();
  await expect(reports.table.getByTestId('report-row').filter({ hasText: 'Consigned' })).toContainText('$12,000.00');

  await page.screenshot({ path: 'test-results/screens/reports-1366.png' });
  const pdf = await reports.download('Download PDF');
  expect(pdf.name).toMatch(/^stock-valuation-\d{4}-\d\d-\d\d\.pdf$/);
});

test('a practitioner sees the counts: the pipeline and aging charts, and the reports without money', async ({
  dataDir,
  launch,
  loupe,
  page,
}) => {
  await seedReportData(dataDir);
  const host = await launch();
  await loupe.open(host.url);
  await loupe.signIn(REPORTS_PRACTITIONER.username, REPORTS_PRACTITIONER.password);
  await loupe.goTo('Dashboard');
  const reports = new ReportPages(page);
  expect(await reports.chartValues('Open inquiries by stage')).toEqual([
    ['New', '0'],
    ['Quoted', '1'],
    ['Reserved', '0'],
  ]);
  await expect(reports.chart('Stock by days in stock')).toBeVisible();
  await expect(page.getByTestId('dashboard-chart')).toHaveCount(2);
  await expect(page.getByRole('main')).not.toContainText('$');

  await loupe.goTo('Reports');
  await reports.select('Report').click();
  await expect(page.getByRole('option')).toHaveText(['Aging (days in stock)', 'Stock counts']);
  await page.getByRole('option', { name: 'Aging (days in stock)' }).click();
  await expect(reports.total('All stones')).toContainText('4');
  await expect(reports.table.getByRole('columnheader')).toHaveText(['Days in stock', 'Stones', 'Carats']);
});

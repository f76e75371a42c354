import { expect, test } from './fixtures';
import { LayoutChecks } from './pages/layout';
import { DEMO_SIGN_IN, seedDemoStock } from './support/demo';

// The usual counter screen (1366×768) is first-class, and a large one (1920×1080) gains rows, not gaps.
// A showroom-sized stock: 100,000 demo stones and their 200 buyers.
for (const viewport of [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
]) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });

    test('the inventory grid fills the window: filters on one row, whole codes and badges, at least 15 rows, no page scroll', async ({
      dataDir,
      launch,
      loupe,
      page,
    }) => {
      test.setTimeout(180_000);
      seedDemoStock(dataDir, 100_000);
      const host = await launch();
      const layout = new LayoutChecks(page);
      await loupe.open(host.url);
      await loupe.signIn(DEMO_SIGN_IN.username, DEMO_SIGN_IN.password);
      await loupe.goTo('Inventory');
      const grid = page.getByTestId('stone-grid');
      const rows = grid.getByTestId('stone-row');
      await expect(rows.first()).toBeVisible();

      await layout.expectOneRow(
        page.getByRole('search', { name: 'Filter stones' }).locator('input:not([type=hidden])'),
        'the filters',
      );
      await layout.expectNoPageScroll({ vertical: true });
      expect(await layout.fullyVisibleRows(grid, rows)).toBeGreaterThanOrEqual(15);
      await layout.expectWhole(
        rows.locator('td:nth-child(2), td:nth-child(4), td:nth-child(7)'),
        'types, clarity grades and locations',
      );
      // The longest badge, on stones without a certificate.
      await page.getByRole('search', { name: 'Filter stones' }).getByLabel('Certificate', { exact: true }).click();
      await page.getByRole('option', { name: 'No certificate' }).click();
      await expect(rows.first()).toContainText(/No certificate/i);
      await layout.expectWhole(
        page.getByRole('search', { name: 'Filter stones' }).getByLabel('Certificate', { exact: true }),
        'the chosen filter',
      );
      expect(await layout.expectWhole(rows.locator('.mantine-Badge-label'), 'certificate badges')).toBeGreaterThan(0);
      await layout.expectWhole(page.getByRole('columnheader'), 'column headings');
      await page.screenshot({ path: `test-results/screens/inventory-${viewport.width}.png` });

      await loupe.goTo('Buyers');
      const buyers = page.getByRole('table', { name: 'Buyers' }).getByTestId('buyer-row');
      await expect(buyers).toHaveCount(200);
      await layout.expectNoPageScroll({ vertical: false });
      await layout.expectWhole(buyers.locator('td:first-child'), 'buyer codes');
      await layout.expectWhole(buyers.locator('.mantine-Badge-label'), 'sales status badges');
      await layout.expectWhole(
        page.getByRole('table', { name: 'Buyers' }).getByRole('columnheader'),
        'column headings',
      );
      await page.screenshot({ path: `test-results/screens/buyers-${viewport.width}.png` });

      for (const screen of ['Dashboard', 'Certificates', 'Inquiries', 'Follow-ups', 'Vault', 'Sync', 'Settings']) {
        await loupe.goTo(screen);
        await layout.expectNoPageScroll({ vertical: false });
      }
    });
  });
}

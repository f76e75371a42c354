import sharp from 'sharp';
import { expect, test } from './fixtures';
import { ADMIN } from './pages/loupe-app';
import { seedStones } from './support/stones';

const RUBY = { sku: 'RB-3001', gemstoneType: 'Ruby', caratWeight: 1.52, clarityGrade: 'Eye Clean', location: 'Vault' };

test('an administrator attaches a photo to a stone: its thumbnail shows in the grid and the stone panel, and the viewer opens it', async ({
  dataDir,
  launch,
  loupe,
  page,
}) => {
  await seedStones(dataDir, [RUBY]);
  const photo = await sharp({ create: { width: 900, height: 600, channels: 3, background: '#9b1b30' } })
    .jpeg()
    .toBuffer();
  const host = await launch();
  await loupe.open(host.url);
  await loupe.signIn(ADMIN.username, ADMIN.password);
  await loupe.goTo('Inventory');
  const row = loupe.stoneRows().filter({ hasText: 'RB-3001' });
  await expect(row.getByTestId('thumb-placeholder')).toBeVisible(); // no photo yet: a neutral tile

  await loupe.leaveFields();
  await loupe.scanKeys('RB-3001');
  const panel = loupe.stoneDetail();
  await expect(panel).toHaveAttribute('data-sku', 'RB-3001');
  await expect(panel.getByTestId('stone-photos')).toContainText('No photos yet');
  await panel.getByLabel('Choose photos or videos').setInputFiles({
    name: 'ruby-front.jpg',
    mimeType: 'image/jpeg',
    buffer: photo,
  });
  const thumb = panel.getByRole('button', { name: 'Open ruby-front.jpg (cover)' }).locator('img');
  await expect(thumb).toBeVisible();
  await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(240);
  await expect(panel.getByTestId('stone-thumb')).toBeVisible();

  await thumb.click();
  const viewer = page.getByTestId('media-viewer');
  await expect(viewer).toBeVisible();
  await expect(viewer.getByRole('img', { name: 'ruby-front.jpg' })).toBeVisible();
  await expect
    .poll(() =>
      viewer.getByRole('img', { name: 'ruby-front.jpg' }).evaluate((img: HTMLImageElement) => img.naturalWidth),
    )
    .toBe(900);
  await expect(viewer).toContainText('Waiting to upload');
  await page.getByRole('button', { name: 'Close' }).last().click();
  await expect(viewer).toBeHidden();
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();

  // The grid's thumbnail column shows the cover.
  const gridThumb = row.getByTestId('stone-thumb');
  await expect(gridThumb).toBeVisible();
  await expect.poll(() => gridThumb.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(240);
});

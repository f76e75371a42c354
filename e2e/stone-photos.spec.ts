import sharp from 'sharp';
import type { Page } from '@playwright/test';
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

/**
 * A short WebM made in a scratch page: a canvas drawn a few frames running, recorded by MediaRecorder
 * (Chromium's own VP8 encoder). Frames are asked for one by one (captureStream(0) + requestFrame), so
 * nothing depends on how long the recording runs.
 */
async function recordWebm(page: Page): Promise<Buffer> {
  const scratch = await page.context().newPage();
  try {
    const base64 = await scratch.evaluate(async () => {
      const canvas = document.createElement('canvas');
      canvas.width = 160;
      canvas.height = 120;
      const draw = canvas.getContext('2d')!;
      const stream = canvas.captureStream(0);
      const track = stream.getVideoTracks()[0] as CanvasCaptureMediaStreamTrack;
      const recorder = new MediaRecorder(stream, { mimeType: 'video/webm;codecs=vp8' });
      const chunks: Blob[] = [];
      recorder.ondataavailable = (event) => chunks.push(event.data);
      const stopped = new Promise((resolve) => (recorder.onstop = resolve));
      recorder.start();
      for (let frame = 0; frame < 12; frame++) {
        draw.fillStyle = `hsl(${frame * 30}, 70%, 45%)`;
        draw.fillRect(0, 0, canvas.width, canvas.height);
        track.requestFrame();
        await new Promise((resolve) => requestAnimationFrame(resolve));
      }
      recorder.stop();
      await stopped;
      const bytes = new Uint8Array(await new Blob(chunks).arrayBuffer());
      let binary = '';
      for (const byte of bytes) binary += String.fromCharCode(byte);
      return btoa(binary);
    });
    return Buffer.from(base64, 'base64');
  } finally {
    await scratch.close();
  }
}

test('an administrator attaches a short video: the grid shows the film tile and the viewer plays it', async ({
  dataDir,
  launch,
  loupe,
  page,
}) => {
  await seedStones(dataDir, [RUBY]);
  const clip = await recordWebm(page);
  expect(clip.subarray(0, 4)).toEqual(Buffer.from([0x1a, 0x45, 0xdf, 0xa3])); // an EBML (WebM) file
  const host = await launch();
  await loupe.open(host.url);
  await loupe.signIn(ADMIN.username, ADMIN.password);
  await loupe.goTo('Inventory');
  const row = loupe.stoneRows().filter({ hasText: 'RB-3001' });
  await expect(row.getByTestId('thumb-placeholder')).toBeVisible();

  await loupe.leaveFields();
  await loupe.scanKeys('RB-3001');
  const panel = loupe.stoneDetail();
  await expect(panel).toHaveAttribute('data-sku', 'RB-3001');
  await panel.getByLabel('Choose photos or videos').setInputFiles({
    name: 'turntable.webm',
    mimeType: 'video/webm',
    buffer: clip,
  });
  const tile = panel.getByRole('button', { name: 'Open turntable.webm (cover)' }).locator('img');
  await expect(tile).toBeVisible();
  await expect.poll(() => tile.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);

  await tile.click();
  const viewer = page.getByTestId('media-viewer');
  const video = viewer.locator('video');
  await expect(video).toHaveAttribute('aria-label', 'turntable.webm');
  await expect(video).toHaveAttribute('src', /^\/media\/file\/[^/]+\/[0-9a-f]{64}\?s=/);
  // Chromium reads the video from the host (by byte ranges) until it knows its size and length.
  await expect
    .poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState >= HTMLMediaElement.HAVE_METADATA))
    .toBe(true);
  expect(await video.evaluate((v: HTMLVideoElement) => [v.videoWidth, v.videoHeight, v.error])).toEqual([
    160,
    120,
    null,
  ]);
  await expect(viewer).toContainText('Waiting to upload');
  await page.getByRole('button', { name: 'Close' }).last().click();
  await expect(viewer).toBeHidden();
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();

  // The grid's first column shows the film tile the host draws for a video (no video decoder ships with Loupe).
  const gridThumb = row.getByTestId('stone-thumb');
  await expect(gridThumb).toBeVisible();
  await expect
    .poll(() => gridThumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0))
    .toBe(true);
  const answer = await page.request.get(new URL((await gridThumb.getAttribute('src'))!, host.url).href);
  expect(answer.headers()['content-type']).toBe('image/svg+xml');
});

import { ADMIN } from './pages/loupe-app';
import { expect, test } from './fixtures';

test('an administrator sets up Loupe, adds stones, and finds them again after a restart', async ({
  launch,
  loupe,
  page,
}) => {
  const first = await launch();
  await loupe.open(first.url);
  await loupe.setUpFirstAdmin();

  await loupe.signOut();
  await loupe.signIn(ADMIN.username, 'not my password');
  await expect(page.getByRole('alert')).toHaveText('Wrong username or password.');
  await loupe.signIn(ADMIN.username, ADMIN.password);
  await expect(page.getByTestId('signed-in-user')).toHaveText(ADMIN.fullName);

  await loupe.addStone({ sku: 'SA-2001', gemstoneType: 'Sapphire', caratWeight: '2.5', clarityGrade: 'Eye Clean' });
  await loupe.expectSkusInOrder(['SA-2001']);
  // The heaviest stone goes to the top, without a reload.
  await loupe.addStone({ sku: 'DI-0007', gemstoneType: 'Diamond', caratWeight: '5.019', clarityGrade: 'VS1' });
  await loupe.expectSkusInOrder(['DI-0007', 'SA-2001']);
  await expect(loupe.stoneRows().first()).toContainText('5.02');
  await expect(loupe.summary()).toHaveText('2 stones · 7.52 ct');

  await first.stop();
  const second = await launch();
  expect(second.url).not.toBe(first.url); // a fresh access token per launch
  await loupe.open(second.url);
  await loupe.signIn(ADMIN.username, ADMIN.password);
  await loupe.expectSkusInOrder(['DI-0007', 'SA-2001']);
});

test('an invalid carat weight or a taken SKU shows a field error and saves nothing', async ({
  launch,
  loupe,
  page,
}) => {
  const host = await launch();
  await loupe.open(host.url);
  await loupe.setUpFirstAdmin();
  await loupe.addStone({
    sku: 'EM-0042',
    gemstoneType: 'Emerald',
    caratWeight: '1.20',
    clarityGrade: 'Moderately Included',
  });

  await loupe.openAddStone();
  await loupe.fillStone({ sku: 'RU-0001', gemstoneType: 'Ruby', caratWeight: '0', clarityGrade: 'Eye Clean' });
  await loupe.submitStone();
  await expect(loupe.stoneForm.getByText('Carat weight must be greater than 0')).toBeVisible();

  // A SKU that is already taken is refused by the core and shown on the SKU field.
  await loupe.stoneForm.getByLabel('Carat weight').fill('1.5');
  await loupe.stoneForm.getByLabel('SKU').fill('EM-0042');
  await loupe.submitStone();
  await expect(loupe.stoneForm.getByText('A stone with SKU EM-0042 already exists.')).toBeVisible();

  await page.keyboard.press('Escape');
  await expect(loupe.stoneForm).toBeHidden();
  await expect(loupe.summary()).toHaveText('1 stone · 1.20 ct');
  await loupe.expectSkusInOrder(['EM-0042']);
});

test('the browser host answers only with its launch token', async ({ launch, request }) => {
  const host = await launch();
  const withoutToken = await request.get(`${host.origin}/`, { maxRedirects: 0 });
  expect(withoutToken.status()).toBe(401);
  const api = await request.get(`${host.origin}/trpc/auth.status`);
  expect(api.status()).toBe(401);
  const wrong = await request.get(`${host.origin}/?token=guess`, { maxRedirects: 0 });
  expect(wrong.status()).toBe(401);
  const right = await request.get(host.url, { maxRedirects: 0 });
  expect(right.status()).toBe(303);
});

test('npm start without the Electron binary says so and serves the workstation in the browser', async ({
  dataDir,
  page,
}) => {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    env: {
      ...process.env,
      ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
      LOUPE_NO_BUILD: '1',
      LOUPE_DATA_DIR: dataDir,
      LOUPE_PORT: '0',
    },
  });
  let output = '';
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(output)), 20_000);
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /Loupe is ready at (\S+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
    });
    expect(output).toContain(
      'The Electron binary is not installed on this machine, so Loupe is served to your browser instead',
    );
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
    await page.goto(url);
    await expect(page.getByRole('heading', { name: 'Set up Loupe' })).toBeVisible();
  } finally {
    child.kill('SIGTERM');
  }
});

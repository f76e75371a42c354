import { LoupeApp } from './pages/loupe-app';
import { expect, test } from './fixtures';

const PRACTITIONER = {
  username: 'kofi',
  fullName: 'Kofi Mensah',
  email: 'kofi@example.com',
  password: 'loupe and tweezers',
  role: 'Practitioner',
};

test('a practitioner sees the stones but cannot add one; a stone added in one window appears in another at once', async ({
  launch,
  loupe,
  browser,
}) => {
  const host = await launch();
  await loupe.open(host.url);
  await loupe.setUpFirstAdmin();
  await loupe.addStaff(PRACTITIONER);

  // A second person at another screen of the same workstation.
  const otherContext = await browser.newContext();
  const other = new LoupeApp(await otherContext.newPage());
  await other.open(host.url);
  await other.signIn(PRACTITIONER.username, PRACTITIONER.password);
  await expect(other.page.getByText('Practitioner', { exact: true })).toBeVisible();
  await expect(other.page.getByRole('button', { name: 'Add stone' })).toHaveCount(0);
  await expect(other.summary()).toHaveText('0 stones · 0.00 ct');

  await loupe.goTo('Inventory');
  await loupe.addStone({ sku: 'SP-0300', gemstoneType: 'Spinel', caratWeight: '3.00', clarityGrade: 'Eye Clean' });
  // No reload on the other screen: the change arrives by subscription.
  await other.expectSkusInOrder(['SP-0300']);
  await expect(other.summary()).toHaveText('1 stone · 3.00 ct');
  await otherContext.close();
});

test('a role an administrator changes shows at once on the other person’s screen: header and buttons, no sign-in again', async ({
  launch,
  loupe,
  browser,
}) => {
  const host = await launch();
  await loupe.open(host.url);
  await loupe.setUpFirstAdmin();
  await loupe.addStaff({ ...PRACTITIONER, role: 'Coordinator' });

  const otherContext = await browser.newContext();
  const other = new LoupeApp(await otherContext.newPage());
  await other.open(host.url);
  await other.signIn(PRACTITIONER.username, PRACTITIONER.password);
  await other.goTo('Inventory');
  await expect(other.page.getByRole('banner').getByText('Coordinator', { exact: true })).toBeVisible();
  await expect(other.page.getByRole('button', { name: 'Add stone' })).toBeVisible();

  await loupe.page.getByRole('combobox', { name: `Role of ${PRACTITIONER.username}` }).click();
  await loupe.page.getByRole('option', { name: 'Practitioner', exact: true }).click();
  await expect(other.page.getByRole('banner').getByText('Practitioner', { exact: true })).toBeVisible();
  await expect(other.page.getByRole('button', { name: 'Add stone' })).toHaveCount(0);
  await otherContext.close();
});

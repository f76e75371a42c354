import { expect, type Locator, type Page } from '@playwright/test';

export const ADMIN = {
  username: 'amara',
  fullName: 'Amara Okafor',
  email: 'amara@example.com',
  password: 'correct horse battery',
};
/** Staff an administrator adds in the certificate specs (Settings → Staff). */
export const PRACTITIONER = {
  username: 'pia',
  fullName: 'Pia Lindqvist',
  email: 'pia@example.com',
  password: 'loupe and tweezers',
  role: 'Practitioner',
};
export const COORDINATOR = {
  username: 'cody',
  fullName: 'Cody Baptiste',
  email: 'cody@example.com',
  password: 'showroom counter 9',
  role: 'Coordinator',
};

export interface StoneEntry {
  sku: string;
  gemstoneType: string;
  caratWeight: string;
  clarityGrade: string;
}

/** The page model of the workstation: what a person sees and does, in their words. */
export class LoupeApp {
  constructor(readonly page: Page) {}

  async open(url: string) {
    await this.page.goto(url);
  }

  async setUpFirstAdmin(admin = ADMIN) {
    await expect(this.page.getByRole('heading', { name: 'Set up Loupe' })).toBeVisible();
    await this.page.getByLabel('Username').fill(admin.username);
    await this.page.getByLabel('Full name').fill(admin.fullName);
    await this.page.getByLabel('Email').fill(admin.email);
    await this.page.getByLabel('Password', { exact: true }).fill(admin.password);
    await this.page.getByRole('button', { name: 'Create administrator' }).click();
    await expect(this.page.getByTestId('signed-in-user')).toHaveText(admin.fullName);
  }

  async signIn(username: string, password: string) {
    await expect(this.page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await this.page.getByLabel('Username').fill(username);
    await this.page.getByLabel('Password', { exact: true }).fill(password);
    await this.page.getByLabel('Password', { exact: true }).press('Enter');
  }

  async signOut() {
    await this.page.getByRole('button', { name: 'Sign out' }).click();
    await expect(this.page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  }

  get stoneForm(): Locator {
    return this.page.getByRole('dialog');
  }

  async openAddStone() {
    await this.page.getByRole('button', { name: 'Add stone' }).click();
    await expect(this.stoneForm).toBeVisible();
  }

  async fillStone(stone: StoneEntry) {
    const form = this.stoneForm;
    await form.getByLabel('SKU').fill(stone.sku);
    await form.getByLabel('Gemstone type').fill(stone.gemstoneType);
    await form.getByLabel('Carat weight').fill(stone.caratWeight);
    await form.getByRole('combobox', { name: 'Clarity grade' }).click();
    await this.page.getByRole('option', { name: stone.clarityGrade, exact: true }).click();
  }

  async submitStone() {
    await this.stoneForm.getByLabel('Carat weight').press('Enter');
  }

  async addStone(stone: StoneEntry) {
    await this.openAddStone();
    await this.fillStone(stone);
    await this.submitStone();
    await expect(this.stoneForm).toBeHidden();
  }

  async goTo(screen: string) {
    await this.page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('link', { name: screen, exact: true })
      .click();
    await expect(this.page.getByRole('heading', { name: screen, level: 3 })).toBeVisible();
  }

  async addStaff(member: { username: string; fullName: string; email: string; password: string; role: string }) {
    await this.goTo('Settings');
    await this.page.getByRole('button', { name: 'Add staff member' }).click();
    const form = this.page.getByRole('dialog');
    await form.getByLabel('Username').fill(member.username);
    await form.getByLabel('Full name').fill(member.fullName);
    await form.getByLabel('Email').fill(member.email);
    await form.getByLabel('Password', { exact: true }).fill(member.password);
    await form
      .getByRole('textbox', { name: 'Role' })
      .or(form.getByRole('combobox', { name: 'Role' }))
      .click();
    await this.page.getByRole('option', { name: member.role, exact: true }).click();
    await form.getByRole('button', { name: 'Add staff member' }).click();
    await expect(form).toBeHidden();
    await expect(this.page.getByRole('table', { name: 'Staff' })).toContainText(member.username);
  }

  async connectToBackend(
    backend: { serverURL: string; liveQueryURL: string; appId: string; javascriptKey: string },
    password: string,
  ) {
    await this.goTo('Settings');
    const form = this.page.getByRole('form', { name: 'Connect to the backend' });
    await form.getByLabel('Server URL').fill(backend.serverURL);
    await form.getByLabel('Application ID').fill(backend.appId);
    await form.getByLabel('Client key').fill(backend.javascriptKey);
    await form.getByLabel('LiveQuery URL').fill(backend.liveQueryURL);
    await form.getByLabel('Backend password', { exact: true }).fill(password);
    await form.getByRole('button', { name: 'Connect' }).click();
    await expect(this.page.getByTestId('connect-report')).toContainText('Staff matched to backend users', {
      timeout: 30_000,
    });
  }

  stoneRows(): Locator {
    return this.page.getByTestId('stone-row');
  }

  async expectSkusInOrder(skus: string[]) {
    // The first cell is the photo; the SKU comes second.
    await expect(this.stoneRows().locator('td:nth-child(2)')).toHaveText(skus);
  }

  summary(): Locator {
    return this.page.getByTestId('inventory-summary');
  }

  // Inventory desk and vault

  /**
   * A USB scanner: the code's keys within milliseconds of each other, then Enter, wherever focus is.
   * Dispatched in the page in one go, so a busy test machine cannot stretch the gaps between keys.
   */
  async scanKeys(code: string) {
    await this.page.evaluate((keys) => {
      const target = document.activeElement ?? document.body;
      for (const key of [...keys.split(''), 'Enter']) {
        target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
        target.dispatchEvent(new KeyboardEvent('keyup', { key, bubbles: true, cancelable: true }));
      }
    }, code);
  }

  /** Takes focus out of any field (as clicking on an empty part of the screen does). */
  async leaveFields() {
    await this.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  }

  stoneDetail(): Locator {
    return this.page.getByTestId('stone-detail');
  }

  async filterGrid(label: string, option: string) {
    const filters = this.page.getByRole('search', { name: 'Filter stones' });
    await filters
      .getByRole('textbox', { name: label, exact: true })
      .or(filters.getByRole('combobox', { name: label, exact: true }))
      .click();
    await this.page.getByRole('option', { name: option, exact: true }).click();
  }

  async sortGridBy(column: string) {
    await this.page
      .getByRole('table', { name: 'Stones' })
      .getByRole('button', { name: new RegExp(`^${column}`) })
      .click();
  }

  async importCsv(fileName: string, csv: string) {
    await this.page.getByRole('button', { name: 'Import CSV' }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Import stones from CSV' });
    await dialog
      .locator('input[type=file]')
      .setInputFiles({ name: fileName, mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await expect(dialog.getByTestId('import-report')).toBeVisible();
    return dialog;
  }
}

import { expect, type Locator, type Page } from '@playwright/test';

export const ADMIN = { username: 'amara', fullName: 'Amara Okafor', email: 'amara@example.com', password: 'correct horse battery' };

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
    await this.page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: screen, exact: true }).click();
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
    await form.getByRole('textbox', { name: 'Role' }).or(form.getByRole('combobox', { name: 'Role' })).click();
    await this.page.getByRole('option', { name: member.role, exact: true }).click();
    await form.getByRole('button', { name: 'Add staff member' }).click();
    await expect(form).toBeHidden();
    await expect(this.page.getByRole('table', { name: 'Staff' })).toContainText(member.username);
  }

  stoneRows(): Locator {
    return this.page.getByTestId('stone-row');
  }

  async expectSkusInOrder(skus: string[]) {
    await expect(this.stoneRows().locator('td:first-child')).toHaveText(skus);
  }

  summary(): Locator {
    return this.page.getByTestId('inventory-summary');
  }
}

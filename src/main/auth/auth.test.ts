import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, refusal, refusalShape, signedInAdmin, startTestCore, type TestCore } from '../test-support/core';
import { hashPassword, verifyPassword } from './password';

let t: TestCore;
beforeEach(async () => (t = await startTestCore()));
afterEach(() => t.dispose());

describe('first run and sign-in', () => {
  it('asks for the first administrator on an empty database, and only then', async () => {
    const caller = t.core.caller('window-1');
    expect(await caller.auth.status()).toEqual({ needsFirstAdmin: true, user: null });
    const admin = await caller.auth.createFirstAdmin(ADMIN);
    expect(admin).toMatchObject({ username: 'amara', role: 'admin', fullName: 'Amara Okafor' });
    expect(await caller.auth.status()).toEqual({ needsFirstAdmin: false, user: admin });

    const second = await refusal(t.core.caller('window-2').auth.createFirstAdmin({ ...ADMIN, username: 'intruder' }));
    expect(second.code).toBe('CONFLICT');
    expect(second.message).toMatch(/already has an administrator/);
  });

  it('refuses a weak first password with a message on the password field, and creates nobody', async () => {
    const shape = await refusalShape(t.core, 'w', {
      type: 'mutation',
      path: 'auth.createFirstAdmin',
      input: { ...ADMIN, password: 'short' },
    });
    expect(shape.data.code).toBe('BAD_REQUEST');
    expect(shape.data.fieldErrors?.password?.[0]).toMatch(/at least 10 characters/);
    expect(await t.core.caller('w').auth.status()).toMatchObject({ needsFirstAdmin: true });
  });

  it('stores only a slow salted hash, never the password, and never hands the hash out', async () => {
    const admin = await signedInAdmin(t.core);
    const row = t.core.store.sqlite.prepare('SELECT * FROM users').get() as Record<string, string>;
    expect(row.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(JSON.stringify(row)).not.toContain(ADMIN.password);
    const status = await admin.auth.status();
    expect(JSON.stringify(status)).not.toContain('scrypt');
    expect(status.user).not.toHaveProperty('passwordHash');
  });

  it('signs in and out per connection; a wrong password or unknown user says only that', async () => {
    await signedInAdmin(t.core, 'setup-window');
    const other = t.core.caller('other-window');
    expect((await other.auth.status()).user).toBeNull();

    const wrongPassword = await refusal(other.auth.signIn({ username: 'amara', password: 'not the password' }));
    const unknownUser = await refusal(other.auth.signIn({ username: 'nobody', password: 'whatever it is' }));
    expect(wrongPassword.code).toBe('UNAUTHORIZED');
    expect(wrongPassword.message).toBe('Wrong username or password.');
    expect(unknownUser.message).toBe(wrongPassword.message);

    await other.auth.signIn({ username: 'amara', password: ADMIN.password });
    expect((await other.auth.status()).user?.username).toBe('amara');
    await other.auth.signOut();
    expect((await other.auth.status()).user).toBeNull();
    expect((await t.core.caller('setup-window').auth.status()).user?.username).toBe('amara');
  });

  it('signs everyone out when the app restarts, but keeps the accounts', async () => {
    await signedInAdmin(t.core, 'w');
    const core = await t.restart();
    expect(await core.caller('w').auth.status()).toEqual({ needsFirstAdmin: false, user: null });
    await core.caller('w').auth.signIn({ username: 'amara', password: ADMIN.password });
  });
});

describe('password hashing', () => {
  it('verifies the right password only, with a different salt each time', async () => {
    const cheap = { N: 2 ** 10, r: 8, p: 1 };
    const a = await hashPassword('opal and onyx', cheap);
    const b = await hashPassword('opal and onyx', cheap);
    expect(a).not.toBe(b);
    expect(await verifyPassword('opal and onyx', a)).toBe(true);
    expect(await verifyPassword('opal and onyx!', a)).toBe(false);
    expect(await verifyPassword('opal and onyx', 'garbage')).toBe(false);
  });
});

describe('staff', () => {
  it('admins add staff with a role; they sign in and get that role', async () => {
    const admin = await signedInAdmin(t.core);
    const added = await admin.auth.staff.create({
      username: 'kofi',
      fullName: 'Kofi Mensah',
      email: 'kofi@example.com',
      password: 'vault keys 1234',
      role: 'practitioner',
    });
    expect(added).toMatchObject({ username: 'kofi', role: 'practitioner', canSignInHere: true });
    const kofi = t.core.caller('kofi-window');
    await kofi.auth.signIn({ username: 'kofi', password: 'vault keys 1234' });
    expect((await kofi.auth.status()).user?.role).toBe('practitioner');
    expect((await kofi.auth.staff.list()).map((s) => s.username)).toEqual(['amara', 'kofi']);

    const taken = await refusal(
      admin.auth.staff.create({
        username: 'kofi',
        fullName: 'K',
        email: 'k@example.com',
        password: 'another password',
        role: 'admin',
      }),
    );
    expect(taken.message).toBe('The username kofi is taken.');
  });

  it('only admins manage staff, and a role change applies to a signed-in session at once', async () => {
    const admin = await signedInAdmin(t.core);
    const member = await admin.auth.staff.create({
      username: 'lin',
      fullName: 'Lin Wei',
      email: 'lin@example.com',
      password: 'showcase 4 keys',
      role: 'coordinator',
    });
    const lin = t.core.caller('lin-window');
    await lin.auth.signIn({ username: 'lin', password: 'showcase 4 keys' });
    expect((await refusal(lin.auth.staff.setRole({ userId: member.id, role: 'admin' }))).code).toBe('FORBIDDEN');
    await admin.auth.staff.setRole({ userId: member.id, role: 'practitioner' });
    expect((await lin.auth.status()).user?.role).toBe('practitioner');
  });

  it('keeps at least one administrator', async () => {
    const admin = await signedInAdmin(t.core);
    const me = (await admin.auth.status()).user!;
    const refused = await refusal(admin.auth.staff.setRole({ userId: me.id, role: 'coordinator' }));
    expect(refused.message).toMatch(/at least one administrator/);
    expect((await admin.auth.status()).user?.role).toBe('admin');
  });
});

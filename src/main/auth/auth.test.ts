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

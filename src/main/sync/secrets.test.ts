import { describe, expect, it } from 'vitest';
import { tempFilePaths } from '../test-support/core';
import { FileSecretStore, type Cipher } from './secrets';

const secretsFile = tempFilePaths('secrets.bin');

/** A stand-in for safeStorage that counts how often the file is decrypted. */
function countingCipher() {
  const cipher = {
    decrypts: 0,
    encrypt: (plain: string) => Buffer.from(plain, 'utf8').reverse(),
    decrypt: (data: Buffer) => {
      cipher.decrypts++;
      return Buffer.from(data).reverse().toString('utf8');
    },
  };
  return cipher satisfies Cipher;
}

describe('the secret store', () => {
  it('decrypts the file once for many reads, not once per read', () => {
    const cipher = countingCipher();
    const store = new FileSecretStore(secretsFile(), cipher);
    store.set('session:a', 'token-a');
    store.set('session:b', 'token-b');
    cipher.decrypts = 0;
    for (let i = 0; i < 1000; i++) {
      expect(store.get('session:a')).toBe('token-a');
      expect(store.get('expired:a')).toBeNull();
    }
    expect(cipher.decrypts).toBe(0);
  });

  it('still sees what another process wrote to the same file', () => {
    const file = secretsFile();
    const cipher = countingCipher();
    const window = new FileSecretStore(file, cipher);
    window.set('session:a', 'old');
    expect(window.get('session:a')).toBe('old');
    new FileSecretStore(file, cipher).set('session:a', 'new'); // e.g. `loupe sync` signing in again
    expect(window.get('session:a')).toBe('new');
    new FileSecretStore(file, cipher).delete('session:a');
    expect(window.get('session:a')).toBeNull();
  });
});

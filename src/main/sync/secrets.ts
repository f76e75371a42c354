import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Where backend session tokens live: only in the main process, encrypted at rest where the platform can
 * (the Electron shell passes a safeStorage-backed store), never in SQLite, never sent to the renderer.
 */
export interface SecretStore {
  get(key: string): string | null;
  set(key: string, value: string): void;
  delete(key: string): void;
  /** Every stored value, so logs and diagnostics can prove none of them leaks (redaction). */
  values?(): string[];
}

export interface Cipher {
  encrypt(plain: string): Buffer;
  decrypt(cipher: Buffer): string;
}

/**
 * Secrets in one file readable only by the user (0600). With a cipher (Electron's safeStorage) the file
 * holds ciphertext; the browser host has no OS keychain, so there it relies on the file's permissions.
 */
export class FileSecretStore implements SecretStore {
  constructor(
    readonly file: string,
    private readonly cipher?: Cipher,
  ) {}

  private readAll(): Record<string, string> {
    if (!existsSync(this.file)) return {};
    const raw = readFileSync(this.file);
    const text = this.cipher ? this.cipher.decrypt(raw) : raw.toString('utf8');
    return JSON.parse(text) as Record<string, string>;
  }

  private writeAll(values: Record<string, string>) {
    mkdirSync(dirname(this.file), { recursive: true });
    const text = JSON.stringify(values);
    const temp = `${this.file}.tmp`;
    writeFileSync(temp, this.cipher ? this.cipher.encrypt(text) : text, { mode: 0o600 });
    chmodSync(temp, 0o600);
    renameSync(temp, this.file);
  }

  get(key: string) {
    return this.readAll()[key] ?? null;
  }

  set(key: string, value: string) {
    this.writeAll({ ...this.readAll(), [key]: value });
  }

  delete(key: string) {
    const { [key]: _gone, ...rest } = this.readAll();
    this.writeAll(rest);
  }

  values() {
    try {
      return Object.values(this.readAll());
    } catch {
      return []; // unreadable (e.g. the keychain is locked): nothing can leak from it either
    }
  }
}

import { chmodSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
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

  /**
   * The file as last read, by its identity: sync asks for sessions many times a cycle, and reading (in the
   * window, decrypting) each time is waste. Every write replaces the file (a new inode), so a change made
   * by another process (the `loupe` command) is still seen at the next read.
   */
  private cached: { identity: string; values: Record<string, string> } | null = null;

  private identity(): string | null {
    const stat = statSync(this.file, { throwIfNoEntry: false });
    return stat ? `${stat.ino}:${stat.size}:${stat.mtimeMs}` : null;
  }

  private readAll(): Record<string, string> {
    const identity = this.identity();
    if (identity === null) return {};
    if (this.cached?.identity === identity) return this.cached.values;
    const raw = readFileSync(this.file);
    const text = this.cipher ? this.cipher.decrypt(raw) : raw.toString('utf8');
    const values = JSON.parse(text) as Record<string, string>;
    this.cached = { identity, values };
    return values;
  }

  private writeAll(values: Record<string, string>) {
    mkdirSync(dirname(this.file), { recursive: true });
    const text = JSON.stringify(values);
    const temp = `${this.file}.tmp`;
    writeFileSync(temp, this.cipher ? this.cipher.encrypt(text) : text, { mode: 0o600 });
    chmodSync(temp, 0o600);
    renameSync(temp, this.file);
    this.cached = { identity: this.identity()!, values };
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

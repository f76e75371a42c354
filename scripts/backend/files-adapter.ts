import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

// Parse Files for the local backend, kept in a folder of its data dir. Parse Server's default files
// adapter (GridFS) needs MongoDB, and the local backend runs on PostgreSQL; Back4app keeps files in its own
// storage. Certificate reports (CertificateLog.document) are Parse Files, so the local backend needs one.

export class LocalFilesAdapter {
  constructor(private readonly dir: string) {}

  private fileOf(filename: string): string {
    // Parse names files `<random>_<name>`; encode so no name can leave the folder.
    return path.join(this.dir, encodeURIComponent(filename));
  }

  async createFile(filename: string, data: Buffer | string): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await writeFile(this.fileOf(filename), data);
  }

  async deleteFile(filename: string): Promise<void> {
    await rm(this.fileOf(filename), { force: true });
  }

  getFileData(filename: string): Promise<Buffer> {
    return readFile(this.fileOf(filename));
  }

  getFileLocation(config: { mount: string; applicationId: string }, filename: string): string {
    return `${config.mount}/files/${config.applicationId}/${encodeURIComponent(filename)}`;
  }
}

import { afterEach, describe, expect, it } from 'vitest';
import { seedDemo } from '../../../scripts/seed-demo';
import { createCore } from '../core/create-core';
import { tempDataDir } from '../test-support/core';

// `npm run seed:demo` fills a database a person then opens: its stones must follow the certificate-status
// rule like any other, or the demo shows "Verified" over "No certificate has been verified for this stone yet".

const dirs: { remove(): void }[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

describe('the demo inventory', () => {
  it('backs every Verified stone with a verified entry and every Mismatch with the verification that found it', async () => {
    const data = tempDataDir();
    dirs.push(data);
    await seedDemo({ dataDir: data.dir, stones: 300, log: () => {} });
    const core = await createCore({ dataDir: data.dir, startSync: false });
    try {
      const unbacked = core.store.sqlite
        .prepare(
          `SELECT g.sku, g.certificateStatus, (
             SELECT c.verificationResult FROM certificate_logs c WHERE c.gemstone = g.id AND c.verificationResult <> 'status_change'
             ORDER BY c.verifiedAt DESC LIMIT 1) AS latest
           FROM gemstones g WHERE g.certificateStatus IN ('verified', 'mismatch')`,
        )
        .all() as { sku: string; certificateStatus: string; latest: string | null }[];
      expect(unbacked.length).toBeGreaterThan(100);
      expect(unbacked.filter((s) => s.latest !== s.certificateStatus)).toEqual([]);
    } finally {
      await core.close();
    }
  });
});

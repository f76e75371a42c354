import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Caller, type Core } from '../core/create-core';
import { aStone, refusal, signedInAdmin, signedInAs, tempDataDir } from '../test-support/core';
import { cubeSql, rowsSql } from './queries';
import { sqliteOf } from './queue';

// The verification queue filtered by lab, location and how long stones have waited, with the number of
// stones behind each option; on a real SQLite file, through the tRPC caller.

let data: ReturnType<typeof tempDataDir>;
let core: Core;
let now: number;
let admin: Caller;
let practitioner: Caller;

beforeEach(async () => {
  data = tempDataDir();
  now = Date.parse('2025-12-20T10:00:00.000Z');
  core = await createCore({ dataDir: data.dir, clock: () => now, startSync: false });
  admin = await signedInAdmin(core);
  practitioner = await signedInAs(core, 'practitioner', 'pim');
});
afterEach(async () => {
  await core.close();
  data.remove();
});

const stone = (sku: string, location: string, certificateNumber: string | null) =>
  admin.inventory.create(
    aStone({ sku, location, certificateNumber, certificateStatus: certificateNumber ? 'pending' : 'none' }),
  );

/** Six waiting stones, a verified one, and a pending re-check at SSEF; asked on 1 April 2026. */
async function aQueue() {
  const a = await stone('Q-A', 'Vault', '2141234567'); // GIA's format; the server has it since 1 Dec
  core.store.sqlite
    .prepare("UPDATE gemstones SET createdAt = '2025-12-01T00:00:00.000Z', objectId = 'srv-a' WHERE id = ?")
    .run(a.id);
  await stone('Q-B', 'Safe', 'LG612345678'); // IGI's format
  await stone('Q-C', 'Vault', null);
  now = Date.parse('2026-02-15T10:00:00.000Z');
  await stone('Q-D', 'Vault', 'X-77'); // a format Loupe does not know
  const e = await stone('Q-E', 'Safe', '2141234568');
  await practitioner.certificates.record({
    gemstone: e.id,
    issuedBy: 'SSEF',
    certificateNumber: '2141234568',
    verificationResult: 'pending_recheck',
  });
  const done = await stone('Q-DONE', 'Vault', '2141234569');
  await practitioner.certificates.record({
    gemstone: done.id,
    issuedBy: 'GIA',
    certificateNumber: '2141234569',
    verificationResult: 'verified',
  });
  now = Date.parse('2026-03-30T10:00:00.000Z');
  await stone('Q-F', 'Counter', '2141234570');
  now = Date.parse('2026-04-01T10:00:00.000Z');
  return { a };
}

const skus = (queue: { rows: { sku: string }[] }) => queue.rows.map((r) => r.sku);

describe('the verification queue’s filters', () => {
  it('filters by lab, location and age, and counts the stones behind each option within the other choices', async () => {
    const { a } = await aQueue();
    const all = await admin.certificates.queue();
    expect(skus(all)).toEqual(['Q-A', 'Q-B', 'Q-C', 'Q-D', 'Q-E', 'Q-F']);
    expect(all).toMatchObject({ total: 6, awaiting: 6 });
    expect(all.facets).toEqual({
      labs: [
        { lab: 'GIA', stones: 2 },
        { lab: 'IGI', stones: 1 },
        { lab: 'SSEF', stones: 1 }, // its pending re-check names the lab
        { lab: 'unknown', stones: 2 },
      ],
      locations: [
        { location: 'Counter', stones: 1 },
        { location: 'Safe', stones: 2 },
        { location: 'Vault', stones: 3 },
      ],
      ages: [
        { olderThanDays: 7, stones: 5 },
        { olderThanDays: 30, stones: 5 },
        { olderThanDays: 90, stones: 3 },
      ],
      anyAge: 6,
    });

    const gia = await admin.certificates.queue({ filter: { lab: 'GIA' } });
    expect(skus(gia)).toEqual(['Q-A', 'Q-F']);
    expect(gia.total).toBe(2);
    expect(gia.facets.locations).toEqual([
      { location: 'Counter', stones: 1 },
      { location: 'Vault', stones: 1 },
    ]);
    // The lab's own options still show every lab (choosing another replaces this one).
    expect(gia.facets.labs.map((l) => l.lab)).toEqual(['GIA', 'IGI', 'SSEF', 'unknown']);

    const oldInVault = await admin.certificates.queue({ filter: { location: 'Vault', olderThanDays: 90 } });
    expect(skus(oldInVault)).toEqual(['Q-A', 'Q-C']);
    expect(oldInVault.facets.labs).toEqual([
      { lab: 'GIA', stones: 1 },
      { lab: 'unknown', stones: 1 },
    ]);
    expect(oldInVault.facets.ages).toEqual([
      { olderThanDays: 7, stones: 3 },
      { olderThanDays: 30, stones: 3 },
      { olderThanDays: 90, stones: 2 },
    ]);
    expect(skus(await admin.certificates.queue({ filter: { lab: 'unknown', olderThanDays: 30 } }))).toEqual([
      'Q-C',
      'Q-D',
    ]);
    expect(skus(await admin.certificates.queue({ filter: { lab: 'SSEF', location: 'Safe' } }))).toEqual(['Q-E']);

    // A verification takes the stone out of the queue and out of the counts at once.
    await practitioner.certificates.record({
      gemstone: a.id,
      issuedBy: 'GIA',
      certificateNumber: '2141234567',
      verificationResult: 'verified',
    });
    const after = await admin.certificates.queue({ filter: { lab: 'GIA' } });
    expect(skus(after)).toEqual(['Q-F']);
    expect(after.facets.labs[0]).toEqual({ lab: 'GIA', stones: 1 });
    expect(after.awaiting).toBe(5);
  });

  it('refuses a lab or an age that is not an option, in words', async () => {
    expect((await refusal(admin.certificates.queue({ filter: { lab: 'XYZ' as 'GIA' } }))).message).toMatch(
      /Choose a lab from the list/,
    );
    expect((await refusal(admin.certificates.queue({ filter: { olderThanDays: 12 as 7 } }))).message).toMatch(
      /Choose 7, 30 or 90 days/,
    );
  });

  it('walks an index in queue order for every filter, and counts from one index alone', async () => {
    await aQueue();
    await admin.certificates.queue(); // registers the lab function the SQL calls
    const sqlite = sqliteOf(core.store);
    const plan = (sql: string) => {
      const statement = sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`);
      const params = {
        status: 'none',
        limit: 200,
        location: 'Vault',
        lab: 'GIA',
        oldIso: '',
        oldMs: 0,
        d7Iso: '',
        d7Ms: 0,
        d30Iso: '',
        d30Ms: 0,
        d90Iso: '',
        d90Ms: 0,
      };
      const named = Object.fromEntries(Object.entries(params).filter(([k]) => sql.includes(`@${k}`)));
      return (statement.all(named) as { detail: string }[]).map((r) => r.detail).join(' | ');
    };
    for (const filter of [
      {},
      { location: 'Vault' },
      { lab: 'GIA' as const },
      { olderThanDays: 30 as const },
      { location: 'Vault', lab: 'GIA' as const, olderThanDays: 90 as const },
    ]) {
      for (const known of [true, false]) {
        const p = plan(rowsSql(filter, known));
        expect(p, JSON.stringify(filter)).toMatch(
          // With an age as well, walking the age's range of the other index is as good.
          filter.location && !filter.olderThanDays
            ? /SEARCH gemstones USING INDEX gemstones_status_location_added \(certificateStatus=\? AND location=\?/
            : /SEARCH gemstones USING INDEX gemstones_status_(location_)?added \(certificateStatus=\?/,
        );
        expect(p, JSON.stringify(filter)).not.toMatch(/SCAN gemstones|TEMP B-TREE FOR ORDER BY/);
      }
    }
    const counts = plan(cubeSql());
    expect(counts).toMatch(
      /SEARCH gemstones USING COVERING INDEX gemstones_status_location_added \(certificateStatus=\?\)/,
    );
    expect(counts).toMatch(/SEARCH c USING (COVERING )?INDEX certificate_logs_gemstone/);
    expect(counts).not.toMatch(/SCAN gemstones/);
  });
});

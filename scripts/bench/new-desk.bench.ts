// A new desk ready with a million stones (issue "A new desk in a minute"), against one local Parse Server:
// - the first download from scratch (Loupe's connect: sign in, pull everything), in a process of its own;
// - a new desk started from a colleague's backup: a desk that holds every stone backs up, the server then
//   changes (new stones and edits), and a fresh desk opens that backup (Settings → Backups → Open a
//   colleague's backup) and syncs until it holds what the server holds; timed from opening the file;
// - the anchor: the seeds' SDK pattern (find pages + pinAll), on the same stones.
// BENCH_NEW_DESK_STONES (default 1,000,000) sets the size; BENCH_NEW_DESK_CHANGES (default 2,000) how many
// stones change on the server after the backup; BENCH_NEW_DESK_SDK=0 leaves the SDK anchor out (at a
// million stones it takes long: the replication suite measures it at 100,000).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CoreHolder } from '../../src/main/core/core-holder';
import { createCore } from '../../src/main/core/create-core';
import { DEFAULT_BATCH_SIZE } from '../../src/shared/sync';
import { startBackend, type RunningBackend } from '../backend/spawn-dev';
import { round, type BenchRow } from './types';

const execFileAsync = promisify(execFile);
const STONES = Number(process.env.BENCH_NEW_DESK_STONES ?? 1_000_000);
const CHANGES = Number(process.env.BENCH_NEW_DESK_CHANGES ?? 2000);
const WITH_SDK = process.env.BENCH_NEW_DESK_SDK !== '0';

const stoneBody = (prefix: string, i: number) => ({
  sku: `${prefix}-${i}`,
  gemstoneType: ['Ruby', 'Sapphire', 'Emerald', 'Spinel'][i % 4]!,
  caratWeight: Math.round((0.3 + (i % 500) / 100) * 100) / 100,
  clarityGrade: 'Eye Clean',
  certificateStatus: 'none',
  location: 'Vault',
});

const headers = (backend: RunningBackend, token?: string) => ({
  'content-type': 'application/json',
  'x-parse-application-id': backend.appId,
  'x-parse-javascript-key': backend.javascriptKey,
  ...(token ? { 'x-parse-session-token': token } : {}),
});

/** Requests through /batch, 4 at once; creates in one database transaction per batch (the fastest way in). */
async function batch(
  backend: RunningBackend,
  token: string,
  requests: Record<string, unknown>[],
  transaction: boolean,
) {
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const part = requests.slice(next, (next += DEFAULT_BATCH_SIZE));
      const response = await fetch(`${backend.serverURL}/batch`, {
        method: 'POST',
        headers: headers(backend, token),
        body: JSON.stringify({ requests: part, ...(transaction ? { transaction: true } : {}) }),
      });
      const results = (await response.json()) as { error?: unknown }[];
      const failed = Array.isArray(results) ? results.find((r) => r.error) : results;
      if (failed) throw new Error(`batch refused: ${JSON.stringify(failed).slice(0, 300)}`);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
}

async function count(backend: RunningBackend, token: string): Promise<number> {
  const answer = await fetch(`${backend.serverURL}/classes/Gemstone?count=1&limit=0`, {
    headers: headers(backend, token),
  });
  return ((await answer.json()) as { count: number }).count;
}

const child = async <T>(script: string, args: string[]): Promise<T> => {
  const { stdout } = await execFileAsync(
    process.execPath,
    [join(process.cwd(), 'node_modules/tsx/dist/cli.mjs'), join(__dirname, script), ...args],
    { encoding: 'utf8', maxBuffer: 10 * 1024 * 1024 },
  );
  return JSON.parse(stdout.trim().split('\n').pop()!) as T;
};

export async function run(): Promise<BenchRow[]> {
  const backend = await startBackend();
  const temp = mkdtempSync(join(tmpdir(), 'loupe-bench-new-desk-'));
  const mount = new URL(backend.serverURL).pathname;
  const started = performance.now();
  try {
    const login = await fetch(`${backend.serverURL}/login`, {
      method: 'POST',
      headers: headers(backend),
      body: JSON.stringify(backend.admin),
    });
    const token = ((await login.json()) as { sessionToken: string }).sessionToken;
    const toSeed = Math.max(0, STONES - (await count(backend, token)));
    const creates = (prefix: string, n: number) =>
      Array.from({ length: n }, (_, i) => ({
        method: 'POST',
        path: `${mount}/classes/Gemstone`,
        body: stoneBody(prefix, i),
      }));
    await batch(backend, token, creates('DESK', toSeed), true);
    await backend.sql('ANALYZE "Gemstone"'); // as a real server's autovacuum would (see replication.bench.ts)
    const total = await count(backend, token);
    console.error(`  seeded ${toSeed} stones in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    const signIn = [
      backend.serverURL,
      backend.appId,
      backend.javascriptKey,
      backend.admin.username,
      backend.admin.password,
    ];

    // (a) The first download from scratch; the desk it fills is the colleague's desk of (b).
    const colleagueDir = join(temp, 'colleague');
    const download = await child<{ ms: number; stones: number }>('replication-download-child.ts', [
      colleagueDir,
      ...signIn,
    ]);
    if (download.stones < total) throw new Error(`Loupe downloaded ${download.stones} of ${total} stones`);
    console.error(`  first download: ${download.ms.toFixed(0)} ms`);
    const colleague = await createCore({ dataDir: colleagueDir, startSync: false });
    const backup = await colleague.maintenance.backUp('manual');
    await colleague.close();

    // After the backup the server changes: new stones, and edits to stones the backup holds.
    await batch(backend, token, creates('AFTER-BACKUP', CHANGES / 2), true);
    const { results } = (await (
      await fetch(`${backend.serverURL}/classes/Gemstone?limit=${CHANGES / 2}&keys=objectId`, {
        headers: headers(backend, token),
      })
    ).json()) as { results: { objectId: string }[] };
    const edits = results.map((r) => ({
      method: 'PUT',
      path: `${mount}/classes/Gemstone/${r.objectId}`,
      body: { location: 'Showroom' },
    }));
    await batch(backend, token, edits, false);
    const now = await count(backend, token);

    // (b) A new desk from the colleague's backup: open the file, sign in, first sync.
    const newDir = join(temp, 'new-desk');
    const holder = await CoreHolder.start({ dataDir: newDir, startSync: false, background: false });
    await holder.core!.caller('setup').auth.createFirstAdmin({
      username: 'setup',
      fullName: 'Setup',
      email: 'setup@example.com',
      password: 'setup password 123',
    });
    const fromBackup = performance.now();
    await holder.core!.caller('setup').app.backups.restore({ file: backup.file, fromColleague: true });
    const staff = holder.core!.caller('staff');
    await staff.auth.signIn(backend.admin);
    const report = await staff.sync.syncNow();
    const fromBackupMs = performance.now() - fromBackup;
    const store = holder.core!.store;
    const held = (store.sqlite.prepare('SELECT count(*) AS n FROM gemstones').get() as { n: number }).n;
    const edited = (
      store.sqlite.prepare("SELECT count(*) AS n FROM gemstones WHERE location = 'Showroom'").get() as {
        n: number;
      }
    ).n;
    await holder.close();
    if (!report.ok || held !== now || edited < CHANGES / 2)
      throw new Error(`The desk from the backup holds ${held} of ${now} stones, ${edited} edits (${report.error})`);
    console.error(`  from a colleague's backup: ${fromBackupMs.toFixed(0)} ms (${report.pulled} records pulled)`);

    const sdk = WITH_SDK
      ? await child<{ ms: number; stones: number }>('replication-sdk-download-child.ts', signIn)
      : null;
    if (sdk) console.error(`  SDK find pages + pinAll: ${sdk.ms.toFixed(0)} ms`);
    console.error(`  the suite took ${((performance.now() - started) / 1000).toFixed(0)} s`);

    const suite = `new desk: ready with ${total.toLocaleString('en')} stones`;
    const sdkAnchor = sdk ? round(sdk.ms, 0) : 'not run (BENCH_NEW_DESK_SDK=0)';
    return [
      {
        suite,
        metric: 'first download from scratch (sign in + pull everything)',
        value: round(download.ms, 0),
        unit: 'ms',
        anchor: sdkAnchor,
        ratio: sdk ? round(sdk.ms / download.ms) : undefined,
        goal: '< 60 s',
      },
      {
        suite,
        metric: `from a colleague's backup (open + sign in + first sync; ${CHANGES.toLocaleString('en')} changes since, ${report.pulled} records pulled)`,
        value: round(fromBackupMs, 0),
        unit: 'ms',
        anchor: round(download.ms, 0),
        ratio: round(download.ms / fromBackupMs),
        goal: '< 60 s',
      },
      ...(sdk ? [{ suite, metric: 'SDK find pages + pinAll (anchor)', value: round(sdk.ms, 0), unit: 'ms' }] : []),
    ];
  } finally {
    rmSync(temp, { recursive: true, force: true });
    await backend.stop();
  }
}

// Replication benchmarks (issue "Replication"), all in one run against one local Parse Server:
// - push 2,000 new stones: Loupe's replicator vs the seeds' SDK patterns (save() loop, Parse.Object.saveAll)
//   and raw /batch REST with 4 requests in flight (the server's ceiling);
// - first download of 100,000 stones: Loupe vs SDK find pages + pinAll, and raw REST paging with no storage;
//   peak RSS of the core doing it;
// - remote edit → local row updated through the LiveQuery signal: median and p95.
// Push and download contenders are timed in turn for BENCH_ROUNDS rounds (default 5); the table gives each
// one's median and every round is printed to stderr.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { promisify } from 'node:util';
import { join } from 'node:path';
import Parse from 'parse/node';
import { createCore } from '../../src/main/core/create-core';
import { DEFAULT_BATCH_SIZE } from '../../src/shared/sync';
import { startBackend, type RunningBackend } from '../backend/spawn-dev';
import { percentile, type BenchRow } from './types';

const median = (samples: number[]) => percentile(samples, 50);
const execFileAsync = promisify(execFile);

const PUSH_STONES = Number(process.env.BENCH_PUSH_STONES ?? 2000);
const DOWNLOAD_STONES = Number(process.env.BENCH_DOWNLOAD_STONES ?? 100_000);
const LIVE_EDITS = 30;
/** Rounds of 2,000 raw creates before anything is timed: a fresh server keeps getting faster for about three. */
const WARMUP_ROUNDS = 3;
/** Timed rounds per contender (push and download); the table gives medians. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
/** The replicator's default overlap window: a pull re-reads writes stamped this long before the last one. */
const PULL_OVERLAP_MS = 5000;

const stoneBody = (prefix: string, i: number) => ({
  sku: `${prefix}-${i}`,
  gemstoneType: ['Ruby', 'Sapphire', 'Emerald', 'Spinel'][i % 4]!,
  caratWeight: Math.round((0.3 + (i % 500) / 100) * 100) / 100,
  clarityGrade: 'Eye Clean',
  certificateStatus: 'none',
  location: 'Vault',
});

async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}

function headers(backend: RunningBackend, sessionToken?: string) {
  return {
    'content-type': 'application/json',
    'x-parse-application-id': backend.appId,
    'x-parse-javascript-key': backend.javascriptKey,
    ...(sessionToken ? { 'x-parse-session-token': sessionToken } : {}),
  };
}

/**
 * Raw /batch of DEFAULT_BATCH_SIZE, 4 requests at once: the ceiling for pushing. With `transaction`, each
 * batch is stored in one database transaction, the fastest way this server takes creates (one commit per batch).
 */
async function rawBatch(
  backend: RunningBackend,
  bodies: Record<string, unknown>[],
  token: string,
  { transaction = false } = {},
) {
  const inFlight = 4;
  const chunk = DEFAULT_BATCH_SIZE;
  const mount = new URL(backend.serverURL).pathname;
  const chunks: Record<string, unknown>[][] = [];
  for (let i = 0; i < bodies.length; i += chunk) chunks.push(bodies.slice(i, i + chunk));
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) {
      const part = chunks[next++]!;
      const response = await fetch(`${backend.serverURL}/batch`, {
        method: 'POST',
        headers: headers(backend, token),
        body: JSON.stringify({
          requests: part.map((body) => ({ method: 'POST', path: `${mount}/classes/Gemstone`, body })),
          ...(transaction ? { transaction: true } : {}),
        }),
      });
      const results = (await response.json()) as { error?: unknown }[];
      if (!Array.isArray(results))
        throw new Error(`batch answered ${response.status}: ${JSON.stringify(results).slice(0, 300)}`);
      const failed = results.filter((r) => r.error);
      if (failed.length) throw new Error(`batch failed: ${JSON.stringify(failed[0])}`);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const backend = await startBackend();
  const temp = mkdtempSync(join(tmpdir(), 'loupe-bench-sync-'));
  try {
    Parse.initialize(backend.appId, backend.javascriptKey);
    (Parse as unknown as { serverURL: string }).serverURL = backend.serverURL;
    const user = await Parse.User.logIn(backend.admin.username, backend.admin.password);
    const token = user.getSessionToken()!;
    const Gemstone = Parse.Object.extend('Gemstone');

    // ── push 2,000 new stones
    // Every contender meets a warm server: a freshly started Parse Server is markedly slower on its
    // first few thousand writes, which would count against whoever goes first. And every contender's own
    // code has run before it is timed (the raw client's is the warm-up's; the SDK's and Loupe's get a round).
    for (let round = 0; round < WARMUP_ROUNDS; round++) {
      await rawBatch(
        backend,
        Array.from({ length: PUSH_STONES }, (_, i) => stoneBody(`WARMUP${round}`, i)),
        token,
      );
    }
    for (let i = 0; i < 100; i++) await new Gemstone(stoneBody('WARMUP-SAVE', i)).save(null, { sessionToken: token });
    await Parse.Object.saveAll(
      Array.from({ length: 500 }, (_, i) => new Gemstone(stoneBody('WARMUP-SAVEALL', i))),
      { sessionToken: token },
    );
    const core = await createCore({ dataDir: join(temp, 'push'), startSync: false });
    const admin = core.caller('bench');
    await admin.auth.createFirstAdmin({
      username: backend.admin.username,
      fullName: 'Bench',
      email: 'b@example.com',
      password: 'bench password 123',
    });
    await admin.sync.connect({
      serverURL: backend.serverURL,
      appId: backend.appId,
      clientKey: backend.javascriptKey,
      username: backend.admin.username,
      password: backend.admin.password,
    });
    for (let i = 0; i < PUSH_STONES; i++)
      await admin.inventory.create({
        ...stoneBody('WARMUP-LOUPE', i),
        clarityGrade: 'Eye Clean',
        certificateStatus: 'none',
      });
    const warmedUp = await core.replicator.syncNow();
    if (!warmedUp.ok || warmedUp.pushed !== PUSH_STONES)
      throw new Error(`Loupe's warm-up push failed: ${JSON.stringify(warmedUp)}`);

    // Rounds, each timing every contender once in turn; the table gives each one's median. One pass varies
    // by 15-30 % on this kind of machine (2 cores shared by the server, PostgreSQL and the client), more
    // than the differences the goals ask about.
    const times = {
      loupe: [] as number[],
      saveLoop: [] as number[],
      saveAll: [] as number[],
      raw: [] as number[],
      rawTx: [] as number[],
    };
    let lastServerWrite = performance.now();
    for (let round = 1; round <= ROUNDS; round++) {
      // Loupe in a workstation's everyday state: caught up, and its last sync began longer after the last
      // change on the server than the pull's overlap window, so the timed cycle's pull has nothing to fetch
      // and the cycle is the push. (The server's Date header, which dates a pull, has whole seconds.)
      await new Promise((r) =>
        setTimeout(r, Math.max(0, lastServerWrite + PULL_OVERLAP_MS + 1500 - performance.now())),
      );
      const caughtUp = await core.replicator.syncNow();
      if (!caughtUp.ok) throw new Error(`Loupe could not catch up before the push: ${JSON.stringify(caughtUp)}`);
      for (let i = 0; i < PUSH_STONES; i++)
        await admin.inventory.create({
          ...stoneBody(`LOUPE${round}`, i),
          clarityGrade: 'Eye Clean',
          certificateStatus: 'none',
        });
      const loupe = await time(() => core.replicator.syncNow());
      if (!loupe.value.ok || loupe.value.pushed !== PUSH_STONES || loupe.value.pulled > 100)
        throw new Error(`Loupe push incomplete: ${JSON.stringify(loupe.value)}`);
      const saveLoop = await time(async () => {
        for (let i = 0; i < PUSH_STONES; i++)
          await new Gemstone(stoneBody(`SAVE${round}`, i)).save(null, { sessionToken: token });
      });
      const saveAll = await time(() =>
        Parse.Object.saveAll(
          Array.from({ length: PUSH_STONES }, (_, i) => new Gemstone(stoneBody(`SAVEALL${round}`, i))),
          { sessionToken: token },
        ),
      );
      const raw = await time(() =>
        rawBatch(
          backend,
          Array.from({ length: PUSH_STONES }, (_, i) => stoneBody(`RAW${round}`, i)),
          token,
        ),
      );
      const rawTx = await time(() =>
        rawBatch(
          backend,
          Array.from({ length: PUSH_STONES }, (_, i) => stoneBody(`RAWTX${round}`, i)),
          token,
          { transaction: true },
        ),
      );
      lastServerWrite = performance.now();
      times.loupe.push(loupe.ms);
      times.saveLoop.push(saveLoop.ms);
      times.saveAll.push(saveAll.ms);
      times.raw.push(raw.ms);
      times.rawTx.push(rawTx.ms);
      console.error(
        `  push round ${round}: Loupe ${loupe.ms.toFixed(0)} ms, save() loop ${saveLoop.ms.toFixed(0)} ms (${(saveLoop.ms / loupe.ms).toFixed(2)}x), ` +
          `saveAll ${saveAll.ms.toFixed(0)} ms (${(saveAll.ms / loupe.ms).toFixed(2)}x), raw ${raw.ms.toFixed(0)} ms (${(raw.ms / loupe.ms).toFixed(2)}x), ` +
          `raw in transactions ${rawTx.ms.toFixed(0)} ms (save() loop ${(saveLoop.ms / rawTx.ms).toFixed(2)}x it)`,
      );
    }
    const loupe = median(times.loupe);
    const [saveLoop, saveAll, raw, rawTx] = [
      median(times.saveLoop),
      median(times.saveAll),
      median(times.raw),
      median(times.rawTx),
    ];

    const suite = `replication: push ${PUSH_STONES.toLocaleString('en')} new stones (median of ${ROUNDS} rounds)`;
    rows.push({
      suite,
      metric: `Loupe replicator (/batch of ${DEFAULT_BATCH_SIZE}, 4 in flight, each batch of new stones in one transaction)`,
      value: loupe,
      unit: 'ms',
    });
    rows.push({
      suite,
      metric: 'vs SDK save() loop',
      value: loupe,
      unit: 'ms',
      anchor: saveLoop,
      ratio: saveLoop / loupe,
      goal: '≥ 10x',
    });
    rows.push({
      suite,
      metric: 'vs Parse.Object.saveAll',
      value: loupe,
      unit: 'ms',
      anchor: saveAll,
      ratio: saveAll / loupe,
      goal: '≥ 1.5x',
    });
    rows.push({
      suite,
      metric: `vs raw /batch REST of ${DEFAULT_BATCH_SIZE}, 4 in flight (the issue's ceiling; no transaction)`,
      value: loupe,
      unit: 'ms',
      anchor: raw,
      ratio: raw / loupe,
      goal: '≥ 0.8x',
    });
    // No goal of the issue's; it shows how far the save() loop goal is reachable on this server at all.
    rows.push({
      suite,
      metric: `raw /batch of ${DEFAULT_BATCH_SIZE} in transactions, 4 in flight (the fastest way found to store them), vs the SDK save() loop`,
      value: rawTx,
      unit: 'ms',
      anchor: saveLoop,
      ratio: saveLoop / rawTx,
      goal: 'reported: about the most any client reaches of the 10x',
    });

    // ── LiveQuery: remote edit → local row ─────────────────────────────────────────────────────
    // Measured in the everyday state too: a pull re-reads the writes of the last few seconds (the overlap),
    // and the anchors above have just written 8,000 stones; the first cycles after them read those again.
    const anchorsDoneAt = lastServerWrite;
    core.replicator.start();
    while (!core.replicator.live) await new Promise((r) => setTimeout(r, 20)); // subscriptions confirmed
    await new Promise((r) => setTimeout(r, Math.max(0, anchorsDoneAt + PULL_OVERLAP_MS + 1500 - performance.now())));
    await core.replicator.syncNow();
    const targets = core.store.sqlite
      .prepare("SELECT id, objectId FROM gemstones WHERE sku LIKE 'LOUPE1-%' LIMIT ?")
      .all(LIVE_EDITS) as { id: string; objectId: string }[];
    const read = core.store.sqlite.prepare('SELECT location FROM gemstones WHERE id = ?');
    const latencies: number[] = [];
    for (const [i, t] of targets.entries()) {
      const location = i % 2 ? 'Counter' : 'Safe';
      const started = performance.now();
      await fetch(`${backend.serverURL}/classes/Gemstone/${t.objectId}`, {
        method: 'PUT',
        headers: headers(backend, token),
        body: JSON.stringify({ location }),
      });
      while ((read.get(t.id) as { location: string }).location !== location) {
        if (performance.now() - started > 20_000) throw new Error('LiveQuery update did not arrive');
        await new Promise((r) => setTimeout(r, 5));
      }
      latencies.push(performance.now() - started);
    }
    await core.replicator.stop();
    await core.close();
    rows.push({
      suite: 'replication: remote edit → local row (LiveQuery)',
      metric: 'median',
      value: percentile(latencies, 50),
      unit: 'ms',
    });
    rows.push({
      suite: 'replication: remote edit → local row (LiveQuery)',
      metric: 'p95',
      value: percentile(latencies, 95),
      unit: 'ms',
    });

    // ── first download of 100,000 stones ───────────────────────────────────────────────────────
    const existing = (await (
      await fetch(`${backend.serverURL}/classes/Gemstone?count=1&limit=0`, { headers: headers(backend, token) })
    ).json()) as { count: number };
    const toSeed = Math.max(0, DOWNLOAD_STONES - existing.count);
    await rawBatch(
      backend,
      Array.from({ length: toSeed }, (_, i) => stoneBody('BULK', i)),
      token,
    );
    const total = existing.count + toSeed;
    // A real server has table statistics (autovacuum gathers them within a minute of a bulk change). Without
    // them PostgreSQL misjudges Parse's ACL filter and sorts the rest of the table for every page, and the
    // download figures would depend on whether autovacuum happened to run in the seconds after seeding.
    await backend.sql('ANALYZE "Gemstone"');

    const rawPage = async () => {
      let after = '';
      let n = 0;
      for (;;) {
        const where = after ? `&where=${encodeURIComponent(JSON.stringify({ objectId: { $gt: after } }))}` : '';
        const { results } = (await (
          await fetch(`${backend.serverURL}/classes/Gemstone?order=objectId&limit=1000${where}`, {
            headers: headers(backend, token),
          })
        ).json()) as {
          results: { objectId: string }[];
        };
        n += results.length;
        if (results.length < 1000) return n;
        after = results[results.length - 1]!.objectId;
      }
    };
    // Children run asynchronously: a parent blocked in spawnSync cannot notice the server closing its idle
    // keep-alive sockets (after 5 s), and its next request would meet a dead one.
    const child = async <T>(script: string, args: string[]): Promise<T> => {
      const { stdout } = await execFileAsync(
        process.execPath,
        [join(process.cwd(), 'node_modules/tsx/dist/cli.mjs'), join(__dirname, script), ...args],
        {
          encoding: 'utf8',
          maxBuffer: 10 * 1024 * 1024,
        },
      );
      return JSON.parse(stdout.trim().split('\n').pop()!) as T;
    };
    const signIn = [
      backend.serverURL,
      backend.appId,
      backend.javascriptKey,
      backend.admin.username,
      backend.admin.password,
    ];
    const downloads = {
      loupe: [] as number[],
      sdk: [] as number[],
      raw: [] as number[],
      rssMb: [] as number[],
      stallMs: [] as number[],
    };
    for (let round = 1; round <= ROUNDS; round++) {
      const rawPaging = await time(rawPage);
      if (rawPaging.value < total) throw new Error(`Raw paging read ${rawPaging.value} of ${total} stones`);
      const sdkPin = await child<{ ms: number; stones: number }>('replication-sdk-download-child.ts', signIn);
      if (sdkPin.stones < total) throw new Error(`The SDK downloaded ${sdkPin.stones} of ${total} stones`);
      // A fresh workstation each round, each in its own process.
      const download = await child<{ ms: number; stones: number; maxRssMb: number; longestStallMs: number }>(
        'replication-download-child.ts',
        [join(temp, `download-${round}`), ...signIn],
      );
      if (download.stones < total) throw new Error(`Loupe downloaded ${download.stones} of ${total} stones`);
      rmSync(join(temp, `download-${round}`), { recursive: true, force: true });
      downloads.raw.push(rawPaging.ms);
      downloads.sdk.push(sdkPin.ms);
      downloads.loupe.push(download.ms);
      downloads.rssMb.push(download.maxRssMb);
      downloads.stallMs.push(download.longestStallMs);
      console.error(
        `  download round ${round}: Loupe ${download.ms.toFixed(0)} ms (peak RSS ${download.maxRssMb.toFixed(0)} MB, longest main-thread stall ${download.longestStallMs.toFixed(0)} ms), ` +
          `SDK ${sdkPin.ms.toFixed(0)} ms (${(sdkPin.ms / download.ms).toFixed(2)}x), raw ${rawPaging.ms.toFixed(0)} ms (${(rawPaging.ms / download.ms).toFixed(2)}x)`,
      );
    }
    const download = median(downloads.loupe);
    const [sdkPin, rawPaging] = [median(downloads.sdk), median(downloads.raw)];
    const dl = `replication: first download of ${total.toLocaleString('en')} stones (median of ${ROUNDS} rounds)`;
    rows.push({
      suite: dl,
      metric: 'Loupe (pull + SQLite, paged by (updatedAt, objectId))',
      value: download,
      unit: 'ms',
    });
    rows.push({
      suite: dl,
      metric: 'vs SDK find pages + pinAll',
      value: download,
      unit: 'ms',
      anchor: sdkPin,
      ratio: sdkPin / download,
      goal: '≥ 2x',
    });
    rows.push({
      suite: dl,
      metric: 'vs raw REST paging, no storage (ceiling)',
      value: download,
      unit: 'ms',
      anchor: rawPaging,
      ratio: rawPaging / download,
      goal: '≥ 0.6x',
    });
    rows.push({
      suite: dl,
      metric: 'peak RSS of the core process (highest round)',
      value: Math.max(...downloads.rssMb),
      unit: 'MB',
    });
    rows.push({
      suite: dl,
      metric: 'longest main-thread stall during the download (median of rounds)',
      value: median(downloads.stallMs),
      unit: 'ms',
    });
    return rows;
  } finally {
    await backend.stop();
    rmSync(temp, { recursive: true, force: true });
  }
}

// Reconnect (issue "Share the backend with the dealer's other apps"): the backend goes away for a while and
// comes back at the same address with the same data (the demo's 20 stones), with a change made here while
// it was away. Measured from the moment the backend answers again: when the next cycle starts, how long
// the badge says "Receiving", and when it says "Synced" again with nothing waiting. Median of the rounds.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore } from '../../src/main/core/create-core';
import { startBackend, type RunningBackend } from '../backend/spawn-dev';
import { percentile, type BenchRow } from './types';

const ROUNDS = Number(process.env.BENCH_RECONNECT_ROUNDS ?? 3);
/** How long the backend stays away each round: long enough for every retry to have backed off a few times. */
const AWAY_MS = Number(process.env.BENCH_RECONNECT_AWAY_MS ?? 20_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, timeoutMs: number, what: string) {
  const started = performance.now();
  while (!check()) {
    if (performance.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
  return performance.now();
}

export async function run(): Promise<BenchRow[]> {
  let backend: RunningBackend = await startBackend();
  const port = Number(new URL(backend.serverURL).port);
  const backendURL = backend.serverURL;
  const dataDir = backend.dataDir;
  const temp = mkdtempSync(join(tmpdir(), 'loupe-bench-reconnect-'));
  const core = await createCore({ dataDir: temp });
  const starts: number[] = [];
  const receiving: number[] = [];
  const synced: number[] = [];
  try {
    const admin = core.caller('bench');
    const { username, password } = backend.admin;
    await admin.auth.createFirstAdmin({
      username,
      fullName: 'Bench Admin',
      email: 'bench@example.com',
      password: 'local password 123',
    });
    await admin.sync.connect({
      serverURL: backend.serverURL,
      liveQueryURL: backend.liveQueryURL,
      appId: backend.appId,
      clientKey: backend.javascriptKey,
      username,
      password,
    });
    const status = () => core.replicator.status();
    await until(() => core.replicator.live && status().state === 'idle', 60_000, 'the first sync');

    for (let round = 1; round <= ROUNDS; round++) {
      await backend.stop({ keepData: true });
      await admin.inventory.create({
        sku: `AWAY-${round}`,
        gemstoneType: 'Ruby',
        caratWeight: 1.2,
        clarityGrade: 'Eye Clean',
        certificateStatus: 'none',
        location: 'Vault',
      });
      await until(() => status().state === 'offline', 60_000, 'offline');
      await sleep(AWAY_MS);
      // Every state the badge shows from here, as it happens.
      const seen: { state: string; at: number }[] = [];
      const stop = core.store.changes.subscribe(() => seen.push({ state: status().state, at: performance.now() }));
      // "Back" is when the server answers a request again (Parse's /health), however long it takes to start.
      let back = 0;
      const watching = (async () => {
        while (!back) {
          const ok = await fetch(`${backendURL}/health`, { signal: AbortSignal.timeout(1000) }).then(
            (r) => r.ok,
            () => false,
          );
          if (ok) back = performance.now();
          else await sleep(20);
        }
      })();
      backend = await startBackend({ dataDir, port });
      await watching;
      const done = await until(
        () => status().state === 'idle' && status().pendingChanges === 0,
        180_000,
        'Synced again',
      );
      stop();
      const firstPull = seen.find((s) => s.state === 'pulling')?.at ?? done;
      const lastPull = [...seen].reverse().find((s) => s.state === 'pulling')?.at ?? firstPull;
      const pullEnded = seen.find((s) => s.at > lastPull && s.state !== 'pulling')?.at ?? done;
      starts.push(firstPull - back);
      receiving.push(pullEnded - firstPull);
      synced.push(done - back);
      console.error(
        `reconnect round ${round}: cycle after ${(firstPull - back).toFixed(0)} ms, Receiving ${(pullEnded - firstPull).toFixed(0)} ms, Synced after ${(done - back).toFixed(0)} ms`,
      );
    }
  } finally {
    await core.replicator.stop();
    await core.close();
    await backend.stop();
    rmSync(temp, { recursive: true, force: true });
  }
  const suite = 'reconnect: backend away 20 s, then back (20 stones, one change made meanwhile)';
  return [
    {
      suite,
      metric: 'next cycle starts after the backend answers again (median)',
      value: percentile(starts, 50) / 1000,
      unit: 's',
      goal: 'within seconds',
    },
    {
      suite,
      metric: '"Receiving" lasts (median)',
      value: percentile(receiving, 50) / 1000,
      unit: 's',
      goal: 'a few seconds',
    },
    { suite, metric: 'back to "Synced", nothing waiting (median)', value: percentile(synced, 50) / 1000, unit: 's' },
    {
      suite,
      metric: 'back to "Synced", nothing waiting (slowest round)',
      value: Math.max(...synced) / 1000,
      unit: 's',
    },
  ];
}

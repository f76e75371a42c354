// Run by inventory.bench.ts in a fresh process: opens the core on the bench database and asks the first
// question the Inventory screen asks (the first page, heaviest first, with count and carats).
// Prints one JSON line. Module loading (tsx compiling TypeScript) is not counted.
import { DEMO_ADMIN } from '../seed-demo';
import { createCore } from '../../src/main/core/create-core';

async function main() {
  const dataDir = process.argv[2]!;
  const t0 = performance.now();
  const core = await createCore({ dataDir });
  const opened = performance.now();
  const caller = core.caller('bench-cold');
  const s0 = performance.now();
  await caller.auth.signIn({ username: DEMO_ADMIN.username, password: DEMO_ADMIN.password });
  const signIn = performance.now() - s0;
  const q0 = performance.now();
  const page = await caller.inventory.list({ limit: 100 });
  const firstAnswer = performance.now() - q0;
  const scan0 = performance.now();
  await caller.inventory.scan({ code: page.rows[50]!.sku });
  const firstScan = performance.now() - scan0;
  await core.close();
  console.log(
    JSON.stringify({
      openMs: opened - t0,
      firstPageMs: firstAnswer,
      coldToFirstAnswerMs: opened - t0 + firstAnswer,
      firstScanMs: firstScan,
      signInMs: signIn,
      stones: page.total,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    }),
  );
}

main().catch((error: Error) => {
  console.error(error.stack);
  process.exit(1);
});

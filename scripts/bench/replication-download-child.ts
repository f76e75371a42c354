// Bench child: a fresh workstation's first full download, alone in its process so its peak RSS is its own.
//   tsx scripts/bench/replication-download-child.ts <dataDir> <serverURL> <appId> <clientKey> <username> <password>
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createCore } from '../../src/main/core/create-core';

async function main() {
  const [dataDir, serverURL, appId, clientKey, username, password] = process.argv.slice(2) as string[];
  const core = await createCore({ dataDir: dataDir!, startSync: false });
  const admin = core.caller('bench');
  await admin.auth.createFirstAdmin({
    username: username!,
    fullName: 'Bench Admin',
    email: 'bench@example.com',
    password: 'bench password 123',
  });
  // The longest the main thread (which answers the screens) was held up during the download.
  const stalls = monitorEventLoopDelay({ resolution: 5 });
  stalls.enable();
  const started = performance.now();
  const result = await admin.sync.connect({
    serverURL: serverURL!,
    appId: appId!,
    clientKey: clientKey!,
    username: username!,
    password: password!,
  });
  const ms = performance.now() - started;
  // The monitor sees a stall only when its next timer fires: one that ends the download would go unseen.
  await new Promise((resolve) => setTimeout(resolve, 30));
  stalls.disable();
  const stones = (core.store.sqlite.prepare('SELECT count(*) AS n FROM gemstones').get() as { n: number }).n;
  await core.close();
  console.log(
    JSON.stringify({
      ms,
      stones,
      pulled: result.report.pulled,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
      longestStallMs: stalls.max / 1e6,
    }),
  );
}

void main();

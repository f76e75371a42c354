// Test support for the crash-safety test: a workstation process that makes a fixed, numbered sequence of
// edits while replicating in the background, and can be killed at any moment. Its progress marker is
// committed in the same transaction as each edit, so a restart carries on exactly where it stopped.
//
//   tsx src/main/test-support/crash-child.ts <dataDir> <prefix> <stones> <edits> <adminId> [pauseMs]
//
// It prints READY once its database is open, and pauses pauseMs after every 50 edits (a busy counter's
// pace rather than a machine's): the test's kills then land while work remains, however fast the machine.
import { createCore } from '../core/create-core';
import { asActor } from '../db/store';
import { createStone, updateStone } from '../inventory/stones';

const [dataDir, prefix, stonesText, editsText, adminId, pauseText] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
  string?,
];
const stones = Number(stonesText);
const edits = Number(editsText);
const pauseMs = Number(pauseText ?? 0);

/** The carat weight edit k writes (distinct for every edit of a stone). */
const caratOf = (k: number) => Number(((k % 5000) / 100 + 0.01).toFixed(2));

async function main() {
  const core = await createCore({ dataDir, startSync: true });
  console.log('READY');
  const { store } = core;
  const progressOf = () =>
    (
      store.sqlite.prepare("SELECT value FROM settings WHERE key = 'crash-progress'").get() as
        { value: string } | undefined
    )?.value;
  let k = Number(progressOf() ?? 0);
  const mark = store.sqlite.prepare(
    "INSERT INTO settings (key, value, updatedAt) VALUES ('crash-progress', ?, 0) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
  );
  const idOf = store.sqlite.prepare('SELECT id FROM gemstones WHERE sku = ?');
  while (k < edits) {
    const edit = k;
    // Each edit and its progress marker commit together (an outer transaction around the domain write).
    store.sqlite.transaction(() =>
      asActor(adminId, () => {
        if (edit < stones) {
          createStone(store, {
            sku: `${prefix}-${edit}`,
            gemstoneType: 'Spinel',
            caratWeight: 1 + (edit % 50) / 100,
            clarityGrade: 'Eye Clean',
            certificateNumber: null,
            certificateStatus: 'none',
            location: 'Vault',
            assignedBuyer: null,
          });
        } else {
          const { id } = idOf.get(`${prefix}-${edit % stones}`) as { id: string };
          updateStone(store, id, { caratWeight: caratOf(edit) });
        }
        mark.run(JSON.stringify(edit + 1));
      }),
    )();
    k++;
    // Let the replicator run meanwhile.
    if (k % 50 === 0) await new Promise((r) => (pauseMs > 0 ? setTimeout(r, pauseMs) : setImmediate(r)));
  }
  console.log('EDITS DONE');
  // Drain: sync until nothing is waiting.
  for (let round = 0; round < 200; round++) {
    store.sqlite.prepare('UPDATE outbox SET nextAttemptAt = 0').run();
    await core.replicator.syncNow();
    if (core.replicator.status().pendingChanges === 0) break;
  }
  console.log(`DRAINED ${core.replicator.status().pendingChanges}`);
  await core.close();
}

void main();

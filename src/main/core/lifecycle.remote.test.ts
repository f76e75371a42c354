import { describe, expect, it } from 'vitest';
import { connectedWorkstation, serverStones, stone, uniqueSku } from '../test-support/remote';

// Closing Loupe (quitting, restoring a backup, installing an update) while a sync is under way: the
// database closes once the cycle is done, and a cycle queued meanwhile does not start. Before, the
// database closed at once and the queued cycle failed with "The database connection is not open".

describe('closing the core', () => {
  it('waits for the sync cycle under way, and a cycle queued meanwhile does not start', async () => {
    let hold = false;
    const held: (() => void)[] = [];
    const gate: typeof fetch = async (input, init) => {
      if (hold) await new Promise<void>((release) => held.push(release));
      return fetch(input, init);
    };
    const ws = await connectedWorkstation({ fetch: gate });
    try {
      const sku = uniqueSku('CLOSING');
      await ws.admin.inventory.create(stone(sku));
      hold = true;
      const running = ws.core.replicator.syncNow();
      while (held.length === 0) await new Promise((r) => setImmediate(r)); // the cycle is talking to the server
      const queued = ws.core.replicator.syncNow();
      let closed = false;
      const closing = ws.core.close().then(() => (closed = true));
      for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
      expect(closed).toBe(false); // the cycle is not done yet

      hold = false;
      held.splice(0).forEach((release) => release());
      await closing;
      expect(await running).toMatchObject({ ok: true, pushed: 1, error: null }); // it finished its writes
      expect(await queued).toMatchObject({ ok: false, error: 'Loupe is closing.' });
      expect(await serverStones({ sku })).toHaveLength(1);
      expect(() => ws.core.store.sqlite.prepare('SELECT 1').get()).toThrow(/not open/);
    } finally {
      (await import('node:fs')).rmSync(ws.dir, { recursive: true, force: true });
    }
  });
});

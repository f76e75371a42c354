import { afterAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../core/create-core';
import { tempDataDir } from '../test-support/core';
import { ParseClient } from './parse-client';
import { overlapStart } from './cursor';
import { pullClass } from './pull';
import { backend, localStones, master, serverClockAhead, serverStones, uniqueSku } from '../test-support/remote';

// A first download bulk-loads each big class: secondary indexes and triggers are set aside and rebuilt
// once at the end (db/bulk-load.ts). These tests pull with tiny pages so a few stones make it "big".

const cores: { core: Core; remove(): void }[] = [];
afterAll(() => cores.forEach((c) => (c.core.close(), c.remove())));

async function freshCore() {
  const data = tempDataDir('loupe-first-download-');
  const core = await createCore({ dataDir: data.dir, startSync: false });
  cores.push({ core, remove: data.remove });
  return core;
}

async function session() {
  const { username, password } = backend.demoUsers.admin;
  const client = new ParseClient({
    serverURL: backend.serverURL,
    appId: backend.appId,
    clientKey: backend.javascriptKey,
  });
  const response = await fetch(`${backend.serverURL}/login`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-parse-application-id': backend.appId,
      'x-parse-javascript-key': backend.javascriptKey,
    },
    body: JSON.stringify({ username, password }),
  });
  return { client, token: ((await response.json()) as { sessionToken: string }).sessionToken };
}

const indexesOf = (core: Core) =>
  (
    core.store.sqlite
      .prepare(
        "SELECT name FROM sqlite_master WHERE tbl_name = 'gemstones' AND type IN ('index', 'trigger') ORDER BY name",
      )
      .all() as { name: string }[]
  ).map((r) => r.name);

const talliesMatchRows = (core: Core) =>
  JSON.stringify(
    core.store.sqlite
      .prepare('SELECT gemstoneType, location, sum(stones) AS n FROM gemstone_tallies GROUP BY 1, 2 ORDER BY 1, 2')
      .all(),
  ) ===
  JSON.stringify(
    core.store.sqlite
      .prepare('SELECT gemstoneType, location, count(*) AS n FROM gemstones GROUP BY 1, 2 ORDER BY 1, 2')
      .all(),
  );

describe('first download', () => {
  it('bulk-loads stones without their secondary indexes, then rebuilds them and the tallies', async () => {
    for (let i = 0; i < 5; i++)
      await master('POST', '/classes/Gemstone', {
        sku: uniqueSku('BULK'),
        gemstoneType: 'Spinel',
        caratWeight: 1.1 + i,
        clarityGrade: 'Eye Clean',
        certificateStatus: 'none',
        location: 'Vault',
      });
    const core = await freshCore();
    const indexes = indexesOf(core);
    const { client, token } = await session();
    const duringLoad: string[][] = [];
    await pullClass(core.store, client, 'Gemstone', token, {
      pageSize: 3,
      overlapMs: 0,
      onProgress: () => duringLoad.push(indexesOf(core)),
    });

    expect(duringLoad.length).toBeGreaterThan(1);
    expect(duringLoad[0]).not.toContain('gemstones_location_carat'); // set aside while loading
    expect(duringLoad[0]).toContain('gemstones_sku'); // unique indexes stay
    expect(indexesOf(core)).toEqual(indexes);
    expect(talliesMatchRows(core)).toBe(true);
    const onServer = await serverStones();
    expect([...localStones(core).keys()].sort()).toEqual(onServer.map((s) => s.objectId).sort());
  });

  it('reads every page from a server that silently caps the page size below what was asked', async () => {
    for (let i = 0; i < 4; i++)
      await master('POST', '/classes/Gemstone', {
        sku: uniqueSku('CAP'),
        gemstoneType: 'Spinel',
        caratWeight: 2.1 + i,
        clarityGrade: 'Eye Clean',
        certificateStatus: 'none',
        location: 'Vault',
      });
    const core = await freshCore();
    const { client, token } = await session();
    // As a hosted server with a lower maxLimit answers: at most 3 rows, whatever the limit asked for.
    const capping = new ParseClient(client.connection, {
      fetch: (input, init) => {
        const url = new URL(String(input));
        if (url.searchParams.has('limit'))
          url.searchParams.set('limit', String(Math.min(3, Number(url.searchParams.get('limit')))));
        return fetch(url, init);
      },
    });
    await pullClass(core.store, capping, 'Gemstone', token, { pageSize: 10, cappedAt: 3, overlapMs: 0 });
    const onServer = await serverStones();
    expect(onServer.length).toBeGreaterThan(10);
    expect([...localStones(core).keys()].sort()).toEqual(onServer.map((s) => s.objectId).sort());
  });

  it('ends a class at its short last page once the server has shown it answers pages in full', async () => {
    // Five stones past a multiple of ten: the last page of ten is short, but not shorter than the cap of 3.
    const total = (await serverStones()).length;
    for (let i = 0; i < (15 - (total % 10)) % 10; i++) {
      await master('POST', '/classes/Gemstone', {
        sku: uniqueSku('END'),
        gemstoneType: 'Spinel',
        caratWeight: 1.1,
        clarityGrade: 'Eye Clean',
        certificateStatus: 'none',
        location: 'Vault',
      });
    }
    const core = await freshCore();
    const { client, token } = await session();
    let requests = 0;
    const counting = new ParseClient(client.connection, { fetch: (input, init) => (requests++, fetch(input, init)) });
    await pullClass(core.store, counting, 'Gemstone', token, { pageSize: 10, cappedAt: 3, overlapMs: 0 });
    const pulled = localStones(core).size;
    expect(pulled % 10).toBeGreaterThanOrEqual(3);
    // Full pages and then the short one: no further request for an empty page.
    expect(requests).toBe(Math.ceil(pulled / 10));
  });

  it('puts the indexes back when the download fails half-way, and the next pull finishes it', async () => {
    const core = await freshCore();
    const indexes = indexesOf(core);
    const { client, token } = await session();
    let requests = 0;
    const failing = new ParseClient(client.connection, {
      fetch: (input, init) => (++requests > 2 ? Promise.reject(new TypeError('fetch failed')) : fetch(input, init)),
    });
    await expect(pullClass(core.store, failing, 'Gemstone', token, { pageSize: 3, overlapMs: 0 })).rejects.toThrow();
    expect(indexesOf(core)).toEqual(indexes);
    expect(talliesMatchRows(core)).toBe(true);
    const partly = localStones(core).size;
    expect(partly).toBeGreaterThan(0);

    await pullClass(core.store, client, 'Gemstone', token, { pageSize: 3, overlapMs: 0 });
    const onServer = await serverStones();
    expect(localStones(core).size).toBeGreaterThan(partly);
    expect([...localStones(core).keys()].sort()).toEqual(onServer.map((s) => s.objectId).sort());
    expect(indexesOf(core)).toEqual(indexes);
    expect(talliesMatchRows(core)).toBe(true);
  });
});

describe('a large first download, read from both ends at once', () => {
  const byCursor = (a: { updatedAt: string; objectId: string }, b: { updatedAt: string; objectId: string }) =>
    a.updatedAt < b.updatedAt || (a.updatedAt === b.updatedAt && a.objectId < b.objectId) ? -1 : 1;
  /** The stones' cursors, oldest first. */
  const cursorsOf = (stones: Record<string, unknown>[]) =>
    stones.map((s) => ({ updatedAt: s.updatedAt as string, objectId: s.objectId as string })).sort(byCursor);
  const checkpointOf = (core: Core) =>
    core.store.sqlite.prepare("SELECT updatedAt, objectId FROM sync_checkpoints WHERE entity = 'Gemstone'").get() as {
      updatedAt: string;
      objectId: string;
    };

  /** Stones on the server, and a page size that makes a dozen pages of them. */
  async function largeDownload() {
    for (let i = 0; i < 6; i++)
      await master('POST', '/classes/Gemstone', {
        sku: uniqueSku('BOTH'),
        gemstoneType: 'Topaz',
        caratWeight: 3.1 + i,
        clarityGrade: 'Eye Clean',
        certificateStatus: 'none',
        location: 'Vault',
      });
    const onServer = await serverStones();
    return { onServer, pageSize: Math.max(3, Math.ceil(onServer.length / 12)) };
  }

  /** A client that notes which way each of its pages was asked for. */
  function watching(client: ParseClient, before: (order: string) => void = () => undefined) {
    const orders: string[] = [];
    const watched = new ParseClient(client.connection, {
      fetch: (input, init) => {
        const order = new URL(String(input)).searchParams.get('order') ?? '';
        orders.push(order);
        before(order);
        return fetch(input, init);
      },
    });
    return { watched, orders };
  }

  it('reads up from the oldest stone and down from the newest until the two meet, and ends with every stone once', async () => {
    const { onServer, pageSize } = await largeDownload();
    const core = await freshCore();
    const indexes = indexesOf(core);
    const { client, token } = await session();
    const { watched, orders } = watching(client);
    await pullClass(core.store, watched, 'Gemstone', token, { pageSize, overlapMs: 0, expectedRows: onServer.length });

    expect([...localStones(core).keys()].sort()).toEqual(onServer.map((s) => s.objectId).sort());
    expect((core.store.sqlite.prepare('SELECT count(*) AS n FROM gemstones').get() as { n: number }).n).toBe(
      onServer.length,
    );
    const up = orders.filter((o) => o === 'updatedAt,objectId').length;
    const down = orders.filter((o) => o === '-updatedAt,-objectId').length;
    expect(up).toBeGreaterThan(2);
    expect(down).toBeGreaterThan(2);
    // They stopped where they met: a page or two read by both (and an early request dropped), no more.
    expect(up + down).toBeLessThanOrEqual(Math.ceil(onServer.length / pageSize) + 4);
    // Everything up to the newest stone is in: the next pull starts after it.
    const newest = cursorsOf(onServer).pop()!;
    expect(checkpointOf(core)).toEqual(newest);
    expect(indexesOf(core)).toEqual(indexes);
    expect(talliesMatchRows(core)).toBe(true);
  });

  it('brings a stone changed during the download, before either walk reached it, in the next pull', async () => {
    const { onServer, pageSize } = await largeDownload();
    // The stone in the middle: the last either walk reaches.
    const middle = cursorsOf(onServer)[Math.floor(onServer.length / 2)]!;
    const core = await freshCore();
    const { client, token } = await session();
    let asked = 0;
    let moved: Promise<unknown> | null = null;
    const { watched } = watching(client, () => {
      if (++asked === 3) moved = master('PUT', `/classes/Gemstone/${middle.objectId}`, { location: 'Moved meanwhile' });
    });
    await pullClass(core.store, watched, 'Gemstone', token, { pageSize, overlapMs: 0, expectedRows: onServer.length });
    await moved;
    const local = () => localStones(core).get(middle.objectId);
    expect(localStones(core).size).toBeGreaterThanOrEqual(onServer.length - 1);

    await pullClass(core.store, client, 'Gemstone', token, { pageSize, overlapMs: 0 });
    expect(local()?.location).toBe('Moved meanwhile');
    expect([...localStones(core).keys()].sort()).toEqual((await serverStones()).map((s) => s.objectId).sort());
  });

  it('reads on up to the newest stone when the walk down fails, missing nothing', async () => {
    const { onServer, pageSize } = await largeDownload();
    const core = await freshCore();
    const indexes = indexesOf(core);
    const { client, token } = await session();
    let downward = 0;
    const failing = new ParseClient(client.connection, {
      fetch: (input, init) =>
        new URL(String(input)).searchParams.get('order') === '-updatedAt,-objectId' && ++downward > 2
          ? Promise.reject(new TypeError('fetch failed'))
          : fetch(input, init),
    });
    await pullClass(core.store, failing, 'Gemstone', token, { pageSize, overlapMs: 0, expectedRows: onServer.length });
    expect(downward).toBeGreaterThan(2);
    expect([...localStones(core).keys()].sort()).toEqual(onServer.map((s) => s.objectId).sort());
    const newest = cursorsOf(onServer).pop()!;
    expect(checkpointOf(core)).toEqual(newest);
    expect(indexesOf(core)).toEqual(indexes);
  });

  it('stops with the error when this side cannot store a page of the walk down, and puts the indexes back', async () => {
    const { onServer, pageSize } = await largeDownload();
    const core = await freshCore();
    const indexes = indexesOf(core);
    const { client, token } = await session();
    // A page no workstation could store (a date that is not one), as a damaged answer would bring.
    const damaged = new ParseClient(client.connection, {
      fetch: (input, init) =>
        new URL(String(input)).searchParams.get('order') === '-updatedAt,-objectId'
          ? Promise.resolve(
              Response.json({
                results: [{ objectId: 'damaged01', updatedAt: 'not a date', createdAt: 'not a date', sku: 'DAMAGED' }],
              }),
            )
          : fetch(input, init),
    });
    await expect(
      pullClass(core.store, damaged, 'Gemstone', token, { pageSize, overlapMs: 0, expectedRows: onServer.length }),
    ).rejects.toThrow(RangeError);
    expect(localStones(core).has('damaged01')).toBe(false);
    expect(indexesOf(core)).toEqual(indexes);
    expect(talliesMatchRows(core)).toBe(true);
  });
});

describe('the overlap a pull re-reads', () => {
  it('on a quiet server starts at the checkpoint, not the last writes again', async () => {
    for (let i = 0; i < 3; i++)
      await master('POST', '/classes/Gemstone', {
        sku: uniqueSku('QUIET'),
        gemstoneType: 'Spinel',
        caratWeight: 2,
        clarityGrade: 'Eye Clean',
        certificateStatus: 'none',
        location: 'Vault',
      });
    const core = await freshCore();
    const { client, token } = await session();
    const asked: string[] = [];
    // Seen through a server clock 2 s ahead (its Date header has whole seconds): the pull begins reading
    // after the stones' writes have settled, as it would a moment later, without waiting for that moment.
    const ahead = serverClockAhead(2_000);
    const watching = new ParseClient(client.connection, {
      fetch: (input, init) => {
        const where = new URL(String(input)).searchParams.get('where');
        if (where) asked.push(where);
        return ahead(input, init);
      },
    });
    const options = { pageSize: 1000, overlapMs: 500 };
    await pullClass(core.store, watching, 'Gemstone', token, options);
    const checkpoint = core.store.sqlite
      .prepare("SELECT updatedAt, serverReadAt FROM sync_checkpoints WHERE entity = 'Gemstone'")
      .get() as {
      updatedAt: string;
      serverReadAt: string;
    };
    // The server's own clock (its Date header) when the pull began, a moment ago.
    expect(Math.abs(Date.parse(checkpoint.serverReadAt) - Date.now())).toBeLessThan(10_000);
    expect(Date.parse(checkpoint.serverReadAt)).toBeGreaterThanOrEqual(Date.parse(checkpoint.updatedAt) - 1000);

    asked.length = 0;
    await pullClass(core.store, watching, 'Gemstone', token, options);
    const since = (JSON.parse(asked[0]!) as { updatedAt: { $gte: { iso: string } } }).updatedAt.$gte.iso;
    expect(since).toBe(overlapStart(checkpoint, 500));
    // The stones were written at least 1 s before that read by the server's clock: unless other tests wrote
    // meanwhile (they share the server), the second pull starts at the checkpoint itself instead of
    // re-reading the last writes.
    if (Date.parse(checkpoint.serverReadAt) - 500 >= Date.parse(checkpoint.updatedAt))
      expect(since).toBe(checkpoint.updatedAt);
  });
});

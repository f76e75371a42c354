import { afterEach, describe, expect, it } from 'vitest';
import { startTestCore, type TestCore } from '../test-support/core';
import { applyRemote } from './pull';

// A pulled record new to this workstation is inserted with the fields its JSON holds, whatever shape
// the server sent (a field hidden from the pulling session is absent, not null).

let opened: TestCore | undefined;
afterEach(() => opened?.dispose());

const pulled = (objectId: string, sku: string, extra: Record<string, unknown> = {}) => ({
  objectId,
  clientId: `client-${objectId}`,
  sku,
  gemstoneType: 'Sapphire',
  caratWeight: 2.04,
  clarityGrade: 'VS1',
  certificateStatus: 'verified',
  location: 'Safe',
  createdAt: '2026-11-20T08:00:00.000Z',
  updatedAt: '2026-11-21T09:30:00.123Z',
  ...extra,
});

describe('a pulled record new to this workstation', () => {
  it('is stored with exactly the fields it came with, record after record of different shapes', async () => {
    opened = await startTestCore();
    const { store } = opened.core;
    const now = store.clock();
    applyRemote(store, 'Gemstone', pulled('a1', 'SA-PULL-1', { certificateNumber: 'GIA 2201' }), now, false, null);
    const { location: _hidden, ...withoutLocation } = pulled('a2', 'SA-PULL-2', { caratWeight: 3.1 });
    applyRemote(store, 'Gemstone', withoutLocation, now, false, null);
    applyRemote(store, 'Gemstone', pulled('a3', 'SA-PULL-3', { certificateNumber: 'GRS 77' }), now, false, null);
    const rows = store.sqlite.prepare("SELECT id, objectId, sku, caratWeight, certificateNumber, location FROM gemstones WHERE sku LIKE 'SA-PULL-%' ORDER BY sku").all();
    expect(rows).toEqual([
      { id: 'client-a1', objectId: 'a1', sku: 'SA-PULL-1', caratWeight: 2.04, certificateNumber: 'GIA 2201', location: 'Safe' },
      // location absent (hidden from this session): the required column gets its blank, nothing shifts.
      { id: 'client-a2', objectId: 'a2', sku: 'SA-PULL-2', caratWeight: 3.1, certificateNumber: null, location: '' },
      { id: 'client-a3', objectId: 'a3', sku: 'SA-PULL-3', caratWeight: 2.04, certificateNumber: 'GRS 77', location: 'Safe' },
    ]);
  });

  it("keeps the server's times in one form, whichever form they arrived in", async () => {
    opened = await startTestCore();
    const { store } = opened.core;
    applyRemote(store, 'Gemstone', pulled('b1', 'SA-TIME-1'), store.clock(), false, null);
    applyRemote(store, 'Gemstone', pulled('b2', 'SA-TIME-2', { createdAt: '2026-11-20T08:00:00Z', updatedAt: { __type: 'Date', iso: '2026-11-21T09:30:00.000Z' } }), store.clock(), false, null);
    applyRemote(store, 'Gemstone', pulled('b3', 'SA-TIME-3', { createdAt: '2026-11-20T09:00:00+01:00' }), store.clock(), false, null);
    const times = store.sqlite.prepare("SELECT createdAt, updatedAt FROM gemstones WHERE sku LIKE 'SA-TIME-%' ORDER BY sku").all();
    expect(times).toEqual([
      { createdAt: '2026-11-20T08:00:00.000Z', updatedAt: '2026-11-21T09:30:00.123Z' },
      { createdAt: '2026-11-20T08:00:00.000Z', updatedAt: '2026-11-21T09:30:00.000Z' },
      { createdAt: '2026-11-20T08:00:00.000Z', updatedAt: '2026-11-21T09:30:00.123Z' },
    ]);
  });
});

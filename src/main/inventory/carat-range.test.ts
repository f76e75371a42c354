import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readCaratBound } from '../../shared/carat-range';
import { aStone, refusalShape, signedInAdmin, startTestCore, type TestCore } from '../test-support/core';

let t: TestCore;
beforeEach(async () => (t = await startTestCore()));
afterEach(() => t.dispose());

describe('the grid’s carat range', () => {
  it('reads what is typed into From or To as a weight, or says in words why it is not one', () => {
    expect(readCaratBound('')).toEqual({ value: undefined });
    expect(readCaratBound(' 1.25 ')).toEqual({ value: 1.25 });
    expect(readCaratBound('1,5')).toEqual({ value: 1.5 });
    expect(readCaratBound('2.')).toEqual({ value: 2 });
    expect(readCaratBound('-')).toEqual({ problem: 'Type a weight in carats, e.g. 1.25' });
    expect(readCaratBound('.')).toEqual({ problem: 'Type a weight in carats, e.g. 1.25' });
    expect(readCaratBound('1 ct')).toEqual({ problem: 'Type a weight in carats, e.g. 1.25' });
    expect(readCaratBound('-1')).toEqual({ problem: 'A weight cannot be below 0 ct' });
    expect(readCaratBound('200000')).toEqual({ problem: 'At most 100,000 ct' });
  });

  it('is refused by the core when From is larger than To, with the reason on To', async () => {
    const admin = await signedInAdmin(t.core, 'w');
    await admin.inventory.create(aStone({ sku: 'R-1', caratWeight: 2 }));
    const reversed = await refusalShape(t.core, 'w', {
      type: 'query',
      path: 'inventory.list',
      input: { filter: { caratMin: 5, caratMax: 1 } },
    });
    expect(reversed.data).toMatchObject({
      code: 'BAD_REQUEST',
      fieldErrors: { 'filter.caratMax': ['From (5 ct) is larger than To (1 ct)'] },
    });
    expect((await admin.inventory.list({ filter: { caratMin: 1, caratMax: 5 } })).total).toBe(1);
    expect((await admin.inventory.list({ filter: { caratMin: 2, caratMax: 2 } })).total).toBe(1);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aStone, signedInAdmin, startTestCore, type TestCore } from '../test-support/core';
import { runCli } from './main';

let t: TestCore;
beforeEach(async () => (t = await startTestCore()));
afterEach(() => t.dispose());

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s) } };
}

describe('the loupe CLI', () => {
  it('exports the local data as JSON', async () => {
    const admin = await signedInAdmin(t.core);
    await admin.inventory.create(aStone({ sku: 'CLI-1', caratWeight: 2.2 }));
    await t.core.close();
    const { out, io: streams } = io();
    expect(await runCli(['export', '--format', 'json', '--data-dir', t.dir], streams)).toBe(0);
    const data = JSON.parse(out.join('\n'));
    expect(data.Gemstone).toEqual([expect.objectContaining({ sku: 'CLI-1', caratWeight: 2.2, objectId: null })]);
    expect(data._User[0]).not.toHaveProperty('passwordHash');
    await t.restart();
  });

  it('refuses to sync a workstation that has no backend, with a non-zero exit', async () => {
    await t.core.close();
    const { err, io: streams } = io();
    expect(await runCli(['sync', '--data-dir', t.dir], streams)).toBe(1);
    expect(err.join('')).toMatch(/not connected to a backend/);
    expect(await runCli(['frobnicate', '--data-dir', t.dir], streams)).toBe(2);
    await t.restart();
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { aStone, signedInAdmin, startTestCore, type TestCore } from '../test-support/core';
import { fakeParse, type SubAnswer, type SubRequest } from '../test-support/fake-parse';
import { PARSE_CODES } from './parse-client';
import { pushOnce, type PushOptions } from './push';

// The push against a fake Parse server inside the test: every sub-result of a /batch call is settled on
// its own, and the outbox says what is left to send.

let opened: TestCore | undefined;
afterEach(() => opened?.dispose());

async function workstation() {
  opened = await startTestCore();
  const admin = await signedInAdmin(opened.core);
  const { id: userId } = opened.core.store.sqlite.prepare('SELECT id FROM users').get() as { id: string };
  return { store: opened.core.store, admin, userId };
}

const options = (overrides: Partial<PushOptions> = {}): PushOptions => ({
  chunkSize: 100,
  concurrency: 1,
  sessionFor: () => 'session-token',
  random: () => 0.5,
  ...overrides,
});

const error = (code: number, message: string): SubAnswer => ({ error: { code, error: message } });
const stoneBy = (store: TestCore['core']['store'], sku: string) =>
  store.sqlite.prepare('SELECT id, objectId FROM gemstones WHERE sku = ?').get(sku) as {
    id: string;
    objectId: string | null;
  };
const outboxOf = (store: TestCore['core']['store'], recordId: string) =>
  store.sqlite
    .prepare('SELECT op, fields, attempts, nextAttemptAt, lastError FROM outbox WHERE recordId = ?')
    .get(recordId) as
    | { op: string; fields: string | null; attempts: number; nextAttemptAt: number; lastError: string | null }
    | undefined;

describe('a push', () => {
  it('settles each change of a batch on its own: stored, already there, try later, sign in again, refused', async () => {
    const { store, admin, userId } = await workstation();
    for (const sku of ['P-STORED', 'P-THERE', 'P-LATER', 'P-SESSION', 'P-REFUSED'])
      await admin.inventory.create(aStone({ sku }));
    const already = {
      objectId: 'there1',
      createdAt: '2026-11-01T08:00:00.000Z',
      updatedAt: '2026-11-01T08:00:00.000Z',
    };
    const server = fakeParse({
      batch: (request: SubRequest) => {
        if (request.path !== 'classes/Gemstone')
          return { success: { objectId: `other-${Math.random()}`, createdAt: new Date().toISOString() } };
        switch (request.body!.sku) {
          case 'P-STORED':
            return { success: { objectId: 'stored1', createdAt: '2026-11-02T08:00:00.000Z' } };
          case 'P-THERE': // our create had landed, its answer was lost
            return error(PARSE_CODES.DUPLICATE_VALUE, 'A duplicate value for a field with unique values was provided');
          case 'P-LATER':
            return error(PARSE_CODES.INTERNAL_SERVER_ERROR, 'The database is busy');
          case 'P-SESSION':
            return error(PARSE_CODES.INVALID_SESSION_TOKEN, 'Invalid session token');
          default:
            return error(PARSE_CODES.VALIDATION_ERROR, 'Carat weight must be recorded to two decimals');
        }
      },
      find: (className, where) =>
        className === 'Gemstone' && where.clientId === stoneBy(store, 'P-THERE').id
          ? [{ ...aStone({ sku: 'P-THERE' }), ...already, clientId: where.clientId }]
          : [],
    });
    const before = store.clock();

    const result = await pushOnce(store, server.client, options());

    expect(server.batches.flat().filter((r) => r.path === 'classes/Gemstone')).toHaveLength(5);
    expect(result).toMatchObject({ pushed: expect.any(Number), retrying: 1, deadLettered: 1 });
    expect([...result.needsSignIn]).toEqual([userId]);
    // Stored: the server's id, nothing left to send.
    expect(stoneBy(store, 'P-STORED').objectId).toBe('stored1');
    expect(outboxOf(store, stoneBy(store, 'P-STORED').id)).toBeUndefined();
    // Already there: adopted as the object that landed, not sent again nor set aside.
    expect(stoneBy(store, 'P-THERE').objectId).toBe('there1');
    expect(outboxOf(store, stoneBy(store, 'P-THERE').id)).toBeUndefined();
    // Try later: waits with a backoff, saying why.
    const later = outboxOf(store, stoneBy(store, 'P-LATER').id)!;
    expect(later).toMatchObject({ op: 'create', attempts: 1, lastError: 'The database is busy' });
    expect(later.nextAttemptAt).toBeGreaterThan(before);
    // Sign in again: untouched, waiting for its author.
    expect(outboxOf(store, stoneBy(store, 'P-SESSION').id)).toMatchObject({ op: 'create', attempts: 0 });
    // Refused: set aside with the server's message; the stone stays here, unsent.
    const refused = stoneBy(store, 'P-REFUSED');
    expect(refused.objectId).toBeNull();
    expect(outboxOf(store, refused.id)).toBeUndefined();
    expect(
      store.sqlite
        .prepare("SELECT op, message FROM sync_dead_letters WHERE recordId = ? AND op != 'pull'")
        .all(refused.id),
    ).toEqual([{ op: 'create', message: 'Carat weight must be recorded to two decimals' }]);
  });

  it('turns a create edited while it was on its way into an update of the object the server made', async () => {
    const { store, admin } = await workstation();
    const created = await admin.inventory.create(aStone({ sku: 'P-INFLIGHT', location: 'Vault' }));
    const server = fakeParse({
      batch: async (request) => {
        // The answer is on its way back when someone corrects its weight.
        if (request.body?.sku === 'P-INFLIGHT')
          await admin.inventory.update({ id: created.id, changes: { caratWeight: 2.2 } });
        return request.method === 'POST'
          ? {
              success: { objectId: `obj-${request.body?.sku ?? Math.random()}`, createdAt: '2026-11-03T08:00:00.000Z' },
            }
          : { success: { updatedAt: '2026-11-03T08:00:01.000Z' } };
      },
    });

    await pushOnce(store, server.client, options());

    expect(stoneBy(store, 'P-INFLIGHT').objectId).toBe('obj-P-INFLIGHT');
    const left = outboxOf(store, created.id)!;
    expect(left.op).toBe('update');
    // The next push sends the record as it is now (the new weight) as an update, not as a second create.
    server.batches.length = 0;
    await pushOnce(store, server.client, options());
    const sent = server.batches.flat().filter((r) => r.path.startsWith('classes/Gemstone'));
    expect(sent).toEqual([
      expect.objectContaining({
        method: 'PUT',
        path: 'classes/Gemstone/obj-P-INFLIGHT',
        body: expect.objectContaining({ caratWeight: 2.2 }),
      }),
    ]);
    expect(outboxOf(store, created.id)).toBeUndefined();
  });

  it('waits, sending nothing, for someone whose session has ended', async () => {
    const { store, admin, userId } = await workstation();
    const created = await admin.inventory.create(aStone({ sku: 'P-NOSESSION' }));
    const server = fakeParse();
    const result = await pushOnce(store, server.client, options({ sessionFor: () => null }));
    expect(server.batches).toEqual([]);
    expect([...result.needsSignIn]).toEqual([userId]);
    expect(outboxOf(store, created.id)).toMatchObject({ op: 'create', attempts: 0 });
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { RecordRuleError } from '../db/errors';
import { aStone, refusalShape, signedInAdmin, startTestCore, type TestCore } from '../test-support/core';

// What PostgreSQL or Parse cannot store never gets past the core: a NUL or another control character, or
// half a character, in any field of any request is refused with a typed error on that field, and nothing
// is written or queued. Before, such text was saved here and refused by the server's database on sync
// ("invalid message format", 08P01), and the change was set aside for good.

let opened: TestCore | undefined;
afterEach(() => opened?.dispose());

const count = (t: TestCore, sql: string) => (t.core.store.sqlite.prepare(sql).get() as { n: number }).n;

describe('text the server can store', () => {
  it('refuses a NUL, another control character or half a character in any field, naming the field, and changes nothing', async () => {
    opened = await startTestCore();
    const admin = await signedInAdmin(opened.core);
    const before = {
      stones: count(opened, 'SELECT count(*) AS n FROM gemstones'),
      outbox: count(opened, 'SELECT count(*) AS n FROM outbox'),
    };

    const nul = await refusalShape(opened.core, 'test-admin', {
      type: 'mutation',
      path: 'inventory.create',
      input: aStone({ sku: 'NUL-1', certificateNumber: '2141\u0000234567' }),
    });
    expect(nul.data.reason).toBe('UNSTORABLE_TEXT');
    expect(nul.data.fieldErrors).toEqual({
      certificateNumber: ['Certificate no. contains a control character (U+0000) that cannot be stored; remove it.'],
    });

    const bell = await refusalShape(opened.core, 'test-admin', {
      type: 'mutation',
      path: 'buyers.create',
      input: {
        buyerCode: 'B-9',
        companyName: 'Ring\u0007 & Co',
        contactName: 'Ana',
        email: 'ana@example.com',
        salesStatus: 'active',
      },
    });
    expect(bell.data.fieldErrors).toEqual({
      companyName: ['Company contains a control character (U+0007) that cannot be stored; remove it.'],
    });

    const half = await refusalShape(opened.core, 'test-admin', {
      type: 'mutation',
      path: 'inventory.create',
      input: aStone({ sku: 'HALF-1', location: 'Vault \ud83d' }),
    });
    expect(half.data.reason).toBe('UNSTORABLE_TEXT');
    expect(half.data.fieldErrors?.location?.[0]).toMatch(/^Location contains half of a character/);

    const csv = await refusalShape(opened.core, 'test-admin', {
      type: 'mutation',
      path: 'inventory.csv.commit',
      input: {
        jobId: 'job-12345678',
        csv: 'sku,gemstoneType,caratWeight,clarityGrade,location\r\nOK-1,Ruby,1.00,Eye Clean,Vault\r\nBAD-1,Ruby,1.00,Eye Clean,Va\u0001ult\r\n',
      },
    });
    expect(csv.message).toBe(
      'The file (line 3) contains a control character (U+0001) that cannot be stored; remove it.',
    );

    expect({
      stones: count(opened, 'SELECT count(*) AS n FROM gemstones'),
      outbox: count(opened, 'SELECT count(*) AS n FROM outbox'),
    }).toEqual(before);
    // Tabs, line breaks and whole emoji are text like any other.
    await admin.inventory.create(aStone({ sku: 'OK-EMOJI', certificateNumber: 'GIA\t2141234567 💎' }));
  });

  it('holds every local write that queues a record to the record rules, whichever door it comes through', async () => {
    opened = await startTestCore();
    await signedInAdmin(opened.core);
    const { store } = opened.core;
    const stone = await opened.core.caller('test-admin').inventory.create(aStone({ sku: 'RULE-1' }));
    const write = (weight: number, status: string) =>
      store.write((scope) => {
        store.sqlite
          .prepare('UPDATE gemstones SET caratWeight = ?, certificateStatus = ? WHERE id = ?')
          .run(weight, status, stone.id);
        scope.enqueue('Gemstone', stone.id, 'update', ['caratWeight', 'certificateStatus']);
      });
    expect(() => write(-3, 'pending')).toThrow(RecordRuleError);
    expect(() => write(1, 'Certified')).toThrow(/Certificate “Certified” is not one Loupe works with/);
    expect(
      store.sqlite.prepare('SELECT caratWeight, certificateStatus FROM gemstones WHERE id = ?').get(stone.id),
    ).toEqual({ caratWeight: 2.15, certificateStatus: 'pending' });
    expect(count(opened, "SELECT count(*) AS n FROM outbox WHERE op = 'update'")).toBe(0);
  });
});

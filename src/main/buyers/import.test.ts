import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { refusal, startTestCore, type TestCore } from '../test-support/core';
import { aBuyer, count, outboxOf, salesDesk, salesSnapshot, type SalesDesk } from '../test-support/sales';

// The buyers CSV import reads the file in the core, like the stones' import: the screen sends the text.

let t: TestCore;
let desk: SalesDesk;
beforeEach(async () => {
  t = await startTestCore();
  desk = await salesDesk(t.core);
});
afterEach(() => t.dispose());

const HEADER = ['Buyer code', 'Company', 'Contact', 'Email', 'Phone', 'Preferred types', 'Status', 'Account manager'];
const csvOf = (rows: string[][]) => [HEADER, ...rows].map((r) => r.join(',')).join('\r\n') + '\r\n';

// Line 2 is clean, 3 duplicates a buyer in Loupe, 4 is invalid in two columns, 5 duplicates line 2, 6 is clean.
const FILE = csvOf([
  [
    'B-0100',
    'Kestrel Fine Gems',
    'Omar Haddad',
    'omar@kestrel.example',
    '+971 4 555 0100',
    'ruby; Emerald',
    'Active',
    'cora',
  ],
  ['B-0101', 'Aurora Gems LLC', 'Lena', 'other@aurora.example', '', '', '', ''],
  ['B-0102', 'Lotus Carat House', 'Mei Lin', 'not-an-email', '', '', '', 'nobody'],
  ['B-0103', 'Kestrel Fine Gems Ltd', 'Omar', 'omar2@kestrel.example', '', '', '', ''],
  ['B-0104', 'Topaz Partners', 'Ana Ruiz', 'ana@topaz.example', '', 'Topaz', 'prospect', ''],
]);

describe('buyers CSV import', () => {
  it('checks every row first (invalid, duplicate of Loupe or of the file, valid) and writes nothing', async () => {
    const existing = await desk.admin.buyers.create(aBuyer());
    const before = salesSnapshot(t.core);
    const outboxBefore = outboxOf(t.core).length;
    const result = await desk.admin.buyers.import({ csv: FILE, dryRun: true });
    expect(result).toMatchObject({ totalRows: 5, valid: 2, duplicates: 2, invalid: 1, imported: 0 });
    expect(result.rows.map((r) => [r.line, r.buyerCode, r.status])).toEqual([
      [2, 'B-0100', 'valid'],
      [3, 'B-0101', 'duplicate'],
      [4, 'B-0102', 'invalid'],
      [5, 'B-0103', 'duplicate'],
      [6, 'B-0104', 'valid'],
    ]);
    expect(result.rows[1]).toMatchObject({
      existingId: existing.id,
      reason: expect.stringMatching(/Aurora Gems Ltd \(B-0001\) has a very similar company name/),
    });
    // Bad rows are named by their columns, in the staff's words.
    expect(result.rows[2]).toMatchObject({
      companyName: 'Lotus Carat House',
      reason: 'Email: Enter a valid email address; Account manager nobody is not a staff member',
    });
    expect(result.rows[3]).toMatchObject({
      existingId: null,
      reason: 'Duplicates line 2 of this file (very similar company name).',
    });
    expect(salesSnapshot(t.core)).toEqual(before);
    expect(outboxOf(t.core)).toHaveLength(outboxBefore);
  });

  it('creates the clean rows, each with its outbox entry, in one transaction, and nothing for the others', async () => {
    await desk.admin.buyers.create(aBuyer());
    const result = await desk.admin.buyers.import({ csv: FILE, dryRun: false });
    expect(result).toMatchObject({ imported: 2, valid: 2, duplicates: 2, invalid: 1 });
    const kestrel = (await desk.admin.buyers.list({ search: 'Kestrel' }))[0]!;
    expect(kestrel).toMatchObject({
      buyerCode: 'B-0100',
      salesStatus: 'active',
      preferredGemstoneTypes: ['Ruby', 'Emerald'],
      accountManager: desk.coordinatorId,
    });
    // Without an account manager in the file, the administrator importing manages the buyer.
    const topaz = (await desk.admin.buyers.list({ search: 'Topaz' }))[0]!;
    expect(topaz).toMatchObject({ buyerCode: 'B-0104', salesStatus: 'prospect', accountManager: desk.adminId });
    expect((await desk.admin.buyers.list()).map((b) => b.buyerCode).sort()).toEqual(['B-0001', 'B-0100', 'B-0104']);
    const created = outboxOf(t.core).filter((o) => o.entity === 'Buyer' && o.op === 'create');
    expect(created.map((o) => o.recordId).sort()).toEqual(
      [kestrel.id, topaz.id, ...(await desk.admin.buyers.list({ search: 'Aurora' })).map((b) => b.id)].sort(),
    );
  });

  it('writes nothing when a row cannot be written (the rows before it are rolled back with it)', async () => {
    const before = salesSnapshot(t.core);
    // A database constraint the check does not know about stands for any failure half-way through the write.
    t.core.store.sqlite.exec(
      "CREATE TRIGGER refuse_topaz BEFORE INSERT ON buyers WHEN NEW.buyerCode = 'B-0104' BEGIN SELECT RAISE(ABORT, 'refused'); END",
    );
    await expect(desk.admin.buyers.import({ csv: FILE, dryRun: false })).rejects.toThrow();
    t.core.store.sqlite.exec('DROP TRIGGER refuse_topaz');
    expect(salesSnapshot(t.core)).toEqual(before);
    expect(count(t.core, 'outbox')).toBe(0);
  });

  it('refuses a cell a spreadsheet would run as a formula, naming the column, and keeps an international phone', async () => {
    const csv = [
      HEADER.join(','),
      'B-1,Aurora Gems,Ana,ana@aurora.example,+41 44 668 18 00,,,',
      'B-2,"=cmd|"" /C calc""!A0",Bo,bo@example.com,,,,',
      'B-3,Cobalt Stones,@Bo,bo3@example.com,,,,',
    ].join('\r\n');
    const result = await desk.admin.buyers.import({ csv, dryRun: false });
    expect(result.rows.map((r) => [r.line, r.status])).toEqual([
      [2, 'valid'],
      [3, 'invalid'],
      [4, 'invalid'],
    ]);
    const formula = (what: string) =>
      `begins with “${what}”, which a spreadsheet runs as a formula; remove it or put the value in quotes with a leading apostrophe`;
    expect(result.rows[1]!.reason).toBe(`Company: ${formula('=')}`);
    expect(result.rows[2]!.reason).toBe(`Contact: ${formula('@')}`);
    expect((await desk.admin.buyers.list()).map((b) => [b.buyerCode, b.phone])).toEqual([['B-1', '+41 44 668 18 00']]);
    expect(count(t.core, 'buyers')).toBe(1);
  });

  it('reads the header as spreadsheets write it (byte-order mark, other names, any order) and refuses an empty file', async () => {
    const csv = '\uFEFFemail address,company name,code,contact name\r\nzed@zircon.example,Zircon House,B-9,Zed\r\n';
    const result = await desk.admin.buyers.import({ csv, dryRun: true });
    expect(result.rows).toEqual([
      { line: 2, status: 'valid', buyerCode: 'B-9', companyName: 'Zircon House', existingId: null },
    ]);
    const empty = await refusal(desk.admin.buyers.import({ csv: `${HEADER.join(',')}\r\n`, dryRun: true }));
    expect(empty.message).toBe('The file has no rows under its header.');
    const nothing = await refusal(
      desk.admin.buyers.import({ csv: csvOf([['B-7', '', '', '', '', '', '', '']]), dryRun: false }),
    );
    expect(nothing.message).toBe('No row of the file is valid, so nothing was imported.');
    expect(count(t.core, 'buyers')).toBe(0);
  });

  it('is for administrators only', async () => {
    expect((await refusal(desk.coordinator.buyers.import({ csv: FILE, dryRun: true }))).code).toBe('FORBIDDEN');
  });
});

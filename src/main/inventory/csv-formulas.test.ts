import Papa from 'papaparse';
import { afterEach, describe, expect, it } from 'vitest';
import { aStone, signedInAdmin, startTestCore, type TestCore } from '../test-support/core';

// Formula injection: a spreadsheet runs a cell beginning with =, +, -, @, a tab or a carriage return. Every
// CSV Loupe writes neutralises such cells (a leading apostrophe: shown as text), and every import refuses
// them with the reason on the row; numbers and phone numbers are not formulas.

let opened: TestCore | undefined;
afterEach(() => opened?.dispose());

const HEADER =
  'sku,gemstoneType,caratWeight,clarityGrade,certificateNumber,certificateStatus,location,assignedBuyerCode';

describe('CSV and spreadsheets', () => {
  it('writes a cell a spreadsheet would run as text, in the stones export', async () => {
    opened = await startTestCore();
    const admin = await signedInAdmin(opened.core);
    await admin.inventory.create(aStone({ sku: 'NEW-0008', certificateNumber: '=1+2' }));
    await admin.inventory.create(
      aStone({ sku: 'NEW-0009', certificateNumber: '=HYPERLINK("http://evil.example","x")' }),
    );
    // Another app may have written a location that begins with one of them.
    opened.core.store.sqlite.prepare("UPDATE gemstones SET location = '@SUM(A1)' WHERE sku = 'NEW-0009'").run();
    const { csv } = await admin.inventory.csv.export({ filter: {} });
    const rows = Papa.parse<string[]>(csv.trim()).data;
    expect(rows[0]!.slice(0, 8).join(',')).toBe(HEADER);
    const bySku = new Map(rows.slice(1).map((r) => [r[0], r]));
    expect(bySku.get('NEW-0008')![4]).toBe("'=1+2");
    expect(bySku.get('NEW-0009')![4]).toBe('\'=HYPERLINK("http://evil.example","x")');
    expect(bySku.get('NEW-0009')![6]).toBe("'@SUM(A1)");
    for (const row of rows.slice(1))
      for (const cell of row) expect(cell, `${row[0]}: ${cell}`).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('refuses an imported cell a spreadsheet would run, naming the column and why, and imports the rest', async () => {
    opened = await startTestCore();
    const admin = await signedInAdmin(opened.core);
    const csv = [
      HEADER,
      'OK-0001,Ruby,1.20,Eye Clean,,none,Vault,',
      'BAD-0001,Ruby,1.20,Eye Clean,=1+2,pending,Vault,',
      'BAD-0002,Ruby,1.20,Eye Clean,"=HYPERLINK(""http://evil.example"",""x"")",pending,Vault,',
      'BAD-0003,@Ruby,1.20,Eye Clean,,none,Vault,',
    ].join('\r\n');
    const check = await admin.inventory.csv.preview({ csv, jobId: 'job-formulas-1' });
    expect(check.valid).toBe(1);
    expect(check.rows.filter((r) => r.status === 'invalid').map((r) => [r.sku, r.reason])).toEqual([
      [
        'BAD-0001',
        'Certificate number: begins with “=”, which a spreadsheet runs as a formula; remove it or put the value in quotes with a leading apostrophe',
      ],
      [
        'BAD-0002',
        'Certificate number: begins with “=”, which a spreadsheet runs as a formula; remove it or put the value in quotes with a leading apostrophe',
      ],
      [
        'BAD-0003',
        'Gemstone type: begins with “@”, which a spreadsheet runs as a formula; remove it or put the value in quotes with a leading apostrophe',
      ],
    ]);
    expect((await admin.inventory.csv.commit({ csv, jobId: 'job-formulas-2' })).imported).toBe(1);
  });
});

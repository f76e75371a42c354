import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import Papa from 'papaparse';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aStone, refusal, signedInAdmin, signedInAs, startTestCore, type TestCore } from '../test-support/core';

let t: TestCore;
beforeEach(async () => (t = await startTestCore()));
afterEach(() => t.dispose());

// pdf.js reads Helvetica's metrics from its own font files.
const STANDARD_FONTS = join(
  dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')),
  'standard_fonts/',
);

/** The text of each line of every page, as a reader of the printout sees it. */
async function pdfLines(base64: string): Promise<string[]> {
  const doc = await getDocument({
    data: Uint8Array.from(Buffer.from(base64, 'base64')),
    standardFontDataUrl: STANDARD_FONTS,
  }).promise;
  const lines: string[] = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const content = await (await doc.getPage(p)).getTextContent();
    const byY = new Map<number, { x: number; text: string }[]>();
    for (const item of content.items) {
      if (!('str' in item) || !item.str.trim()) continue;
      const y = Math.round(item.transform[5] as number);
      (byY.get(y) ?? byY.set(y, []).get(y)!).push({ x: item.transform[4] as number, text: item.str });
    }
    for (const y of [...byY.keys()].sort((a, b) => b - a)) {
      lines.push(
        byY
          .get(y)!
          .sort((a, b) => a.x - b.x)
          .map((c) => c.text)
          .join(' | '),
      );
    }
  }
  await doc.destroy();
  return lines;
}

describe('a stock count report as files', () => {
  async function finishedCount() {
    const admin = await signedInAdmin(t.core);
    await admin.inventory.create(aStone({ sku: 'V-1', caratWeight: 1.5 }));
    await admin.inventory.create(aStone({ sku: 'V-2', caratWeight: 2.25 }));
    await admin.inventory.create(aStone({ sku: 'V-3', caratWeight: 0.75 }));
    await admin.inventory.create(aStone({ sku: 'S-9', caratWeight: 3, location: 'Safe' }));
    const clerk = await signedInAs(t.core, 'practitioner');
    const count = await clerk.inventory.counts.start({ location: 'Vault' });
    for (const code of ['V-2', 'v-1', 'S-9', '=HYPERLINK("x")'])
      await clerk.inventory.counts.scan({ countId: count.id, code });
    return { clerk, count, report: await clerk.inventory.counts.finish({ countId: count.id }) };
  }

  it('prints as a PDF with the totals and every missing, unexpected and matched stone', async () => {
    const { clerk, count } = await finishedCount();
    const file = await clerk.inventory.counts.reportPdf({ countId: count.id });
    expect(file).toMatchObject({
      mimeType: 'application/pdf',
      fileName: expect.stringMatching(/^stock-count-Vault-\d{4}-\d\d-\d\d\.pdf$/),
    });
    const lines = await pdfLines(file.data);
    expect(lines[0]).toBe('Stock count of Vault');
    expect(lines).toContain('Expected | 3 stones | 4.50 ct');
    expect(lines).toContain('Matched | 2 stones | 3.75 ct');
    expect(lines).toContain('Missing | 1 stone | 0.75 ct');
    expect(lines).toContain('Unexpected | 2 stones | 3.00 ct');
    expect(lines.find((l) => l.startsWith('Finished'))).toMatch(/by Test practitioner$/);
    const from = (title: string) => lines.slice(lines.indexOf(title) + 1);
    expect(from('Missing (1)')[0]).toBe('V-3 | Ruby | 0.75 ct');
    expect(from('Unexpected (2)').slice(0, 2)).toEqual([
      'S-9 | Ruby | 3.00 ct | Inventory has it at Safe',
      '=HYPERLINK("x") | Not in the inventory',
    ]);
    expect(from('Matched (2)').slice(0, 2)).toEqual(['V-1 | Ruby | 1.50 ct', 'V-2 | Ruby | 2.25 ct']);
    expect(lines.at(-1)).toBe('Page 1 of 1');
  });

  it('continues a long report on further pages, each numbered', async () => {
    const admin = await signedInAdmin(t.core);
    for (let i = 1; i <= 80; i++)
      await admin.inventory.create(aStone({ sku: `L-${String(i).padStart(3, '0')}`, caratWeight: 1 }));
    const count = await admin.inventory.counts.start({ location: 'Vault' });
    await admin.inventory.counts.finish({ countId: count.id });
    const lines = await pdfLines((await admin.inventory.counts.reportPdf({ countId: count.id })).data);
    expect(lines).toContain('Missing | 80 stones | 80.00 ct');
    expect(lines.filter((l) => /^L-\d{3} \| Ruby \| 1\.00 ct$/.test(l))).toHaveLength(80);
    expect(lines.filter((l) => l.startsWith('Page '))).toEqual(['Page 1 of 2', 'Page 2 of 2']);
    expect(lines.at(-1)).toBe('Page 2 of 2');
  });

  it('exports as CSV: the same lines as the report, a formula-looking SKU written as text', async () => {
    const { clerk, count, report } = await finishedCount();
    const file = await clerk.inventory.counts.reportCsv({ countId: count.id });
    expect(file.fileName).toMatch(/^stock-count-Vault-\d{4}-\d\d-\d\d\.csv$/);
    const parsed = Papa.parse<Record<string, string>>(file.csv, { header: true, skipEmptyLines: true });
    expect(parsed.meta.fields).toEqual(['Result', 'SKU', 'Type', 'Carats', 'Inventory has it at', 'Scanned at']);
    const rows = parsed.data.map((r) => [r.Result, r.SKU, r.Type, r.Carats, r['Inventory has it at']]);
    expect(rows).toEqual([
      ['Missing', 'V-3', 'Ruby', '0.75', ''],
      ['Unexpected', 'S-9', 'Ruby', '3.00', 'Safe'],
      ['Not in the inventory', `'=HYPERLINK("x")`, '', '', ''],
      ['Matched', 'V-1', 'Ruby', '1.50', ''],
      ['Matched', 'V-2', 'Ruby', '2.25', ''],
    ]);
    // The same stones as the report on screen, section by section.
    const skus = (outcome: string) =>
      parsed.data.filter((r) => r.Result === outcome).map((r) => (r.SKU ?? '').replace(/^'/, ''));
    expect(skus('Missing')).toEqual(report.missing.map((l) => l.sku));
    expect([...skus('Unexpected'), ...skus('Not in the inventory')]).toEqual(report.unexpected.map((l) => l.sku));
    expect(skus('Matched')).toEqual(report.matched.map((l) => l.sku));
    expect(parsed.data.filter((r) => r['Scanned at']).length).toBe(4);
  });

  it('refuses an open or cancelled count: it has no report yet', async () => {
    const admin = await signedInAdmin(t.core);
    const open = await admin.inventory.counts.start({ location: 'Vault' });
    expect(await refusal(admin.inventory.counts.reportPdf({ countId: open.id }))).toMatchObject({
      code: 'CONFLICT',
      message: 'The count of Vault is still open; finish it to print or export its report.',
    });
    await admin.inventory.counts.cancel({ countId: open.id });
    expect((await refusal(admin.inventory.counts.reportCsv({ countId: open.id }))).message).toMatch(
      /cancelled; it has no report/,
    );
  });
});

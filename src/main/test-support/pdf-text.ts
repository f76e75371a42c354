import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

// pdf.js reads Helvetica's metrics from its own font files.
const STANDARD_FONTS = join(
  dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')),
  'standard_fonts/',
);

/** The text of each line of every page, as a reader of the printout sees it: cells joined by " | ". */
export async function pdfLines(base64: string): Promise<string[]> {
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

import bwipjs from 'bwip-js/node';
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import type { Store } from '../db/store';
import { DomainError } from '../trpc/errors';
import type { Stone } from './queries/grid';
import { stoneById } from './queries';

// Barcode labels: Code128 of the SKU (what the vault's scanners read) with the type and carat weight.
// PNG for one label on screen or a label printer's own software; PDF with one label a page, sized for
// 62 × 29 mm label rolls, for printing.

const MM = 72 / 25.4;
export const LABEL_WIDTH_PT = 62 * MM;
export const LABEL_HEIGHT_PT = 29 * MM;

export interface LabelFile {
  fileName: string;
  mimeType: 'image/png' | 'application/pdf';
  /** base64 of the file. */
  data: string;
}

const carats = (n: number) => `${n.toFixed(2)} ct`;

function stonesByIds(store: Store, ids: string[]): Stone[] {
  return ids.map((id) => {
    const stone = stoneById.get(store, id);
    if (!stone) throw new DomainError('NOT_FOUND', 'A stone on the label list no longer exists.');
    return stone;
  });
}

/** The bars alone (the PDF writes the text itself) or bars with a caption (the PNG). */
function barcodePng(stone: Stone, caption: boolean): Promise<Buffer> {
  return bwipjs.toBuffer({
    bcid: 'code128',
    text: stone.sku,
    scale: 3,
    height: 9,
    includetext: caption,
    textxalign: 'center',
    textsize: 9,
    ...(caption ? { alttext: `${stone.sku}   ${stone.gemstoneType} ${carats(stone.caratWeight)}` } : {}),
    paddingwidth: 6,
    paddingheight: 4,
    backgroundcolor: 'FFFFFF',
  });
}

/** pdf-lib's standard fonts write WinAnsi only: anything else becomes '?'. */
export const winAnsi = (text: string) => text.replace(/[^\x20-\x7E\u00A0-\u00FF]/g, '?');

export async function labelPng(store: Store, id: string): Promise<LabelFile> {
  const [stone] = stonesByIds(store, [id]);
  const png = await barcodePng(stone!, true);
  return { fileName: `label-${stone!.sku}.png`, mimeType: 'image/png', data: png.toString('base64') };
}

export async function labelPdf(store: Store, ids: string[]): Promise<LabelFile> {
  const stones = stonesByIds(store, ids);
  const pdf = await PDFDocument.create();
  pdf.setTitle(stones.length === 1 ? `Label ${stones[0]!.sku}` : `${stones.length} stone labels`);
  pdf.setCreator('Loupe');
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  for (const stone of stones) {
    const page = pdf.addPage([LABEL_WIDTH_PT, LABEL_HEIGHT_PT]);
    const image = await pdf.embedPng(await barcodePng(stone, false));
    const margin = 2 * MM;
    const barsHeight = LABEL_HEIGHT_PT * 0.5;
    const scale = Math.min((LABEL_WIDTH_PT - 2 * margin) / image.width, barsHeight / image.height);
    const w = image.width * scale;
    const h = image.height * scale;
    page.drawImage(image, { x: (LABEL_WIDTH_PT - w) / 2, y: LABEL_HEIGHT_PT - margin - h, width: w, height: h });
    const sku = winAnsi(stone.sku);
    page.drawText(sku, { x: margin, y: margin + 10, size: 9, font: bold, color: rgb(0, 0, 0) });
    page.drawText(winAnsi(`${stone.gemstoneType} \u00B7 ${carats(stone.caratWeight)} \u00B7 ${stone.clarityGrade}`), {
      x: margin,
      y: margin,
      size: 7.5,
      font: regular,
      color: rgb(0, 0, 0),
    });
  }
  const bytes = await pdf.save();
  return {
    fileName: stones.length === 1 ? `label-${stones[0]!.sku}.pdf` : `labels-${stones.length}.pdf`,
    mimeType: 'application/pdf',
    data: Buffer.from(bytes).toString('base64'),
  };
}

/** PNG labels of several stones, for the print page. */
export async function labelImages(store: Store, ids: string[]): Promise<{ id: string; sku: string; png: string }[]> {
  const stones = stonesByIds(store, ids);
  return Promise.all(
    stones.map(async (s) => ({ id: s.id, sku: s.sku, png: (await barcodePng(s, true)).toString('base64') })),
  );
}

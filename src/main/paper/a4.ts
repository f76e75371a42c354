import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';

// The trade's paperwork on A4 (memos, invoices): rows of text at fixed positions, a new page when one is
// full, rules, gaps and wrapped paragraphs, in pdf-lib's standard Helvetica.

export const A4: [number, number] = [595.28, 841.89];
export const MARGIN = 48;
export const LINE = 15;
/** The right edge of the writing area: right-aligned cells end here. */
export const RIGHT = A4[0] - MARGIN;

/** The standard PDF fonts write Windows-1252 only: anything else prints as "?". */
export const winAnsi = (text: string) => text.replace(/[^\x20-\x7E\u00A0-\u00FF]/g, '?');

export interface Cell {
  text: string;
  x: number;
  /** Right-aligned: the text ends at x. */
  right?: boolean;
}

export class A4Writer {
  page!: PDFPage;
  y = 0;

  private constructor(
    readonly pdf: PDFDocument,
    readonly regular: PDFFont,
    readonly bold: PDFFont,
  ) {
    this.newPage();
  }

  /** A new document titled `title`, its first page ready. */
  static async create(title: string): Promise<A4Writer> {
    const pdf = await PDFDocument.create();
    pdf.setTitle(title);
    pdf.setCreator('Loupe');
    return new A4Writer(
      pdf,
      await pdf.embedFont(StandardFonts.Helvetica),
      await pdf.embedFont(StandardFonts.HelveticaBold),
    );
  }

  newPage() {
    this.page = this.pdf.addPage(A4);
    this.y = A4[1] - MARGIN;
  }

  row(cells: Cell[], options: { bold?: boolean; size?: number } = {}) {
    if (this.y - LINE < MARGIN) this.newPage();
    const font = options.bold ? this.bold : this.regular;
    const size = options.size ?? 10;
    for (const cell of cells) {
      const text = winAnsi(cell.text);
      const x = cell.right ? cell.x - font.widthOfTextAtSize(text, size) : cell.x;
      this.page.drawText(text, { x, y: this.y, size, font, color: rgb(0, 0, 0) });
    }
    this.y -= size > 12 ? LINE * 1.6 : LINE;
  }

  /** A thin line across the writing area, just above the next row. */
  rule() {
    this.page.drawLine({
      start: { x: MARGIN, y: this.y + LINE - 4 },
      end: { x: RIGHT, y: this.y + LINE - 4 },
      thickness: 0.5,
      color: rgb(0.5, 0.5, 0.5),
    });
  }

  /** Text wrapped to the page's width. */
  paragraph(text: string) {
    const width = A4[0] - 2 * MARGIN;
    for (const para of winAnsi(text).split('\n')) {
      let line = '';
      for (const word of para.split(/\s+/)) {
        const next = line ? `${line} ${word}` : word;
        if (this.regular.widthOfTextAtSize(next, 10) > width && line) {
          this.row([{ text: line, x: MARGIN }]);
          line = word;
        } else line = next;
      }
      if (line) this.row([{ text: line, x: MARGIN }]);
    }
  }

  gap(n = 1) {
    this.y -= (LINE / 2) * n;
  }

  /** The finished document, base64, as the screens download it. */
  async base64(): Promise<string> {
    return Buffer.from(await this.pdf.save()).toString('base64');
  }
}

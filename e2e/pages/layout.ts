import { expect, type Locator, type Page } from '@playwright/test';

/**
 * What a person at a counter screen notices of a layout: the page scrolling sideways or under the grid,
 * a code broken over two lines, a status badge cut to "NO CERTIFICA…", filters spilling onto a second row.
 */
export class LayoutChecks {
  constructor(readonly page: Page) {}

  /** Neither sideways scrolling nor (for screens whose list scrolls itself) a page scrolling under it. */
  async expectNoPageScroll({ vertical }: { vertical: boolean }) {
    const m = await this.page.evaluate(() => {
      const root = document.scrollingElement ?? document.documentElement;
      return { sw: root.scrollWidth, cw: root.clientWidth, sh: root.scrollHeight, ch: root.clientHeight };
    });
    expect(m.sw, 'the page scrolls sideways').toBeLessThanOrEqual(m.cw);
    if (vertical) expect(m.sh, 'the page scrolls on top of the list').toBeLessThanOrEqual(m.ch);
  }

  /** Every element shows its whole text on one line (no ellipsis, no wrap). Returns how many were checked. */
  async expectWhole(elements: Locator, what: string): Promise<number> {
    const cut = await elements.evaluateAll((nodes) =>
      nodes
        .filter((n) => {
          const el = n as HTMLElement;
          // Cut: the content is wider than the box (an ellipsis). Broken: one piece of text over two lines.
          if (el.scrollWidth > el.clientWidth + 1) return true;
          const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
          for (let text = walker.nextNode(); text; text = walker.nextNode()) {
            const range = document.createRange();
            range.selectNodeContents(text);
            if (new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size > 1) return true;
          }
          return false;
        })
        .map(
          (n) =>
            `${(n as HTMLElement).textContent} (${(n as HTMLElement).scrollWidth} > ${(n as HTMLElement).clientWidth})`,
        ),
    );
    expect(cut, `${what} shown cut or broken`).toEqual([]);
    return elements.count();
  }

  /** All the controls on one row (same top edge). */
  async expectOneRow(controls: Locator, what: string) {
    const tops = await controls.evaluateAll((nodes) => nodes.map((n) => Math.round(n.getBoundingClientRect().top)));
    expect(new Set(tops).size, `${what} on more than one row (${tops.join(', ')})`).toBe(1);
  }

  /** Rows of a scrolling list wholly inside its visible area. */
  async fullyVisibleRows(list: Locator, rows: Locator): Promise<number> {
    const box = await list.evaluate((el) => {
      const r = el.getBoundingClientRect();
      const head = el.querySelector('thead')?.getBoundingClientRect().height ?? 0;
      return { top: r.top + head, bottom: Math.min(r.bottom, window.innerHeight) };
    });
    const rects = await rows.evaluateAll((nodes) =>
      nodes.map((n) => n.getBoundingClientRect()).map((r) => ({ top: r.top, bottom: r.bottom })),
    );
    return rects.filter((r) => r.top >= box.top - 1 && r.bottom <= box.bottom + 1).length;
  }
}

import { expect, type Page } from '@playwright/test';
import {
  ACTIVITY_TYPES,
  CERTIFICATE_STATUSES,
  INQUIRY_OUTCOMES,
  INQUIRY_STATUSES,
  ROLES,
  SALES_STATUSES,
  VERIFICATION_RESULTS,
} from '../../src/shared/enums';

/** Every stored key of Loupe's value lists: none may reach a person as it is stored. */
export const ENUM_KEYS = [
  ...new Set<string>([
    ...CERTIFICATE_STATUSES,
    ...VERIFICATION_RESULTS,
    ...INQUIRY_STATUSES,
    ...INQUIRY_OUTCOMES,
    ...SALES_STATUSES,
    ...ACTIVITY_TYPES,
    ...ROLES,
  ]),
];

/**
 * The visible text on the page that shows a developer's word: a stored key as a piece of text of its own
 * (a cell, a badge, "(quoted)"), a key with an underscore anywhere, an ISO timestamp, or a time with
 * seconds (a raw toLocaleString()). Keys that are ordinary English words ("verified", "new") are only
 * caught standing alone, so a sentence such as "No certificate has been verified yet" stays allowed.
 */
export function developerWords(page: Page): Promise<string[]> {
  return page.evaluate((keys) => {
    const exact = new Set(keys);
    const underscored = keys.filter((k) => k.includes('_'));
    const found: string[] = [];
    const seen = new Set<Element>();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent?.trim()) continue;
      // The whole text of the element holding it: "2 open · 1 closed" is one sentence even when
      // React writes it as four text nodes.
      const parent = node.parentElement;
      if (!parent || seen.has(parent)) continue;
      seen.add(parent);
      if (!parent.checkVisibility({ visibilityProperty: true, opacityProperty: false })) continue;
      if (parent.closest('script, style, noscript, [aria-hidden="true"]')) continue;
      const text = parent.textContent ?? '';
      const pieces = text.split(/[,()·:|—–\u2192]/).map((p) => p.trim());
      const bad =
        pieces.some((p) => exact.has(p)) ||
        underscored.some((k) => text.includes(k)) ||
        /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text) ||
        /\b\d{1,2}:\d{2}:\d{2}\b/.test(text);
      if (bad) found.push(text.trim());
    }
    return found;
  }, ENUM_KEYS);
}

/** Asserts the screen as it stands (wait for its content first) speaks the staff’s words only. */
export async function expectStaffWords(page: Page, where: string) {
  expect(await developerWords(page), `developer words on ${where}`).toEqual([]);
}

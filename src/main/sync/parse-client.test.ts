import { describe, expect, it } from 'vitest';
import { lastResultOf, resultsInText } from './parse-text';

describe("a find answer's last result, read from the end of its text (lastResultOf)", () => {
  const answer = (results: unknown[], spacing?: number) => JSON.stringify({ results }, null, spacing);

  it('is the last result, whatever its values hold', () => {
    const tricky = [
      { objectId: 'a1', notes: 'a { brace } and [bracket]' },
      {
        objectId: 'b2',
        notes: 'quote " and backslash \\ and "{"objectId":"zz"}"',
        buyer: { __type: 'Pointer', className: 'Buyer', objectId: 'k9' },
      },
      {
        objectId: 'c3',
        updatedAt: '2026-11-27T10:00:00.000Z',
        tags: ['x}', '{y', '\\'],
        nested: { deeper: { list: [{ objectId: 'inner' }] } },
        ends: 'with a backslash \\',
      },
    ];
    for (let n = 1; n <= tricky.length; n++) {
      const results = tricky.slice(0, n);
      expect(lastResultOf(answer(results))).toEqual(results.at(-1));
      expect(lastResultOf(answer(results, 2))).toEqual(results.at(-1)); // spaced out, as a proxy might
    }
  });

  it('is null for an empty page or an answer of another shape, so the page is simply parsed whole', () => {
    expect(lastResultOf(answer([]))).toBeNull();
    expect(lastResultOf(JSON.stringify({ results: [{ objectId: 'a' }], count: 1 }))).toBeNull();
    expect(lastResultOf('{"results":[1,2,3]}')).toBeNull();
    expect(lastResultOf('<html>Bad gateway</html>')).toBeNull();
    expect(lastResultOf('{"results":[{"objectId":"a"}')).toBeNull(); // cut short
  });
});

describe('how many results a find answer holds, counted without parsing it (resultsInText)', () => {
  it('is exact for compact answers, and never fewer than there are', () => {
    const stones = Array.from({ length: 7 }, (_, i) => ({
      objectId: `s${i}`,
      sku: `SKU-${i}`,
      buyer: { __type: 'Pointer', className: 'Buyer', objectId: 'b1' },
    }));
    for (const n of [0, 1, 2, 7]) expect(resultsInText(JSON.stringify({ results: stones.slice(0, n) }))).toBe(n);
    // A value holding the separator counts once more: at worst a page looks full and one request is spare.
    expect(resultsInText(JSON.stringify({ results: [{ objectId: 'a', notes: 'odd },{ text' }] }))).toBe(2);
  });
});

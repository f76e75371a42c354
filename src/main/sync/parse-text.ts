// Reading a find's answer before parsing it in full: its last result and about how many it holds, so the
// next page can be asked for while this one is parsed (see paging.ts).

/**
 * The last result of a `{"results":[…]}` answer, read from the end of its text, without parsing the rest
 * (a page of 2,500 stones takes some milliseconds to parse, and the next page can be asked for meanwhile).
 * Null when there is none or the text does not end as expected; JSON strings are skipped whole, so a
 * brace inside a value does not mislead it.
 */
export function lastResultOf(text: string): Record<string, unknown> | null {
  let at = text.length - 1;
  const skipSpace = () => {
    while (at >= 0 && /\s/.test(text[at]!)) at--;
  };
  const expect = (char: string) => {
    skipSpace();
    if (text[at] !== char) return false;
    at--;
    return true;
  };
  if (!expect('}') || !expect(']')) return null;
  skipSpace();
  if (text[at] !== '}') return null; // an empty page, or not this shape
  const end = at;
  let depth = 0;
  const escaped = (quote: number) => {
    let backslashes = 0;
    for (let i = quote - 1; i >= 0 && text[i] === '\\'; i--) backslashes++;
    return backslashes % 2 === 1;
  };
  for (; at >= 0; at--) {
    const char = text[at];
    if (char === '"') {
      // Back to where this string opens: the previous quote that is not escaped.
      do at--;
      while (at >= 0 && (text[at] !== '"' || escaped(at)));
    } else if (char === '}' || char === ']') depth++;
    else if (char === '{' || char === '[') {
      depth--;
      if (depth === 0) {
        if (char !== '{') return null;
        try {
          const last = JSON.parse(text.slice(at, end + 1)) as unknown;
          return last && typeof last === 'object' && !Array.isArray(last) ? (last as Record<string, unknown>) : null;
        } catch {
          return null;
        }
      }
    }
  }
  return null;
}

/**
 * How many results a compact `{"results":[…]}` answer holds, counted by the `},{` between them without
 * parsing: exact for Parse Server's own answers unless a value holds that text or an array of objects
 * (then more, never fewer); 0 or 1 for a spaced-out answer.
 */
export function resultsInText(text: string): number {
  let count = text.includes('"results":[{') ? 1 : 0;
  for (let at = text.indexOf('},{'); at !== -1; at = text.indexOf('},{', at + 3)) count++;
  return count;
}

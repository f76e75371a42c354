import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

// One way to SQL: a capability's statements live in its queries module (`<capability>/queries.ts`, or a
// `queries/` folder when they outgrow one file), named and typed, prepared once and cached by the store.
// Everywhere else calls those names. Drizzle describes the schema and writes the migrations; its query
// builder is not used. This test names every file and line that prepares SQL, runs a cached statement or
// builds a query with drizzle outside a queries module.

const MAIN = join(__dirname, '..');

/** Left out, each for a reason. */
const OUTSIDE_THE_RULE = [
  'db/', // the SQL layer itself: the store, migrations, the schema, bulk loading
  'test-support/', // tests set up their cases with whatever SQL they need
  'workers/', // worker threads have a connection of their own and no store: they run the SQL they are sent
];

const RULES: { pattern: RegExp; what: string }[] = [
  { pattern: /\.prepare\s*\(/, what: 'prepares a statement' },
  { pattern: /\.statement\s*\(/, what: 'runs a cached statement' },
  { pattern: /\bfrom\s+['"]drizzle-orm(\/[\w-]+)?['"]/, what: "imports drizzle's query builder" },
  { pattern: /\bdb\s*\.\s*(select|insert|update|delete)\s*\(/, what: 'builds a query with drizzle' },
  { pattern: /\bfrom\s+['"](\.\.\/)+db\/schema['"]/, what: "imports drizzle's tables to query them" },
];

const isQueriesModule = (path: string) => /(^|\/)queries\.ts$/.test(path) || /(^|\/)queries\//.test(path);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

/** `file:line: what — text` for every use of SQL outside a queries module under `root`. */
export function sqlOutsideQueries(root: string): string[] {
  const found: string[] = [];
  for (const path of sources(root)) {
    const file = relative(root, path).split(sep).join('/');
    if (isQueriesModule(file) || OUTSIDE_THE_RULE.some((left) => file === left || file.startsWith(left))) continue;
    readFileSync(path, 'utf8')
      .split('\n')
      .forEach((text, i) => {
        if (/^\s*(\/\/|\*)/.test(text) || /^\s*import\s+type\s/.test(text)) return;
        for (const { pattern, what } of RULES) {
          if (pattern.test(text)) found.push(`${file}:${i + 1}: ${what} — ${text.trim()}`);
        }
      });
  }
  return found;
}

describe('one way to SQL', () => {
  it('no capability prepares, runs or builds SQL outside its queries module', () => {
    expect(sqlOutsideQueries(MAIN)).toEqual([]);
  });

  it('names the file and line of each statement found elsewhere', () => {
    const samples = {
      "const row = store.sqlite.prepare('SELECT 1 FROM buyers WHERE id = ?').get(id);": 'prepares a statement',
      "store.statement('DELETE FROM outbox').run();": 'runs a cached statement',
      "import { eq } from 'drizzle-orm';": "imports drizzle's query builder",
      'return (store.db.select({ n: count() }).from(users).get()?.n ?? 0) === 0;': 'builds a query with drizzle',
      "import { users } from '../db/schema';": "imports drizzle's tables to query them",
    };
    for (const [text, what] of Object.entries(samples)) {
      expect(RULES.filter((r) => r.pattern.test(text)).map((r) => r.what)).toContain(what);
    }
    expect(isQueriesModule('inventory/queries.ts')).toBe(true);
    expect(isQueriesModule('inventory/queries/grid.ts')).toBe(true);
    expect(isQueriesModule('inventory/stones.ts')).toBe(false);
  });
});

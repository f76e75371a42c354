import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Capabilities import only downward: no two folders of src/main reach each other, directly or round a
// longer loop (buyers → inquiries → inventory, never back). Test files are left out (a test may reach
// anywhere to set up its case), and so are `import type` lines, which leave nothing at run time (the tRPC
// context names the type of the maintenance service it carries).
const MAIN = join(__dirname, '..');
const IMPORT = /^import\s+(?!type\s)[^;]*?from\s+['"]\.\.\/([\w-]+)\//gm;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory()
      ? sources(path)
      : /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)
        ? [path]
        : [];
  });
}

/** folder → the folders its sources import. */
function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const folder of readdirSync(MAIN).filter((name) => statSync(join(MAIN, name)).isDirectory())) {
    const targets = new Set<string>();
    for (const file of sources(join(MAIN, folder))) {
      for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) if (match[1] !== folder) targets.add(match[1]!);
    }
    graph.set(folder, targets);
  }
  return graph;
}

/** One loop of folders, or null. */
export function findCycle(graph: Map<string, Set<string>>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): string[] | null => {
    if (state.get(node) === 'done') return null;
    if (state.get(node) === 'open') return [...path.slice(path.indexOf(node)), node];
    state.set(node, 'open');
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return null;
}

describe('the folders of src/main', () => {
  it('import one another without a loop', () => {
    expect(findCycle(folderGraph())?.join(' → ') ?? null).toBeNull();
  });

  it('would name a loop (the check itself works)', () => {
    const graph = new Map([
      ['buyers', new Set(['inquiries'])],
      ['inquiries', new Set(['inventory'])],
      ['inventory', new Set(['buyers'])],
    ]);
    expect(findCycle(graph)?.join(' → ')).toBe('buyers → inquiries → inventory → buyers');
  });
});

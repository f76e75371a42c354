import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The renderer knows the core only through the tRPC contract: one `import type { AppRouter }` in the tRPC
// client module, every other type derived from it (src/renderer/src/api-types.ts) or shared (src/shared).
// Reaching into a core file would tie the window to the core's inner layout and, for a value, bundle core
// code into the window.
const SRC = resolve(__dirname, '../..');
const MAIN = join(SRC, 'main');
const RENDERER = join(SRC, 'renderer');
const ALLOWED = { file: 'renderer/src/trpc.ts', statement: "import type { AppRouter } from '../../main/core/router';" };

const SPECIFIERS = [
  /(?:^|\n)\s*(?:import|export)\b[^;'"]*?from\s+['"]([^'"]+)['"]/g,
  /(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g,
  /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g,
];

/** The imports of `file` (a path under src/) that reach into src/main, each as "file: specifier". */
export function mainImports(file: string, text: string): string[] {
  const allowedText = file === ALLOWED.file ? text.replace(ALLOWED.statement, '') : text;
  const found: string[] = [];
  for (const pattern of SPECIFIERS) {
    for (const match of allowedText.matchAll(pattern)) {
      const specifier = match[1]!;
      if (!specifier.startsWith('.')) continue;
      const target = resolve(dirname(join(SRC, file)), specifier);
      if (target === MAIN || target.startsWith(MAIN + '/') || target.startsWith(MAIN + '\\'))
        found.push(`${file}: ${specifier}`);
    }
  }
  return found;
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.[cm]?[tj]sx?$/.test(name) ? [path] : [];
  });
}

describe('the renderer reaches the core only through the tRPC contract', () => {
  it('holds for every renderer file', () => {
    const offenders = files(RENDERER).flatMap((path) => {
      const file = relative(SRC, path).split('\\').join('/');
      return mainImports(file, readFileSync(path, 'utf8'));
    });
    expect(offenders).toEqual([]);
  });

  it('would catch one (the rule itself works)', () => {
    const main = ['ma', 'in'].join(''); // spelled apart so this file's own text is no example
    const screen = 'renderer/src/buyers/BuyerForm.tsx';
    expect(mainImports(screen, `import type { Buyer } from '../../../${main}/buyers/router';`)).toEqual([
      `${screen}: ../../../${main}/buyers/router`,
    ]);
    expect(mainImports(screen, `import {\n  a,\n  b,\n} from '../../../${main}/shared-ish';`)).toHaveLength(1);
    expect(mainImports(screen, `const m = await import('../../../${main}/x');`)).toHaveLength(1);
    expect(mainImports(screen, "import { stoneFields } from '../../../shared/schemas';")).toEqual([]);
    // The one allowed line is allowed in the tRPC client module only, and nothing else there is.
    expect(mainImports(ALLOWED.file, ALLOWED.statement)).toEqual([]);
    expect(mainImports(screen, ALLOWED.statement.replace('../../', '../../../'))).toHaveLength(1);
    expect(mainImports(ALLOWED.file, `import { appRouter } from '../../${main}/core/router';`)).toHaveLength(1);
  });
});

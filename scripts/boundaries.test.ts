import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The house's boundaries are lint rules (eslint.config.mjs), run over the whole tree by `npm test`. This
// shows that each rule fires on a crossing and stays quiet on what is allowed, with the repository's own
// configuration, on snippets placed where the rule looks.
const ROOT = join(__dirname, '..');
const eslint = new ESLint({
  cwd: ROOT,
  // The boundary rules need no type information; the type-aware rules are left to the real run.
  overrideConfig: {
    languageOptions: { parserOptions: { projectService: false, project: null } },
    rules: { '@typescript-eslint/no-floating-promises': 'off' },
  },
});

const BOUNDARY_RULES = new Set(['@typescript-eslint/no-restricted-imports', 'no-restricted-syntax']);

async function crossings(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, file) });
  return result!.messages.filter((m) => BOUNDARY_RULES.has(m.ruleId ?? '')).map((m) => m.message);
}

describe('the boundaries', () => {
  it('let only the shell import Electron', async () => {
    const code = "import { app } from 'electron';\nexport const a = app;\n";
    expect(await crossings('src/main/inventory/new-file.ts', code)).toEqual([
      "'electron' import is restricted from being used. Only the shell imports Electron.",
    ]);
    expect(await crossings('src/main/host/new-file.ts', code)).toHaveLength(1);
    expect(await crossings('src/main/shell/new-file.ts', code)).toEqual([]);
  });

  it("keep the core out of the renderer: only the tRPC client names the router's type", async () => {
    const runTime = "import { createCore } from '../../../main/core/create-core';\nexport const c = createCore;\n";
    const routerType = "import type { AppRouter } from '../../main/trpc/router';\nexport type R = AppRouter;\n";
    expect(await crossings('src/renderer/src/inventory/NewScreen.tsx', runTime)).toHaveLength(1);
    expect(
      await crossings('src/renderer/src/inventory/NewScreen.tsx', routerType.replace('../../', '../../../')),
    ).toHaveLength(1);
    expect(await crossings('src/renderer/src/trpc.ts', routerType)).toEqual([]);
    // Nor loaded later, or the old way.
    expect(
      await crossings(
        'src/renderer/src/inventory/NewScreen.tsx',
        "export const m = () => import('../../../main/db/store');\n",
      ),
    ).toHaveLength(1);
    expect(
      await crossings(
        'src/renderer/src/inventory/NewScreen.tsx',
        "export const m = require('../../../main/db/store');\n",
      ),
    ).toHaveLength(1);
    expect(
      await crossings(
        'src/renderer/src/trpc.ts',
        "import { appRouter } from '../../main/trpc/router';\nexport const r = appRouter;\n",
      ),
    ).toHaveLength(1);
  });

  it('let a capability import only folders below it', async () => {
    const buyers = "import { listBuyers } from '../buyers/buyers';\nexport const b = listBuyers;\n";
    const [message] = await crossings('src/main/inventory/new-file.ts', buyers);
    expect(message).toMatch(/src\/main\/inventory imports only folders below it/);
    expect(
      await crossings('src/main/db/new-file.ts', "import { t } from '../trpc/init';\nexport const x = t;\n"),
    ).toHaveLength(1);
    // Downward is fine, and so is a type from anywhere (it leaves nothing at run time).
    expect(
      await crossings('src/main/buyers/new-file.ts', "import { a } from '../inventory/stones';\nexport const x = a;\n"),
    ).toEqual([]);
    expect(
      await crossings(
        'src/main/trpc/new-file.ts',
        "import type { M } from '../maintenance/services';\nexport type X = M;\n",
      ),
    ).toEqual([]);
  });

  it('keep two capabilities of one rank from reaching each other, so no loop can form', async () => {
    const code = "import { a } from '../auth/accounts';\nexport const x = a;\n";
    expect(await crossings('src/main/certificates/new-file.ts', code)).toHaveLength(1);
  });
});

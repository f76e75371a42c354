import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** The administrator `npm run seed:demo` creates (scripts/seed-demo.ts, DEMO_ADMIN). */
export const DEMO_SIGN_IN = { username: 'demo', password: 'demo password 1' };

const ROOT = join(__dirname, '../..');

/** Fills a data dir as `npm run seed:demo -- --stones N` does (run as the command: it is an ES module script). */
export function seedDemoStock(dataDir: string, stones: number) {
  execFileSync(
    process.execPath,
    [
      join(ROOT, 'node_modules/tsx/dist/cli.mjs'),
      join(ROOT, 'scripts/seed-demo.ts'),
      '--stones',
      String(stones),
      '--data-dir',
      dataDir,
    ],
    {
      cwd: ROOT,
      stdio: 'pipe',
    },
  );
}

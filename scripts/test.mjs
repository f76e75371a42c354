#!/usr/bin/env node
// `npm test`: type-check, lint and format check, unit and integration tests (vitest), build, end-to-end
// tests (Playwright in the system's Chromium). Every step runs even if an earlier one fails, so one run
// shows everything; the last line sums up all tests as "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const results = join(root, 'test-results');
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

const chromium = process.env.LOUPE_CHROMIUM ?? '/usr/bin/chromium';
const steps = [];
let passed = 0;
let failed = 0;
let skipped = 0;

function run(name, command, args) {
  console.log(`\n▶ ${name}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } });
  const ok = result.status === 0;
  steps.push({ name, ok, seconds: ((Date.now() - started) / 1000).toFixed(1) });
  return ok;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(join(results, file), 'utf8'));
  } catch {
    return null;
  }
}

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

if (!run('type-check', npx, ['tsc', '-p', 'tsconfig.node.json', '--noEmit', '--composite', 'false'])) failed++;
if (!run('type-check (renderer)', npx, ['tsc', '-p', 'tsconfig.web.json', '--noEmit', '--composite', 'false']))
  failed++;
if (!run('type-check (end-to-end)', npx, ['tsc', '-p', 'tsconfig.e2e.json', '--noEmit', '--composite', 'false']))
  failed++;

// The house's rules (typescript-eslint, floating promises, the boundaries between layers) and one format.
if (!run('lint', npx, ['eslint', '.'])) failed++;
if (!run('format', npx, ['prettier', '--check', '.'])) failed++;

const vitestOk = run('vitest', npx, [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  '--outputFile=test-results/vitest.json',
]);
const vitest = readJson('vitest.json');
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
  skipped += vitest.numPendingTests + vitest.numTodoTests;
  // A file that failed to load fails no test of its own; it must still count.
  if (!vitestOk && vitest.numFailedTests === 0) failed++;
} else failed++;

if (!run('build', npx, ['electron-vite', 'build'])) failed++;

if (!existsSync(chromium)) {
  console.error(`\nChromium was not found at ${chromium}: install Debian's "chromium" package, or set LOUPE_CHROMIUM.`);
  failed++;
} else {
  run('end-to-end', npx, ['playwright', 'test']);
  const e2e = readJson('e2e.json');
  if (e2e) {
    passed += e2e.stats.expected + e2e.stats.flaky;
    failed += e2e.stats.unexpected;
    skipped += e2e.stats.skipped;
    if (e2e.errors?.length) failed += e2e.errors.length;
  } else failed++;
}

console.log('\nSteps:');
for (const step of steps) console.log(`  ${step.ok ? 'ok  ' : 'FAIL'} ${step.name} (${step.seconds}s)`);
const ok = failed === 0 && steps.every((s) => s.ok);
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(ok ? 0 : 1);

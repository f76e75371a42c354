#!/usr/bin/env node
// `npm run dist [-- <electron-builder options>]`: builds the app, then the installers (electron-builder.yml)
// into dist/. electron-builder rebuilds better-sqlite3 for Electron inside node_modules while packaging;
// afterwards it is rebuilt for Node again, so the tests and the browser host keep working.
// LOUPE_UPDATE_URL=https://… sets the generic update address built into the installers.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(command, args) {
  console.log(`\n▶ ${command} ${args.join(' ')}`);
  return spawnSync(command, args, { cwd: root, stdio: 'inherit' }).status ?? 1;
}

let status = run(npx, ['electron-vite', 'build']);
if (status === 0) {
  const args = ['electron-builder', '--publish', 'never', ...process.argv.slice(2)];
  const updateUrl = process.env.LOUPE_UPDATE_URL;
  if (updateUrl) args.push('-c.publish.provider=generic', `-c.publish.url=${updateUrl}`);
  try {
    status = run(npx, args);
  } finally {
    // Put node_modules back as the tests expect it (electron-builder left the Electron build there).
    if (run(npm, ['rebuild', 'better-sqlite3']) !== 0) {
      console.error('Could not rebuild better-sqlite3 for Node: run `npm rebuild better-sqlite3` before `npm test`.');
      status ||= 1;
    }
  }
}
process.exit(status);

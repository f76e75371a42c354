#!/usr/bin/env node
// `npm start`: the Loupe window in Electron; without the Electron binary, the same workstation in a browser.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { electronBinaryInstalled, electronSqliteBinding, tryInstallElectron } from './electron.mjs';

const root = join(import.meta.dirname, '..');
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

function build() {
  if (process.env.LOUPE_NO_BUILD) return;
  const result = spawnSync(npx, ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function run(command, args, env = process.env) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit', env });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code) => process.exit(code ?? 0));
}

if (electronBinaryInstalled() || tryInstallElectron()) {
  const binding = electronSqliteBinding(root);
  run(npx, ['electron-vite', 'preview'], { ...process.env, LOUPE_SQLITE_BINDING: binding });
} else {
  console.log(
    'The Electron binary is not installed on this machine, so Loupe is served to your browser instead at the address below.',
  );
  build();
  run(process.execPath, [join(root, 'out', 'main', 'host.js')]);
}

// Helpers for running Loupe in Electron from a source checkout.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';

const require = createRequire(import.meta.url);

export function electronPackageDir() {
  return dirname(require.resolve('electron/package.json'));
}

/** True when the Electron binary is on disk (checked without triggering electron's own download). */
export function electronBinaryInstalled(dir = electronPackageDir()) {
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return false;
  return existsSync(join(dir, 'dist', readFileSync(pathFile, 'utf8').trim()));
}

/** Tries electron's own installer once (it downloads the binary); false when offline or skipped. */
export function tryInstallElectron(dir = electronPackageDir()) {
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) return false;
  const result = spawnSync(process.execPath, [join(dir, 'install.js')], { stdio: 'inherit' });
  return result.status === 0 && electronBinaryInstalled(dir);
}

/**
 * better-sqlite3 compiled for Electron's ABI, in a cache folder of its own: node_modules keeps the
 * Node build that `npm test` uses. Returns the .node file to pass as better-sqlite3's nativeBinding.
 */
export function electronSqliteBinding(root) {
  const version = JSON.parse(readFileSync(join(electronPackageDir(), 'package.json'), 'utf8')).version;
  const target = join(root, '.cache', 'electron-native', version);
  const binding = join(target, 'build', 'Release', 'better_sqlite3.node');
  if (existsSync(binding)) return binding;
  mkdirSync(target, { recursive: true });
  const source = dirname(require.resolve('better-sqlite3/package.json'));
  cpSync(source, target, {
    recursive: true,
    // the Node build stays behind; only sources are copied
    filter: (file) => !relative(source, file).split(sep).includes('build'),
  });
  const args = [
    'rebuild',
    '--release',
    `--target=${version}`,
    '--runtime=electron',
    '--dist-url=https://electronjs.org/headers',
  ];
  // npm tells its scripts where its own node-gyp is; otherwise ask npx for it.
  const [command, prefix] = process.env.npm_config_node_gyp
    ? [process.execPath, [process.env.npm_config_node_gyp]]
    : [process.platform === 'win32' ? 'npx.cmd' : 'npx', ['--yes', 'node-gyp']];
  console.log(`Building better-sqlite3 for Electron ${version} (once)…`);
  const result = spawnSync(command, [...prefix, ...args], { cwd: target, stdio: 'inherit' });
  if (result.status !== 0 || !existsSync(binding)) throw new Error('Could not build better-sqlite3 for Electron.');
  return binding;
}

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { appUrlFor } from './app';
import { menuTemplate, type MenuItem } from './menu';
import { APP_SCHEME } from './security';
import { usableFeedUrl } from './updater';

// The installers cannot be built here (electron-builder downloads Electron for each platform), so the
// configuration is checked instead: electron-builder's own schema, then what Loupe needs from it.

const ROOT = join(__dirname, '../../..');
const require = createRequire(__filename);

interface Target {
  target: string;
}
interface BuilderConfig {
  appId: string;
  productName: string;
  directories: { output: string; buildResources: string };
  /** Normalised by getConfig to [{ filter: [...] }]. */
  files: (string | { filter: string[] })[];
  extraResources: { from: string; to: string; filter?: string[] }[];
  asar: boolean;
  asarUnpack: string[];
  npmRebuild: boolean;
  publish: { provider: string; url: string }[];
  linux: { target: (string | Target)[]; icon: string; maintainer?: string };
  win: { target: (string | Target)[]; icon: string };
  mac: { target: (string | Target)[]; icon: string };
  electronFuses?: Record<string, boolean>;
  protocols?: { schemes: string[] }[];
}

const builderConfig = require('app-builder-lib/out/util/config/config') as {
  getConfig(projectDir: string, configPath: string | null, fromOptions: null): Promise<BuilderConfig>;
  validateConfiguration(config: unknown, logger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
const { minimatch } = require('minimatch') as {
  minimatch(path: string, pattern: string, options?: { dot?: boolean }): boolean;
};

let config: BuilderConfig;
beforeAll(async () => {
  config = await builderConfig.getConfig(ROOT, null, null);
});

const targets = (list: (string | Target)[]) => list.map((t) => (typeof t === 'string' ? t : t.target)).sort();

/** Width and height from a PNG's header. */
function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  expect(bytes.subarray(1, 4).toString('ascii'), `${file} is a PNG`).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('the electron-builder configuration', () => {
  it("passes electron-builder's own schema (which does catch mistakes)", async () => {
    await expect(builderConfig.validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    await expect(
      builderConfig.validateConfiguration(
        { ...config, linux: { ...config.linux, targte: ['AppImage'] } },
        new DebugLogger(false),
      ),
    ).rejects.toThrow();
  });

  it('builds AppImage and deb for Linux, NSIS for Windows, dmg for macOS, as com.loupe.workstation', () => {
    expect(targets(config.linux.target)).toEqual(['AppImage', 'deb']);
    expect(targets(config.win.target)).toEqual(['nsis']);
    expect(targets(config.mac.target)).toEqual(['dmg']);
    expect(config.appId).toMatch(/^[a-z]+(\.[a-z][a-z0-9-]*)+$/);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      productName: string;
      main: string;
      scripts: Record<string, string>;
    };
    expect(config.productName).toBe(pkg.productName);
    // A deb needs a maintainer; the package has no author, so the config names one.
    expect(config.linux.maintainer).toMatch(/<.+@.+>/);
  });

  it("packs the built app (the main script included) and unpacks better-sqlite3's native module from the asar", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string };
    const main = pkg.main.replace(/^\.\//, '');
    const patterns = config.files.flatMap((f) => (typeof f === 'string' ? [f] : f.filter));
    expect(patterns.some((pattern) => !pattern.startsWith('!') && minimatch(main, pattern))).toBe(true);
    expect(patterns.some((pattern) => pattern.startsWith('!') && minimatch(main, pattern.slice(1)))).toBe(false);
    expect(patterns.some((pattern) => !pattern.startsWith('!') && minimatch('src/main/index.ts', pattern))).toBe(false);
    expect(config.asar).toBe(true);
    const unpacked = (path: string) => config.asarUnpack.some((pattern) => minimatch(path, pattern, { dot: true }));
    expect(unpacked('node_modules/better-sqlite3/build/Release/better_sqlite3.node')).toBe(true);
    // …and its JS, which the integrity-check worker thread loads from disk.
    expect(unpacked('node_modules/better-sqlite3/lib/index.js')).toBe(true);
    // sharp (thumbnails) and its native libvips build, which a worker thread loads from disk.
    expect(unpacked('node_modules/sharp/lib/index.js')).toBe(true);
    expect(unpacked('node_modules/@img/sharp-linux-x64/lib/sharp-linux-x64.node')).toBe(true);
    expect(unpacked('node_modules/react/index.js')).toBe(false);
  });

  it('rebuilds native modules for Electron at pack time only, and puts the Node build back afterwards', () => {
    expect(config.npmRebuild).toBe(true);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    for (const hook of ['install', 'postinstall', 'preinstall']) {
      expect(pkg.scripts[hook] ?? '', `${hook} must not rebuild for Electron`).not.toMatch(
        /install-app-deps|electron-rebuild|@electron\/rebuild/,
      );
    }
    const dist = readFileSync(join(ROOT, 'scripts/dist.mjs'), 'utf8');
    expect(dist).toMatch(/'electron-vite', 'build'/);
    expect(dist).toMatch(/'electron-builder'/);
    expect(dist).toMatch(/'rebuild', 'better-sqlite3'/);
    if (pkg.scripts.dist) expect(pkg.scripts.dist).toBe('node scripts/dist.mjs');
  });

  it('ships the Cloud Code and schema beside the app', () => {
    expect(config.extraResources).toEqual([expect.objectContaining({ from: 'resources/back4app', to: 'back4app' })]);
    for (const file of ['schema.json', 'cloud/main.js'])
      expect(existsSync(join(ROOT, 'resources/back4app', file)), file).toBe(true);
  });

  it('has the icons: a large one for Windows and macOS, a set of sizes for Linux', () => {
    expect(config.directories.buildResources).toBe('resources');
    const large = pngSize(join(ROOT, config.win.icon));
    expect(large.width).toBe(large.height);
    expect(large.width).toBeGreaterThanOrEqual(512);
    expect(config.mac.icon).toBe(config.win.icon);
    const dir = join(ROOT, config.linux.icon);
    expect(statSync(dir).isDirectory()).toBe(true);
    const sizes = readdirSync(dir).map((name) => {
      const [, w, h] = /^(\d+)x(\d+)\.png$/.exec(name)!;
      expect(pngSize(join(dir, name))).toEqual({ width: Number(w), height: Number(h) });
      return Number(w);
    });
    expect(sizes.sort((a, b) => a - b)).toEqual([16, 32, 48, 64, 128, 256, 512]);
  });

  it('publishes to a generic update server, with a placeholder the app treats as "not configured"', () => {
    expect(config.publish).toEqual([{ provider: 'generic', url: expect.stringMatching(/^https:\/\//) }]);
    expect(usableFeedUrl(config.publish[0]!.url)).toBeNull();
    expect(readFileSync(join(ROOT, 'scripts/dist.mjs'), 'utf8')).toContain('-c.publish.url=');
  });

  it('flips the Electron fuses: no running as Node, no NODE_OPTIONS or --inspect, only the checked app.asar, encrypted cookies', async () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
    // The schema knows the fuses by name: a misspelt one would be refused rather than silently ignored.
    await expect(
      builderConfig.validateConfiguration(
        { ...config, electronFuses: { ...config.electronFuses, runAsNod: false } },
        new DebugLogger(false),
      ),
    ).rejects.toThrow();
  });

  it('loads the installed app from app://, which is not offered to the operating system for links, with a menu without developer tools', () => {
    expect(new URL(appUrlFor({})).protocol).toBe(`${APP_SCHEME}:`);
    expect((config.protocols ?? []).flatMap((p) => p.schemes)).not.toContain(APP_SCHEME);
    // The main script registers the scheme before the app is ready (a standard, secure scheme) and installs the menu.
    const entry = readFileSync(join(ROOT, 'src/main/index.ts'), 'utf8');
    expect(entry).toMatch(/protocol\.registerSchemesAsPrivileged\(PRIVILEGED_SCHEMES\)/);
    expect(entry).toMatch(/packaged: app\.isPackaged/);
    const roles = (items: MenuItem[]): string[] =>
      items.flatMap((i) => [...(i.role ? [i.role] : []), ...roles(i.submenu ?? [])]);
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      expect(roles(menuTemplate({ packaged: true, platform }))).not.toEqual(
        expect.arrayContaining([expect.stringMatching(/devtools|reload/i)]),
      );
    }
  });

  it('ships the renderer minified (electron-vite leaves it unminified by default)', async () => {
    const { default: viteConfig } = (await import('../../../electron.vite.config')) as {
      default: { renderer?: { build?: { minify?: unknown } } };
    };
    expect(viteConfig.renderer?.build?.minify).toBe('esbuild');
  });
});

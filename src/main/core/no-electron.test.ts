import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// The core must run in plain Node (tests, the browser host, the CLI): only the Electron entry
// (src/main/index.ts) and the preload script import Electron; the shell uses interfaces tests fake.
const SRC = join(__dirname, '../..');
const ALLOWED = [/^main\/index\.ts$/, /^preload\/index\.ts$/];
const IMPORTS_ELECTRON =
  /(from\s+['"]electron['"])|(require\(\s*['"]electron['"]\s*\))|(import\(\s*['"]electron['"]\s*\))/;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('the core never imports electron', () => {
  it('holds for every file outside the Electron entry and preload script', () => {
    const offenders = files(SRC)
      .map((file) => relative(SRC, file).split('\\').join('/'))
      .filter((file) => !ALLOWED.some((allowed) => allowed.test(file)))
      .filter((file) => IMPORTS_ELECTRON.test(readFileSync(join(SRC, file), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('would catch one (the rule itself works)', () => {
    const electron = ['elec', 'tron'].join(''); // spelled apart so this file does not trip the rule itself
    expect(IMPORTS_ELECTRON.test(`import { app } from '${electron}';`)).toBe(true);
    expect(IMPORTS_ELECTRON.test(`const { app } = require('${electron}')`)).toBe(true);
    expect(IMPORTS_ELECTRON.test(`import type { App } from "${electron}";`)).toBe(true);
    expect(IMPORTS_ELECTRON.test("import { x } from 'electron-updater';")).toBe(false);
  });
});

// ESLint: TypeScript's recommended rules, promises that are never left floating, React's rules of hooks, and
// the house's boundaries as rules (see docs/architecture.md): only the shell imports Electron, the renderer
// never imports the core at run time, and the folders of src/main import only downward.
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/**
 * The folders of src/main, lowest first. A folder may import (at run time) only folders of a lower rank;
 * `import type` leaves nothing at run time and may point anywhere. Two folders of one rank never reach each
 * other, so there are no loops between capabilities.
 */
export const LAYERS = [
  ['workers', 'csv', 'paper'],
  ['db'],
  ['trpc'],
  ['sales', 'auth', 'certificates', 'maintenance', 'media'],
  ['activities', 'inventory', 'sync', 'invoices'],
  ['inquiries', 'memos', 'consignments'],
  ['buyers', 'holds', 'reports'],
  ['core'],
  ['host', 'shell', 'cli'],
  ['test-support'],
];

const ELECTRON = ['electron', 'electron-updater', 'electron-log/main'];

function layerRules() {
  return LAYERS.flatMap((folders, rank) => {
    const above = LAYERS.slice(rank).flat();
    return folders.map((folder) => ({
      files: [`src/main/${folder}/**/*.{ts,tsx}`],
      ignores: ['**/*.test.ts'],
      rules: {
        '@typescript-eslint/no-restricted-imports': [
          'error',
          {
            paths:
              folder === 'shell' ? [] : ELECTRON.map((name) => ({ name, message: 'Only the shell imports Electron.' })),
            patterns: [
              {
                regex: `^(\\.\\./)+(${above.filter((f) => f !== folder).join('|')})/`,
                allowTypeImports: true,
                message: `src/main/${folder} imports only folders below it (see LAYERS in eslint.config.mjs).`,
              },
            ],
          },
        ],
      },
    }));
  });
}

export default tseslint.config(
  {
    ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'resources/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,mts}'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // TypeScript itself reports undefined names.
      'no-undef': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Tests read the server's JSON and raw rows as they come, and their assertions check the shapes.
    files: ['**/*.test.ts', 'src/main/test-support/**/*.ts', 'scripts/backend/test-support.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Playwright's fixtures take `{}` when they use no other fixture.
    files: ['e2e/**/*.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
  {
    files: ['**/*.{mjs,js}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ImportExpression[source.value=/(^|\\/)main\\//], CallExpression[callee.name="require"]',
          message: 'The renderer loads nothing from the core; it talks tRPC.',
        },
      ],
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: ELECTRON.map((name) => ({ name, message: 'The renderer talks to the core through tRPC only.' })),
          patterns: [
            {
              regex: '^(\\.\\./)+main/',
              message:
                "The renderer never imports the core; types come from the router's contract (api-types) or src/shared.",
            },
          ],
        },
      ],
    },
  },
  {
    // The tRPC client alone names the router's type, from which every other renderer type is derived.
    files: ['src/renderer/src/trpc.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(\\.\\./)+main/', allowTypeImports: true, message: 'Types only.' }] },
      ],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: ELECTRON,
          patterns: [{ regex: '^(\\.\\./)+(main|renderer)/', message: 'src/shared imports nothing from either side.' }],
        },
      ],
    },
  },
  {
    files: ['src/main/*.ts'],
    ignores: ['src/main/index.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: ELECTRON.map((name) => ({ name, message: 'Only the shell imports Electron.' })) },
      ],
    },
  },
  ...layerRules(),
);

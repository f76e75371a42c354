import { defineConfig } from 'vitest/config';

// Two projects: `core` (the workstation core, routers, shell with fakes: real SQLite files in temp dirs)
// and `backend` (the Parse Server backend: one real Parse Server on embedded PostgreSQL per run).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'core',
          include: ['src/**/*.test.ts', 'scripts/*.test.ts'],
          exclude: ['src/**/*.remote.test.ts'],
          environment: 'node',
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'backend',
          // The backend itself, and everything in the workstation that talks to it (replication).
          include: ['scripts/backend/**/*.test.ts', 'src/**/*.remote.test.ts'],
          environment: 'node',
          globalSetup: ['scripts/backend/test-global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

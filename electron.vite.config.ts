import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';

/**
 * The core's worker threads run from source through tsx (src/main/workers/start.ts); in the build, that
 * module's importers get src/main/workers/start.built.ts instead, whose `?nodeWorker` imports make
 * electron-vite compile each worker into a chunk of its own and start it from there.
 */
function builtWorkers(): Plugin {
  const fromSource = resolve(__dirname, 'src/main/workers/start.ts');
  const built = resolve(__dirname, 'src/main/workers/start.built.ts');
  return {
    name: 'loupe:built-workers',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!importer || !/\/start(\.ts)?$/.test(source)) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      return resolved?.id === fromSource ? built : null;
    },
  };
}

// One build for both shells: out/main/index.js (Electron), out/main/host.js (the browser host, plain
// Node), out/preload/index.js (the bridge, CommonJS because the window is sandboxed), out/renderer.
export default defineConfig({
  main: {
    plugins: [builtWorkers()],
    build: {
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          host: resolve(__dirname, 'src/main/host/main.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    build: {
      // electron-vite leaves the renderer unminified by default: minified it is less than half the size to
      // load and parse at every start (and in every browser-host tab).
      minify: 'esbuild',
      // One chunk of about 1 MB, loaded from disk: splitting the screens off measured no earlier first paint
      // (scripts/bench/first-paint.bench.ts), so the warning for chunks over 500 kB does not apply here.
      chunkSizeWarningLimit: 1200,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/renderer/index.html') },
      },
    },
    plugins: [react()],
  },
});

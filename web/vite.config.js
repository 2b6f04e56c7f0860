// Vite config for the static page. Root is web/, output is ../dist with a relative
// base so the built site works from any sub-path. The Emscripten modules are imported
// from build/wasm through the `@wasm` alias and kept out of dependency pre-bundling. The
// build writes .vite/manifest.json (tools/bundle_size.mjs follows what each lab's first
// view loads).
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { serviceWorker } from './service-worker-build.js';

const webDir = fileURLToPath(new URL('.', import.meta.url));
const repoDir = resolve(webDir, '..');
// Where the built module lives (override with SAMPLING_WASM_DIR, e.g. a prebuilt copy).
const wasmDir = process.env.SAMPLING_WASM_DIR ? resolve(process.env.SAMPLING_WASM_DIR) : resolve(repoDir, 'build/wasm');
// Where the site is built (override with SAMPLING_DIST_DIR, e.g. one folder per work stream).
const distDir = process.env.SAMPLING_DIST_DIR ? resolve(process.env.SAMPLING_DIST_DIR) : resolve(repoDir, 'dist');

// `npm run dev`: /embed.js (what the example post includes) is the module it is built from.
const embedJsInDev = {
  name: 'embed-js-in-dev',
  configureServer(server) {
    server.middlewares.use((req, res, next) => {
      if (req.url?.split('?')[0] === '/embed.js') req.url = '/src/embed/index.js';
      next();
    });
  },
};

export default defineConfig({
  root: webDir,
  base: './',
  plugins: [
    embedJsInDev,
    // sw.js: the built site works offline after the first visit.
    serviceWorker({ publicDir: resolve(webDir, 'public'), source: resolve(webDir, 'src/service-worker.js') }),
  ],
  resolve: {
    alias: { '@wasm': wasmDir },
  },
  optimizeDeps: {
    exclude: ['@wasm/sampling.js', '@wasm/sampling-tokenize.js', '@wasm/sampling-mcmc.js', '@wasm/sampling-flow.js', '@wasm/sampling-text.js'],
  },
  worker: { format: 'es' },
  server: {
    fs: { allow: [repoDir, wasmDir] },
  },
  build: {
    outDir: distDir,
    emptyOutDir: true,
    target: 'es2020',
    // No inline scripts or data: modules: the page must run under a strict CSP.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    manifest: true,
    rollupOptions: {
      input: {
        index: resolve(webDir, 'index.html'),
        embed: resolve(webDir, 'embed.html'),
        // The script a blog includes: embed.js at the root, a name that never changes.
        'embed-elements': resolve(webDir, 'src/embed/index.js'),
        // An example post with both kinds of embed (built and tested with the site).
        blog: resolve(webDir, 'blog/example.html'),
      },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'embed-elements' ? 'embed.js' : 'assets/[name]-[hash].js'),
      },
    },
  },
});

// Vite plugin (build only): writes the site's service worker, sw.js at the root, from
// src/service-worker.js headed by the list of files to cache on install and a version
// that changes with any of them. Files of public/ larger than PRECACHE_MAX_BYTES (the
// poetry BERT and n-gram) are left to the first fetch: a reader of the tokenizer lab does
// not download them.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const PRECACHE_MAX_BYTES = 3_000_000;

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

export function serviceWorker({ publicDir, source }) {
  return {
    name: 'sampling-service-worker',
    apply: 'build',
    // After every other plugin has added its files (the HTML pages come last).
    writeBundle(options, bundle) {
      const hash = createHash('sha256');
      const files = [];
      for (const [name, item] of Object.entries(bundle)) {
        // Every page, script (each lab's chunks too), style and wasm module; not the build
        // manifest (.vite/manifest.json, for tools/bundle_size.mjs: hosts that skip
        // dot-folders would fail the install).
        if (!name.startsWith('.vite/')) files.push(name);
        hash.update(name);
        hash.update(item.type === 'chunk' ? item.code : item.source);
      }
      for (const path of walk(publicDir)) {
        const name = relative(publicDir, path).split(sep).join('/');
        hash.update(name);
        hash.update(readFileSync(path));
        if (statSync(path).size <= PRECACHE_MAX_BYTES) files.push(name);
      }
      files.sort();
      const head = `const VERSION = ${JSON.stringify(hash.digest('hex').slice(0, 16))};\n`
        + `const PRECACHE = ${JSON.stringify(files)};\n`;
      writeFileSync(join(options.dir, 'sw.js'), head + readFileSync(source, 'utf8'));
    },
  };
}

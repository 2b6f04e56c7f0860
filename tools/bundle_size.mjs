// What each lab's first view downloads, read from a built site: for index.html#demo=NAME
// and embed.html#demo=NAME, the page's entry script and its static imports, the lab's
// chunks (the dynamic imports of embed/registry.js from src/demos/NAME/) and their static
// imports, their CSS, the lab's worker and what it loads (its wasm module). Models are
// fetched later, with progress, and are not counted. Sizes are gzip -9 bytes.
//
//   node tools/bundle_size.mjs [DIST]      (default: SAMPLING_DIST_DIR, else dist/)
//
// Follows Vite's build manifest (.vite/manifest.json, build.manifest in web/vite.config.js);
// a worker's own files are the names its code points at beside it. Prints a Markdown table
// and, as its last line, one JSON object. tests/browser/first-view-size.test.mjs checks the
// same budget on what Chromium actually fetches.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const LAB_NAMES = ['tokenize', 'mcmc', 'flow', 'gibbs', 'cgmh'];
export const PAGES = ['index.html', 'embed.html'];
/** The most a lab's first view may download: JS + CSS + wasm, gzip bytes. */
export const BUDGET_BYTES = 300_000;

const repoDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export function defaultDistDir() {
  return process.env.SAMPLING_DIST_DIR ? resolve(process.env.SAMPLING_DIST_DIR) : join(repoDir, 'dist');
}

const gzipCache = new Map();
/** gzip -9 size of a file. */
export function gzipBytes(path) {
  if (!gzipCache.has(path)) gzipCache.set(path, gzipSync(readFileSync(path), { level: 9 }).length);
  return gzipCache.get(path);
}

/** js, css, wasm, or null for what the budget does not count. */
export function kindOf(file) {
  const m = /\.(js|mjs|css|wasm)$/.exec(file);
  return m ? (m[1] === 'mjs' ? 'js' : m[1]) : null;
}

function readManifest(distDir) {
  const path = join(distDir, '.vite/manifest.json');
  if (!existsSync(path)) throw new Error(`${path} is missing: build the site (npm run build; web/vite.config.js sets build.manifest)`);
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** Files beside a worker that its code names (its wasm module, chunks it imports), recursively. */
function workerFiles(distDir, file, seen) {
  if (seen.has(file)) return;
  seen.add(file);
  const dir = dirname(file);
  const code = readFileSync(join(distDir, file), 'utf8');
  for (const [name] of code.matchAll(/[\w.-]+\.(?:js|wasm)\b/g)) {
    const sibling = dir === '.' ? name : `${dir}/${name}`;
    if (sibling === file || !existsSync(join(distDir, sibling))) continue;
    if (sibling.endsWith('.wasm')) seen.add(sibling);
    else workerFiles(distDir, sibling, seen);
  }
}

/**
 * The files lab `lab`'s first view on `page` loads, in the built site at distDir:
 * [{ file, kind: 'js'|'css'|'wasm', worker: boolean }] (paths relative to distDir).
 */
export function firstViewFiles(distDir, lab, page, manifest = readManifest(distDir)) {
  if (!manifest[page]) throw new Error(`${page} is not in the build manifest`);
  const labEntries = Object.keys(manifest).filter((key) => manifest[key].isDynamicEntry && manifest[key].src?.startsWith(`src/demos/${lab}/`));
  if (labEntries.length === 0) throw new Error(`no chunk of src/demos/${lab}/ in the build manifest (is ${lab} in embed/registry.js?)`);
  const files = new Map(); // file → worker?
  const chunks = new Set();
  const workers = new Set();
  const visit = (key) => {
    if (chunks.has(key)) return;
    chunks.add(key);
    const chunk = manifest[key];
    files.set(chunk.file, false);
    for (const css of chunk.css ?? []) files.set(css, false);
    for (const asset of chunk.assets ?? []) if (/\.worker-.*\.js$/.test(asset)) workerFiles(distDir, asset, workers);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  visit(page);
  labEntries.forEach(visit);
  for (const file of workers) files.set(file, true);
  return [...files].filter(([file]) => kindOf(file)).map(([file, worker]) => ({ file, kind: kindOf(file), worker }));
}

/** Gzip bytes of one lab's first view: { js, css, workerJs, wasm, total, files }. */
export function firstViewSize(distDir, lab, page, manifest) {
  const out = { js: 0, css: 0, workerJs: 0, wasm: 0, total: 0, files: [] };
  for (const { file, kind, worker } of firstViewFiles(distDir, lab, page, manifest)) {
    const bytes = gzipBytes(join(distDir, file));
    if (kind === 'js') out[worker ? 'workerJs' : 'js'] += bytes;
    else out[kind] += bytes;
    out.total += bytes;
    out.files.push(file);
  }
  return out;
}

function main() {
  const distDir = process.argv[2] ? resolve(process.argv[2]) : defaultDistDir();
  const manifest = readManifest(distDir);
  const kb = (bytes) => (bytes / 1000).toFixed(1);
  const rows = [];
  const labs = {};
  for (const lab of LAB_NAMES) {
    labs[lab] = {};
    for (const page of PAGES) {
      const s = firstViewSize(distDir, lab, page, manifest);
      labs[lab][page.replace('.html', '')] = { js: s.js, css: s.css, worker_js: s.workerJs, wasm: s.wasm, total: s.total };
      rows.push(`| ${lab} | ${page} | ${kb(s.js)} | ${kb(s.css)} | ${kb(s.workerJs)} | ${kb(s.wasm)} | **${kb(s.total)}** |`);
    }
  }
  const largest = Math.max(...Object.values(labs).flatMap((p) => Object.values(p).map((s) => s.total)));
  console.log(`First view of each lab in ${distDir} (gzip -9 kB; models excluded; budget ${kb(BUDGET_BYTES)} kB)\n`);
  console.log('| lab | page | page + lab JS | CSS | worker JS | wasm | total |');
  console.log('|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
  console.log(JSON.stringify({ budget_bytes: BUDGET_BYTES, largest_bytes: largest, within_budget: largest <= BUDGET_BYTES, labs }));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();

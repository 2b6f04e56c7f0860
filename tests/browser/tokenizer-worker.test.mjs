// The tokenizer as a library, without the page: a module Web Worker imports the built
// sampling.js from a plain copy of build/wasm/ (a model fetched by URL), as
// the README shows, under the strict CSP; its ids equal the same module's ids in Node,
// a bad call is an Error in the worker and the model keeps working after it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSession } from './helpers/browser.mjs';
import { serveStatic } from './helpers/static-server.mjs';
import { loadModule, root, wasmDir } from '../wasm/load.mjs';

const modelPath = `${root}web/public/models/en-unigram.model`;
const TEXT = 'Sampling in a worker: the quick brown fox, naïve café, 東京.';
const LINES = ['a line', 'another line', '', 'Hello world'];
const PERFECT = { method: 'perfect', alpha: 0.1, seed: 7 };

// What the worker does, and what Node does with the same module.
function useTokenizer(m, bytes) {
  const sp = new m.TokenizerModel(bytes);
  const viterbi = Array.from(sp.encode(TEXT));
  const perfect = Array.from(sp.encode(TEXT, PERFECT));
  const batch = sp.encodeBatch(LINES, PERFECT);
  let badCall = '';
  try {
    sp.encodeBatch(['fine', 42]);
  } catch (e) {
    badCall = e instanceof Error ? e.message : `not an Error: ${e}`;
  }
  const result = { viterbi, perfect, ids: Array.from(batch.ids), offsets: Array.from(batch.offsets), badCall, decoded: sp.decode(viterbi) };
  sp.delete();
  return result;
}

const WORKER = `import createSamplingModule from './sampling.js';
const TEXT = ${JSON.stringify(TEXT)}, LINES = ${JSON.stringify(LINES)}, PERFECT = ${JSON.stringify(PERFECT)};
${useTokenizer.toString()}
self.onmessage = async () => {
  try {
    const m = await createSamplingModule();
    const bytes = new Uint8Array(await (await fetch('en-unigram.model')).arrayBuffer());
    self.postMessage(useTokenizer(m, bytes));
  } catch (e) {
    self.postMessage({ failed: String(e?.message ?? e) });
  }
};
`;
const PAGE_SCRIPT = `const worker = new Worker('worker.js', { type: 'module' });
window.result = new Promise((resolve) => { worker.onmessage = (e) => resolve(e.data); worker.onerror = (e) => resolve({ failed: e.message }); });
worker.postMessage('go');
`;

let session;
let server;
let dir;
before(async () => {
  session = await startSession();
  dir = mkdtempSync(join(tmpdir(), 'sampling-lib-'));
  for (const f of readdirSync(wasmDir)) copyFileSync(join(wasmDir, f), join(dir, f));
  copyFileSync(modelPath, join(dir, 'en-unigram.model'));
  writeFileSync(join(dir, 'worker.js'), WORKER);
  writeFileSync(join(dir, 'page.js'), PAGE_SCRIPT);
  writeFileSync(join(dir, 'index.html'), '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>lib</title><link rel="icon" href="data:,"></head><body><script type="module" src="page.js"></script></body></html>');
  server = await serveStatic(dir, '/lib/');
});
after(async () => {
  await session?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('a module Web Worker loads the built module and tokenizes as Node does', { timeout: 120_000 }, async () => {
  const m = await loadModule();
  const expected = useTokenizer(m, readFileSync(modelPath));
  assert.ok(expected.viterbi.length > 5 && expected.badCall.length > 0);
  assert.notDeepEqual(expected.perfect, [], 'perfect sampling gave ids');

  const page = await session.newPage();
  await page.goto(`${server.url}index.html`);
  const got = await page.evaluate(() => window.result);
  assert.deepEqual(page.problems, [], 'the worker and its files loaded');
  assert.equal(got.failed, undefined, `the worker failed: ${got.failed}`);
  assert.deepEqual(got, expected);
  assert.match(got.badCall, /lines\[1\] must be a string/);
  assert.ok(server.requests.includes('/lib/sampling.wasm'), 'the worker found sampling.wasm beside sampling.js');
});

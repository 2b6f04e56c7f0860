// Weight of a lab's first view: index.html#demo=NAME and embed.html#demo=NAME each load
// only that lab. Chromium opens each; the server's log says what it fetched. The JS, CSS
// and wasm it fetched (models excluded: they load later, with progress) must stay within
// 300 kB gzip, the wasm must be the lab's own module (not the full one), the page's
// scripts must name no other lab's worker, and tools/bundle_size.mjs must have predicted
// exactly these files from the build manifest.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { startSession, assertNoProblems } from './helpers/browser.mjs';
import { distDir } from './helpers/ensure-dist.mjs';
import { BUDGET_BYTES, LAB_NAMES, PAGES, firstViewFiles, gzipBytes, kindOf } from '../../tools/bundle_size.mjs';

/** The wasm module each lab's worker loads (build/wasm/sampling-NAME.wasm). */
const MODULE = { tokenize: 'tokenize', mcmc: 'mcmc', flow: 'flow', gibbs: 'text', cgmh: 'text' };

let session;
before(async () => { session = await startSession(); });
after(async () => { await session?.close(); });

/** Waits until the page has fetched a wasm module and then nothing new for `quietMs`. */
async function settled(requests, from, quietMs = 1500, timeout = 60_000) {
  const start = Date.now();
  let count = -1, since = Date.now();
  for (;;) {
    const now = requests.length;
    if (now !== count) { count = now; since = Date.now(); }
    const wasm = requests.slice(from).some((r) => r.endsWith('.wasm'));
    if (wasm && Date.now() - since >= quietMs) return;
    if (Date.now() - start > timeout) throw new Error(`no wasm module fetched, or fetching never stopped, within ${timeout} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

for (const lab of LAB_NAMES) {
  test(`${lab}: the first view loads only its lab, within ${BUDGET_BYTES / 1000} kB gzip`, { timeout: 180_000 }, async () => {
    const prefix = new URL(session.baseUrl).pathname;
    for (const pageName of PAGES) {
      const page = await session.newPage();
      const from = session.server.requests.length;
      await page.goto(`${session.baseUrl}${pageName}#demo=${lab}`);
      await page.waitForSelector(`[data-testid="${lab}-lab"]`);
      await settled(session.server.requests, from);
      assertNoProblems(page);
      await page.close();

      const fetched = [...new Set(session.server.requests.slice(from)
        .filter((r) => r.startsWith(prefix))
        .map((r) => r.slice(prefix.length))
        .filter((file) => kindOf(file) && !file.startsWith('models/')))];
      const sizes = fetched.map((file) => [file, gzipBytes(join(distDir, file))]);
      const total = sizes.reduce((sum, [, bytes]) => sum + bytes, 0);
      const listing = sizes.map(([file, bytes]) => `  ${file} ${bytes}`).join('\n');
      assert.ok(total <= BUDGET_BYTES, `${pageName}#demo=${lab} fetched ${total} bytes of JS, CSS and wasm (gzip), over ${BUDGET_BYTES}:\n${listing}`);

      const wasm = fetched.filter((file) => file.endsWith('.wasm'));
      assert.equal(wasm.length, 1, `one wasm module:\n${listing}`);
      assert.match(wasm[0], new RegExp(`/sampling-${MODULE[lab]}-[\\w-]+\\.wasm$`), `the lab's own module:\n${listing}`);

      // The page's own scripts (not the worker's) may point at one worker only: the lab's.
      const workers = fetched.filter((file) => /\.worker-[\w-]+\.js$/.test(file));
      assert.equal(workers.length, 1, `one worker:\n${listing}`);
      const named = new Set();
      for (const file of fetched) {
        if (kindOf(file) !== 'js' || workers.includes(file)) continue;
        for (const [, name] of readFileSync(join(distDir, file), 'utf8').matchAll(/([\w-]+\.worker)-[\w-]+\.js/g)) named.add(name);
      }
      assert.deepEqual([...named], [workers[0].split('/').pop().replace(/-[\w-]+\.js$/, '')], `the page's scripts name only ${lab}'s worker`);

      const predicted = firstViewFiles(distDir, lab, pageName).map((f) => f.file);
      assert.deepEqual([...fetched].sort(), [...predicted].sort(), 'tools/bundle_size.mjs predicts what the page fetches');
    }
  });
}

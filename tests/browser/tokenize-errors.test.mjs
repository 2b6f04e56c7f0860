// Errors a user can cause are shown next to the control, and the page keeps working:
// corrupt uploaded files, NaN / negative α, empty text, absurd sample counts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSession, assertNoProblems, screenshot } from './helpers/browser.mjs';
import { repoDir } from './helpers/ensure-dist.mjs';
import {
  openTokenize, waitForTok, markStale, gotoTokHash, viterbiChips, messageOf, countsDigest, tokControl, TOK,
} from './helpers/tokenize.mjs';

let session;
before(async () => { session = await startSession(); });
after(async () => { await session?.close(); });

/** Deterministic "random" bytes (xorshift32). */
function noise(n, seed = 12345) {
  const out = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

function hugeFile() {
  const dir = mkdtempSync(join(tmpdir(), 'tok-huge-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'huge.model');
  writeFileSync(path, Buffer.alloc(64 * 2 ** 20 + 1));
  return path;
}

test('corrupt model files: a message next to the file input, the page keeps working', { timeout: 90_000 }, async () => {
  const page = await openTokenize(session, 'demo=tokenize&text=hello&draws=300');
  assert.equal(await waitForTok(page, ['done', 'error']), 'done');
  const before = await countsDigest(page);
  const model = readFileSync(join(repoDir, 'web/public/models/en-unigram.model'));
  const files = [
    // Over the module's 64 MiB limit: refused before it is read, with the limit named
    // (Playwright takes files over 50 MB from disk only).
    { name: 'huge.model', path: hugeFile() },
    { name: 'noise.model', buffer: noise(4096) },
    { name: 'truncated.model', buffer: model.subarray(0, Math.floor(model.length / 3)) },
  ];
  // Which files the page reads: the oversized one must be refused before it is read.
  await page.evaluate(() => {
    const read = File.prototype.arrayBuffer;
    window.filesRead = [];
    File.prototype.arrayBuffer = function arrayBuffer() {
      window.filesRead.push(this.name);
      return read.call(this);
    };
  });
  for (const f of files) {
    await page.setInputFiles('[data-testid="tok-control-file"]', f.path ?? { name: f.name, mimeType: 'application/octet-stream', buffer: f.buffer });
    await page.waitForFunction((name) => document.querySelector('[data-testid="tok-error-file"]').textContent.includes(name), f.name);
    const message = await messageOf(page, 'file');
    assert.match(message, new RegExp(`Could not load ${f.name.replace('.', '\\.')}: .*model`), message);
    if (f.name === 'huge.model') assert.match(message, /the largest tokenizer model file this build takes is 64\.0 MiB/, message);
    assert.equal(await page.$eval(TOK, (el) => el.dataset.file), 'error');
    assert.equal(await tokControl(page, 'model'), 'en', 'the shipped model stays selected');
  }
  assert.deepEqual(await page.evaluate(() => window.filesRead), ['noise.model', 'truncated.model'], 'huge.model is not read');
  assert.match(await messageOf(page, 'file'), /truncated/);
  await screenshot(page, 'tokenize-bad-file');
  // The page still works: a new run with the shipped model gives the same draws.
  await markStale(page);
  await page.click('[data-testid="tok-run"]');
  assert.equal(await waitForTok(page, ['done', 'error']), 'done');
  assert.equal(await countsDigest(page), before);
  assert.equal((await viterbiChips(page)).join(''), '▁hello');
  // Choosing "your own file" without a loaded file explains what to do.
  await page.selectOption('[data-testid="tok-control-model"]', 'custom');
  assert.match(await messageOf(page, 'model'), /Choose a model file/);
  assert.equal(await tokControl(page, 'model'), 'en');
  assertNoProblems(page);
  await page.close();
});

test('bad parameters: NaN and negative α, empty text, absurd counts; then a good run', { timeout: 90_000 }, async () => {
  const page = await openTokenize(session, 'demo=tokenize&text=hello&alpha=NaN&draws=300');
  assert.equal(await waitForTok(page, ['done', 'error']), 'error');
  assert.equal(await tokControl(page, 'alpha'), 'NaN', 'the bad value stays visible');
  assert.match(await messageOf(page, 'alpha'), /Not a number/);
  assert.match(await page.textContent('[data-testid="tok-error"]'), /Fix the highlighted controls/);
  await screenshot(page, 'tokenize-bad-alpha');

  const cases = [
    ['alpha=-0.5', 'alpha', /≥ 0/],
    ['alpha=1e400', 'alpha', /finite/],
    ['text=', 'text', /Enter some text/],
    ['text=%20%20', 'text', /Enter some text/],
    ['draws=1000000000', 'draws', /at most 1,000,000/],
    ['draws=0', 'draws', /at least 1/],
    ['draws=2.5', 'draws', /whole number/],
    ['nbest=0', 'nbest', /at least 1/],
    ['tseed=-1', 'tseed', /at least 0/],
  ];
  for (const [param, control, re] of cases) {
    const params = new URLSearchParams('demo=tokenize&text=hello&alpha=0.2&draws=300');
    const [k, v] = param.split('=');
    params.set(k, decodeURIComponent(v));
    await gotoTokHash(page, params.toString());
    assert.equal(await waitForTok(page, ['done', 'error']), 'error', param);
    assert.match(await messageOf(page, control), re, param);
  }
  // The text box: too long.
  await gotoTokHash(page, `demo=tokenize&draws=300&text=${'a'.repeat(501)}`);
  assert.equal(await waitForTok(page, ['done', 'error']), 'error');
  assert.match(await messageOf(page, 'text'), /At most 500/);

  // Typing a good value clears the message and runs.
  await gotoTokHash(page, 'demo=tokenize&text=hello&alpha=-1&draws=300');
  assert.equal(await waitForTok(page, ['done', 'error']), 'error');
  await markStale(page);
  await page.fill('[data-testid="tok-control-alpha"]', '0.5');
  await page.press('[data-testid="tok-control-alpha"]', 'Enter');
  assert.equal(await waitForTok(page, ['done', 'error']), 'done');
  assert.equal(await messageOf(page, 'alpha'), '');
  assert.equal((await viterbiChips(page)).join(''), '▁hello');
  assert.equal(await page.$eval('[data-testid="tok-control-alpha-slider"]', (s) => s.value), '0.5');
  assertNoProblems(page);
  await page.close();
});

test('a long text: no exact columns, a message, sampling still works', { timeout: 90_000 }, async () => {
  const text = 'the quick brown fox jumps over the lazy dog';
  const page = await openTokenize(session, new URLSearchParams({ demo: 'tokenize', text, draws: '300' }).toString());
  assert.equal(await waitForTok(page, ['done', 'error']), 'done');
  assert.match(await page.textContent('[data-testid="tok-exact-note"]'), /more than 10000 segmentations/);
  assert.equal(await page.textContent('[data-testid="tok-stat-segmentations"]'), '> 10,000');
  assert.equal(await page.textContent('[data-testid="tok-stat-perfect-p"]'), '—');
  assert.match(await page.textContent('[data-testid="tok-stat-entropy"]'), /nats/);
  assert.ok(!(await page.textContent('[data-testid="tok-freq"] thead')).includes('exact'));
  assertNoProblems(page);
  await page.close();
});

test('model=custom in a link without the file falls back to the English model', { timeout: 60_000 }, async () => {
  const page = await openTokenize(session, 'demo=tokenize&model=custom&text=hello&draws=200');
  assert.equal(await waitForTok(page, ['done', 'error']), 'done');
  assert.equal(await tokControl(page, 'model'), 'en');
  assert.match(await messageOf(page, 'model'), /never part of a link/);
  assertNoProblems(page);
  await page.close();
});

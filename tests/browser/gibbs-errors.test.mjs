// Errors a user can cause in the Gibbs lab are shown next to the control, and the lab
// keeps working: templates without a free position, too long for the model or with a
// character the vocabulary lacks, NaN / negative parameters, a start text of another
// shape, and the user's own model folder with a missing, truncated or malformed file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSession, assertNoProblems, screenshot } from './helpers/browser.mjs';
import {
  GIBBS, MODEL_DIR, openGibbs, waitForGibbs, markStale, gibbsData, chainTexts, messageOf, setControl, controlValue,
  cliGibbs, hashOf,
} from './helpers/gibbs.mjs';

let session;
// The user's files go through folders on disk: paths reach the local browser at once.
const scratch = mkdtempSync(join(tmpdir(), 'gibbs-files-'));
before(async () => { session = await startSession(); });
after(async () => {
  await session?.close();
  rmSync(scratch, { recursive: true, force: true });
});

const SHORT = { gtpl: '白日依山_，黃河入海_。', gsteps: 6, gburn: 2, gchains: 1, gseed: 3, gtopk: 20 };

test('bad parameters: messages next to the controls, then a good run', { timeout: 120_000 }, async () => {
  const page = await openGibbs(session, 'gtpl=床前明月光&gtemp=NaN&gtopk=-1&gsteps=0&gchains=99&ganneal=2:x&gseed=-3&gburn=abc');
  assert.equal(await waitForGibbs(page, ['error', 'done']), 'error');
  assert.match(await messageOf(page, 'gtpl'), /no free position/);
  assert.match(await messageOf(page, 'gtemp'), /Not a number/);
  assert.match(await messageOf(page, 'gtopk'), /Top-k must be 0/);
  assert.match(await messageOf(page, 'gsteps'), /at least 1/);
  assert.match(await messageOf(page, 'gchains'), /at most 8/);
  assert.match(await messageOf(page, 'ganneal'), /FROM:TO/);
  assert.match(await messageOf(page, 'gseed'), /at least 0/);
  assert.match(await messageOf(page, 'gburn'), /Not a number/);
  assert.match(await page.textContent('[data-testid="gibbs-message"]'), /Fix the highlighted controls/);
  await screenshot(page, 'gibbs-bad-params');

  // A negative temperature, then the model's own checks (the core's messages).
  await page.goto(`${session.baseUrl}index.html#demo=gibbs&${hashOf({ ...SHORT, gtemp: -1 })}`);
  assert.equal(await waitForGibbs(page, ['error', 'done']), 'error');
  assert.match(await messageOf(page, 'gtemp'), /greater than 0/);
  await markStale(page);
  await setControl(page, 'gtemp', '1');
  assert.equal(await waitForGibbs(page, ['error', 'done']), 'done');
  for (const [template, pattern] of [
    ['_'.repeat(70), /template has 70 tokens; the model takes at most 64/],
    ['白日依山_，😀河入海_。', /character '😀' \(character 7\) is not in the model's vocabulary/],
    ['白日依山_，[MASK]河入海_。', /write _ for a free position/],
  ]) {
    await markStale(page);
    await setControl(page, 'gtpl', template);
    assert.equal(await waitForGibbs(page, ['error', 'done']), 'error');
    assert.match(await messageOf(page, 'gtpl'), pattern);
  }
  // A start text of another shape: the core names the position.
  await markStale(page);
  await setControl(page, 'gtpl', SHORT.gtpl);
  await page.selectOption('[data-testid="gibbs-control-gstart"]', 'text');
  assert.equal(await controlValue(page, 'gtext'), SHORT.gtpl, 'a given start text starts as the template');
  await setControl(page, 'gtext', '');
  assert.match(await messageOf(page, 'gtext'), /Give the start text/);
  await markStale(page);
  await setControl(page, 'gtext', '白日依山盡，黃河入海流');
  assert.equal(await waitForGibbs(page, ['error', 'done']), 'error');
  assert.match(await messageOf(page, 'gtext'), /start text has 11 tokens but the template has 12/);
  await markStale(page);
  await setControl(page, 'gtext', '白日依山盡，黃河入海流。');
  assert.equal(await waitForGibbs(page, ['error', 'done']), 'done');
  assert.equal(await messageOf(page, 'gtext'), '');
  assert.equal(await messageOf(page, 'gtpl'), '');
  assert.deepEqual(await chainTexts(page), cliGibbs({ ...SHORT, gstart: 'text', gtext: '白日依山盡，黃河入海流。' }).texts);
  assertNoProblems(page);
  await page.close();
});

test('the user\'s own model folder: missing or malformed files, then a good one', { timeout: 120_000 }, async () => {
  const page = await openGibbs(session, hashOf(SHORT));
  assert.equal(await waitForGibbs(page, ['done', 'error']), 'done');
  const before = await chainTexts(page);
  const config = readFileSync(join(MODEL_DIR, 'config.json'));
  const vocab = readFileSync(join(MODEL_DIR, 'vocab.txt'));
  const weights = readFileSync(join(MODEL_DIR, 'model.safetensors'));
  let folders = 0;
  const folder = (files) => {
    const dir = join(scratch, String(folders++));
    mkdirSync(dir);
    return files.map(([name, buffer]) => {
      writeFileSync(join(dir, name), buffer);
      return join(dir, name);
    });
  };
  const file = (name, buffer) => [name, buffer];
  const noMask = Buffer.from(vocab.toString('utf8').split('\n').filter((l) => l !== '[MASK]').join('\n'));
  const cases = [
    [[file('config.json', config)], /missing vocab\.txt, model\.safetensors/],
    [[file('config.json', config), file('vocab.txt', vocab), file('model.safetensors', weights.subarray(0, 5000))], /Could not load your model: .*(truncated|past the end|end of the file)/],
    [[file('config.json', Buffer.from('{"hidden_size": 256,')), file('vocab.txt', vocab), file('model.safetensors', weights)], /Could not load your model: .*config\.json/],
    [[file('config.json', config), file('vocab.txt', noMask), file('model.safetensors', weights)], /Could not load your model: .*\[MASK\]/],
  ];
  for (const [files, pattern] of cases) {
    await page.$eval(GIBBS, (el) => { el.dataset.files = 'stale'; });
    await page.setInputFiles('[data-testid="gibbs-control-gfiles"]', folder(files));
    assert.equal(await waitForGibbs(page, ['error', 'loaded'], { key: 'files' }), 'error');
    assert.match(await messageOf(page, 'gfiles'), pattern);
    assert.equal(await controlValue(page, 'gmodel'), 'poetry', 'the shipped model stays selected');
  }
  // Dropped files take the same way.
  await page.$eval(GIBBS, (el) => { el.dataset.files = 'stale'; });
  await page.$eval('[data-testid="gibbs-drop"]', (zone) => {
    const dt = new DataTransfer();
    dt.items.add(new File(['{}'], 'config.json', { type: 'application/json' }));
    dt.items.add(new File(['[PAD]'], 'vocab.txt', { type: 'text/plain' }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  assert.equal(await waitForGibbs(page, ['error', 'loaded'], { key: 'files' }), 'error');
  assert.match(await messageOf(page, 'gfiles'), /missing model\.safetensors/);
  await screenshot(page, 'gibbs-bad-files');
  // The lab still works with the shipped model: the same texts again.
  await markStale(page);
  await page.click('[data-testid="gibbs-run"]');
  assert.equal(await waitForGibbs(page, ['done', 'error']), 'done');
  assert.deepEqual(await chainTexts(page), before);

  // The same files as a folder of one's own load, and give the shipped model's texts.
  await markStale(page);
  await page.setInputFiles('[data-testid="gibbs-control-gfiles"]',
    folder([file('config.json', config), file('vocab.txt', vocab), file('model.safetensors', weights)]));
  assert.equal(await waitForGibbs(page, ['error', 'loaded'], { key: 'files' }), 'loaded');
  assert.equal(await messageOf(page, 'gfiles'), '');
  assert.equal(await waitForGibbs(page, ['done', 'error']), 'done');
  assert.equal(await controlValue(page, 'gmodel'), 'custom');
  assert.equal(new URLSearchParams((await page.evaluate(() => location.hash)).slice(1)).get('gmodel'), 'custom');
  assert.deepEqual(await chainTexts(page), before);
  assert.equal(await gibbsData(page, 'model'), 'ready');
  assertNoProblems(page);
  await page.close();
});

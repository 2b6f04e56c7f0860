// The tokenizer through the JS API: the shipped models load, the module gives what the
// native tool gives, and every bad input is a thrown Error with a usable module after.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadModule, root, cli } from './load.mjs';

const m = await loadModule();
const englishPath = `${root}web/public/models/en-unigram.model`;
const chinesePath = `${root}web/public/models/zh-words.dict`;
const english = new m.TokenizerModel(readFileSync(englishPath));
const chinese = new m.TokenizerModel(readFileSync(chinesePath));

function nativeTokenize(args, input) {
  const r = spawnSync(cli, ['tokenize', ...args], { input, encoding: 'utf8', maxBuffer: 1 << 26 });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n').filter((l) => l.length > 0);
}

test('the shipped models load and segment', () => {
  assert.deepEqual(english.info(), { kind: 'sentencepiece', pieces: 4000, byteFallback: false });
  assert.equal(chinese.info().kind, 'words');
  assert.deepEqual(chinese.segment('今天天气不错', { method: 'viterbi' }).pieces, ['今天', '天气', '不错']);
  const s = english.segment('Hello world', { method: 'viterbi' });
  assert.equal(s.pieces.join(''), '▁Hello▁world');
  assert.equal(s.normalized, '▁Hello▁world');
  assert.equal(s.ids.length, s.pieces.length);
});

test('Viterbi in wasm equals the native tool on the conformance corpus', () => {
  const lines = readFileSync(`${root}tests/conformance/corpus/en-test.txt`, 'utf8').split('\n').filter((l) => l).slice(0, 1500);
  const expected = nativeTokenize(['--model', englishPath], lines.join('\n') + '\n');
  const ours = lines.map((l) => english.segment(l, { method: 'viterbi' }).pieces.join(' '));
  assert.deepEqual(ours, expected);
});

test('same seed, same draws natively and in wasm, for every sampling method', () => {
  for (const method of ['original', 'perfect', 'ffbs', 'nbest']) {
    const native = nativeTokenize(['--model', englishPath, '--method', method, '--alpha', '0.3', '--samples', '300',
      '--seed', '42', '--nbest', '5'], 'sampling playground\n');
    const run = new m.TokenizeRun(english, 'sampling playground', { method, alpha: 0.3, seed: 42, nbest: 5 });
    const counts = new Map();
    for (let i = 0; i < 3; i++) {
      for (const { pieces, count } of run.run(100)) counts.set(pieces.join(' '), (counts.get(pieces.join(' ')) ?? 0) + count);
    }
    run.delete();
    const nativeCounts = new Map();
    for (const line of native) nativeCounts.set(line, (nativeCounts.get(line) ?? 0) + 1);
    assert.deepEqual(counts, nativeCounts, method);
  }
});

test('exact distribution, entropy and n-best agree with each other', () => {
  const e = english.exact('hello', 0.5);
  const total = e.segmentations.reduce((a, s) => a + s.probability, 0);
  assert.ok(Math.abs(total - 1) < 1e-12);
  const h = -e.segmentations.reduce((a, s) => a + s.probability * Math.log(s.probability), 0);
  assert.ok(Math.abs(h - e.entropy) < 1e-9);
  assert.ok(Math.abs(english.entropy('hello', 0.5) - e.entropy) < 1e-12);
  const best = english.nbest('hello', 3);
  assert.equal(best.length, 3);
  assert.deepEqual(best[0].pieces, english.segment('hello', { method: 'viterbi' }).pieces);
  assert.ok(best[0].score >= best[1].score && best[1].score >= best[2].score);
  const distinct = english.sampleDistinct('hello', 3, 0.5, 7);
  assert.equal(new Set(distinct.map((s) => s.pieces.join(' '))).size, 3);
  for (const s of distinct) {
    const exact = e.segmentations.find((x) => x.pieces.join(' ') === s.pieces.join(' '));
    assert.ok(Math.abs(exact.probability - s.probability) < 1e-12);
    assert.ok(s.inclusion > 0 && s.inclusion <= 1);
  }
});

test('bad model files, bad text and bad options throw Errors naming the problem', () => {
  const model = readFileSync(englishPath);
  const bad = [
    [new Uint8Array(0), /the file is empty/],
    [model.subarray(0, 1000), /truncated/],
    [new TextEncoder().encode('word -1\n'), /frequency must be a positive number/],
    [new TextEncoder().encode('a\tb\n'), /score must be a finite number/],
    [new TextEncoder().encode('a 1\na 2\n'), /piece 'a' appears twice/],
    // The word <unk> twice, the unknown piece between them: refused, not walked past in the trie.
    [new TextEncoder().encode('<unk> 5\nb 2\n<unk> 3\n'), /piece '<unk>' appears twice/],
    ['not bytes', /must be a Uint8Array/],
  ];
  const random = new Uint8Array(5000);
  let x = 12345;
  for (let i = 0; i < random.length; i++) random[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  bad.push([random, /model file/]);
  for (const [bytes, message] of bad) {
    assert.throws(() => new m.TokenizerModel(bytes), (e) => e instanceof Error && message.test(e.message), String(message));
  }
  assert.throws(() => english.segment('abc', { alpha: NaN }), /alpha must be a finite number/);
  assert.throws(() => english.segment('abc', { alpha: -1 }), /alpha must be a finite number/);
  assert.throws(() => english.segment('abc', { method: 'bpe' }), /unknown method 'bpe'/);
  assert.throws(() => english.segment('a\uD800b'), /invalid Unicode at index 1 \(a lone UTF-16 surrogate\)/);
  assert.throws(() => english.exact('the quick brown fox jumps over the lazy dog '.repeat(3), 1), /more than 10000 segmentations/);
  assert.throws(() => new m.TokenizeRun(english, 'abc', { alpha: Infinity }), /alpha/);
  // Still usable.
  assert.deepEqual(english.segment('', { method: 'perfect' }).pieces, []);
  assert.ok(english.segment('x'.repeat(1 << 20), { method: 'perfect', alpha: 0.1 }).pieces.length > 0);
  assert.equal(english.segment('ok', { method: 'viterbi' }).pieces.join(''), '▁ok');
});

test('a TokenizeRun keeps its model alive after the page deletes the model it came from', () => {
  const bytes = readFileSync(englishPath);
  const options = { method: 'perfect', alpha: 0.5, seed: 1 };
  // The reference: a run whose model stays.
  const kept = new m.TokenizerModel(bytes);
  const reference = new m.TokenizeRun(kept, 'hello world', options);
  const expected = [JSON.stringify(reference.run(50)), JSON.stringify(reference.run(50))];
  // The same run, its model deleted between the two calls and its memory taken by others.
  const model = new m.TokenizerModel(bytes);
  const run = new m.TokenizeRun(model, 'hello world', options);
  assert.equal(JSON.stringify(run.run(50)), expected[0]);
  model.delete();
  const others = Array.from({ length: 20 }, () => new m.TokenizerModel(Buffer.from('a\t-1\nb\t-2\nhe\t-1\n')));
  assert.equal(JSON.stringify(run.run(50)), expected[1]);
  for (const r of [reference, run]) r.delete();
  for (const o of [kept, ...others]) o.delete();
});

test('segment() without a method is Viterbi, as documented (and as encode)', () => {
  const viterbi = JSON.stringify(english.segment('hello world', { method: 'viterbi' }).pieces);
  assert.equal(JSON.stringify(english.segment('hello world').pieces), viterbi);
  for (const seed of [1, 2, 3, 4, 5]) assert.equal(JSON.stringify(english.segment('hello world', { seed, alpha: 0 }).pieces), viterbi);
  // A sampler still draws when asked for.
  const drawn = new Set(Array.from({ length: 20 }, (_, seed) => JSON.stringify(english.segment('hello world', { method: 'perfect', alpha: 0, seed }).pieces)));
  assert.ok(drawn.size > 1);
});

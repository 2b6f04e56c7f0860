// The tokenizer's ids path through the JS API: encode, encodeBatch and decode give what
// sampling-cli tokenize --output-format id gives with the same seed, and every bad input
// is a thrown Error naming the problem, with a usable module after it.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadModule, root, cli } from './load.mjs';

const m = await loadModule();
const englishPath = `${root}web/public/models/en-unigram.model`;
const english = new m.TokenizerModel(readFileSync(englishPath));
const corpus = readFileSync(`${root}tests/conformance/corpus/en-test.txt`, 'utf8').split('\n').filter((l) => l);

function cliIds(args, lines) {
  const r = spawnSync(cli, ['tokenize', '--model', englishPath, '--output-format', 'id', ...args],
    { input: lines.join('\n') + '\n', encoding: 'utf8', maxBuffer: 1 << 26 });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n').slice(0, -1).map((l) => (l ? l.split(' ').map(Number) : []));
}

const rows = ({ ids, offsets }) => Array.from({ length: offsets.length - 1 }, (_, i) => Array.from(ids.subarray(offsets[i], offsets[i + 1])));

test('encode and encodeBatch give the ids of sampling-cli tokenize --output-format id (Viterbi, every line)', () => {
  const expected = cliIds([], corpus);
  assert.deepEqual(corpus.map((l) => Array.from(english.encode(l))), expected);
  const batch = english.encodeBatch(corpus);
  assert.ok(batch.ids instanceof Int32Array && batch.offsets instanceof Uint32Array);
  assert.equal(batch.offsets.length, corpus.length + 1);
  assert.deepEqual(rows(batch), expected);
});

test('same seed, same ids as the CLI for every sampler: a batch shares one generator, as the CLI does over its lines', () => {
  const lines = corpus.slice(150, 650);
  for (const method of ['original', 'perfect', 'ffbs', 'nbest']) {
    const options = { method, alpha: 0.2, seed: 42, nbest: 5 };
    const expected = cliIds(['--method', method, '--alpha', '0.2', '--seed', '42', '--nbest', '5'], lines);
    assert.deepEqual(rows(english.encodeBatch(lines, options)), expected, method);
    // encode() seeds a generator per call: the CLI on that one line.
    const one = cliIds(['--method', method, '--alpha', '0.2', '--seed', '42', '--nbest', '5'], [lines[7]]);
    assert.deepEqual(Array.from(english.encode(lines[7], options)), one[0], method);
  }
  // Draws really differ between seeds (the samplers are not Viterbi in disguise).
  const a = english.encodeBatch(lines, { method: 'perfect', alpha: 0.2, seed: 1 });
  const b = english.encodeBatch(lines, { method: 'perfect', alpha: 0.2, seed: 2 });
  assert.notDeepEqual(Array.from(a.ids), Array.from(b.ids));
});

test('encode agrees with segment, and decode inverts encode on ordinary text', () => {
  for (const text of ['Hello world', 'sampling playground', '  two  spaces ', '', 'ⰀⰁⰂ abc']) {
    const seg = english.segment(text, { method: 'viterbi' });
    const ids = english.encode(text);
    assert.equal(ids.length, seg.pieces.length, text);
  }
  assert.equal(english.decode(english.encode('Hello world')), 'Hello world');
  assert.equal(english.decode([]), '');
  assert.equal(english.decode(english.encode('abc ⰀⰁⰂ def')), 'abc  \u2047  def');  // ▁, then the unknown run as " ⁇ "
  assert.deepEqual(english.encodeBatch([]), { ids: new Int32Array(0), offsets: new Uint32Array([0]) });
});

test('results survive memory growth and buffers are reused', () => {
  const small = Array.from(english.encode('keep going'));
  const big = english.encode('lorem ipsum dolor sit amet '.repeat(200000));  // grows wasm memory
  assert.ok(big.length > 100000);
  assert.deepEqual(Array.from(english.encode('keep going')), small);
  const batch = english.encodeBatch(Array(3000).fill('keep going'));
  assert.deepEqual(Array.from(batch.ids.subarray(batch.offsets[2999], batch.offsets[3000])), small);
});

test('bad input throws an Error naming the problem, and the module keeps working', () => {
  const { textBytes, batchBytes, batchLines } = { textBytes: 1 << 24, batchBytes: 1 << 26, batchLines: 1 << 20 };
  const cases = [
    [() => english.encode(42), /encode: text must be a string, got number/],
    [() => english.encode(null), /encode: text must be a string, got null/],
    [() => english.encode('a\uD800b'), /encode: text: invalid Unicode at index 1 \(a lone UTF-16 surrogate\)/],
    [() => english.encode('ab\uDC00'), /invalid Unicode at index 2/],
    [() => english.encode('x'.repeat(textBytes + 1)), /more than 16777216 bytes of UTF-8/],
    [() => english.encode('abc', 'viterbi'), /encode: options must be an object/],
    [() => english.encode('abc', { method: 'bpe' }), /unknown method 'bpe'/],
    [() => english.encode('abc', { method: 'perfect', alpha: NaN }), /alpha must be a finite number in \[0, 10000\], got nan/i],
    [() => english.encode('abc', { method: 'perfect', alpha: -1 }), /alpha must be a finite number/],
    [() => english.encode('abc', { method: 'perfect', alpha: 1e300 }), /alpha must be a finite number/],
    [() => english.encode('abc', { method: 'perfect', alpha: '0.1' }), /option 'alpha' must be a number/],
    [() => english.encode('abc', { method: 'nbest', nbest: 1e9 }), /option 'nbest' must be at most 10000, got 1000000000/],
    [() => english.encode('abc', { method: 'nbest', nbest: 0 }), /option 'nbest' must be at least 1, got 0/],
    // Not wrapped modulo 2^32 (it ran as nbest 3), through each way in.
    [() => english.encode('abc', { method: 'nbest', nbest: 2 ** 32 + 3 }), /option 'nbest' must be at most 10000, got 4294967299/],
    [() => english.encodeBatch(['abc'], { method: 'nbest', nbest: 2 ** 32 + 3 }), /option 'nbest' must be at most 10000, got 4294967299/],
    [() => english.segment('unbelievable', { method: 'nbest', nbest: 2 ** 32 + 3 }), /option 'nbest' must be at most 10000, got 4294967299/],
    [() => new m.TokenizeRun(english, 'abc', { method: 'nbest', nbest: 2 ** 32 + 3 }), /option 'nbest' must be at most 10000, got 4294967299/],
    [() => english.encode('abc', { method: 'nbest', nbest: NaN }), /option 'nbest' must be a non-negative integer/],
    [() => english.encode('abc', { seed: -1 }), /seed must be a non-negative integer below 2\^53, got -1/],
    [() => english.encode('abc', { seed: 1.5 }), /seed must be a non-negative integer/],
    [() => english.encode('abc', { seed: NaN }), /seed must be a non-negative integer/],
    [() => english.encode('abc', { seed: 2 ** 60 }), /seed must be a non-negative integer below 2\^53/],
    [() => english.encode('abc', { seed: '7' }), /option 'seed' must be a number/],
    [() => english.encodeBatch('abc'), /encodeBatch: lines must be an array of strings/],
    [() => english.encodeBatch(['ok', 7]), /encodeBatch: lines\[1\] must be a string, got number/],
    [() => english.encodeBatch(['ok', undefined]), /encodeBatch: lines\[1\] must be a string, got undefined/],
    [() => english.encodeBatch(['ok', 'fine', 'x\uDBFF']), /encodeBatch: lines\[2\]: invalid Unicode at index 1 \(a lone UTF-16 surrogate\)/],
    [() => english.encodeBatch(Array(batchLines + 1).fill('')), /encodeBatch: a batch holds at most 1048576 lines, got 1048577/],
    [() => english.encodeBatch(Array(batchBytes / (1 << 20) + 1).fill('y'.repeat(1 << 20))), /encodeBatch: the batch has more than 67108864 bytes of UTF-8/],
    [() => english.encodeBatch(['a'], { method: 'ffbs', alpha: Infinity }), /encodeBatch: alpha must be a finite number/],
    [() => english.decode([4000]), /decode: id 4000 at index 0 is not a piece of the model \(ids run from 0 to 3999\)/],
    [() => english.decode(new Int32Array([5, -1])), /decode: id -1 at index 1/],
    [() => english.decode([1, 1.5]), /decode: ids\[1\] is not an integer id \(got 1.5\)/],
    [() => english.decode(['7']), /decode: ids\[0\] is not an integer id/],
    [() => english.decode('1 2 3'), /decode: ids must be an Int32Array or an array of integers/],
  ];
  const ok = Array.from(english.encode('still working'));
  for (const [call, message] of cases) {
    assert.throws(call, (e) => e instanceof Error && message.test(e.message), String(message));
    assert.deepEqual(Array.from(english.encode('still working')), ok, `after ${message}`);
  }
  // Options refused above did not stick: the defaults (Viterbi) and good options still work.
  assert.deepEqual(rows(english.encodeBatch(['still working', 'ok'])), [ok, Array.from(english.encode('ok'))]);
  assert.equal(english.encode('still working', { method: 'perfect', alpha: 0.5, seed: 3 }).length > 0, true);
  const gone = new m.TokenizerModel(readFileSync(englishPath));
  gone.encode('x');
  gone.delete();
  assert.throws(() => gone.encode('x'), /encode: this object was deleted/);
  assert.throws(() => gone.encodeBatch(['x']), /encodeBatch: this object was deleted/);
});

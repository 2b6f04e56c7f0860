// Conformance with SentencePiece (Debian's sentencepiece and libsentencepiece-dev): the
// program build/native/bin/spm_conformance links the real library; these tests run it on
// the shipped English model, on models this test trains (identity normalization, byte
// fallback, user-defined symbols), and on a crafted vocabulary, and compare the command
// line with spm_encode.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { trainModel } from './spm_models.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = `${resolve(root, process.env.SAMPLING_NATIVE_BUILD ?? "build/native")}/bin`;
const program = `${bin}/spm_conformance`;
const cli = `${bin}/sampling-cli`;
const englishModel = `${root}web/public/models/en-unigram.model`;
const corpus = `${root}tests/conformance/corpus/en-test.txt`;

function run(args) {
  const r = spawnSync(program, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.error) throw r.error;
  return r;
}

function expectAllPass(r) {
  const summary = r.stdout.trim().split('\n').pop();
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(summary, /^conformance: [1-9]\d* passed, 0 failed$/);
}

test('the conformance program is built', () => {
  assert.ok(existsSync(program), `${program} is missing: sentencepiece was not found when building (tools/bootstrap.sh installs it)`);
});

test('the test corpus has at least 5000 lines', () => {
  const lines = readFileSync(corpus, 'utf8').split('\n').filter((l) => l.length > 0);
  assert.ok(lines.length >= 5000, `${lines.length} lines`);
});

test('Viterbi equals SentencePiece Encode on every corpus line (shipped English model)', () => {
  expectAllPass(run(['viterbi', englishModel, corpus]));
});

test('Viterbi equals SentencePiece Encode with a model trained here with identity normalization', () => {
  expectAllPass(run(['viterbi', trainModel('identity', ['--normalization_rule_name=identity']), corpus]));
});

// Lines that stress the normalizer's fast paths: runs of spaces (leading, trailing,
// repeated), tabs, spaces that NFKC makes (U+3000, U+00A0), characters NFKC folds (ﬁ, ①,
// Ａ, ｶ), combining marks, ASCII right before and after non-ASCII. Fixed seed.
function whitespaceLines(count) {
  const parts = [' ', ' ', '  ', '   ', '\t', '\u3000', '\u00A0', 'a', 'The', 'fish', '.', ',', '!', '1',
    '\uFB01', '\u2460', '\uFF21', '\uFF76', 'e\u0301', '\u00E9', '\u4E2D', '"', 'x y'];
  let state = 12345;
  const next = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) >>> 8) / (1 << 24);
  const lines = [];
  for (let i = 0; i < count; ++i) {
    let line = '';
    const length = 1 + Math.floor(next() * 12);
    for (let j = 0; j < length; ++j) line += parts[Math.floor(next() * parts.length)];
    if (line.trim()) lines.push(line);
  }
  return lines;
}

test('Viterbi equals SentencePiece Encode on random lines of spaces, tabs, NFKC-folded and ASCII characters (the English model, and one trained keeping extra whitespace, without a dummy prefix)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spm-spaces-'));
  const lines = join(dir, 'lines.txt');
  writeFileSync(lines, whitespaceLines(3000).join('\n') + '\n');
  expectAllPass(run(['viterbi', englishModel, lines]));
  const kept = trainModel('spaces', ['--remove_extra_whitespaces=false', '--add_dummy_prefix=false']);
  expectAllPass(run(['viterbi', kept, lines]));
});

test('Viterbi and byte fallback equal SentencePiece Encode with a byte-fallback model trained here', () => {
  const model = trainModel('bytes', ['--byte_fallback=true']);
  expectAllPass(run(['viterbi', model, corpus]));
  // The corpus has characters outside the vocabulary, so byte pieces were compared.
  const out = spawnSync(cli, ['tokenize', '--model', model], { input: 'abc \u2C00\u2C01 def\n', encoding: 'utf8' });
  assert.match(out.stdout, /<0xE2> <0xB0> <0x80> <0xE2> <0xB0> <0x81>/);
});

test('user-defined symbols: Viterbi, scores, sampling and entropy equal SentencePiece with a model trained here with --user_defined_symbols', () => {
  // ① and ﬁ are rewritten by NFKC unless they are user-defined; the extra lines put every
  // symbol inside and between words.
  const model = trainModel('user', ['--user_defined_symbols=ing,the,<sep>,\u2460,\uFB01']);
  const dir = mkdtempSync(join(tmpdir(), 'spm-user-corpus-'));
  const extra = ['the <sep> thing', '\u2460 \uFB01rst \uFB01ne \u2460\u2460', 'bathing in the theatre<sep>nothing',
    'full width \uFF21 and \u2460\uFB01 and fi and 1'];
  const lines = readFileSync(corpus, 'utf8').split('\n').filter((l) => l.length > 0);
  writeFileSync(join(dir, 'corpus.txt'), [...lines, ...extra].join('\n') + '\n');
  expectAllPass(run(['viterbi', model, join(dir, 'corpus.txt')]));
  expectAllPass(run(['user-defined', model]));
});

test('perfect sampling and FFBS follow the exact distribution and SentencePiece SampleEncode; entropy matches', () => {
  expectAllPass(run(['sampling', englishModel]));
});

test('on a crafted vocabulary SentencePiece and perfect sampling agree; the original Viterbi Sampling does not', () => {
  expectAllPass(run(['crafted']));
});

test('where "<unk>" and "<s>" are also normal pieces, ids, n-best scores and sampling equal SentencePiece', () => {
  expectAllPass(run(['shared-text']));
});

test('sampling-cli tokenize prints what spm_encode prints', () => {
  const input = readFileSync(corpus);
  const ours = spawnSync(cli, ['tokenize', '--model', englishModel], { input, maxBuffer: 1 << 26 });
  const theirs = spawnSync('spm_encode', [`--model=${englishModel}`, '--output_format=piece'], { input, maxBuffer: 1 << 26 });
  assert.equal(ours.status, 0, String(ours.stderr));
  assert.equal(theirs.status, 0, String(theirs.stderr));
  assert.equal(ours.stdout.toString(), theirs.stdout.toString());
});

// The JS API's ids against SentencePiece (Debian's spm_encode and spm_decode) on the
// conformance corpus and the shipped English model: TokenizerModel.encode line by line
// and encodeBatch over the whole corpus give spm_encode --output_format=id, and decode
// gives spm_decode --input_format=id of the same ids.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadModule, root, cli } from '../wasm/load.mjs';
import { trainModel } from './spm_models.mjs';

const englishModel = `${root}web/public/models/en-unigram.model`;
const corpusPath = `${root}tests/conformance/corpus/en-test.txt`;
const input = readFileSync(corpusPath);
const lines = input.toString('utf8').split('\n').slice(0, -1);

function tool(program, args, stdin) {
  const r = spawnSync(program, args, { input: stdin, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.error) throw r.error;
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n').slice(0, -1);
}

const spmIds = tool('spm_encode', [`--model=${englishModel}`, '--output_format=id'], input)
  .map((l) => (l ? l.split(' ').map(Number) : []));
const m = await loadModule();
const english = new m.TokenizerModel(readFileSync(englishModel));

test('the corpus has every line of the conformance corpus (and spm_encode answered for each)', () => {
  assert.ok(lines.length >= 5000, `${lines.length} lines`);
  assert.equal(spmIds.length, lines.length);
});

test('encode(line) equals spm_encode --output_format=id on every corpus line', () => {
  const mismatches = [];
  lines.forEach((line, i) => {
    const ours = Array.from(english.encode(line));
    if (ours.join(' ') !== spmIds[i].join(' ')) mismatches.push(`line ${i + 1}: ours ${ours.join(' ')} | spm ${spmIds[i].join(' ')}`);
  });
  assert.deepEqual(mismatches.slice(0, 5), []);
});

test('encodeBatch(corpus) equals spm_encode --output_format=id, line by line through its offsets', () => {
  const { ids, offsets } = english.encodeBatch(lines);
  assert.equal(offsets.length, lines.length + 1);
  assert.equal(offsets[lines.length], ids.length);
  const mismatches = [];
  for (let i = 0; i < lines.length; i++) {
    const ours = Array.from(ids.subarray(offsets[i], offsets[i + 1])).join(' ');
    if (ours !== spmIds[i].join(' ')) mismatches.push(`line ${i + 1}: ours ${ours} | spm ${spmIds[i].join(' ')}`);
  }
  assert.deepEqual(mismatches.slice(0, 5), []);
});

test('sampling-cli tokenize --output-format id prints what spm_encode --output_format=id prints', () => {
  const ours = spawnSync(cli, ['tokenize', '--model', englishModel, '--output-format', 'id'], { input, maxBuffer: 1 << 26 });
  assert.equal(ours.status, 0, String(ours.stderr));
  assert.equal(ours.stdout.toString(), spmIds.map((l) => l.join(' ')).join('\n') + '\n');
});

test('decode(ids) equals spm_decode --input_format=id on every corpus line', () => {
  const expected = tool('spm_decode', [`--model=${englishModel}`, '--input_format=id'], spmIds.map((l) => l.join(' ')).join('\n') + '\n');
  assert.equal(expected.length, lines.length);
  const mismatches = [];
  spmIds.forEach((ids, i) => {
    const ours = english.decode(ids);
    if (ours !== expected[i]) mismatches.push(`line ${i + 1}: ours ${JSON.stringify(ours)} | spm ${JSON.stringify(expected[i])}`);
  });
  assert.deepEqual(mismatches.slice(0, 5), []);
});

test('with byte fallback (a model trained here): encode, encodeBatch and decode equal spm_encode and spm_decode, invalid UTF-8 included', () => {
  const modelPath = trainModel('ids-bytes', ['--byte_fallback=true']);
  const model = new m.TokenizerModel(readFileSync(modelPath));
  const expected = tool('spm_encode', [`--model=${modelPath}`, '--output_format=id'], input).map((l) => (l ? l.split(' ').map(Number) : []));
  const mismatches = [];
  lines.forEach((line, i) => {
    if (Array.from(model.encode(line)).join(' ') !== expected[i].join(' ')) mismatches.push(`encode, line ${i + 1}`);
  });
  const { ids, offsets } = model.encodeBatch(lines);
  lines.forEach((_, i) => {
    if (Array.from(ids.subarray(offsets[i], offsets[i + 1])).join(' ') !== expected[i].join(' ')) mismatches.push(`encodeBatch, line ${i + 1}`);
  });
  assert.deepEqual(mismatches.slice(0, 5), []);
  // The corpus has characters outside the vocabulary, so byte ids were compared.
  assert.match(tool('spm_encode', [`--model=${modelPath}`, '--output_format=piece'], input).join('\n'), /<0x[0-9A-F]{2}>/);
  // Decoding: the corpus's ids, and sequences that mix byte pieces into invalid UTF-8
  // (lone continuation bytes, truncated and overlong sequences) between ordinary pieces.
  const [pieceIds, glagolitic] = tool('spm_encode', [`--model=${modelPath}`, '--output_format=id'], 'the cat\n\u2C00\n')
    .map((l) => l.split(' ').map(Number));
  const bytePiece = (b) => glagolitic[glagolitic.length - 3] - 0xE2 + b;  // Ⰰ is E2 B0 80: byte pieces are in byte order
  const extra = [[bytePiece(0x80)], [bytePiece(0xE2), bytePiece(0xB0)], [...pieceIds, bytePiece(0xC0), bytePiece(0xAF), ...pieceIds],
    [bytePiece(0xF0), bytePiece(0x9F), bytePiece(0x98), bytePiece(0x80), bytePiece(0xFF)], [1, ...pieceIds, 2], [0, ...pieceIds, 0]];
  const all = [...expected, ...extra];
  const decoded = tool('spm_decode', [`--model=${modelPath}`, '--input_format=id'], all.map((l) => l.join(' ')).join('\n') + '\n');
  const wrong = [];
  all.forEach((l, i) => { if (model.decode(l) !== decoded[i]) wrong.push(`${l.join(' ')}: ours ${JSON.stringify(model.decode(l))} | spm ${JSON.stringify(decoded[i])}`); });
  assert.deepEqual(wrong.slice(0, 5), []);
  model.delete();
});

test('decode writes the unknown piece as the model\'s own unk_surface, as spm_decode does', () => {
  const modelPath = trainModel('ids-unk-surface', ['--unk_surface=\u27E8?\u27E9']);
  const model = new m.TokenizerModel(readFileSync(modelPath));
  const ids = tool('spm_encode', [`--model=${modelPath}`, '--output_format=id'], input).map((l) => (l ? l.split(' ').map(Number) : []));
  const unknownId = 0;
  assert.ok(ids.some((l) => l.includes(unknownId)), 'the corpus has characters outside this vocabulary');
  const all = [...ids, [unknownId], [unknownId, unknownId], [1, unknownId, 2]];
  const decoded = tool('spm_decode', [`--model=${modelPath}`, '--input_format=id'], all.map((l) => l.join(' ')).join('\n') + '\n');
  assert.match(decoded.join('\n'), /\u27E8\?\u27E9/);
  const wrong = [];
  all.forEach((l, i) => { if (model.decode(l) !== decoded[i]) wrong.push(`${l.join(' ')}: ours ${JSON.stringify(model.decode(l))} | spm ${JSON.stringify(decoded[i])}`); });
  assert.deepEqual(wrong.slice(0, 5), []);
  model.delete();
});

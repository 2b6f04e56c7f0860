// CGMH through the JS API on the shipped models (the poetry BERT and its n-gram π): the
// same seed gives byte-identical output natively (sampling-cli cgmh) and in wasm, bad
// input comes back as the CLI's message or a thrown Error, and the module keeps working.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { loadModule, root, cli } from './load.mjs';

const m = await loadModule();
const bertDir = `${root}web/public/models/poetry-bert`;
const ngramDir = `${root}web/public/models/poetry-ngram`;
const shipped = existsSync(`${bertDir}/model.safetensors`) && existsSync(`${ngramDir}/poetry-ngram.bin`);

function native(args) {
  const r = spawnSync(cli, ['cgmh', '--model', bertDir, '--lm', ngramDir, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status };
}

test('the n-gram model: info, a line\'s log-probability, bad bytes named', { skip: !shipped && 'shipped models absent' }, () => {
  const ngram = new m.NgramModel(readFileSync(`${ngramDir}/poetry-ngram.bin`));
  const info = ngram.info();
  assert.equal(info.vocabSize, 5764);
  assert.ok(info.bigrams > 100000 && info.trigrams > 100000);
  assert.ok(ngram.sentenceLogProb('明月') > ngram.sentenceLogProb('月月'));
  assert.ok(Number.isFinite(ngram.sentenceLogProb('')));
  ngram.delete();
  assert.throws(() => new m.NgramModel(new Uint8Array([1, 2, 3])), /n-gram model: the file ends inside its header \(3 bytes\)/);
  assert.throws(() => new m.NgramModel(new TextEncoder().encode('SPNGRAM2xxxxxxxx')), /does not start with SPNGRAM1/);
  assert.throws(() => new m.NgramModel('text'), /poetry-ngram\.bin/);
});

test('cgmhCommand: same seed, same output as sampling-cli cgmh; bad input as the CLI says', { skip: !shipped && 'shipped models absent' }, () => {
  const model = new m.TextModel(readFileSync(`${bertDir}/config.json`), readFileSync(`${bertDir}/vocab.txt`),
    readFileSync(`${bertDir}/model.safetensors`));
  const ngram = new m.NgramModel(readFileSync(`${ngramDir}/poetry-ngram.bin`));
  for (const args of [
    ['--keywords', '月,山', '--steps', '40', '--seed', '3', '--trace'],
    ['--keywords', '明月', '--steps', '60', '--seed', '5', '--anneal', '2:0.1', '--length-bonus', '4', '--top-k', '20', '--explore', '0.1'],
    ['--keywords', '山', '--template', '五言絕句', '--steps', '30', '--seed', '1', '--trace'],
  ]) {
    const a = native(args);
    const b = m.cgmhCommand(model, ngram, args);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    assert.equal(b.stdout, a.stdout, args.join(' '));
    assert.equal(b.stderr, a.stderr, args.join(' '));
    assert.equal(a.stdout.trim().split('\n').length, 2);
  }
  for (const [args, message] of [
    [['--steps', '3'], /cgmh needs --keywords/],
    [['--keywords', ''], /--keywords is empty/],
    [['--keywords', '月,鑫'], /keyword '鑫' holds a character the model's vocabulary does not have/],
    [['--keywords', '月', '--template', '春花'], /template has no free position/],
    [['--keywords', '月山水風雲', '--template', '__，__'], /the keywords have 5 characters but the template has only 4 free positions/],
    [['--keywords', '月', '--moves', '1,1'], /--moves is R,I,D/],
  ]) {
    const b = m.cgmhCommand(model, ngram, args);
    const a = native(args);
    assert.equal(b.code, 2, args.join(' '));
    assert.match(b.stderr, message);
    assert.equal(b.stderr, a.stderr);
  }
  assert.match(m.cgmhCommand(model, ngram, ['--keywords', '月', '--lm', ngramDir]).stderr, /--model and --lm are not taken here/);
  assert.throws(() => m.cgmhCommand(null, ngram, ['--keywords', '月']), /cgmhCommand needs a loaded TextModel/);
  assert.throws(() => m.cgmhCommand(model, {}, ['--keywords', '月']), /cgmhCommand needs a loaded NgramModel/);
  // Still working.
  assert.equal(m.cgmhCommand(model, ngram, ['--keywords', '月', '--steps', '5']).code, 0);
  model.delete();
  ngram.delete();
});

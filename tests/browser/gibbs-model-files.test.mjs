// The Gibbs lab's check of a user's model folder (web/src/demos/gibbs/model-files.js)
// before anything is read: which file plays which part, what is missing, the size limit.
// Plain Node, no browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pickModelFiles, readModelFiles } from '../../web/src/demos/gibbs/model-files.js';

const fake = (name, size, text = '') => ({
  name,
  size,
  read: 0,
  async arrayBuffer() { this.read++; return new TextEncoder().encode(text).buffer; },
});

test('the three parts are found by name; any .safetensors serves when model.safetensors is absent', () => {
  const files = [fake('tokenizer.json', 1), fake('vocab.txt', 1), fake('config.json', 1), fake('weights.safetensors', 1)];
  const p = pickModelFiles(files);
  assert.equal(p.config.name, 'config.json');
  assert.equal(p.vocab.name, 'vocab.txt');
  assert.equal(p.weights.name, 'weights.safetensors');
  assert.equal(pickModelFiles([...files, fake('model.safetensors', 1)]).weights.name, 'model.safetensors');
});

test('missing files and the size limit are reported before anything is read', async () => {
  await assert.rejects(readModelFiles([fake('config.json', 1)], 100), (e) => {
    assert.deepEqual(e.problem, { key: 'gibbs.err.missing', params: { names: 'vocab.txt, model.safetensors' } });
    return true;
  });
  const big = [fake('config.json', 10), fake('vocab.txt', 10), fake('model.safetensors', 3 * 1024 * 1024)];
  await assert.rejects(readModelFiles(big, 2 * 1024 * 1024), (e) => {
    assert.deepEqual(e.problem, { key: 'gibbs.err.tooBig', params: { size: '3.0', max: 2 } });
    return true;
  });
  assert.deepEqual(big.map((f) => f.read), [0, 0, 0]);
  const ok = [fake('config.json', 2, '{}'), fake('vocab.txt', 1, 'a'), fake('model.safetensors', 1, 'b')];
  const read = await readModelFiles(ok, 100);
  assert.deepEqual(read.names, ['config.json', 'vocab.txt', 'model.safetensors']);
  assert.equal(new TextDecoder().decode(read.files.config), '{}');
});

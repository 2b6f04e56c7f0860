// FlowTrainer({ init }) continues from saved weights (the flow lab's "continue from the
// loaded weights"): before any step it samples exactly as the file does, the step count
// continues from the file's, a few more steps give the weights sampling-cli flow train
// --init writes (native = wasm, byte for byte), and a file of another method or width is
// an Error naming the difference, after which the module keeps working.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModule, cli, root } from './load.mjs';
import { readSafetensors } from './flow_weights.mjs';

const m = await loadModule();
const dir = mkdtempSync(join(tmpdir(), 'flow-init-test-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const shippedFile = (data, method) => join(root, `web/public/models/flows/${data}-${method}.safetensors`);

test('a trainer started from a file samples as the file does and counts on from its steps', () => {
  const file = shippedFile('moons', 'meanflow');
  const bytes = new Uint8Array(readFileSync(file));
  const fileSteps = Number(readSafetensors(bytes).metadata.steps);
  assert.ok(fileSteps > 0, 'the shipped file records its steps');
  const model = new m.FlowModel(bytes);
  const trainer = new m.FlowTrainer({ method: 'meanflow', data: 'moons', seed: 5, init: bytes });
  assert.equal(trainer.step(), fileSteps);
  for (const nfe of [1, 2, 8]) assert.deepEqual(trainer.sample(nfe, 200, 11).points, model.sample(nfe, 200, 11).points, `NFE ${nfe}`);
  // Without init the same options start from random weights: far from the file's samples.
  const fresh = new m.FlowTrainer({ method: 'meanflow', data: 'moons', seed: 5 });
  assert.equal(fresh.step(), 0);
  assert.notDeepEqual(fresh.sample(1, 200, 11).points, model.sample(1, 200, 11).points);
  trainer.train(3);
  assert.equal(trainer.step(), fileSteps + 3);
  assert.equal(Number(readSafetensors(trainer.save()).metadata.steps), fileSteps + 3);
  for (const t of [model, trainer, fresh]) t.delete();
});

test('continuing in wasm gives the weights sampling-cli flow train --init writes, for every method', () => {
  for (const method of ['fm', 'meanflow', 'shortcut', 'consistency']) {
    const init = shippedFile('8gaussians', method);
    const steps = 4, seed = 9, batch = 64;
    const out = join(dir, `${method}.safetensors`);
    const r = spawnSync(cli, ['flow', 'train', '--method', method, '--data', '8gaussians', '--seed', String(seed),
      '--steps', String(steps), '--batch', String(batch), '--init', init, '--out', out], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const trainer = new m.FlowTrainer({ method, data: '8gaussians', seed, batch, totalSteps: steps,
      init: new Uint8Array(readFileSync(init)) });
    trainer.train(steps);
    const mine = readSafetensors(trainer.save()), theirs = readSafetensors(new Uint8Array(readFileSync(out)));
    assert.equal(mine.metadata.steps, theirs.metadata.steps);
    assert.deepEqual(Object.keys(mine.tensors).sort(), Object.keys(theirs.tensors).sort());
    for (const name of Object.keys(theirs.tensors)) {
      assert.ok(Buffer.from(mine.tensors[name].bytes).equals(Buffer.from(theirs.tensors[name].bytes)), `${method}: ${name} differs`);
    }
    // And they moved away from the file's weights.
    const start = readSafetensors(new Uint8Array(readFileSync(init)));
    assert.ok(!Buffer.from(start.tensors['layers.0.weight'].bytes).equals(Buffer.from(mine.tensors['layers.0.weight'].bytes)));
    trainer.delete();
  }
});

test('a file of another method or width, or not a weights file, is an Error; the module works after', () => {
  const bytes = new Uint8Array(readFileSync(shippedFile('moons', 'fm')));
  assert.throws(() => new m.FlowTrainer({ method: 'meanflow', data: 'moons', init: bytes }), /method fm, not meanflow/);
  assert.throws(() => new m.FlowTrainer({ method: 'fm', data: 'moons', hidden: [64, 64, 64], init: bytes }),
    /hidden widths 128,128,128, not 64,64,64/);
  assert.throws(() => new m.FlowTrainer({ method: 'fm', data: 'moons', init: new Uint8Array([1, 2, 3]) }), Error);
  assert.throws(() => new m.FlowTrainer({ method: 'fm', data: 'moons', init: 'moons-fm' }), /init must be a Uint8Array/);
  const r = spawnSync(cli, ['flow', 'train', '--method', 'shortcut', '--data', 'moons', '--steps', '1',
    '--init', shippedFile('moons', 'fm'), '--out', join(dir, 'x.safetensors')], { encoding: 'utf8' });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /method fm, not shortcut/);
  const ok = new m.FlowTrainer({ method: 'fm', data: 'moons', init: bytes });
  assert.equal(ok.train(1).length, 1);
  ok.delete();
});

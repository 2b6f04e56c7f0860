// The flow lab through the JS API: train a few steps, sample at several NFE, save and
// reload weights, and bad options as thrown Errors with a usable module after.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadModule } from './load.mjs';

const m = await loadModule();

test('train a few steps, sample with trajectories, evaluate', () => {
  const trainer = new m.FlowTrainer({ method: 'meanflow', data: '8gaussians', seed: 1, hidden: [32, 32] });
  const losses = trainer.train(20);
  assert.equal(losses.length, 20);
  assert.ok(losses.every(Number.isFinite));
  assert.equal(trainer.step(), 20);
  const s = trainer.sample(2, 100, 5, true);
  assert.equal(s.points.length, 200);
  assert.equal(s.trajectory.length, 3 * 200);
  assert.deepEqual(Array.from(s.trajectory.subarray(400)), Array.from(s.points));
  const e = trainer.evaluate(1, 500, 3);
  assert.ok(e.energyDistance > 0 && e.slicedW2 > 0);
  assert.equal(trainer.target(50, 1).length, 100);
  trainer.delete();
});

test('saved weights load into a FlowModel that samples the same points', () => {
  const trainer = new m.FlowTrainer({ method: 'shortcut', data: 'moons', seed: 2, hidden: [16, 16] });
  trainer.train(5);
  const bytes = trainer.save();
  const model = new m.FlowModel(bytes);
  assert.equal(model.info().method, 'shortcut');
  assert.deepEqual(model.info().hidden, [16, 16]);
  assert.deepEqual(Array.from(model.sample(4, 50, 9).points), Array.from(trainer.sample(4, 50, 9).points));
  model.delete();
  trainer.delete();
});

test('a drawn point cloud is a dataset; bad options and files throw Errors naming the problem', () => {
  const points = [];
  for (let i = 0; i < 12; i++) points.push(Math.cos(i), Math.sin(i));
  const t = new m.FlowTrainer({ method: 'fm', data: { points }, hidden: [8] });
  assert.equal(t.train(3).length, 3);
  t.delete();
  const bad = [
    [{ method: 'ddpm', data: 'moons' }, /unknown method 'ddpm'/],
    [{ method: 'fm', data: 'swissroll' }, /unknown dataset 'swissroll'/],
    [{ method: 'fm', data: { points: [1, 2, 3, 4] } }, /at least 10 points/],
    [{ method: 'fm', data: 'moons', lr: NaN }, /learning rate/],
    [{ method: 'fm', data: 'moons', lr: -1 }, /learning rate/],
    [{ method: 'fm', data: 'moons', hidden: [] }, /at least one hidden layer/],
    [{ method: 'fm', data: 'moons', batch: 0 }, /batch size/],
  ];
  for (const [options, message] of bad) {
    assert.throws(() => new m.FlowTrainer(options), (e) => e instanceof Error && message.test(e.message), JSON.stringify(options));
  }
  assert.throws(() => new m.FlowModel(new Uint8Array([1, 2, 3])), /safetensors/);
  assert.throws(() => new m.FlowModel(new Uint8Array(0)), /safetensors/);
  const ok = new m.FlowTrainer({ method: 'consistency', data: 'rings', hidden: [8] });
  assert.throws(() => ok.sample(0, 10, 1), /NFE must be/);
  assert.throws(() => ok.train(0), /k must be a positive integer/);
  assert.throws(() => m.datasetSample('moons', 10, -1), /seed must be a non-negative integer/);
  assert.throws(() => ok.sample(1, 10, 1.5), /seed must be a non-negative integer/);
  assert.equal(ok.sample(1, 10, 1).points.length, 20);
  ok.delete();
});

test('a diverging run stops with a message and keeps finite weights', () => {
  const points = [];
  for (let i = 0; i < 20; i++) points.push(5000 + i, -5000);
  const t = new m.FlowTrainer({ method: 'fm', data: { points, bandwidth: 1 }, lr: 10, hidden: [16, 16] });
  assert.throws(() => { for (let i = 0; i < 20; i++) t.train(10); }, /diverged/);
  const s = t.sample(1, 10, 1).points;
  assert.ok(Array.from(s).every(Number.isFinite));
  t.delete();
});

// The flow lab through the JS API: training gives the losses the command line prints,
// sampling follows the method's steps on the saved network (checked with a forward pass
// written here), the metrics are the energy distance and a sliced W2 of the returned
// points, saved weights reload, and bad options are thrown Errors with a usable module after.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModule, cli } from './load.mjs';
import { flowNetwork, readSafetensors } from './flow_weights.mjs';

const m = await loadModule();
const dir = mkdtempSync(join(tmpdir(), 'flow-test-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

// The 8 Gaussians' centres: radius 2, angles kπ/4, sd 0.1.
const CENTRES = Array.from({ length: 8 }, (_, k) => [2 * Math.cos(k * Math.PI / 4), 2 * Math.sin(k * Math.PI / 4)]);
const nearest = (x, y, centres) => Math.min(...centres.map(([cx, cy]) => Math.hypot(x - cx, y - cy)));

function energyDistance(a, b) {
  const mean = (p, q, same) => {
    let s = 0, count = 0;
    for (let i = 0; i < p.length / 2; i++) {
      for (let j = same ? i + 1 : 0; j < q.length / 2; j++, count++) s += Math.hypot(p[2 * i] - q[2 * j], p[2 * i + 1] - q[2 * j + 1]);
    }
    return s / count;
  };
  return 2 * mean(a, b, false) - mean(a, a, true) - mean(b, b, true);
}

// W2² between the two sets projected on the direction at angle θ.
function projectedW2(a, b, theta) {
  const c = Math.cos(theta), s = Math.sin(theta);
  const pa = [], pb = [];
  for (let i = 0; i < a.length / 2; i++) pa.push(c * a[2 * i] + s * a[2 * i + 1]), pb.push(c * b[2 * i] + s * b[2 * i + 1]);
  pa.sort((u, v) => u - v);
  pb.sort((u, v) => u - v);
  return pa.reduce((acc, v, i) => acc + (v - pb[i]) ** 2, 0) / pa.length;
}

test('training gives the losses sampling-cli flow train prints for the same seed', () => {
  const trainer = new m.FlowTrainer({ method: 'meanflow', data: '8gaussians', seed: 1, hidden: [32, 32], totalSteps: 20 });
  const losses = trainer.train(20);
  assert.equal(losses.length, 20);
  assert.equal(trainer.step(), 20);
  const r = spawnSync(cli, ['flow', 'train', '--method', 'meanflow', '--data', '8gaussians', '--seed', '1', '--hidden', '32,32',
    '--steps', '20', '--out', join(dir, 'a.safetensors')], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  // One line per 2 steps: their mean loss, 6 significant digits.
  const printed = [...r.stderr.matchAll(/^step (\d+)\/20 loss (\S+)$/gm)].map((g) => Number(g[2]));
  assert.equal(printed.length, 10);
  printed.forEach((v, i) => {
    const mean = losses[2 * i] / 2 + losses[2 * i + 1] / 2;
    assert.ok(Math.abs(mean - v) <= 5e-6 * Math.abs(v), `steps ${2 * i + 1}-${2 * i + 2}: ${mean} vs printed ${v}`);
  });
  trainer.delete();
});

test('sampling follows MeanFlow\'s steps on the saved network; trajectories start at N(0, I) noise', () => {
  const trainer = new m.FlowTrainer({ method: 'meanflow', data: '8gaussians', seed: 1, hidden: [32, 32] });
  trainer.train(20);
  const net = flowNetwork(trainer.save());
  const n = 200, nfe = 4;
  const s = trainer.sample(nfe, n, 5, true);
  assert.equal(s.points.length, 2 * n);
  assert.equal(s.trajectory.length, (nfe + 1) * 2 * n);
  assert.deepEqual(Array.from(s.trajectory.subarray(nfe * 2 * n)), Array.from(s.points));
  // Frame 0 is the noise: mean within 4 standard errors of 0, variance within 4 of 1
  // (false alarm below 1e-4 per coordinate).
  for (let d = 0; d < 2; d++) {
    let s1 = 0, s2 = 0;
    for (let i = 0; i < n; i++) s1 += s.trajectory[2 * i + d], s2 += s.trajectory[2 * i + d] ** 2;
    const mean = s1 / n, variance = s2 / n - mean * mean;
    assert.ok(Math.abs(mean) < 4 / Math.sqrt(n), `noise mean ${mean}`);
    assert.ok(Math.abs(variance - 1) < 4 * Math.sqrt(2 / n), `noise variance ${variance}`);
  }
  // Step k: z ← z − Δ·u(z, t, Δ) with t = 1 − k/K and Δ = 1/K in float, as specs/flows.md.
  const f = Math.fround;
  for (let k = 0; k < nfe; k++) {
    const t = f(1 - f(k / nfe)), dt = f(t - f(1 - f((k + 1) / nfe)));
    const from = s.trajectory.subarray(k * 2 * n), to = s.trajectory.subarray((k + 1) * 2 * n);
    for (let i = 0; i < n; i++) {
      const u = net([from[2 * i], from[2 * i + 1], t, dt]);
      for (let d = 0; d < 2; d++) {
        const want = from[2 * i + d] - dt * u[d];
        assert.ok(Math.abs(to[2 * i + d] - want) < 1e-5 * (1 + Math.abs(want)), `step ${k} point ${i}: ${to[2 * i + d]} vs ${want}`);
      }
    }
  }
  trainer.delete();
});

test('evaluate: the energy distance and a sliced W2 of sample() against target(n, seed + 1)', () => {
  const trainer = new m.FlowTrainer({ method: 'fm', data: '8gaussians', seed: 3, hidden: [16] });
  trainer.train(10);
  const n = 400, seed = 3;
  const e = trainer.evaluate(1, n, seed);
  const a = trainer.sample(1, n, seed).points, b = trainer.target(n, seed + 1);
  const ed = energyDistance(a, b);
  assert.ok(Math.abs(e.energyDistance - ed) < 1e-9 * ed, `${e.energyDistance} vs ${ed}`);
  // SW2² is a mean of projected W2² over directions, so it lies between their minimum and
  // maximum over angles; on a grid of 1,440 angles each projected point moves by at most
  // R·Δθ/2 to the nearest grid angle, which bounds the change of W2² (margin below).
  const R = Math.max(...Array.from(a, Math.abs), ...Array.from(b, Math.abs)) * Math.SQRT2;
  const step = Math.PI / 1440;
  const values = Array.from({ length: 1440 }, (_, i) => projectedW2(a, b, i * step));
  const top = Math.max(...values), bottom = Math.min(...values);
  const move = R * step;  // both points of a pair move by R·Δθ/2 at most
  const margin = 2 * Math.sqrt(top) * move + move * move;
  const sw = e.slicedW2 ** 2;
  assert.ok(sw >= bottom - margin && sw <= top + margin, `SW2² ${sw} outside [${bottom}, ${top}] ± ${margin}`);
  // An untrained one-step flow is far from the 8 Gaussians: a distance of order 1.
  assert.ok(ed > 0.1, `${ed}`);
  trainer.delete();
});

test('target() draws the 8 Gaussians as datasetSample does', () => {
  const trainer = new m.FlowTrainer({ method: 'meanflow', data: '8gaussians', seed: 1, hidden: [8] });
  const t = trainer.target(500, 1);
  assert.deepEqual(Array.from(t), Array.from(m.datasetSample('8gaussians', 500, 1)));
  // Every point within 6 sd of a centre (false alarm 500·e^-18 < 1e-5).
  for (let i = 0; i < 500; i++) assert.ok(nearest(t[2 * i], t[2 * i + 1], CENTRES) < 0.6, `point ${i}`);
  // Each centre gets its share: binomial(500, 1/8), within 5 sd of 62.5.
  const counts = new Array(8).fill(0);
  for (let i = 0; i < 500; i++) {
    const d = CENTRES.map(([cx, cy]) => Math.hypot(t[2 * i] - cx, t[2 * i + 1] - cy));
    counts[d.indexOf(Math.min(...d))]++;
  }
  const sd = Math.sqrt(500 / 8 * 7 / 8);
  for (const c of counts) assert.ok(Math.abs(c - 62.5) < 5 * sd, `counts ${counts}`);
  trainer.delete();
});

test('saved weights load into a FlowModel that samples the same points', () => {
  const trainer = new m.FlowTrainer({ method: 'shortcut', data: 'moons', seed: 2, hidden: [16, 16] });
  trainer.train(5);
  const bytes = trainer.save();
  const { metadata, tensors } = readSafetensors(bytes);
  assert.equal(metadata.steps, '5');
  assert.deepEqual(Object.keys(tensors).sort(), ['layers.0.bias', 'layers.0.weight', 'layers.1.bias', 'layers.1.weight',
    'layers.2.bias', 'layers.2.weight']);
  assert.deepEqual(tensors['layers.0.weight'].shape, [16, 4]);
  const model = new m.FlowModel(bytes);
  assert.equal(model.info().method, 'shortcut');
  assert.deepEqual(model.info().hidden, [16, 16]);
  const a = model.sample(4, 50, 9).points, b = trainer.sample(4, 50, 9).points;
  assert.deepEqual(Array.from(a), Array.from(b));
  // A different seed gives different points.
  assert.notDeepEqual(Array.from(model.sample(4, 50, 10).points), Array.from(a));
  model.delete();
  trainer.delete();
});

test('a drawn point cloud is a dataset; bad options and files throw Errors naming the problem', () => {
  const points = [];
  for (let i = 0; i < 12; i++) points.push(Math.cos(i), Math.sin(i));
  const t = new m.FlowTrainer({ method: 'fm', data: { points }, hidden: [8] });
  assert.ok(t.train(3).every(Number.isFinite));
  // Targets are the drawn points blurred by the default bandwidth 0.05: every one within
  // 6 bandwidths of a drawn point (false alarm 1000·e^-18 < 2e-5).
  const drawn = Array.from({ length: 12 }, (_, i) => [points[2 * i], points[2 * i + 1]]);
  const tp = t.target(1000, 2);
  for (let i = 0; i < 1000; i++) assert.ok(nearest(tp[2 * i], tp[2 * i + 1], drawn) < 0.3, `point ${i}`);
  t.delete();
  const bad = [
    [{ method: 'ddpm', data: 'moons' }, /unknown method 'ddpm'/],
    [{ method: 'fm', data: 'swissroll' }, /unknown dataset 'swissroll'/],
    [{ method: 'fm', data: { points: [1, 2, 3, 4] } }, /at least 10 points/],
    // Checked as given, before rounding to float (10000.0001 became 10000 and was taken).
    [{ method: 'fm', data: { points: [...points.slice(0, 22), 0, 10000.0001] } }, /point 11 is not a finite coordinate within ±10000, got 10000.0001/],
    [{ method: 'fm', data: { points: [1e300, ...points.slice(1)] } }, /point 0 is not a finite coordinate within ±10000, got 1e\+300/],
    [{ method: 'fm', data: 'moons', lr: NaN }, /learning rate/],
    [{ method: 'fm', data: 'moons', lr: -1 }, /learning rate/],
    [{ method: 'meanflow', data: 'moons', lrSchedule: 'linear' }, /learning-rate schedule must be constant or cosine, got 'linear'/],
    [{ method: 'fm', data: 'moons', hidden: [] }, /at least one hidden layer/],
    [{ method: 'fm', data: 'moons', batch: 0 }, /batch size/],
  ];
  for (const [options, message] of bad) {
    assert.throws(() => new m.FlowTrainer(options), (e) => e instanceof Error && message.test(e.message), JSON.stringify(options));
  }
  // The command line names the same bad schedule, exits 2 and writes no weights.
  const cliBad = spawnSync(cli, ['flow', 'train', '--method', 'meanflow', '--data', 'moons', '--steps', '2',
    '--lr-schedule', 'linear', '--out', join(dir, 'never.safetensors')], { encoding: 'utf8' });
  assert.equal(cliBad.status, 2, cliBad.stderr);
  assert.match(cliBad.stderr, /learning-rate schedule must be constant or cosine, got 'linear'/);
  assert.ok(!existsSync(join(dir, 'never.safetensors')));
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

test('a diverging run stops at the step that diverged, keeps the steps before it and finite weights', () => {
  const points = [];
  for (let i = 0; i < 20; i++) points.push(5000 + i, -5000);
  const t = new m.FlowTrainer({ method: 'fm', data: { points, bandwidth: 1 }, lr: 10, hidden: [16, 16] });
  let error;
  try { for (let i = 0; i < 20; i++) t.train(10); } catch (e) { error = e; }
  assert.ok(error instanceof Error, 'training did not diverge');
  const at = Number(/diverged at step (\d+) \(loss [^)]*\); the weights from before that step are kept/.exec(error.message)?.[1]);
  assert.ok(at >= 1, error.message);
  assert.equal(t.step(), at - 1);
  const s = t.sample(1, 10, 1).points;
  assert.ok(Array.from(s).every(Number.isFinite));
  assert.ok(Array.from(readSafetensors(t.save()).tensors['layers.0.weight'].values).every(Number.isFinite));
  t.delete();
});

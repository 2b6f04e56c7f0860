// The 2-D lab through the JS API: same seeds give the same numbers natively and in
// wasm, chunked runs, every bad parameter as a thrown Error.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadModule, cli } from './load.mjs';

const m = await loadModule();

function native(args) {
  const r = spawnSync(cli, ['mcmc', ...args], { encoding: 'utf8' });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status };
}

test('the native tool exists', () => assert.ok(existsSync(cli), `${cli} is missing: run npm run build:native`));

const targets = ['gaussian', 'mixture', 'banana', 'donut', 'funnel'];
const samplers = ['rejection', 'importance', 'mh', 'gibbs', 'annealing', 'mala', 'hmc'];

test('same seed, same output natively and in wasm (every target × sampler, byte for byte)', () => {
  for (const target of targets) {
    for (const sampler of samplers) {
      const args = ['--target', target, '--sampler', sampler, '--n', '400', '--seed', '12345',
        '--chains', '3', '--burn-in', '50'];
      const a = native(args);
      const b = m.mcmcCommand(args);
      assert.equal(a.code, 0, a.stderr);
      assert.equal(b.code, 0, b.stderr);
      assert.equal(b.stdout, a.stdout, `${target} ${sampler}: draws differ`);
      assert.equal(b.stderr, a.stderr, `${target} ${sampler}: statistics differ`);
    }
  }
});

test('McmcRun chunks give the draws the command line prints', () => {
  const args = ['--target', 'mixture', '--sampler', 'hmc', '--n', '300', '--seed', '7', '--chains', '2'];
  const lines = execFileSync(cli, ['mcmc', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
    .trim().split('\n').map((l) => l.split(',').map(Number));
  const run = new m.McmcRun({ target: { name: 'mixture' }, sampler: 'hmc', seed: 7, chains: 2 });
  const perChain = [[], []];
  for (let i = 0; i < 3; i++) {
    const c = run.run(100);
    assert.equal(c.chains, 2);
    for (let ch = 0; ch < 2; ch++) {
      for (let j = 0; j < 100; j++) perChain[ch].push([c.x[ch * 100 + j], c.y[ch * 100 + j]]);
    }
  }
  assert.deepEqual([...perChain[0], ...perChain[1]], lines);
  const s = run.stats();
  assert.equal(s.n, 600);
  assert.equal(s.rhat.length, 2);
  assert.ok(s.acfX[0] === 1 && s.acfX.length === 51);
  run.delete();
});

test('rejection chunks report every proposal; importance chunks carry log weights', () => {
  const r = new m.McmcRun({ target: { name: 'donut' }, sampler: 'rejection', seed: 3 });
  const c = r.run(50);
  const accepted = c.accepted.reduce((a, b) => a + b, 0);
  assert.equal(accepted, 50);
  assert.ok(c.x.length > 50);
  assert.ok(Number.isFinite(r.stats().logBound));
  r.delete();
  const imp = new m.McmcRun({ target: { name: 'banana' }, sampler: 'importance', seed: 3, proposal: 'uniform' });
  const ci = imp.run(1000);
  assert.equal(ci.logWeight.length, 1000);
  const st = imp.stats();
  assert.ok(st.ess[0] > 1 && st.ess[0] < 1000);
  imp.delete();
  const ann = new m.McmcRun({ target: { name: 'mixture' }, sampler: 'annealing', seed: 3, chains: 1, steps: 100 });
  const ca = ann.run(200);
  assert.equal(ca.temperature[0], 10);
  assert.ok(Math.abs(ca.temperature[199] - 0.01) < 1e-12);
  assert.ok(ann.stats().best.logDensity > -5);
  ann.delete();
});

test('a drawn target samples around its points; the density grid is laid out row by row', () => {
  const points = new Float64Array([2, 2, 2.2, 2.1]);
  const r = new m.McmcRun({ target: { name: 'drawn', points, bandwidth: 0.2 }, sampler: 'gibbs', seed: 1, chains: 1 });
  r.run(2000);
  const s = r.stats();
  assert.ok(Math.abs(s.mean[0] - 2.1) < 0.05 && Math.abs(s.mean[1] - 2.05) < 0.05);
  r.delete();
  const g = m.densityGrid({ name: 'gaussian' }, 64, 48);
  assert.equal(g.logDensity.length, 64 * 48);
  // The Gaussian's mean is (0.5, −0.5): the largest cell is the one containing it.
  let best = 0;
  for (let i = 1; i < g.logDensity.length; i++) if (g.logDensity[i] > g.logDensity[best]) best = i;
  const ix = best % 64, iy = Math.floor(best / 64);
  const { xmin, xmax, ymin, ymax } = g.box;
  assert.ok(Math.abs(xmin + (ix + 0.5) * (xmax - xmin) / 64 - 0.5) < (xmax - xmin) / 64);
  assert.ok(Math.abs(ymin + (iy + 0.5) * (ymax - ymin) / 48 + 0.5) < (ymax - ymin) / 48);
  assert.deepEqual(m.targetBox({ name: 'donut' }), { xmin: -4, xmax: 4, ymin: -4, ymax: 4 });
});

test('bad parameters throw Errors that name the problem, and the module keeps working', () => {
  const bad = [
    [{ target: { name: 'banana' }, sampler: 'mh', stepSize: -1 }, /step size must be a positive finite number.*got -1/],
    [{ target: { name: 'banana' }, sampler: 'mh', stepSize: NaN }, /step size .* got NaN/],
    [{ target: { name: 'banana' }, sampler: 'mh', stepSize: 'big' }, /option 'stepSize' must be a number/],
    [{ target: { name: 'banana' }, sampler: 'mh', chains: 0 }, /chains must be between 1 and 64/],
    [{ target: { name: 'banana' }, sampler: 'mh', seed: -3 }, /'seed' must be a non-negative integer/],
    [{ target: { name: 'banana' }, sampler: 'mh', seed: 1.5 }, /'seed' must be a non-negative integer/],
    [{ target: { name: 'drawn', points: [] }, sampler: 'mh' }, /draw at least one point/],
    [{ target: { name: 'drawn', points: [1, NaN] }, sampler: 'mh' }, /point 0 is not a finite coordinate/],
    [{ target: { name: 'moon' }, sampler: 'mh' }, /unknown target 'moon'/],
    [{ target: { name: 'banana' }, sampler: 'slice' }, /unknown sampler 'slice'/],
    [{ target: { name: 'banana' }, sampler: 'rejection', bound: 0.5 }, /bound M = 0.5 is too small/],
    [{ target: { name: 'banana' }, sampler: 'annealing', t0: 1, tEnd: 2 }, /final temperature/],
    [{ sampler: 'mh' }, /option 'target' is missing/],
    [null, /needs an options object/],
  ];
  for (const [options, message] of bad) {
    assert.throws(() => new m.McmcRun(options), (e) => e instanceof Error && message.test(e.message),
      JSON.stringify(options));
  }
  const run = new m.McmcRun({ target: { name: 'banana' }, sampler: 'mh', seed: 1 });
  assert.throws(() => run.run(0), /k must be a positive integer/);
  assert.throws(() => run.run(NaN), /k must be a positive integer/);
  assert.throws(() => run.run(6e6), /keeps at most/);
  assert.equal(run.run(10).x.length, 40);
  run.delete();
  const cliBad = m.mcmcCommand(['--target', 'banana', '--sampler', 'mh', '--step-size', 'NaN']);
  assert.equal(cliBad.code, 2);
  assert.match(cliBad.stderr, /step-size must be a positive number, got NaN/);
});

test('results survive memory growth (arrays are copies, not views)', () => {
  const run = new m.McmcRun({ target: { name: 'banana' }, sampler: 'mh', seed: 2, chains: 4 });
  const first = run.run(1000);
  const copy = Float64Array.from(first.x);
  for (let i = 0; i < 20; i++) run.run(50000); // grows the heap well past its start size
  assert.deepEqual(first.x, copy);
  run.delete();
});

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

function nativeStats(args) {
  const r = native(args);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stderr);
}

// log p̃ at one point, through densityGrid (a 1 × 1 grid's cell centre is the point).
function logDensityAt(target, x, y) {
  const e = 1e-9 * Math.max(1, Math.abs(x)), f = 1e-9 * Math.max(1, Math.abs(y));
  return m.densityGrid(target, 1, 1, { xmin: x - e, xmax: x + e, ymin: y - f, ymax: y + f }).logDensity[0];
}

test('rejection chunks report every proposal; importance chunks carry log weights', () => {
  const r = new m.McmcRun({ target: { name: 'donut' }, sampler: 'rejection', seed: 3 });
  const c = r.run(50);
  const accepted = c.accepted.reduce((a, b) => a + b, 0);
  assert.equal(accepted, 50);
  assert.equal(r.stats().proposals, c.x.length);
  // The bound and the region are the ones the command line reports for the same run.
  const ns = nativeStats(['--target', 'donut', '--sampler', 'rejection', '--n', '50', '--seed', '3']);
  const s = r.stats();
  assert.ok(Math.abs(s.logBound - ns.log_bound) < 1e-5 * Math.abs(ns.log_bound), `${s.logBound} vs ${ns.log_bound}`);
  assert.equal(s.boundViolations, 0);
  // The student proposal covers the donut: its region is the disc r0 + 12σ = 6.7 and
  // leaves out less than 1e-30.
  for (const k of ['xmin', 'ymin']) assert.ok(Math.abs(s.region[k] + 6.7) < 1e-12, `${k} ${s.region[k]}`);
  for (const k of ['xmax', 'ymax']) assert.ok(Math.abs(s.region[k] - 6.7) < 1e-12, `${k} ${s.region[k]}`);
  assert.ok(s.massOutside >= 0 && s.massOutside < 1e-30, `${s.massOutside}`);
  r.delete();

  const imp = new m.McmcRun({ target: { name: 'banana' }, sampler: 'importance', seed: 3, proposal: 'uniform' });
  const ci = imp.run(1000);
  assert.equal(ci.logWeight.length, 1000);
  const st = imp.stats();
  // ESS = (Σw)²/Σw², recomputed from the returned log weights.
  const top = Math.max(...ci.logWeight);
  let s1 = 0, s2 = 0;
  for (const l of ci.logWeight) { const w = Math.exp(l - top); s1 += w; s2 += w * w; }
  assert.ok(Math.abs(st.ess[0] - s1 * s1 / s2) < 1e-9 * st.ess[0], `${st.ess[0]} vs ${s1 * s1 / s2}`);
  // The uniform proposal confines the draws to the banana's box; the mass it misses is the
  // command line's figure.
  assert.deepEqual(st.region, m.targetBox({ name: 'banana' }));
  const ni = nativeStats(['--target', 'banana', '--sampler', 'importance', '--proposal', 'uniform', '--n', '10']);
  assert.ok(Math.abs(st.massOutside - ni.mass_outside) < 1e-6 * ni.mass_outside, `${st.massOutside} vs ${ni.mass_outside}`);
  assert.ok(st.massOutside > 0.003 && st.massOutside < 0.0035);
  imp.delete();

  // The funnel: 5.4 % of its mass lies outside the picture's box.
  const fu = new m.McmcRun({ target: { name: 'funnel' }, sampler: 'rejection', seed: 3, proposal: 'uniform' });
  fu.run(10);
  assert.ok(Math.abs(fu.stats().massOutside - 0.0538276) < 1e-7, `${fu.stats().massOutside}`);
  fu.delete();

  const ann = new m.McmcRun({ target: { name: 'mixture' }, sampler: 'annealing', seed: 3, chains: 1, steps: 100 });
  const ca = ann.run(200);
  assert.equal(ca.temperature[0], 10);
  assert.ok(Math.abs(ca.temperature[199] - 0.01) < 1e-12);
  // The best point is the visited point of largest log density, and its value is p̃ there.
  const best = ann.stats().best;
  let top2 = -Infinity;
  for (let i = 0; i < ca.x.length; i++) top2 = Math.max(top2, logDensityAt({ name: 'mixture' }, ca.x[i], ca.y[i]));
  assert.ok(Math.abs(best.logDensity - top2) < 1e-9, `${best.logDensity} vs ${top2}`);
  assert.ok(Math.abs(logDensityAt({ name: 'mixture' }, best.x, best.y) - best.logDensity) < 1e-9);
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

test('stats carry the exact moments, the standard errors of the means and no acceptance rate for importance', () => {
  // Closed forms: banana Var = (s², τ² + 2b²s⁴) with s = 1.25, b = 0.8, τ = 0.6; funnel
  // Var = (e^4.5, 9); mixture: the command line's figure for the same target.
  const cases = [
    ['banana', [0, 0], [1.5625, 0.36 + 2 * 0.64 * 1.5625 ** 2]],
    ['funnel', [0, 0], [Math.exp(4.5), 9]],
  ];
  for (const [name, mean, variance] of cases) {
    const r = new m.McmcRun({ target: { name }, sampler: 'mh', seed: 4, chains: 2 });
    r.run(300);
    const s = r.stats();
    for (let i = 0; i < 2; i++) {
      assert.ok(Math.abs(s.trueMean[i] - mean[i]) < 1e-12, `${name} mean ${s.trueMean}`);
      assert.ok(Math.abs(s.trueVariance[i] - variance[i]) < 1e-12 * variance[i], `${name} variance ${s.trueVariance}`);
      assert.ok(Math.abs(s.meanSe[i] - Math.sqrt(s.variance[i] / s.ess[i])) < 1e-12 * s.meanSe[i], `${name} SE`);
    }
    assert.ok(s.acceptanceRate > 0 && s.acceptanceRate < 1);
    r.delete();
  }
  const ns = nativeStats(['--target', 'mixture', '--sampler', 'importance', '--n', '200', '--seed', '2']);
  const imp = new m.McmcRun({ target: { name: 'mixture' }, sampler: 'importance', seed: 2 });
  imp.run(200);
  const st = imp.stats();
  assert.equal(st.acceptanceRate, null);
  assert.equal(ns.acceptance_rate, null);
  for (let i = 0; i < 2; i++) {
    assert.ok(Math.abs(st.trueMean[i] - ns.true_mean[i]) < 1e-5 * Math.max(1, Math.abs(ns.true_mean[i])));
    assert.ok(Math.abs(st.trueVariance[i] - ns.true_variance[i]) < 1e-5 * ns.true_variance[i]);
    assert.ok(Math.abs(st.meanSe[i] - ns.mean_se[i]) < 1e-5 * ns.mean_se[i]);
  }
  imp.delete();
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
    [{ target: { name: 'banana' }, sampler: 'rejection', bound: 0.5 }, /bound M = 0.5 is too small: .* M = [0-9.e+]+ is proven to hold/],
    [{ target: { name: 'banana' }, sampler: 'rejection', proposal: 'cauchy' }, /unknown proposal 'cauchy': use student, gaussian or uniform/],
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

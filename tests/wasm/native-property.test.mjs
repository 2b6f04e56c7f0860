// Same seed, same output natively and in wasm, over many random seeds and parameters, for
// every seeded sampler outside the tokenize lab (tokenize-property.test.mjs covers that):
// the 2-D lab's samplers (sampling-cli mcmc and mcmcCommand), flow training and sampling
// (sampling-cli flow train / sample against FlowTrainer and FlowModel: the trained weights
// byte for byte, the sampled points bit for bit), and Gibbs sampling and annealing on the
// shipped poetry model (sampling-cli gibbs and gibbsCommand) and CGMH (cgmh and
// cgmhCommand). The cases come from a fixed generator seed; a failure prints its arguments.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModule, root, cli } from './load.mjs';
import { readSafetensors } from './flow_weights.mjs';

const m = await loadModule();
const dir = mkdtempSync(join(tmpdir(), 'native-property-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

// A 32-bit linear congruential generator (Numerical Recipes' constants) picks the cases.
function cases(seed) {
  let s = seed >>> 0;
  const uniform = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
  const below = (n) => Math.floor(uniform() * n);
  return {
    uniform,
    below,
    pick: (list) => list[below(list.length)],
    between: (lo, hi) => lo + below(hi - lo + 1),
    logUniform: (lo, hi) => String(Number((lo * Math.exp(uniform() * Math.log(hi / lo))).toPrecision(4))),
    // 64-bit seeds as decimal text, any of 0 to 2^64 − 1 (what --seed takes).
    seed: () => ((BigInt(below(2 ** 32)) << 32n) | BigInt(below(2 ** 32))).toString(),
  };
}

function run(command, args) {
  const r = spawnSync(cli, [command, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status };
}

function same(a, b, what) {
  assert.equal(b.code, a.code, `${what}: exit code ${b.code} in wasm, ${a.code} natively (${a.stderr}${b.stderr})`);
  assert.equal(b.stdout, a.stdout, `${what}: stdout differs`);
  assert.equal(b.stderr, a.stderr, `${what}: stderr differs`);
}

test('the native tool exists', () => assert.ok(existsSync(cli), `${cli} is missing: run npm run build:native`));

test('2-D lab: 80 random runs (target, sampler, seed, chains, burn-in, step size, schedule, proposal, bound)', () => {
  const g = cases(20261130);
  let ok = 0;
  for (let i = 0; i < 80; i++) {
    const sampler = m.mcmcSamplers()[i % 7];
    const args = ['--target', g.pick(['gaussian', 'mixture', 'banana', 'donut', 'funnel']), '--sampler', sampler,
      '--n', String(g.between(1, 300)), '--seed', g.seed()];
    if (['mh', 'gibbs', 'annealing', 'mala', 'hmc'].includes(sampler)) {
      args.push('--chains', String(g.between(1, 6)), '--burn-in', String(g.pick([0, 0, g.between(1, 200)])));
      if (sampler !== 'gibbs') args.push('--step-size', g.logUniform(0.02, 4));
    }
    if (sampler === 'hmc') args.push('--leapfrog-steps', String(g.between(1, 25)));
    if (sampler === 'annealing') {
      const t0 = Number(g.logUniform(0.5, 50));
      args.push('--schedule', g.pick(['geometric', 'logarithmic']), '--t0', String(t0),
        '--t-end', g.logUniform(1e-3, t0), '--steps', String(g.between(1, 600)));
    }
    if (sampler === 'rejection' || sampler === 'importance') args.push('--proposal', g.pick(['student', 'gaussian', 'uniform']));
    if (sampler === 'rejection' && g.uniform() < 0.25) args.push('--bound', g.logUniform(1, 1e4));
    const a = run('mcmc', args);
    same(a, m.mcmcCommand(args), args.join(' '));
    ok += a.code === 0;
  }
  assert.ok(ok >= 70, `only ${ok} of 80 runs succeeded`);
});

test('flow lab: 16 random trainings give the same weights byte for byte and the same samples bit for bit', () => {
  const g = cases(7);
  for (let i = 0; i < 16; i++) {
    const method = ['fm', 'meanflow', 'shortcut', 'consistency'][i % 4];
    const data = g.pick(['moons', 'checkerboard', '8gaussians', 'spiral', 'rings']);
    const seed = g.below(2 ** 32);
    const hidden = Array.from({ length: g.between(1, 3) }, () => g.between(2, 24));
    const steps = g.between(1, 25), batch = g.between(4, 96);
    const lr = g.logUniform(1e-4, 1e-2), ema = String(Number((0.9 + 0.099 * g.uniform()).toFixed(4)));
    const options = { method, data, seed, hidden, batch, lr: Number(lr), ema: Number(ema), totalSteps: steps };
    const args = ['train', '--method', method, '--data', data, '--seed', String(seed), '--hidden', hidden.join(','),
      '--steps', String(steps), '--batch', String(batch), '--lr', lr, '--ema', ema];
    const schedule = g.pick(['', 'constant', 'cosine']); // '': the method's default (MeanFlow: cosine)
    if (schedule) {
      args.push('--lr-schedule', schedule);
      options.lrSchedule = schedule;
    }
    if (method === 'meanflow') {
      const o = { meanflowEqualFraction: g.uniform().toFixed(3), meanflowMu: (g.uniform() - 0.5).toFixed(3),
        meanflowSigma: (0.5 + g.uniform()).toFixed(3), meanflowP: g.pick(['0', '0.5', '1']), meanflowC: g.logUniform(1e-4, 1e-2) };
      args.push('--meanflow-equal', o.meanflowEqualFraction, '--meanflow-mu', o.meanflowMu, '--meanflow-sigma', o.meanflowSigma,
        '--meanflow-p', o.meanflowP, '--meanflow-c', o.meanflowC);
      for (const [k, v] of Object.entries(o)) options[k] = Number(v);
    }
    if (method === 'shortcut') {
      const f = g.uniform().toFixed(3);
      args.push('--shortcut-fraction', f);
      options.shortcutFraction = Number(f);
    }
    const file = join(dir, `w${i}.safetensors`);
    const what = args.join(' ');
    const a = run('flow', [...args, '--out', file]);
    assert.equal(a.code, 0, `${what}: ${a.stderr}`);
    const trainer = new m.FlowTrainer(options);
    trainer.train(steps);
    const nativeBytes = new Uint8Array(readFileSync(file));
    const mine = readSafetensors(trainer.save()).tensors, theirs = readSafetensors(nativeBytes).tensors;
    assert.deepEqual(Object.keys(mine).sort(), Object.keys(theirs).sort(), what);
    for (const name of Object.keys(theirs)) {
      assert.ok(Buffer.from(mine[name].bytes).equals(Buffer.from(theirs[name].bytes)), `${what}: ${name} differs`);
    }
    const model = new m.FlowModel(nativeBytes);
    for (let k = 0; k < 2; k++) {
      // Seeds up to 2^53: the JS API takes them as numbers.
      const nfe = g.pick([1, 2, 3, 4, 8, 16, 100]), n = g.between(2, 300), s = g.below(2 ** 32) * 2 ** 21 + g.below(2 ** 21);
      const r = run('flow', ['sample', '--weights', file, '--nfe', String(nfe), '--n', String(n), '--seed', String(s)]);
      assert.equal(r.code, 0, r.stderr);
      // %.9g gives every float32 back exactly.
      const printed = Float32Array.from(r.stdout.trim().split(/[\n,]/), Number);
      const call = `${what}; sample --nfe ${nfe} --n ${n} --seed ${s}`;
      assert.deepEqual(model.sample(nfe, n, s).points, printed, call);
      assert.deepEqual(trainer.sample(nfe, n, s).points, printed, call);
    }
    model.delete();
    trainer.delete();
  }
});

const bertDir = `${root}web/public/models/poetry-bert`;
const ngramDir = `${root}web/public/models/poetry-ngram`;
const shippedBert = ['config.json', 'vocab.txt', 'model.safetensors'].every((f) => existsSync(`${bertDir}/${f}`));
const shippedNgram = shippedBert && existsSync(`${ngramDir}/poetry-ngram.bin`);
const bert = shippedBert && new m.TextModel(readFileSync(`${bertDir}/config.json`), readFileSync(`${bertDir}/vocab.txt`),
  readFileSync(`${bertDir}/model.safetensors`));
const CHARACTERS = [...'春花秋月山水風雲人明江天日白青長空夜'];

test('text lab: 24 random Gibbs and annealing runs on the poetry model', { skip: !shippedBert && 'web/public/models/poetry-bert/ is absent' }, () => {
  const g = cases(99);
  for (let i = 0; i < 24; i++) {
    const length = g.between(2, 14);
    let template = Array.from({ length }, () => (g.uniform() < 0.6 ? '_' : g.pick([...CHARACTERS, '，', '。']))).join('');
    if (!template.includes('_')) template += '_';
    const steps = g.between(1, 20);
    const args = ['--template', g.uniform() < 0.15 ? g.pick(['五言絕句', '七言絕句']) : template, '--steps', String(steps),
      '--seed', g.seed(), '--order', g.pick(['random', 'sequential', 'parallel']), '--chains', String(g.between(1, 3)),
      '--top-k', String(g.pick([0, 1, g.between(2, 40), 100])), '--burn-in', String(g.between(0, 5)),
      '--start', g.pick(['mask', 'random'])];
    if (g.uniform() < 0.4) args.push('--anneal', `${g.logUniform(0.5, 5)}:${g.logUniform(0.01, 0.5)}`);
    else args.push('--temperature', g.logUniform(0.2, 3));
    if (g.uniform() < 0.5) args.push('--trace');
    if (g.uniform() < 0.3) args.push('--pll');
    const a = run('gibbs', ['--model', bertDir, ...args]);
    assert.equal(a.code, 0, `${args.join(' ')}: ${a.stderr}`);
    same(a, m.gibbsCommand(bert, args), args.join(' '));
  }
});

test('text lab: 8 random CGMH runs on the poetry model and its n-gram π', { skip: !shippedNgram && 'shipped models absent' }, () => {
  const ngram = new m.NgramModel(readFileSync(`${ngramDir}/poetry-ngram.bin`));
  const g = cases(5);
  for (let i = 0; i < 8; i++) {
    const keywords = Array.from({ length: g.between(1, 2) }, () => g.pick(CHARACTERS)).join(',');
    const args = ['--keywords', keywords, '--steps', String(g.between(1, 25)), '--seed', g.seed(),
      '--top-k', String(g.pick([0, g.between(1, 60)])), '--explore', g.uniform().toFixed(2)];
    if (g.uniform() < 0.5) args.push('--anneal', `${g.logUniform(0.5, 5)}:${g.logUniform(0.01, 0.5)}`);
    if (g.uniform() < 0.3) args.push('--length-bonus', g.logUniform(0.1, 5));
    if (g.uniform() < 0.5) args.push('--trace');
    const a = run('cgmh', ['--model', bertDir, '--lm', ngramDir, ...args]);
    assert.equal(a.code, 0, `${args.join(' ')}: ${a.stderr}`);
    same(a, m.cgmhCommand(bert, ngram, args), args.join(' '));
  }
  ngram.delete();
});

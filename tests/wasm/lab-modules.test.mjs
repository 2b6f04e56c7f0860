// Each lab worker's module (sampling-tokenize, sampling-mcmc, sampling-flow, sampling-text)
// links the same core objects as the full module with the same flags: the same seed gives
// the same bytes in both, for what each lab's worker calls. What a lab's module leaves
// out (other labs' classes, the command-line subcommands) is an Error naming it.
import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { loadModule, root, wasmDir } from './load.mjs';

async function loadLabModule(name) {
  const { default: create } = await import(`${wasmDir}sampling-${name}.js`);
  return create({ wasmBinary: readFileSync(`${wasmDir}sampling-${name}.wasm`) });
}

const full = await loadModule();
const bytes = (a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');
const bertDir = `${root}web/public/models/poetry-bert`;
const ngramFile = `${root}web/public/models/poetry-ngram/poetry-ngram.bin`;
const shipped = existsSync(`${bertDir}/model.safetensors`) && existsSync(ngramFile);

test('every lab module is smaller than the full module', () => {
  const size = (name) => readFileSync(`${wasmDir}${name}.wasm`).length;
  for (const lab of ['tokenize', 'mcmc', 'flow', 'text']) {
    assert.ok(size(`sampling-${lab}`) < 0.8 * size('sampling'), `sampling-${lab}.wasm: ${size(`sampling-${lab}`)} bytes`);
  }
});

test('tokenize module: the full module\'s segmentations, ids, samples and statistics', async () => {
  const lab = await loadLabModule('tokenize');
  const model = readFileSync(`${root}web/public/models/en-unigram.model`);
  const text = 'Sampling in a worker: the quick brown fox, naïve café.';
  const results = [];
  for (const m of [full, lab]) {
    const sp = new m.TokenizerModel(model);
    const run = new m.TokenizeRun(sp, text, { method: 'ffbs', alpha: 0.2, seed: 9 });
    const r = run.run(200);
    results.push(JSON.stringify({
      segment: sp.segment(text, { method: 'perfect', alpha: 0.1, seed: 3 }),
      ids: Array.from(sp.encodeBatch(['a line', text], { method: 'perfect', alpha: 0.1, seed: 7 }).ids),
      run: r,
      chi: m.chiSquareTest([5, 9, 30], [1, 2, 3]),
      tv: m.expectedTotalVariation([0.2, 0.3, 0.5], 1000),
    }));
    run.delete();
    sp.delete();
  }
  assert.equal(results[1], results[0]);
  assert.throws(() => new lab.McmcRun({ target: { name: 'banana' } }), /McmcRun is not in this module \(sampling-tokenize\.wasm\)/);
  assert.throws(() => lab.benchTokenize({ inner: null }, '', 'viterbi', 0, 1), /benchTokenize is not in this module/);
});

test('mcmc module: the full module\'s chains, bit for bit', async () => {
  const lab = await loadLabModule('mcmc');
  const draws = [];
  for (const m of [full, lab]) {
    const run = new m.McmcRun({ target: { name: 'banana' }, sampler: 'hmc', seed: 12345, chains: 3, stepSize: 0.3 });
    const c = run.run(400);
    draws.push([bytes(c.x), bytes(c.y), bytes(c.accepted), JSON.stringify(run.stats()), bytes(m.densityGrid({ name: 'donut' }, 20, 20).logDensity)].join('|'));
    run.delete();
  }
  assert.equal(draws[1], draws[0]);
  assert.throws(() => lab.mcmcCommand(['--help']), /mcmcCommand is not in this module/);
  assert.throws(() => new lab.TokenizerModel(new Uint8Array(4)), /TokenizerModel is not in this module/);
});

test('flow module: the full module\'s training, samples and energy distances', async () => {
  const lab = await loadLabModule('flow');
  const out = [];
  for (const m of [full, lab]) {
    const trainer = new m.FlowTrainer({ method: 'meanflow', data: 'moons', seed: 4, hidden: [32, 32] });
    const losses = trainer.train(30);
    const s = trainer.sample(2, 300, 5, true);
    out.push([bytes(losses), bytes(s.points), bytes(s.trajectory), bytes(trainer.save()),
      m.energyDistance(s.points, m.datasetSample('moons', 300, 6))].join('|'));
    trainer.delete();
  }
  assert.equal(out[1], out[0]);
});

test('text module: the full module\'s Gibbs, MH-Gibbs and CGMH chains', { skip: !shipped && 'shipped models absent' }, async () => {
  const lab = await loadLabModule('text');
  const out = [];
  for (const m of [full, lab]) {
    const model = new m.TextModel(readFileSync(`${bertDir}/config.json`), readFileSync(`${bertDir}/vocab.txt`), readFileSync(`${bertDir}/model.safetensors`));
    const ngram = new m.NgramModel(readFileSync(ngramFile));
    const gibbs = new m.GibbsRun(model, { template: '五言絕句', seed: 3, chains: 2, topK: 20, temperature: 0.9 });
    const mh = new m.MhGibbsRun(model, { template: '五言絕句', seed: 4, chains: 2, topK: 20 });
    const cgmh = new m.CgmhRun(model, ngram, { keywords: ['月', '山'], seed: 5 });
    out.push(JSON.stringify([gibbs.run(6), gibbs.stats(), mh.run(6), mh.stats(), cgmh.step(30), cgmh.stats(), m.annealingSchedule({ from: 2, to: 0.1, steps: 10 })],
      (k, v) => (ArrayBuffer.isView(v) ? bytes(v) : v)));
    if (m === lab) {
      assert.throws(() => m.gibbsCommand(model, ['--help']), /gibbsCommand is not in this module \(sampling-text\.wasm\)/);
      assert.throws(() => m.cgmhCommand(model, ngram, ['--help']), /cgmhCommand is not in this module/);
    }
    for (const o of [gibbs, mh, cgmh, ngram, model]) o.delete();
  }
  assert.equal(out[1], out[0]);
  assert.throws(() => new lab.FlowTrainer({ method: 'fm' }), /FlowTrainer is not in this module/);
});

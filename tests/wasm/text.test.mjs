// The text lab through the JS API: a BERT loaded from its three files, Gibbs runs in
// chunks, the same seed giving byte-identical output natively and in wasm, and every bad
// input as a thrown Error after which the module keeps working. The model is a small
// random-weight BERT written by this test in Hugging Face layout; the shipped poetry
// model is used too when web/public/models/poetry-bert/ is present.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModule, root, cli } from './load.mjs';

const m = await loadModule();

// ---- a random-weight BertForMaskedLM (F32 safetensors, tied decoder) ----
const CHARS = [...'春花秋月山水風雲人歸去明夜江天日白青長空'];
const VOCAB = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]', ...CHARS, '，', '。', 'the', 'cat', '##s'];
const H = 24, HEADS = 2, I = 40, LAYERS = 2, MAX_POS = 40;

function mulberry32(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function safetensors(tensors) {
  const header = {};
  let offset = 0;
  for (const [name, { shape, data }] of Object.entries(tensors)) {
    header[name] = { dtype: 'F32', shape, data_offsets: [offset, offset + data.length * 4] };
    offset += data.length * 4;
  }
  let json = JSON.stringify(header);
  while ((8 + json.length) % 8) json += ' ';
  const head = Buffer.from(json, 'utf8');
  const out = Buffer.alloc(8 + head.length + offset);
  out.writeBigUInt64LE(BigInt(head.length), 0);
  head.copy(out, 8);
  let at = 8 + head.length;
  for (const { data } of Object.values(tensors)) {
    for (const v of data) { out.writeFloatLE(v, at); at += 4; }
  }
  return out;
}

function randomBert(seed = 7) {
  const rand = mulberry32(seed);
  const t = {};
  const normal = (shape, std = 0.5) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++) data[i] = std * (rand() + rand() + rand() - 1.5) * 2;
    return { shape, data };
  };
  const ln = (prefix) => {
    t[`${prefix}.weight`] = { shape: [H], data: new Float32Array(H).map(() => 1 + 0.1 * (rand() - 0.5)) };
    t[`${prefix}.bias`] = normal([H], 0.1);
  };
  const V = VOCAB.length;
  t['bert.embeddings.word_embeddings.weight'] = normal([V, H]);
  t['bert.embeddings.position_embeddings.weight'] = normal([MAX_POS, H]);
  t['bert.embeddings.token_type_embeddings.weight'] = normal([2, H]);
  ln('bert.embeddings.LayerNorm');
  for (let l = 0; l < LAYERS; l++) {
    const p = `bert.encoder.layer.${l}`;
    for (const q of ['query', 'key', 'value']) {
      t[`${p}.attention.self.${q}.weight`] = normal([H, H]);
      t[`${p}.attention.self.${q}.bias`] = normal([H], 0.1);
    }
    t[`${p}.attention.output.dense.weight`] = normal([H, H]);
    t[`${p}.attention.output.dense.bias`] = normal([H], 0.1);
    ln(`${p}.attention.output.LayerNorm`);
    t[`${p}.intermediate.dense.weight`] = normal([I, H]);
    t[`${p}.intermediate.dense.bias`] = normal([I], 0.1);
    t[`${p}.output.dense.weight`] = normal([H, I]);
    t[`${p}.output.dense.bias`] = normal([H], 0.1);
    ln(`${p}.output.LayerNorm`);
  }
  t['cls.predictions.transform.dense.weight'] = normal([H, H]);
  t['cls.predictions.transform.dense.bias'] = normal([H], 0.1);
  ln('cls.predictions.transform.LayerNorm');
  t['cls.predictions.bias'] = normal([V], 0.5);
  const config = JSON.stringify({
    architectures: ['BertForMaskedLM'], model_type: 'bert', vocab_size: V, hidden_size: H,
    num_hidden_layers: LAYERS, num_attention_heads: HEADS, intermediate_size: I, hidden_act: 'gelu',
    max_position_embeddings: MAX_POS, type_vocab_size: 2, layer_norm_eps: 1e-12,
  });
  return { config, vocab: VOCAB.join('\n') + '\n', weights: safetensors(t) };
}

const files = randomBert();
const dir = mkdtempSync(join(tmpdir(), 'text-test-'));
writeFileSync(join(dir, 'config.json'), files.config);
writeFileSync(join(dir, 'vocab.txt'), files.vocab);
writeFileSync(join(dir, 'model.safetensors'), files.weights);
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const bytes = (s) => new TextEncoder().encode(s);
const model = new m.TextModel(bytes(files.config), bytes(files.vocab), new Uint8Array(files.weights));

const shippedDir = `${root}web/public/models/poetry-bert`;
const shipped = ['config.json', 'vocab.txt', 'model.safetensors'].every((f) => existsSync(`${shippedDir}/${f}`));

function native(modelDir, args) {
  const r = spawnSync(cli, ['gibbs', '--model', modelDir, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status };
}

const TEMPLATE = '春____，__明月_。';

test('the native tool exists', () => assert.ok(existsSync(cli), `${cli} is missing: run npm run build:native`));

test('TextModel: sizes, tokens, encode, samplable ids, predictions at a mask', () => {
  const info = model.info();
  assert.deepEqual(info, { vocabSize: VOCAB.length, maxLength: MAX_POS, maskId: 4, clsId: 2, sepId: 3, samplable: CHARS.length + 3 });
  assert.deepEqual(model.tokens(), VOCAB);
  assert.deepEqual([...model.encode('春[MASK]月，the cats')], [5, 4, 8, VOCAB.indexOf('，'), VOCAB.indexOf('the'),
    VOCAB.indexOf('cat'), VOCAB.indexOf('##s')]);
  const ok = model.samplable();
  assert.equal(ok.length, VOCAB.length);
  VOCAB.forEach((tok, id) => assert.equal(ok[id], /^\[.*\]$/.test(tok) || tok === '，' || tok === '。' ? 0 : 1, tok));

  const p = model.predict('春[MASK]月', 5);
  assert.deepEqual([...p.ids], [2, 5, 4, 8, 3]);
  assert.equal(p.masked.length, 1);
  const { index, ids, tokens, logProbs } = p.masked[0];
  assert.equal(index, 2);
  assert.equal(ids.length, 5);
  assert.deepEqual(tokens, [...ids].map((i) => VOCAB[i]));
  // log-softmax of the raw logits of that row, computed here.
  const logits = model.logits([2, 5, 4, 8, 3], [2]);
  assert.equal(logits.length, VOCAB.length);
  const max = Math.max(...logits);
  const lse = max + Math.log(logits.reduce((a, v) => a + Math.exp(v - max), 0));
  const order = [...logits.keys()].sort((a, b) => logits[b] - logits[a] || a - b).slice(0, 5);
  assert.deepEqual([...ids], order);
  for (let j = 0; j < 5; j++) assert.ok(Math.abs(logProbs[j] - (logits[ids[j]] - lse)) < 1e-9);
  const only = model.predict('春[MASK]月', 100, true).masked[0];
  assert.equal(only.ids.length, info.samplable);
  assert.ok(Math.abs(only.logProbs.reduce((a, v) => a + Math.exp(v), 0) - 1) < 1e-9);
  assert.ok([...only.ids].every((id) => ok[id] === 1));

  const t = model.template(TEMPLATE);
  assert.deepEqual([...t.free], [0, 1, 1, 1, 1, 0, 1, 1, 0, 0, 1, 0]);
  assert.deepEqual(t.tokens, ['春', '[MASK]', '[MASK]', '[MASK]', '[MASK]', '，', '[MASK]', '[MASK]', '明', '月', '[MASK]', '。']);
  assert.deepEqual(m.templatePresets(), ['五言絕句', '七言絕句']);
  assert.equal(m.templatePreset('五言絕句'), '_____，_____。_____，_____。');
});

const cases = [
  ['--template', TEMPLATE, '--steps', '40', '--seed', '3'],
  ['--template', TEMPLATE, '--steps', '30', '--seed', '4', '--order', 'sequential', '--chains', '3', '--top-k', '5',
    '--burn-in', '10', '--temperature', '0.7', '--trace', '--pll'],
  ['--template', TEMPLATE, '--steps', '12', '--seed', '5', '--order', 'parallel', '--chains', '2', '--start', 'random', '--trace'],
  ['--template', '五言絕句', '--steps', '50', '--seed', '6', '--anneal', '3:0.05', '--chains', '2', '--top-k', '0', '--trace'],
  ['--template', TEMPLATE, '--steps', '20', '--seed', '7', '--start', '春花秋月山，水風明月雲。', '--trace'],
];

test('same seed, same output natively and in wasm (byte for byte, every order, annealing, trace)', () => {
  for (const args of cases) {
    const a = native(dir, args);
    const b = m.gibbsCommand(model, args);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    assert.equal(b.stdout, a.stdout, args.join(' '));
    assert.equal(b.stderr, a.stderr, args.join(' '));
  }
});

test('GibbsRun in chunks gives the records and texts the command line prints', () => {
  const args = ['--template', TEMPLATE, '--steps', '30', '--seed', '11', '--order', 'random', '--chains', '3',
    '--top-k', '6', '--burn-in', '5', '--temperature', '0.8', '--trace'];
  const out = native(dir, args);
  assert.equal(out.code, 0, out.stderr);
  const lines = out.stdout.trim().split('\n');
  const trace = lines.slice(0, -3).map((l) => JSON.parse(l));
  const finals = lines.slice(-3);
  const run = new m.GibbsRun(model, { template: TEMPLATE, seed: 11, chains: 3, topK: 6, burnIn: 5, temperature: 0.8 });
  const records = [];
  let last;
  for (const n of [1, 0, 9, 20]) {
    last = run.run(n);
    const r = last.records;
    for (let i = 0; i < r.chain.length; i++) {
      records.push({ chain: r.chain[i], step: r.step[i], position: r.position[i], old_id: r.oldId[i], new_id: r.newId[i],
        p: r.prob[i], logp: r.logProb[i], T: r.temperature[i], score: r.score[i] });
    }
  }
  assert.equal(records.length, trace.length);
  for (let i = 0; i < trace.length; i++) {
    const { old, new: _, ...numbers } = trace[i];
    assert.deepEqual(records[i], numbers, `record ${i}`);
  }
  assert.deepEqual(last.texts, finals);
  assert.equal(last.steps, 30);
  const s = run.stats();
  assert.deepEqual(s.texts, finals);
  assert.equal(s.chains, 3);
  assert.deepEqual([...s.free], [0, 1, 1, 1, 1, 0, 1, 1, 0, 0, 1, 0]);
  // Pinned positions never change; free positions hold samplable tokens only.
  const pinned = model.template(TEMPLATE);
  const ok = model.samplable();
  for (const ids of s.ids) {
    ids.forEach((id, p) => (pinned.free[p] ? assert.equal(ok[id], 1) : assert.equal(id, pinned.ids[p])));
  }
  assert.ok(records.every((r) => ok[r.new_id] === 1 && pinned.free[r.position] === 1));
  const pll = run.pseudoLogLikelihood(1);
  assert.ok(Number.isFinite(pll) && pll < 0);
  run.delete();
});

// MH-corrected Gibbs (sampling-cli gibbs --sampler mh-gibbs, MhGibbsRun).
const mhCases = [
  ['--template', TEMPLATE, '--steps', '15', '--seed', '3', '--sampler', 'mh-gibbs', '--trace'],
  ['--template', TEMPLATE, '--steps', '12', '--seed', '8', '--sampler', 'mh-gibbs', '--chains', '3', '--top-k', '5',
    '--burn-in', '4', '--temperature', '1.4', '--start', 'random', '--trace'],
  ['--template', '五言絕句', '--steps', '10', '--seed', '9', '--sampler', 'mh-gibbs', '--chains', '2', '--top-k', '0',
    '--start', '春花秋月山，水風明月雲。江天日白青，長空人歸去。'],
];

test('MH-corrected Gibbs: same seed, same output natively and in wasm (byte for byte), acceptance rate in (0, 1]', () => {
  for (const args of mhCases) {
    const a = native(dir, args);
    const b = m.gibbsCommand(model, args);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    assert.equal(b.stdout, a.stdout, args.join(' '));
    assert.equal(b.stderr, a.stderr, args.join(' '));
    const stats = JSON.parse(a.stderr);
    const chains = args.includes('--chains') ? Number(args[args.indexOf('--chains') + 1]) : 1;
    assert.equal(stats.sampler, 'mh-gibbs');
    assert.equal(stats.proposals, stats.steps * chains);
    assert.ok(stats.acceptance_rate > 0 && stats.acceptance_rate <= 1, a.stderr);
    assert.equal(stats.acceptance_rate, stats.acceptances / stats.proposals);
    for (const c of stats.chains) assert.ok(Number.isFinite(c.energy) && c.best_energy <= c.energy, a.stderr);
  }
  // Another seed, another chain.
  const other = mhCases[0].map((v, i) => (mhCases[0][i - 1] === '--seed' ? '4' : v));
  assert.notEqual(native(dir, other).stdout, native(dir, mhCases[0]).stdout);
});

test('MhGibbsRun in chunks gives the proposals, texts, energies and acceptances the command line prints', () => {
  const args = mhCases[1];
  const out = native(dir, args);
  assert.equal(out.code, 0, out.stderr);
  const lines = out.stdout.trim().split('\n');
  const trace = lines.slice(0, -3).map((l) => JSON.parse(l));
  const stats = JSON.parse(out.stderr);
  const run = new m.MhGibbsRun(model, { template: TEMPLATE, seed: 8, chains: 3, topK: 5, burnIn: 4, temperature: 1.4, start: 'random' });
  const records = [];
  let last;
  for (const n of [1, 0, 4, 7]) {
    last = run.run(n);
    const r = last.records;
    for (let i = 0; i < r.chain.length; i++) {
      const num = (v) => (Number.isFinite(v) ? v : null);  // JSON writes ±∞ as null
      records.push({ chain: r.chain[i], step: r.step[i], position: r.position[i], old_id: r.oldId[i], new_id: r.newId[i],
        logq: num(r.logQ[i]), logq_reverse: num(r.logQReverse[i]), energy_new: r.energyNew[i],
        log_ratio: num(r.logRatio[i]), accepted: r.accepted[i] === 1, energy: r.energy[i] });
    }
  }
  assert.equal(records.length, trace.length);
  for (let i = 0; i < trace.length; i++) {
    const { old, new: _, energy_old: __, ...numbers } = trace[i];  // energy_old: the chain's energy before the step
    assert.deepEqual(records[i], numbers, `record ${i}`);
  }
  assert.deepEqual(last.texts, lines.slice(-3));
  assert.equal(last.steps, 12);
  const s = run.stats();
  assert.deepEqual(s.texts, lines.slice(-3));
  assert.deepEqual([...s.acceptances], stats.chains.map((c) => c.acceptances));
  assert.deepEqual([...s.proposals], [12, 12, 12]);
  assert.deepEqual([...s.energies], stats.chains.map((c) => c.energy));
  assert.deepEqual([...s.bestEnergies], stats.chains.map((c) => c.best_energy));
  assert.deepEqual(s.bestTexts, stats.chains.map((c) => c.best));
  assert.deepEqual([...s.free], [0, 1, 1, 1, 1, 0, 1, 1, 0, 0, 1, 0]);
  const pinned = model.template(TEMPLATE);
  for (const ids of s.ids) ids.forEach((id, p) => (pinned.free[p] ? assert.equal(model.samplable()[id], 1) : assert.equal(id, pinned.ids[p])));
  run.delete();
});

test('MhGibbsRun: what it does not take is named, and the module keeps working', () => {
  const bad = [
    [{ template: TEMPLATE, order: 'sequential' }, /mh-gibbs: order 'sequential' is for plain Gibbs/],
    [{ template: TEMPLATE, anneal: { from: 2, to: 0.1, steps: 10 } }, /mh-gibbs: annealing is for plain Gibbs/],
    [{ template: TEMPLATE, chains: 65 }, /chains must be between 1 and 64/],
    [{ template: TEMPLATE, topK: 2 ** 40 }, /option 'topK' must be at most 1073741824, got 1099511627776/],
    [{ template: TEMPLATE, temperature: 0 }, /mh-gibbs: temperature must be a number between/],
    [{ template: '春花' }, /no free position/],
    [{ template: 'ab\ud800_' }, /invalid Unicode at index 2/],
    [null, /MhGibbsRun needs an options object/],
  ];
  for (const [options, message] of bad) {
    assert.throws(() => new m.MhGibbsRun(model, options), (e) => e instanceof Error && message.test(e.message), JSON.stringify(options));
  }
  assert.throws(() => new m.MhGibbsRun(null, { template: TEMPLATE }), /MhGibbsRun needs a loaded TextModel/);
  const run = new m.MhGibbsRun(model, { template: TEMPLATE, chains: 2 });
  assert.throws(() => run.run(-1), /n must be an integer from 0 to 10000000/);
  assert.throws(() => run.run(600000), /at most 1000000 records/);
  assert.equal(run.run(2).records.chain.length, 4);
  for (const [args, message] of [
    [['--template', TEMPLATE, '--sampler', 'metropolis'], /unknown sampler 'metropolis': use gibbs or mh-gibbs/],
    [['--template', TEMPLATE, '--sampler', 'mh-gibbs', '--pll'], /--pll is for --sampler gibbs/],
  ]) {
    const r = m.gibbsCommand(model, args);
    assert.equal(r.code, 2);
    assert.match(r.stderr, message);
    assert.equal(native(dir, args).stderr, r.stderr);
  }
  run.delete();
});

test('annealing: the schedule the page plots is the temperature each step used', () => {
  const curve = m.annealingSchedule({ from: 2, to: 0.02, steps: 101 });
  assert.equal(curve.length, 101);
  assert.equal(curve[0], 2);
  assert.equal(curve[100], 0.02);
  assert.ok(Math.abs(curve[50] - 0.2) < 1e-12);
  assert.equal(m.annealingSchedule({ from: 2, to: 0.02, steps: 101 }, 3).length, 3);
  const run = new m.GibbsRun(model, { template: TEMPLATE, anneal: { from: 2, to: 0.02, steps: 101 }, chains: 2, seed: 1 });
  const r = run.run(120).records;
  for (let i = 0; i < r.step.length; i++) assert.equal(r.temperature[i], r.step[i] <= 100 ? curve[r.step[i]] : 0.02);
  assert.equal(run.stats().temperature, 0.02);
  assert.ok(run.stats().bestScores.every((v) => Number.isFinite(v)));
  run.delete();
});

test('a run keeps its model alive after the model is deleted', () => {
  const own = new m.TextModel(files.config, files.vocab, new Uint8Array(files.weights));
  const run = new m.GibbsRun(own, { template: TEMPLATE, seed: 3 });
  own.delete();
  assert.throws(() => own.info(), /deleted/);
  assert.equal(run.run(5).texts.length, 1);
  run.delete();
});

test('bad inputs throw Errors that name the problem, and the module keeps working', () => {
  const weights = new Uint8Array(files.weights);
  const badModels = [
    [[files.config, files.vocab, weights.slice(0, weights.length - 10)], /model\.safetensors/],
    [[files.config, files.vocab, weights.slice(0, 5)], /model\.safetensors/],
    [[files.config, VOCAB.filter((t) => t !== '[MASK]').join('\n') + '\n', weights], /\[MASK\]/],
    [['{"vocab_size": ', files.vocab, weights], /config\.json/],
    [[files.config, files.vocab, null], /model\.safetensors must be a Uint8Array/],
  ];
  for (const [args, message] of badModels) {
    assert.throws(() => new m.TextModel(...args), (e) => e instanceof Error && message.test(e.message), String(message));
  }
  const badRuns = [
    [{ template: '' }, /template is empty/],
    [{ template: '春花' }, /no free position/],
    [{ template: '春_李_' }, /the character '李' \(character 3\) is not in the model's vocabulary/],
    [{ template: '_'.repeat(40) }, /template has 40 tokens; the model takes at most 38/],
    [{ template: 'ab\ud800_' }, /invalid Unicode at index 2/],
    [{ template: TEMPLATE, temperature: NaN }, /temperature must be a number between 1e-06 and 1e\+06, got NaN/],
    [{ template: TEMPLATE, temperature: 'hot' }, /option 'temperature' must be a number/],
    [{ template: TEMPLATE, topK: -1 }, /option 'topK' must be a non-negative integer, got -1/],
    [{ template: TEMPLATE, topK: 2 ** 40 }, /option 'topK' must be at most 1073741824, got 1099511627776/],  // was clamped and ran
    [{ template: TEMPLATE, chains: 0 }, /chains must be between 1 and 64/],
    [{ template: TEMPLATE, seed: 1.5 }, /option 'seed' must be a non-negative integer/],
    [{ template: TEMPLATE, order: 'backwards' }, /unknown order 'backwards'/],
    [{ template: TEMPLATE, anneal: '2:0.1' }, /option 'anneal' must be an object/],
    [{ template: TEMPLATE, anneal: { from: 2, to: 0, steps: 10 } }, /temperatures must be between/],
    [{ template: TEMPLATE, anneal: { from: 2, to: 0.1 }, temperature: 1 }, /not both/],
    [{ template: TEMPLATE, start: '春花' }, /start text has 2 tokens but the template has 12/],
    [{ template: TEMPLATE, start: '夏花秋月山，水風明月雲。' }, /start text: position 1 is a character the model's vocabulary does not have/],
    [{ template: TEMPLATE, start: '春花秋月山，水風明日雲。' }, /position 10 is '日' where the template pins '月'/],
    [{}, /option 'template' is missing/],
    [null, /needs an options object/],
  ];
  for (const [options, message] of badRuns) {
    assert.throws(() => new m.GibbsRun(model, options), (e) => e instanceof Error && message.test(e.message),
      JSON.stringify(options));
  }
  assert.throws(() => new m.GibbsRun(null, { template: TEMPLATE }), /needs a loaded TextModel/);
  assert.throws(() => model.template('春_李'), /'李'/);
  assert.throws(() => model.logits([2, 99, 3], [1]), /ids\[1\] = 99 is not a token id/);
  assert.throws(() => model.logits([2, 5, 3], [3]), /row 3 is not a position/);
  assert.throws(() => model.predict('春[MASK]', 0), /k must be an integer/);
  assert.throws(() => m.annealingSchedule({ from: 1, to: NaN, steps: 5 }), /got NaN/);
  assert.throws(() => m.templatePreset('律詩'), /unknown template preset/);
  const run = new m.GibbsRun(model, { template: TEMPLATE });
  assert.throws(() => run.run(-1), /n must be an integer from 0 to 10000000, got -1/);
  assert.throws(() => run.run(NaN), /got NaN/);
  assert.throws(() => run.run(2e6), /at most 1000000 records/);
  assert.throws(() => run.pseudoLogLikelihood(1), /chain must be an integer from 0 to 0/);
  const cliBad = [
    [['--template', TEMPLATE, '--steps', '-3'], /--steps needs a non-negative integer, got '-3'/],
    [['--template', TEMPLATE, '--temperature', 'NaN'], /temperature must be a number between 1e-06 and 1e\+06, got NaN/],
    [['--template', '春花'], /no free position/],
    [['--template', TEMPLATE, '--anneal', '2'], /the schedule is FROM:TO/],
    [['--model', dir, '--template', TEMPLATE], /--model is not taken here/],
    [['--steps', '3'], /gibbs needs --template/],
  ];
  for (const [args, message] of cliBad) {
    const r = m.gibbsCommand(model, args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, message);
    const n = native(dir, args.filter((a, i) => a !== '--model' && args[i - 1] !== '--model'));
    if (!args.includes('--model')) assert.equal(n.stderr, r.stderr, args.join(' '));
  }
  assert.match(native(join(dir, 'missing'), ['--template', TEMPLATE]).stderr, /cannot open '.*missing\/config\.json'/);
  // Still working.
  assert.equal(run.run(3).records.chain.length, 3);
  assert.equal(new m.GibbsRun(model, { template: TEMPLATE, seed: 2 }).run(2).texts.length, 1);
  run.delete();
});

test('the shipped poetry model: same seed, same poem natively and in wasm', { skip: !shipped && 'web/public/models/poetry-bert/ is not there yet' }, () => {
  const poetry = new m.TextModel(readFileSync(`${shippedDir}/config.json`), readFileSync(`${shippedDir}/vocab.txt`),
    readFileSync(`${shippedDir}/model.safetensors`));
  const args = ['--template', '五言絕句', '--steps', '40', '--seed', '1', '--chains', '2', '--order', 'sequential', '--trace'];
  const a = native(shippedDir, args);
  const b = m.gibbsCommand(poetry, args);
  assert.equal(a.code, 0, a.stderr);
  assert.equal(b.stdout, a.stdout);
  assert.equal(b.stderr, a.stderr);
  const mh = ['--template', '五言絕句', '--steps', '6', '--seed', '2', '--chains', '2', '--sampler', 'mh-gibbs', '--trace'];
  const c = native(shippedDir, mh);
  const d = m.gibbsCommand(poetry, mh);
  assert.equal(c.code, 0, c.stderr);
  assert.equal(d.stdout, c.stdout);
  assert.equal(d.stderr, c.stderr);
  const rate = JSON.parse(c.stderr).acceptance_rate;
  assert.ok(rate > 0 && rate <= 1, c.stderr);
  const poems = a.stdout.trim().split('\n').slice(-2);
  for (const poem of poems) {
    assert.equal([...poem].length, 24);
    assert.deepEqual([...poem].filter((c, i) => i % 6 === 5), ['，', '。', '，', '。']);
  }
  poetry.delete();
});

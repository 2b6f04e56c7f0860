// The module's memory ceiling and the sizes it refuses: its memory may grow to 2 GiB (the
// maximum in the wasm binary, the figure limits() reports), and every request that would
// need more than its share (model files, flow sampling and training, MCMC draws) is refused
// with an Error naming the limit before anything is allocated; the instance keeps working.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { loadModule, wasmDir, root } from './load.mjs';

const m = await loadModule();
const L = m.limits();
const MiB = 2 ** 20;

// The memory's limits in a wasm binary: the memory section (id 5) or an imported memory
// (import section, id 2, kind 2). Returns { initial, maximum } in 64 KiB pages.
function memoryLimits(bytes) {
  let at = 8;
  const leb = () => {
    let result = 0, shift = 0, b;
    do { b = bytes[at++]; result += (b & 0x7f) * 2 ** shift; shift += 7; } while (b & 0x80);
    return result;
  };
  const limits = () => {
    const flags = bytes[at++];
    const initial = leb();
    return { initial, maximum: flags & 1 ? leb() : null };
  };
  while (at < bytes.length) {
    const id = bytes[at++], size = leb(), end = at + size;
    if (id === 5) { leb(); return limits(); }
    if (id === 2) {
      for (let n = leb(); n > 0; n--) {
        for (let k = 0; k < 2; k++) { const length = leb(); at += length; }  // module and field names
        const kind = bytes[at++];
        if (kind === 2) return limits();
        if (kind === 0) leb();
        else if (kind === 1) { at++; limits(); } else if (kind === 3) at += 2;
      }
    }
    at = end;
  }
  return null;
}

// Bytes the process holds in ArrayBuffers (the module's memory is one of them).
const buffers = () => process.memoryUsage().arrayBuffers;

test('the module\'s memory grows on demand up to 2 GiB, the maximum limits() reports', () => {
  const mem = memoryLimits(readFileSync(`${wasmDir}sampling.wasm`));
  assert.ok(mem, 'no memory in sampling.wasm');
  assert.equal(mem.maximum * 65536, 2 ** 31);
  assert.equal(mem.initial * 65536, 32 * MiB);
  assert.equal(L.maxMemory, 2 ** 31);
  assert.deepEqual(L, {
    maxMemory: 2 ** 31, maxModelFileBytes: 512 * MiB, maxTokenizerModelBytes: 64 * MiB, maxFlowWeightsBytes: 64 * MiB,
    maxFlowWorkBytes: 512 * MiB, maxFlowParameters: 2 ** 24, maxMcmcDraws: 20e6, maxTextBytes: 64 * MiB,
  });
});

test('model files over their limit are refused before they are copied into the module', () => {
  const small = new Uint8Array(L.maxTokenizerModelBytes + 1), large = new Uint8Array(L.maxModelFileBytes + 1);
  const cases = [
    [() => new m.TokenizerModel(small),
      /^tokenizer model file is 64\.0 MiB \(67108865 bytes\); the largest tokenizer model file this build takes is 64\.0 MiB \(the web module's memory is capped at 2048 MiB\)$/],
    [() => new m.FlowModel(small), /^flow weights file is 64\.0 MiB \(67108865 bytes\); the largest flow weights file this build takes is 64\.0 MiB/],
    [() => new m.TextModel('{}', '[MASK]\n', large), /model\.safetensors is 512 MiB \(536870913 bytes\); the largest model\.safetensors this build takes is 512 MiB/],
    [() => new m.NgramModel(large), /poetry-ngram\.bin is 512 MiB .* takes is 512 MiB/],
  ];
  for (const [make, message] of cases) {
    const before = buffers();
    assert.throws(make, (e) => e instanceof Error && message.test(e.message), String(message));
    // Nothing of the file's size was copied or allocated (the refused arrays are garbage now).
    assert.ok(buffers() - before < 16 * MiB, `${(buffers() - before) / MiB} MiB more after ${message}`);
  }
  // A file at the limit is read (and refused for what it holds, not for its size).
  assert.throws(() => new m.FlowModel(new Uint8Array(L.maxFlowWeightsBytes)), /safetensors: /);
  const tok = new m.TokenizerModel(new TextEncoder().encode('a\t-1\nb\t-2\nab\t-1.5\n'));
  assert.deepEqual(tok.segment('abab', { method: 'viterbi' }).pieces, ['ab', 'ab']);
  tok.delete();
});

test('flow sampling and training that would need more than 512 MiB are refused before allocation', () => {
  const t = new m.FlowTrainer({ method: 'fm', data: 'moons', hidden: [128, 128, 128] });
  const before = buffers();
  // 200,000 points at NFE 1000 keep 1001 frames of 8 bytes each: about 1.5 GiB.
  assert.throws(() => t.sample(1000, 200000, 1, true),
    /flow: sampling 200000 points at NFE 1000 with the trajectory needs about 2419 MiB of memory; the limit is 512 MiB \(the web module's memory is capped at 2048 MiB\): ask for fewer points or steps$/);
  // Without the trajectory the activations alone: 200,000 × (386 units × 12 + 40) bytes.
  assert.throws(() => t.sample(1, 200000, 1), /flow: sampling 200000 points needs about 891 MiB of memory; the limit is 512 MiB .*: ask for fewer points$/);
  assert.ok(buffers() - before < 16 * MiB);
  // Just under the limit is fine (100,000 points: 446 MiB).
  assert.equal(t.sample(1, 100000, 1).points.length, 200000);
  const model = new m.FlowModel(t.save());
  assert.throws(() => model.sample(1000, 200000, 1, true), /needs about 2419 MiB of memory; the limit is 512 MiB/);
  assert.equal(model.sample(4, 10, 1, true).trajectory.length, 5 * 20);
  model.delete();
  t.delete();
  assert.throws(() => new m.FlowTrainer({ method: 'fm', data: 'moons', hidden: [512, 512, 512], batch: 65536 }),
    /flow: training with batch 65536 and hidden widths 512,512,512 needs about 6156 MiB of memory; the limit is 512 MiB .*: use a smaller batch or narrower layers$/);
  assert.throws(() => new m.FlowTrainer({ method: 'fm', data: 'moons', hidden: [4096, 4096] }),
    /flow: hidden widths 4096,4096 make 16809986 parameters; the limit is 16777216 \(use fewer or narrower layers\)$/);
  const ok = new m.FlowTrainer({ method: 'fm', data: 'moons', hidden: [16], batch: 64 });
  assert.equal(ok.train(2).length, 2);
  ok.delete();
});

test('MCMC draw counts over the limit are refused before allocation, and the run goes on', () => {
  const r = new m.McmcRun({ target: { name: 'gaussian' }, sampler: 'mh', chains: 4, seed: 1 });
  assert.throws(() => r.run(5e6 + 1), /mcmc: a run keeps at most 20000000 draws; ask for fewer samples or chains$/);
  assert.equal(r.run(1000).x.length, 4000);
  assert.throws(() => r.run(5e6), /at most 20000000 draws/);
  assert.equal(r.run(10).x.length, 40);
  assert.equal(r.stats().n, 4040);
  r.delete();
  const cmd = m.mcmcCommand(['--target', 'gaussian', '--sampler', 'mh', '--n', '5000001']);
  assert.equal(cmd.code, 2);
  assert.match(cmd.stderr, /at most 20000000 draws/);
  // Counts whose product with the chains wraps around 2^64 (2^58 · 64, 2^62 · 4) are refused
  // as too many, not taken as 0 draws; the module keeps working.
  for (const [chains, n] of [['64', '288230376151711744'], ['4', '4611686018427387904']]) {
    const wrap = m.mcmcCommand(['--target', 'gaussian', '--sampler', 'mh', '--chains', chains, '--n', n]);
    assert.equal(wrap.code, 2);
    assert.match(wrap.stderr, /at most 20000000 draws/);
  }
  assert.equal(m.mcmcCommand(['--target', 'gaussian', '--sampler', 'mh', '--chains', '64', '--n', '3']).code, 0);
  const imp = new m.McmcRun({ target: { name: 'banana' }, sampler: 'importance', seed: 1 });
  assert.throws(() => imp.run(20e6 + 1), /at most 20000000 draws/);
  assert.equal(imp.run(5).x.length, 5);
  imp.delete();
});

test('the page refuses what the module refuses: a tokenizer file over the limit, MCMC draws', async () => {
  const { checkModelFile } = await import(`${root}web/src/demos/tokenize/validate.js`);
  const { LIMITS: mcmc } = await import(`${root}web/src/demos/mcmc/schema.js`);
  const size = L.maxTokenizerModelBytes + 1;
  let message;
  try { new m.TokenizerModel(new Uint8Array(size)); } catch (e) { message = e.message; }
  assert.equal(checkModelFile(size), message);
  assert.equal(checkModelFile(L.maxTokenizerModelBytes), null);
  assert.match(checkModelFile(200 * MiB), /^tokenizer model file is 200 MiB \(209715200 bytes\)/);
  assert.ok(mcmc.maxTotalDraws <= L.maxMcmcDraws && mcmc.maxN * 1 <= L.maxMcmcDraws);
});

test('a config.json whose vocab_size does not match the weights is refused before the vocabulary is padded to it', async () => {
  // vocab_size 2^24 in the shipped model's config (a two-byte edit): the embedding's shape
  // refuses it. Padding the vocabulary to 16.7 million placeholder tokens first grew the
  // module's memory to about 900 MiB before that error, and memory never shrinks.
  const dir = `${root}web/public/models/poetry-bert/`;
  const { default: createRaw } = await import(`${wasmDir}sampling_raw.js`);
  const raw = await createRaw({ wasmBinary: readFileSync(`${wasmDir}sampling.wasm`) });
  const config = JSON.parse(readFileSync(`${dir}config.json`, 'utf8'));
  const before = raw.HEAP8.length;
  const model = new raw.TextModel(new TextEncoder().encode(JSON.stringify({ ...config, vocab_size: 2 ** 24 })),
    new Uint8Array(readFileSync(`${dir}vocab.txt`)), new Uint8Array(readFileSync(`${dir}model.safetensors`)));
  assert.match(model.error(), /word_embeddings\.weight" has shape \[\d+, \d+\], expected \[16777216, \d+\]$/);
  model.delete();
  assert.ok(raw.HEAP8.length - before < 64 * 2 ** 20, `memory grew by ${(raw.HEAP8.length - before) / 2 ** 20} MiB`);
});

test('a JS exception raised inside a call leaves the module stack as it was, and the bindings refuse what would raise one', async () => {
  // An argument whose getter throws unwinds the C++ frames of the call without restoring
  // the module's stack pointer; about 330,000 such calls broke the instance. The API puts
  // the pointer back. The raw module is caught through preRun to read it.
  let raw = null;
  const { default: create } = await import(`${wasmDir}sampling.js`);
  const api = await create({ wasmBinary: readFileSync(`${wasmDir}sampling.wasm`), preRun: [(module) => { raw = module; }] });
  const tok = new api.TokenizerModel(readFileSync(`${root}web/public/models/en-unigram.model`));
  const throwing = { get alpha() { throw new TypeError('getter says no'); } };
  const sp = raw.stackSave();
  for (let i = 0; i < 100; ++i) assert.throws(() => tok.segment('hello', throwing), /getter says no/);
  assert.throws(() => api.benchCommand({ get length() { throw new TypeError('length says no'); } }), /length says no/);
  assert.equal(raw.stackSave(), sp);
  assert.deepEqual(Array.from(tok.segment('hello world').pieces), ['▁hell', 'o', '▁world']);
  // A buffer transferred away (detached), another class where a TextModel belongs, and a
  // command that would read a file are errors from the core, not JS exceptions in its frames.
  const detached = new Uint8Array(readFileSync(`${root}web/public/models/en-unigram.model`));
  structuredClone(detached.buffer, { transfer: [detached.buffer] });
  assert.throws(() => new api.TokenizerModel(detached), /^Error: (model file: the file is empty|tokenizer model file: its ArrayBuffer is detached)/);
  const ngramDir = `${root}web/public/models/poetry-ngram/`;
  const ngramFile = readdirSync(ngramDir).find((f) => !f.endsWith('.md'));
  const ngram = new api.NgramModel(new Uint8Array(readFileSync(ngramDir + ngramFile)));
  assert.throws(() => new api.CgmhRun(ngram, ngram, {}), /^Error: expected a TextModel \(the masked language model\), got another object$/);
  const bench = api.benchCommand(['gibbs', '--model', '/tmp']);
  assert.equal(bench.code, 2);
  assert.match(bench.stderr, /the wasm module has no file system/);
  assert.equal(raw.stackSave(), sp);
  ngram.delete();
  tok.delete();
});

test('arrays of numbers with an impossible length, and logits rows beyond the sequence, are refused by name', async () => {
  const m = await loadModule();
  assert.throws(() => m.logSumExp({ length: -1 }), /values must be an array of at most 33554432 numbers, got length -1$/);
  assert.throws(() => m.logSumExp({ length: 3e8 }), /got length 3e\+08$/);  // a sparse array: bad_alloc before
  assert.equal(m.logSumExp([0, 0]), Math.log(2));
  const dir = `${root}web/public/models/poetry-bert/`;
  const tm = new m.TextModel(readFileSync(`${dir}config.json`, 'utf8'), readFileSync(`${dir}vocab.txt`, 'utf8'),
    new Uint8Array(readFileSync(`${dir}model.safetensors`)));
  const ids = [2, ...tm.encode('春'), 3];
  assert.throws(() => tm.logits(ids, new Array(100000).fill(0)), /rows: at most one per position of the sequence \(3\), got 100000$/);
  assert.equal(tm.logits(ids, [1]).length, tm.info().vocabSize);
  tm.delete();
});

test('options above their limit are refused with the value as given, and layer widths must be whole numbers', async () => {
  const m = await loadModule();
  // These were clamped first, so the message named the clamp (or a wrapped int), not the value.
  assert.throws(() => new m.FlowTrainer({ method: 'fm', data: 'moons', batch: 99999999999 }), /option 'batch' must be at most 65536, got 99999999999$/);
  assert.throws(() => new m.McmcRun({ target: { name: 'gaussian' }, sampler: 'hmc', leapfrogSteps: 2 ** 40 }), /option 'leapfrogSteps' must be at most 1073741824, got 1099511627776$/);
  for (const w of [1e10, NaN, 8.7, -1])
    assert.throws(() => new m.FlowTrainer({ method: 'fm', data: 'moons', hidden: [16, w] }), /option 'hidden' holds layer widths, whole numbers up to 99999, got /);
  const ok = new m.FlowTrainer({ method: 'fm', data: 'moons', hidden: [16, 8], batch: 32 });
  assert.equal(ok.train(1).length, 1);
  ok.delete();
});

test('count parameters are whole numbers in range, named with the value as given (not wrapped, truncated or NaN → 0)', async () => {
  const m = await loadModule();
  // Embind int parameters made 2^32 + 2 into 2, 2.7 into 2 and NaN into 0.
  assert.throws(() => m.rngOutputs(1, 2 ** 32 + 2), /rngOutputs: count must be an integer from 0 to 100000, got 4294967298$/);
  assert.throws(() => m.rngOutputs(1, 2.7), /rngOutputs: count must be an integer from 0 to 100000, got 2\.7$/);
  assert.throws(() => m.rngOutputs(1, NaN), /rngOutputs: count must be an integer from 0 to 100000, got NaN$/);
  assert.throws(() => m.rngOutputsFromState(['1', '2', '3', '4'], 2 ** 32 + 1), /rngOutputsFromState: count must be an integer from 0 to 100000, got 4294967297$/);
  assert.equal(m.rngOutputs(1, 3).length, 3);
  assert.deepEqual(m.rngOutputs(1, 0), []);
  assert.throws(() => m.densityGrid({ name: 'banana' }, 2 ** 32 + 2, 2), /densityGrid: nx must be an integer from 1 to 2048, got 4294967298$/);
  assert.throws(() => m.densityGrid({ name: 'banana' }, 2.9, 2), /densityGrid: nx must be an integer from 1 to 2048, got 2\.9$/);
  assert.throws(() => m.densityGrid({ name: 'banana' }, 2, -4294967295), /densityGrid: ny must be an integer from 1 to 2048, got -4294967295$/);
  assert.equal(m.densityGrid({ name: 'banana' }, 3, 2).nx, 3);
  const tm = new m.TokenizerModel(readFileSync(`${root}web/public/models/en-unigram.model`));
  assert.throws(() => m.benchTokenize(tm, 'hello world', 'viterbi', 0.1, 2 ** 32 + 1), /benchTokenize: repeats must be an integer from 1 to 1000, got 4294967297$/);
  assert.throws(() => m.benchTokenize(tm, 'hello world', 'viterbi', 0.1, NaN), /benchTokenize: repeats must be an integer from 1 to 1000, got NaN$/);
  assert.ok(m.benchTokenize(tm, 'hello world', 'viterbi', 0.1, 1) > 0);
  tm.delete();
});

test('fractional counts are refused, not truncated: exact cap, nbest k, FlowTrainer target n, datasetSample n', async () => {
  const m = await loadModule();
  const tm = new m.TokenizerModel(readFileSync(`${root}web/public/models/en-unigram.model`));
  // nbest(…, 2.7) gave 2 segmentations; exact's cap 2.7 was reported as 2.
  assert.throws(() => tm.nbest('unbelievable', 2.7), /nbest: k must be an integer from 1 to 10000, got 2\.7$/);
  assert.throws(() => tm.exact('unbelievable', 0.1, 2.7), /exact: cap must be an integer from 1 to 1000000, got 2\.7$/);
  assert.throws(() => tm.sampleDistinct('unbelievable', 2.5, 0.1, 1), /sampleDistinct: k must be an integer from 1 to 10000, got 2\.5$/);
  assert.equal(tm.nbest('unbelievable', 2).length, 2);
  tm.delete();
  assert.throws(() => m.datasetSample('moons', 2.7, 1), /datasetSample: n must be an integer from 1 to 200000, got 2\.7$/);
  assert.equal(m.datasetSample('moons', 2, 1).length, 4);
  const trainer = new m.FlowTrainer({ method: 'fm', data: 'moons', hidden: [8], batch: 8 });
  assert.throws(() => trainer.target(2.7, 1), /target: n must be an integer from 1 to 200000, got 2\.7$/);
  assert.equal(trainer.target(3, 1).length, 6);
  trainer.delete();
});

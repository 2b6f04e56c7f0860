#!/usr/bin/env node
// npm run bench -- mcmc|tokenize|flows|gibbs: speed figures measured in one run, native against wasm.
// Prints a Markdown table and, as its last line, one JSON object with the figures.
import { execFileSync, execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdirSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const which = process.argv[2] ?? 'mcmc';
const known = ['mcmc', 'tokenize', 'flows', 'gibbs'];
if (!known.includes(which)) {
  console.error(`bench: unknown benchmark '${which}'; known: ${known.join(', ')}`);
  process.exit(2);
}

// SAMPLING_NATIVE_BUILD and SAMPLING_WASM_DIR move the build folders (see tools/build_*.sh).
const nativeBin = `${resolve(root, process.env.SAMPLING_NATIVE_BUILD ?? 'build/native')}/bin`;
const wasmDir = resolve(root, process.env.SAMPLING_WASM_DIR ?? 'build/wasm');

function build() {
  const quiet = { stdio: ['ignore', 'ignore', 'inherit'], cwd: root };
  execFileSync('bash', ['tools/build_native.sh'], quiet);
  execFileSync('bash', ['tools/build_wasm.sh'], quiet);
}

async function loadWasm() {
  const { default: create } = await import(`${wasmDir}/sampling.js`);
  return create({ wasmBinary: readFileSync(`${wasmDir}/sampling.wasm`) });
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const h = s.length >> 1; return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2; };
// Spread: (max − min) / median over the rounds.
const spread = (xs) => (Math.max(...xs) - Math.min(...xs)) / median(xs);
// Runs the competitors in turn, `rounds` times, so that the load of a shared machine falls
// on all alike; each returns its figure, or an object of named figures when one process
// measures several (then the names are its keys). The median and spread of each, by name.
function alternate(competitors, rounds, unit, digits) {
  const samples = {};
  for (let r = 0; r < rounds; ++r) {
    for (const [name, measure] of Object.entries(competitors)) {
      const got = measure();
      for (const [key, x] of Object.entries(typeof got === 'number' ? { [name]: got } : got)) (samples[key] ??= []).push(x);
    }
  }
  const figures = {};
  for (const [name, xs] of Object.entries(samples)) {
    figures[`${name}_${unit}`] = +median(xs).toFixed(digits);
    figures[`${name}_${unit}_spread`] = +spread(xs).toFixed(3);
  }
  return figures;
}

async function benchMcmc() {
  const args = ['mcmc', '--target', 'banana', '--steps', '2000000', '--repeats', '1'];
  const m = await loadWasm();
  const checksums = new Set();
  const competitors = {
    native: () => {
      const r = JSON.parse(execFileSync(`${nativeBin}/sampling-cli`, ['bench', ...args], { encoding: 'utf8' }));
      checksums.add(r.checksum);
      return r.steps_per_s;
    },
    wasm: () => {
      const r = m.benchCommand(args);
      if (r.code !== 0) throw new Error(r.stderr);
      const out = JSON.parse(r.stdout);
      checksums.add(out.checksum);
      return out.steps_per_s;
    },
  };
  const rounds = 7;
  const figures = alternate(competitors, rounds, 'steps_per_s', 0);
  if (checksums.size !== 1) throw new Error('native and wasm runs drew different chains');
  figures.wasm_vs_native = +(figures.wasm_steps_per_s / figures.native_steps_per_s).toFixed(3);
  figures.rounds = rounds;
  console.log(`| random-walk MH on banana (2·10⁶ steps); median of ${rounds} alternating rounds | steps/s | spread |`);
  console.log('|---|---|---|');
  console.log(`| native | ${figures.native_steps_per_s.toLocaleString('en')} | ${figures.native_steps_per_s_spread} |`);
  console.log(`| wasm (Node ${process.version}) | ${figures.wasm_steps_per_s.toLocaleString('en')} | ${figures.wasm_steps_per_s_spread} |`);
  console.log(`| wasm / native | ${figures.wasm_vs_native} (goal ≥ 0.7) | |`);
  return figures;
}

// Tokenization: SentencePiece's Encode and SampleEncode(-1, 0.1) against our methods on
// the same ≥ 1 MB of English text (the conformance corpus repeated), native and in wasm.
async function benchTokenize() {
  const model = `${root}web/public/models/en-unigram.model`;
  const lines = readFileSync(`${root}tests/conformance/corpus/en-test.txt`, 'utf8').split('\n').filter((l) => l);
  const corpus = [];
  let bytes = 0;
  while (bytes < 1_100_000) {
    for (const l of lines) corpus.push(l), bytes += Buffer.byteLength(l) + 1;
  }
  const text = corpus.join('\n') + '\n';
  const dir = mkdtempSync(join(tmpdir(), 'bench-'));
  writeFileSync(join(dir, 'corpus.txt'), text);
  const alpha = 0.1;
  const methods = ['viterbi', 'original', 'perfect', 'ffbs'];
  const m = await loadWasm();
  const tokenizer = new m.TokenizerModel(readFileSync(model));
  // Each round: one spm_bench process (SentencePiece and ours natively, best of 2 passes
  // each), then each of our methods in wasm (best of 2).
  let corpusMb = 0;
  const competitors = {
    native: () => {
      const r = JSON.parse(execFileSync(`${nativeBin}/spm_bench`, [model, join(dir, 'corpus.txt'), String(alpha), '2'], { encoding: 'utf8' }));
      corpusMb = r.corpus_mb;
      return Object.fromEntries(['spm_encode', 'spm_sample', ...methods].map((k) => [k, r[`${k}_mbps`]]));
    },
    ...Object.fromEntries(methods.map((method) => [`wasm_${method}`, () => m.benchTokenize(tokenizer, text, method, alpha, 2)])),
  };
  const rounds = 5;
  const r = (x) => +x.toFixed(3);
  const figures = alternate(competitors, rounds, 'mbps', 3);
  tokenizer.delete();
  Object.assign(figures, {
    corpus_mb: r(corpusMb),
    perfect_vs_spm_sample: r(figures.perfect_mbps / figures.spm_sample_mbps),
    perfect_vs_viterbi: r(figures.perfect_mbps / figures.viterbi_mbps),
    viterbi_vs_spm_encode: r(figures.viterbi_mbps / figures.spm_encode_mbps),
    wasm_vs_native_perfect: r(figures.wasm_perfect_mbps / figures.perfect_mbps),
    wasm_vs_native_viterbi: r(figures.wasm_viterbi_mbps / figures.viterbi_mbps),
    wasm_vs_native_ffbs: r(figures.wasm_ffbs_mbps / figures.ffbs_mbps),
    rounds,
  });
  console.log(`| ${figures.corpus_mb} MB of English, α = ${alpha}; median of ${rounds} alternating rounds (best of 2 passes each) | native MB/s | wasm MB/s |`);
  console.log('|---|---|---|');
  console.log(`| SentencePiece Encode | ${figures.spm_encode_mbps} | |`);
  console.log(`| SentencePiece SampleEncode(-1, α) | ${figures.spm_sample_mbps} | |`);
  for (const method of ['viterbi', 'original', 'perfect', 'ffbs']) {
    console.log(`| ours: ${method} | ${figures[`${method}_mbps`]} | ${figures[`wasm_${method}_mbps`]} |`);
  }
  console.log('');
  console.log('| ratio | value | goal |');
  console.log('|---|---|---|');
  console.log(`| perfect / SentencePiece sampling | ${figures.perfect_vs_spm_sample} | ≥ 4 |`);
  console.log(`| perfect / our Viterbi | ${figures.perfect_vs_viterbi} | ≥ 0.9 |`);
  console.log(`| our Viterbi / SentencePiece Encode | ${figures.viterbi_vs_spm_encode} | ≥ 5 |`);
  for (const method of ['viterbi', 'perfect', 'ffbs'])
    console.log(`| wasm / native (${method}) | ${figures[`wasm_vs_native_${method}`]} | ≥ 0.8 |`);
  return { ...figures, ...await benchTokenizeJs(m, model, lines, alpha) };
}

// The tokenizer as a JavaScript library: ids through the JS API on the conformance corpus
// (6,109 lines), ours (TokenizerModel.encode per line, encodeBatch over the corpus) against
// SentencePiece compiled to wasm (npm @agnai/sentencepiece-js, encodeIds per line, and per
// batch: one encodeIds call on the corpus joined by newlines, its only way to cross the
// boundary once). Identical Viterbi ids are checked first; the competitors alternate in
// rounds and the medians are reported with their spreads.
async function benchTokenizeJs(m, model, lines, alpha) {
  const { SentencePieceProcessor } = (await import('@agnai/sentencepiece-js')).default;
  const spm = new SentencePieceProcessor();
  await spm.load(model);
  const tokenizer = new m.TokenizerModel(readFileSync(model));
  const batchText = lines.join('\n');
  const mb = Buffer.byteLength(batchText) / 1e6;
  // Same ids, line by line and as a batch.
  lines.forEach((line, i) => {
    const theirs = spm.encodeIds(line).join(' ');
    if (Array.from(tokenizer.encode(line)).join(' ') !== theirs) throw new Error(`bench: encode and SentencePiece differ on line ${i + 1}`);
  });
  const batch = tokenizer.encodeBatch(lines);
  const perLine = lines.flatMap((line) => Array.from(tokenizer.encode(line)));
  if (Array.from(batch.ids).join(' ') !== perLine.join(' ')) throw new Error('bench: encodeBatch and encode differ');
  const spmBatchSame = spm.encodeIds(batchText).join(' ') === perLine.join(' ');
  let sink = 0;
  const viterbi = { method: 'viterbi' };
  const perfect = { method: 'perfect', alpha, seed: 1 };
  const competitors = {
    js_viterbi_line: () => { for (const l of lines) sink += tokenizer.encode(l, viterbi).length; },
    js_viterbi_batch: () => { sink += tokenizer.encodeBatch(lines, viterbi).ids.length; },
    js_perfect_line: () => { for (const l of lines) sink += tokenizer.encode(l, perfect).length; },
    js_perfect_batch: () => { sink += tokenizer.encodeBatch(lines, perfect).ids.length; },
    spm_wasm_line: () => { for (const l of lines) sink += spm.encodeIds(l).length; },
    spm_wasm_batch: () => { sink += spm.encodeIds(batchText).length; },
  };
  for (const run of Object.values(competitors)) run();  // warm-up
  const rounds = 9, passes = 2;
  const mbps = (run) => () => {
    const start = process.hrtime.bigint();
    for (let p = 0; p < passes; ++p) run();
    return (mb * passes) / (Number(process.hrtime.bigint() - start) / 1e9);
  };
  const figures = alternate(Object.fromEntries(Object.entries(competitors).map(([k, run]) => [k, mbps(run)])), rounds, 'mbps', 3);
  tokenizer.delete();
  if (!(sink > 0)) throw new Error('bench: no ids');
  figures.js_viterbi_vs_spm_wasm = +(figures.js_viterbi_batch_mbps / figures.spm_wasm_batch_mbps).toFixed(3);
  figures.js_viterbi_line_vs_spm_wasm_line = +(figures.js_viterbi_line_mbps / figures.spm_wasm_line_mbps).toFixed(3);
  figures.js_perfect_vs_spm_wasm = +(figures.js_perfect_batch_mbps / figures.spm_wasm_batch_mbps).toFixed(3);
  figures.js_corpus_mb = +mb.toFixed(3);
  figures.js_rounds = rounds;
  figures.spm_wasm_batch_same_ids = spmBatchSame;
  console.log('');
  console.log(`| ids through the JS API, ${lines.length} lines (${figures.js_corpus_mb} MB), Node ${process.version}; median of ${rounds} alternating rounds | MB/s | spread |`);
  console.log('|---|---|---|');
  const label = {
    js_viterbi_line: 'ours: encode(line), Viterbi', js_viterbi_batch: 'ours: encodeBatch(lines), Viterbi',
    js_perfect_line: `ours: encode(line), perfect sampling α = ${alpha}`, js_perfect_batch: `ours: encodeBatch(lines), perfect sampling α = ${alpha}`,
    spm_wasm_line: 'SentencePiece in wasm: encodeIds(line)', spm_wasm_batch: 'SentencePiece in wasm: encodeIds(lines joined by \\n)',
  };
  for (const name of Object.keys(competitors)) console.log(`| ${label[name]} | ${figures[`${name}_mbps`]} | ${figures[`${name}_mbps_spread`]} |`);
  console.log(`| ours Viterbi / SentencePiece in wasm, batch vs batch (goal ≥ 3) | ${figures.js_viterbi_vs_spm_wasm} | |`);
  console.log(`| ours perfect sampling / SentencePiece Viterbi in wasm, batch vs batch (goal ≥ 2) | ${figures.js_perfect_vs_spm_wasm} | |`);
  return figures;
}

// Flows: quality of every method at several NFE on four datasets (fixed budget), and
// MeanFlow training speed natively, in wasm and in PyTorch (CPU, OpenBLAS).
function ensureTorch() {
  const probe = spawnSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' });
  if (probe.status === 0) return;
  console.error('bench: installing python3-torch and libopenblas0-pthread (Debian) for the PyTorch baseline');
  execFileSync('apt-get', ['install', '-y', '-qq', 'python3-torch', 'libopenblas0-pthread'],
    { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

async function benchFlows() {
  const run = promisify(execFile);
  const cli = `${nativeBin}/sampling-cli`;
  const dir = mkdtempSync(join(tmpdir(), 'flows-'));
  const datasets = ['moons', 'checkerboard', '8gaussians', 'spiral'];
  const methods = ['fm', 'meanflow', 'shortcut', 'consistency'];
  const steps = 4000;
  const jobs = datasets.flatMap((d) => methods.map((m) => [d, m]));
  // Train two at a time (two cores), then evaluate each at every NFE.
  const quality = {};
  const pool = async (items, width, work) => {
    const queue = [...items];
    await Promise.all(Array.from({ length: width }, async () => { while (queue.length) await work(queue.shift()); }));
  };
  await pool(jobs, 2, async ([data, method]) => {
    const weights = join(dir, `${data}-${method}.safetensors`);
    await run(cli, ['flow', 'train', '--method', method, '--data', data, '--steps', String(steps), '--seed', '1',
      '--hidden', '128,128,128', '--out', weights]);
    const nfes = method === 'fm' ? [1, 2, 4, 8, 100] : [1, 2, 4, 8];
    for (const nfe of nfes) {
      const { stdout } = await run(cli, ['flow', 'eval', '--weights', weights, '--data', data, '--nfe', String(nfe), '--n', '2000', '--seed', '7']);
      const r = JSON.parse(stdout);
      ((quality[data] ??= {})[method] ??= {})[nfe] = { energy_distance: r.energy_distance, sliced_w2: r.sliced_w2 };
    }
  });
  console.log(`| energy distance (sliced W2), ${steps} steps, MLP 3 × 128 | NFE 1 | 2 | 4 | 8 | 100 |`);
  console.log('|---|---|---|---|---|---|');
  for (const data of datasets) {
    for (const method of methods) {
      const q = quality[data][method];
      const cell = (n) => (q[n] ? `${q[n].energy_distance.toFixed(4)} (${q[n].sliced_w2.toFixed(3)})` : '');
      console.log(`| ${data} ${method} | ${cell(1)} | ${cell(2)} | ${cell(4)} | ${cell(8)} | ${cell(100)} |`);
    }
  }
  // Goal: MeanFlow, Shortcut and consistency at 1 NFE within 2 × flow matching at 100 NFE.
  const goals = {};
  for (const data of datasets) {
    const reference = quality[data].fm[100].energy_distance;
    for (const method of ['meanflow', 'shortcut', 'consistency']) {
      goals[`${data}_${method}_1nfe_vs_fm_100nfe`] = +(quality[data][method][1].energy_distance / reference).toFixed(3);
    }
    goals[`${data}_fm_1nfe_vs_fm_100nfe`] = +(quality[data].fm[1].energy_distance / reference).toFixed(3);
  }

  ensureTorch();
  const m = await loadWasm();
  let torchVersion = '';
  const torch = (threads, method = 'meanflow') => () => {
    const r = JSON.parse(execFileSync('/usr/bin/python3', [`${root}tools/bench/meanflow_torch.py`, String(threads), '200', method], { encoding: 'utf8' }));
    torchVersion = r.torch;
    return r.steps_per_s;
  };
  const competitors = {
    native: () => JSON.parse(execFileSync(cli, ['bench', 'flow', '--steps', '300', '--repeats', '1'], { encoding: 'utf8' })).steps_per_s,
    wasm: () => {
      const w = m.benchCommand(['flow', '--steps', '300', '--repeats', '1']);
      if (w.code !== 0) throw new Error(w.stderr);
      return JSON.parse(w.stdout).steps_per_s;
    },
    torch_1_thread: torch(1),
    torch_2_threads: torch(2),
    // Flow matching (no JVP): the same network and batch, three products per step.
    fm_native: () => JSON.parse(execFileSync(cli, ['bench', 'flow', '--method', 'fm', '--steps', '300', '--repeats', '1'], { encoding: 'utf8' })).steps_per_s,
    fm_wasm: () => {
      const w = m.benchCommand(['flow', '--method', 'fm', '--steps', '300', '--repeats', '1']);
      if (w.code !== 0) throw new Error(w.stderr);
      return JSON.parse(w.stdout).steps_per_s;
    },
    fm_torch_1_thread: torch(1, 'fm'),
  };
  const rounds = 5;
  const speed = alternate(competitors, rounds, 'steps_per_s', 1);
  // The float kernels' arithmetic peak (`sampling-cli bench peak`: independent multiply-add
  // chains of the tiles' vector type, no FMA, no memory), natively and in wasm; the best
  // of the rounds, as a peak is what the machine can reach (wasm's first call also pays
  // V8's tier-up).
  const peaks = { native: [], wasm: [] };
  for (let r = 0; r < rounds; ++r) {
    peaks.native.push(JSON.parse(execFileSync(cli, ['bench', 'peak', '--seconds', '0.2'], { encoding: 'utf8' })).gflops);
    const w = m.benchCommand(['peak', '--seconds', '0.2']);
    if (w.code !== 0) throw new Error(w.stderr);
    peaks.wasm.push(JSON.parse(w.stdout).gflops);
  }
  const nativePeak = +Math.max(...peaks.native).toFixed(1), wasmPeak = +Math.max(...peaks.wasm).toFixed(1);
  const torchThreads = speed.torch_2_threads_steps_per_s > speed.torch_1_thread_steps_per_s ? 2 : 1;
  const torchBest = Math.max(speed.torch_1_thread_steps_per_s, speed.torch_2_threads_steps_per_s);
  const figures = {
    ...speed,
    torch_steps_per_s: torchBest,
    torch_threads: torchThreads,
    wasm_vs_torch: +(speed.wasm_steps_per_s / torchBest).toFixed(3),
    native_vs_torch: +(speed.native_steps_per_s / torchBest).toFixed(3),
    // The goals' peer is PyTorch on one thread.
    wasm_vs_torch_1_thread: +(speed.wasm_steps_per_s / speed.torch_1_thread_steps_per_s).toFixed(3),
    native_vs_torch_1_thread: +(speed.native_steps_per_s / speed.torch_1_thread_steps_per_s).toFixed(3),
    fm_wasm_vs_torch_1_thread: +(speed.fm_wasm_steps_per_s / speed.fm_torch_1_thread_steps_per_s).toFixed(3),
    fm_native_vs_torch_1_thread: +(speed.fm_native_steps_per_s / speed.fm_torch_1_thread_steps_per_s).toFixed(3),
    // Useful GFLOP/s: MLP 4 → 128 → 128 → 128 → 2, batch 256; a MeanFlow step is four
    // products per layer (forward, tangent, weight and input gradients), flow matching three.
    ...Object.fromEntries(['native', 'wasm', 'torch_1_thread', 'fm_native', 'fm_wasm', 'fm_torch_1_thread'].map((name) => {
      const macs = (4 * 128 + 128 * 128 * 2 + 128 * 2) * 256 * (name.startsWith('fm_') ? 3 : 4);
      return [`${name}_gflops`, +(speed[`${name}_steps_per_s`] * 2 * macs / 1e9).toFixed(2)];
    })),
    native_peak_gflops: nativePeak,
    wasm_peak_gflops: wasmPeak,
    rounds,
    quality_ratios: goals,
    quality,
  };
  console.log('');
  console.log(`| MeanFlow training, MLP 3 × 128, batch 256; median of ${rounds} alternating rounds | steps/s | spread |`);
  console.log('|---|---|---|');
  console.log(`| native | ${figures.native_steps_per_s} | ${figures.native_steps_per_s_spread} |`);
  console.log(`| wasm (Node) | ${figures.wasm_steps_per_s} | ${figures.wasm_steps_per_s_spread} |`);
  console.log(`| PyTorch ${torchVersion} CPU, 1 thread | ${figures.torch_1_thread_steps_per_s} | ${figures.torch_1_thread_steps_per_s_spread} |`);
  console.log(`| PyTorch ${torchVersion} CPU, 2 threads | ${figures.torch_2_threads_steps_per_s} | ${figures.torch_2_threads_steps_per_s_spread} |`);
  console.log(`| wasm / PyTorch (goal ≥ 1.5) | ${figures.wasm_vs_torch} |`);
  console.log(`| native / PyTorch (goal ≥ 3) | ${figures.native_vs_torch} |`);
  // Each of ours as a share of its kernels' peak, and the share of that peak its goal
  // needs (goal × PyTorch's GFLOP/s): above 1, no kernel on this instruction set reaches it.
  for (const [name, peak, goal, peer] of [['native', nativePeak, 3, 'torch_1_thread'], ['wasm', wasmPeak, 1.5, 'torch_1_thread'],
    ['fm_native', nativePeak, 3, 'fm_torch_1_thread'], ['fm_wasm', wasmPeak, 1.5, 'fm_torch_1_thread']]) {
    figures[`${name}_of_peak`] = +(figures[`${name}_gflops`] / peak).toFixed(3);
    figures[`${name}_goal_of_peak`] = +(goal * figures[`${peer}_gflops`] / peak).toFixed(3);
  }
  console.log('');
  console.log(`| training, one-thread PyTorch as the peer; median of ${rounds} rounds | steps/s | GFLOP/s | share of the kernels' peak | / PyTorch (goal: wasm ≥ 1.5, native ≥ 3) | share of the peak the goal needs |`);
  console.log('|---|---|---|---|---|---|');
  for (const [label, name, ratio] of [['MeanFlow, native', 'native', 'native_vs_torch_1_thread'], ['MeanFlow, wasm', 'wasm', 'wasm_vs_torch_1_thread'],
    ['MeanFlow, PyTorch 1 thread', 'torch_1_thread', ''], ['flow matching, native', 'fm_native', 'fm_native_vs_torch_1_thread'],
    ['flow matching, wasm', 'fm_wasm', 'fm_wasm_vs_torch_1_thread'], ['flow matching, PyTorch 1 thread', 'fm_torch_1_thread', '']]) {
    const share = (key) => (figures[key] === undefined ? '' : figures[key]);
    console.log(`| ${label} | ${figures[`${name}_steps_per_s`]} | ${figures[`${name}_gflops`]} | ${share(`${name}_of_peak`)} | ${ratio ? figures[ratio] : ''} | ${share(`${name}_goal_of_peak`)} |`);
  }
  console.log(`| the kernels' peak (multiply, then add; no memory) | | native ${nativePeak}, wasm ${wasmPeak} | 1 | | |`);
  return figures;
}

// Gibbs: steps per second on the shipped poetry BERT at the 七言絕句 length (32 characters
// plus [CLS]/[SEP]): ours natively and in wasm (Node), and onnxruntime-node and
// onnxruntime-web (wasm, one thread) on an ONNX export of the same weights computing the
// full logits of the sequence per step. The four alternate in rounds; medians reported.
const ORT_VERSION = '1.30.0';
function ensureOrt() {
  const dir = join(process.env.SAMPLING_CACHE ?? join(homedir(), '.cache/sampling-playground'), 'ort');
  if (!existsSync(join(dir, 'node_modules/onnxruntime-node')) || !existsSync(join(dir, 'node_modules/onnxruntime-web'))) {
    console.error(`bench: installing onnxruntime-node and onnxruntime-web ${ORT_VERSION} into ${dir} (benchmark only)`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{"private": true}\n');
    // Their install scripts download binaries from hosts this network does not reach; the
    // CPU binaries ship inside the packages.
    execFileSync('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error',
      `onnxruntime-node@${ORT_VERSION}`, `onnxruntime-web@${ORT_VERSION}`], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return dir;
}
async function benchGibbs() {
  const model = `${root}web/public/models/poetry-bert`;
  const config = JSON.parse(readFileSync(join(model, 'config.json'), 'utf8'));
  ensureTorch();
  const ortDir = ensureOrt();
  const dir = mkdtempSync(join(tmpdir(), 'gibbs-'));
  const onnx = join(dir, 'poetry-bert.onnx');
  const length = 34;
  execFileSync('/usr/bin/python3', [`${root}tools/bench/bert_onnx.py`, model, String(length), onnx], { stdio: ['ignore', 'ignore', 'inherit'] });
  const m = await loadWasm();
  const textModel = new m.TextModel(readFileSync(join(model, 'config.json')), readFileSync(join(model, 'vocab.txt')),
    readFileSync(join(model, 'model.safetensors')));
  const steps = 100;
  const rounds = 5;
  const competitors = {
    native: () => JSON.parse(execFileSync(`${nativeBin}/sampling-cli`,
      ['bench', 'gibbs', '--model', model, '--steps', String(steps)], { encoding: 'utf8' })).steps_per_s,
    wasm: () => {
      const run = new m.GibbsRun(textModel, { template: '七言絕句', topK: 0, burnIn: 0, seed: 1 });
      run.run(5);
      const start = process.hrtime.bigint();
      run.run(steps);
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      run.delete();
      return steps / seconds;
    },
    ort_web: () => JSON.parse(execFileSync('node', [`${root}tools/bench/ort_gibbs.mjs`, 'web', onnx, String(length),
      String(config.vocab_size), String(steps), ortDir], { encoding: 'utf8' })).steps_per_s,
    ort_node: () => JSON.parse(execFileSync('node', [`${root}tools/bench/ort_gibbs.mjs`, 'node', onnx, String(length),
      String(config.vocab_size), String(steps), ortDir], { encoding: 'utf8' })).steps_per_s,
  };
  const figures = alternate(competitors, rounds, 'steps_per_s', 1);
  textModel.delete();
  figures.wasm_vs_ort_web = +(figures.wasm_steps_per_s / figures.ort_web_steps_per_s).toFixed(3);
  figures.native_vs_ort_node = +(figures.native_steps_per_s / figures.ort_node_steps_per_s).toFixed(3);
  figures.rounds = rounds;
  figures.steps_per_round = steps;
  console.log(`| Gibbs steps/s, poetry BERT (${config.num_hidden_layers} × ${config.hidden_size}, vocabulary ${config.vocab_size}), ${length} tokens; median of ${rounds} alternating rounds | steps/s | spread |`);
  console.log('|---|---|---|');
  const label = { native: 'ours, native', wasm: `ours, wasm (Node ${process.version})`, ort_web: `onnxruntime-web ${ORT_VERSION} (wasm, 1 thread)`, ort_node: `onnxruntime-node ${ORT_VERSION} (1 thread)` };
  for (const name of Object.keys(competitors)) {
    console.log(`| ${label[name]} | ${figures[`${name}_steps_per_s`]} | ${figures[`${name}_steps_per_s_spread`]} |`);
  }
  console.log(`| wasm / onnxruntime-web (goal ≥ 1.5) | ${figures.wasm_vs_ort_web} | |`);
  console.log(`| native / onnxruntime-node (goal ≥ 1.5) | ${figures.native_vs_ort_node} | |`);
  return figures;
}

build();
const benches = { mcmc: benchMcmc, tokenize: benchTokenize, flows: benchFlows, gibbs: benchGibbs };
const figures = await benches[which]();
console.log(JSON.stringify(figures));

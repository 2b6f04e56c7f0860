#!/usr/bin/env node
// npm run bench -- [mcmc]: speed figures measured in one run, native against wasm.
// Prints a Markdown table and, as its last line, one JSON object with the figures.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const which = process.argv[2] ?? 'mcmc';
const known = ['mcmc', 'tokenize'];
if (!known.includes(which)) {
  console.error(`bench: unknown benchmark '${which}'; known: ${known.join(', ')}`);
  process.exit(2);
}

function build() {
  const quiet = { stdio: ['ignore', 'ignore', 'inherit'], cwd: root };
  execFileSync('bash', ['tools/build_native.sh'], quiet);
  execFileSync('bash', ['tools/build_wasm.sh'], quiet);
}

async function loadWasm() {
  const { default: create } = await import(`${root}build/wasm/sampling.js`);
  return create({ wasmBinary: readFileSync(`${root}build/wasm/sampling.wasm`) });
}

async function benchMcmc() {
  const args = ['mcmc', '--target', 'banana', '--steps', '2000000', '--repeats', '5'];
  const native = JSON.parse(execFileSync(`${root}build/native/bin/sampling-cli`, ['bench', ...args], { encoding: 'utf8' }));
  const m = await loadWasm();
  const r = m.benchCommand(args);
  if (r.code !== 0) throw new Error(r.stderr);
  const wasm = JSON.parse(r.stdout);
  if (wasm.checksum !== native.checksum) throw new Error('native and wasm runs drew different chains');
  const figures = {
    native_steps_per_s: Math.round(native.steps_per_s),
    wasm_steps_per_s: Math.round(wasm.steps_per_s),
    wasm_vs_native: +(wasm.steps_per_s / native.steps_per_s).toFixed(3),
  };
  console.log('| random-walk MH on banana (2·10⁶ steps, best of 5) | steps/s |');
  console.log('|---|---|');
  console.log(`| native | ${figures.native_steps_per_s.toLocaleString('en')} |`);
  console.log(`| wasm (Node ${process.version}) | ${figures.wasm_steps_per_s.toLocaleString('en')} |`);
  console.log(`| wasm / native | ${figures.wasm_vs_native} (goal ≥ 0.7) |`);
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
  const native = JSON.parse(execFileSync(`${root}build/native/bin/spm_bench`, [model, join(dir, 'corpus.txt'), String(alpha), '3'],
    { encoding: 'utf8' }));
  const m = await loadWasm();
  const tokenizer = new m.TokenizerModel(readFileSync(model));
  const wasm = {};
  for (const method of ['viterbi', 'original', 'perfect', 'ffbs']) wasm[method] = m.benchTokenize(tokenizer, text, method, alpha, 3);
  tokenizer.delete();
  const r = (x) => +x.toFixed(3);
  const figures = {
    corpus_mb: r(native.corpus_mb),
    spm_encode_mbps: r(native.spm_encode_mbps),
    spm_sample_mbps: r(native.spm_sample_mbps),
    viterbi_mbps: r(native.viterbi_mbps),
    original_mbps: r(native.original_mbps),
    perfect_mbps: r(native.perfect_mbps),
    ffbs_mbps: r(native.ffbs_mbps),
    wasm_viterbi_mbps: r(wasm.viterbi),
    wasm_original_mbps: r(wasm.original),
    wasm_perfect_mbps: r(wasm.perfect),
    wasm_ffbs_mbps: r(wasm.ffbs),
    perfect_vs_spm_sample: r(native.perfect_mbps / native.spm_sample_mbps),
    perfect_vs_viterbi: r(native.perfect_mbps / native.viterbi_mbps),
    viterbi_vs_spm_encode: r(native.viterbi_mbps / native.spm_encode_mbps),
    wasm_vs_native_perfect: r(wasm.perfect / native.perfect_mbps),
  };
  console.log(`| ${figures.corpus_mb} MB of English, α = ${alpha}, best of 3 | native MB/s | wasm MB/s |`);
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
  console.log(`| perfect / our Viterbi | ${figures.perfect_vs_viterbi} | ≥ 0.75 |`);
  console.log(`| our Viterbi / SentencePiece Encode | ${figures.viterbi_vs_spm_encode} | ≥ 1.5 |`);
  console.log(`| wasm / native (perfect) | ${figures.wasm_vs_native_perfect} | ≥ 0.6 |`);
  return figures;
}

build();
const figures = which === 'mcmc' ? await benchMcmc() : await benchTokenize();
console.log(JSON.stringify(figures));

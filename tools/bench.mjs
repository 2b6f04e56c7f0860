#!/usr/bin/env node
// npm run bench -- [mcmc]: speed figures measured in one run, native against wasm.
// Prints a Markdown table and, as its last line, one JSON object with the figures.
import { execFileSync } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const which = process.argv[2] ?? 'mcmc';
const known = ['mcmc'];
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

build();
const figures = await benchMcmc();
console.log(JSON.stringify(figures));

// The onnxruntime baseline of the Gibbs benchmark: Gibbs steps per second on an ONNX
// export of a BERT (tools/bench/bert_onnx.py), one sequence per step, full logits as an
// onnxruntime user gets them, then one draw from the masked row in JavaScript.
//
// usage: node ort_gibbs.mjs node|web MODEL.onnx LENGTH VOCAB STEPS ORT_DIR
// ORT_DIR holds node_modules/onnxruntime-{node,web} (installed by tools/bench.mjs into a
// cache outside the repository). Prints one JSON line.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [backend, modelPath, lengthArg, vocabArg, stepsArg, ortDir] = process.argv.slice(2);
const length = Number(lengthArg);
const vocab = Number(vocabArg);
const steps = Number(stepsArg);
const pkg = join(ortDir, 'node_modules', backend === 'node' ? 'onnxruntime-node' : 'onnxruntime-web');
const ort = await import(pathToFileURL(join(pkg, backend === 'node' ? 'dist/index.js' : 'dist/ort.node.min.mjs')).href);

let session;
if (backend === 'node') {
  session = await ort.InferenceSession.create(modelPath, { intraOpNumThreads: 1, interOpNumThreads: 1 });
} else {
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.simd = true;
  session = await ort.InferenceSession.create(readFileSync(modelPath), { executionProviders: ['wasm'] });
}

// A fixed pseudo-random stream (mulberry32) so every run does the same work.
let seed = 1;
const uniform = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const ids = new BigInt64Array(length).fill(5n);
ids[0] = 2n; // [CLS]
ids[length - 1] = 3n; // [SEP]
const probs = new Float64Array(vocab);
async function step() {
  const position = 1 + Math.floor(uniform() * (length - 2));
  ids[position] = 4n; // [MASK]
  const out = await session.run({ input_ids: new ort.Tensor('int64', ids, [1, length]) });
  const row = out.logits.data.subarray(position * vocab, (position + 1) * vocab);
  let max = -Infinity;
  for (let v = 5; v < vocab; ++v) max = Math.max(max, row[v]);
  let total = 0;
  for (let v = 5; v < vocab; ++v) total += probs[v] = Math.exp(row[v] - max);
  let u = uniform() * total;
  let chosen = vocab - 1;
  for (let v = 5; v < vocab; ++v) if ((u -= probs[v]) < 0) { chosen = v; break; }
  ids[position] = BigInt(chosen);
}

for (let i = 0; i < 5; ++i) await step(); // warm-up
const start = process.hrtime.bigint();
for (let i = 0; i < steps; ++i) await step();
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
console.log(JSON.stringify({ backend: `onnxruntime-${backend}`, steps, steps_per_s: steps / seconds }));

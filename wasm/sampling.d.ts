// The JavaScript API of the wasm module (build/wasm/sampling.js + sampling.wasm).
// Hand-written: keep in step with wasm/bind_*.cpp.
//
// Every function and method may throw a JS `Error` whose message comes from the C++
// core (e.g. "mcmc: step size must be a positive finite number, got -1"). After an
// error the module keeps working.

export interface SamplingModule {
  // ---- common ----
  /** Library version string. */
  version(): string;
  /** The memory the module may grow to and what one request may ask for (bytes or counts);
   *  a request over its limit throws an Error naming it before anything is allocated. */
  limits(): {
    maxMemory: number; maxModelFileBytes: number; maxTokenizerModelBytes: number; maxFlowWeightsBytes: number;
    maxFlowWorkBytes: number; maxFlowParameters: number; maxMcmcDraws: number; maxTextBytes: number;
  };
  /** First `count` outputs of xoshiro256** seeded through splitmix64 from `seed`, as decimal strings. */
  rngOutputs(seed: number, count: number): string[];
  /** First `count` outputs of xoshiro256** started from the raw state (decimal strings). */
  rngOutputsFromState(state: [string, string, string, string], count: number): string[];
  /** Decodes UTF-8; throws naming the byte offset of invalid input. Returns code points. */
  decodeUtf8(bytes: Uint8Array): Uint32Array;
  /** log(sum(exp(v))) computed stably. */
  logSumExp(values: Float64Array): number;

  // ---- mcmc: 2-D targets and classic samplers (specs/mcmc.md) ----
  mcmcTargets(): TargetName[];
  mcmcSamplers(): SamplerName[];
  /** The view box of a target: where (nearly) all of its mass lies. */
  targetBox(target: TargetSpec): Box;
  /** Unnormalized log density on an nx × ny grid over `box` (or the target's box).
   *  Row-major, row 0 at box.ymin: value[iy * nx + ix] at cell centres. */
  densityGrid(target: TargetSpec, nx: number, ny: number, box?: Box): DensityGrid;
  /** Runs `sampling-cli mcmc ...` in the module: the same text it prints natively. */
  mcmcCommand(args: string[]): { stdout: string; stderr: string; code: number };
  /** Runs `sampling-cli bench ...` in the module (timings of the same code as natively). */
  benchCommand(args: string[]): { stdout: string; stderr: string; code: number };
  /** MB/s of one tokenize method over the lines of `corpus` (best of `repeats` passes). */
  benchTokenize(model: TokenizerModel, corpus: string, method: TokenizeMethod, alpha: number, repeats: number): number;

  McmcRun: {
    new (options: RunOptions): McmcRun;
  };
  TokenizerModel: { new (bytes: Uint8Array): TokenizerModel };
  TokenizeRun: { new (model: TokenizerModel, text: string, options?: TokenizeOptions): TokenizeRun };
  FlowTrainer: { new (options: FlowTrainerOptions): FlowTrainer };
  FlowModel: { new (bytes: Uint8Array): FlowModel };
  flowDatasets(): string[];
  /** n points of a dataset (name or {points}) as x0, y0, x1, y1, … */
  datasetSample(data: FlowData, n: number, seed: number): Float32Array;

  // ---- text: masked-LM Gibbs sampling and annealing (specs/text.md) ----
  /** A Hugging Face BertForMaskedLM from its three files (config.json and vocab.txt may be strings). */
  TextModel: { new (config: Uint8Array | string, vocab: Uint8Array | string, weights: Uint8Array): TextModel };
  GibbsRun: { new (model: TextModel, options: GibbsOptions): GibbsRun };
  /** MH-corrected Gibbs (Goyal et al. 2021) with GibbsRun's options (order 'random' only, no
   *  anneal): the same chains as `sampling-cli gibbs --sampler mh-gibbs`. */
  MhGibbsRun: { new (model: TextModel, options: GibbsOptions): MhGibbsRun };
  /** ['五言絕句', '七言絕句'] */
  templatePresets(): string[];
  /** The preset's template, e.g. '_____，_____。_____，_____。'. */
  templatePreset(name: string): string;
  /** τ_0 … τ_{n−1} of a geometric schedule (n defaults to schedule.steps): from at step 0, to at step steps − 1 and after. */
  annealingSchedule(schedule: AnnealingSchedule, n?: number): Float64Array;
  /** Runs `sampling-cli gibbs ...` (without --model) on a loaded model: the same text it prints natively. */
  gibbsCommand(model: TextModel, args: string[]): { stdout: string; stderr: string; code: number };

  // ---- CGMH: keyword-constrained text by Metropolis–Hastings (core/text/cgmh) ----
  /** The left-to-right LM of CGMH from its file (web/public/models/poetry-ngram/poetry-ngram.bin);
   *  throws naming what is wrong with the bytes. */
  NgramModel: { new (bytes: Uint8Array): NgramModel };
  /** sampling-cli cgmh on loaded models: the same flags without --model and --lm, the same
   *  stdout (final and best sentence) and stderr (--trace lines, statistics). */
  cgmhCommand(model: TextModel, ngram: NgramModel, args: string[]): { stdout: string; stderr: string; code: number };
  /** A CGMH chain stepped n at a time (resumable); the same options and seed give sampling-cli
   *  cgmh's chain. Throws the core's message for bad options or keywords. */
  CgmhRun: { new (model: TextModel, ngram: NgramModel, options: CgmhOptions): CgmhRun };

  // ---- stats: goodness of fit and distances (core/stats) ----
  /** Pearson's chi-square test of counts against category probabilities (normalized to 1);
   *  cells of expected count < minExpected (default 5) pooled into one. Draws outside the
   *  list (extraObserved) make the fit impossible: statistic Infinity, pValue 0, logPValue
   *  -Infinity. pValue is 0 below the smallest double; logPValue (natural log) stays finite.
   *  df 0 (one cell left): pValue and logPValue are NaN. */
  chiSquareTest(observed: ArrayLike<number>, probabilities: ArrayLike<number>,
    options?: { minExpected?: number; extraObserved?: number }): ChiSquareResult;
  /** ½ Σ |observed/n − p|, with draws outside the list and mass missing from it counted. */
  totalVariation(observed: ArrayLike<number>, probabilities: ArrayLike<number>, extraObserved?: number): number;
  /** The TV that n exact draws from `probabilities` have on average (the noise floor). */
  expectedTotalVariation(probabilities: ArrayLike<number>, n: number): number;
  /** P(χ²_df ≥ x) and its natural log. */
  chiSquareSurvival(x: number, df: number): { p: number; logP: number };
  /** Regularized upper incomplete gamma Q(a, x). */
  gammaQ(a: number, x: number): number;
  /** Energy distance (U-statistics) between two 2-D point sets given as x0, y0, x1, y1, … */
  energyDistance(a: ArrayLike<number>, b: ArrayLike<number>): number;
}

export interface ChiSquareResult { statistic: number; df: number; pValue: number; logPValue: number; cells: number; n: number; }

export type TargetName = 'gaussian' | 'mixture' | 'banana' | 'donut' | 'funnel' | 'drawn';
export type SamplerName = 'rejection' | 'importance' | 'mh' | 'gibbs' | 'annealing' | 'mala' | 'hmc';

export interface Box { xmin: number; xmax: number; ymin: number; ymax: number; }

export interface TargetSpec {
  name: TargetName;
  /** drawn target only: flat x0, y0, x1, y1, ... (at least one point). */
  points?: Float64Array | number[];
  /** drawn target only: standard deviation of the Gaussian around each point (default 0.3). */
  bandwidth?: number;
}

export interface RunOptions {
  target: TargetSpec;
  sampler: SamplerName;
  /** Non-negative integer below 2^53. */
  seed: number;
  /** Chains for mh, gibbs, annealing, mala, hmc (default 4, at most 64). Ignored by rejection/importance. */
  chains?: number;
  /** Proposal / integrator step size for mh, mala, hmc, annealing (default depends on the target). */
  stepSize?: number;
  /** Draws per chain discarded before the kept draws (default 0). */
  burnIn?: number;
  /** hmc: leapfrog steps per proposal (default 10). */
  leapfrogSteps?: number;
  /** annealing: temperature schedule (default 'geometric'). */
  schedule?: 'geometric' | 'logarithmic';
  /** annealing: initial temperature (default 10). */
  t0?: number;
  /** annealing, geometric only: temperature reached at step `steps` (default 0.01, ≤ t0). */
  tEnd?: number;
  /** annealing: number of steps the schedule spans (default 2000). */
  steps?: number;
  /** rejection/importance: proposal family (default 'student': Student-t tails cover every
   *  target; 'gaussian' covers the targets with Gaussian tails; 'uniform' only its box). */
  proposal?: 'student' | 'gaussian' | 'uniform';
  /** rejection: a bound M with p̃ ≤ M·q, given by the user. Omitted: the proven supremum
   *  (branch and bound, within 0.1 %). An M not proven to hold is an error naming the value that does. */
  bound?: number;
}

/** One chunk of draws. Arrays are JS-owned copies. */
export interface Chunk {
  /** Draws, chain-major: chain c's k draws at [c*k, (c+1)*k). For rejection: every proposal. */
  x: Float64Array;
  y: Float64Array;
  /** Number of chains in this chunk (1 for rejection/importance). */
  chains: number;
  /** rejection: 1 if the proposal was accepted; mh/mala/hmc/annealing: 1 if the move was accepted; gibbs: all 1. */
  accepted: Uint8Array;
  /** importance only: log weights log p̃ − log q (unnormalized). */
  logWeight?: Float64Array;
  /** annealing only: temperature at each draw (same layout as x). */
  temperature?: Float64Array;
}

export interface Stats {
  sampler: SamplerName;
  target: TargetName;
  /** Kept draws so far (all chains; for rejection: accepted draws). */
  n: number;
  /** Proposals made so far (rejection: all proposals; chains: steps incl. burn-in). */
  proposals: number;
  /** Accepted / proposed; null for importance sampling (it weights every draw instead). */
  acceptanceRate: number | null;
  mean: [number, number];
  variance: [number, number];
  /** Effective sample size per coordinate: (Σw)²/Σw² for importance; autocorrelation-based for chains. */
  ess: [number, number];
  /** Monte-Carlo standard error of each mean: sqrt(variance / ESS). */
  meanSe: [number, number];
  /** The target's exact mean and variance (closed form or quadrature), to judge the estimates by. */
  trueMean: [number, number];
  trueVariance: [number, number];
  /** Split R-hat per coordinate when chains ≥ 2 and enough draws; else null. */
  rhat: [number, number] | null;
  /** Autocorrelation of x and y (averaged over chains), lags 0..min(50, n-1). */
  acfX: Float64Array;
  acfY: Float64Array;
  /** rejection: log M actually used. */
  logBound?: number;
  /** rejection: proposals that had p̃ > M·q (any is a sign the bound is too small). */
  boundViolations?: number;
  /** rejection, and importance with the uniform proposal: the draws come from the target
   *  restricted to this region (the covering box when the proposal's tails cover the
   *  target's, else the target's box)… */
  region?: Box;
  /** …and this is the target mass outside it (≤ 1e-30 for a covering proposal). */
  massOutside?: number;
  /** annealing: best point found and its log density. */
  best?: { x: number; y: number; logDensity: number };
}

export interface McmcRun {
  /** Advance: k kept draws per chain (burn-in happens first, inside the first calls);
   *  for rejection: proposals until k more are accepted (at most min(10⁶ + 1000·k, 10⁷) per call,
   *  so fewer may come back when the acceptance rate is tiny); importance: k draws. */
  run(k: number): Chunk;
  /** Work done so far, for progress bars: steps incl. burn-in (or proposals). Kept up to
   *  date as draws come, so a call costs the same after 100 draws or 20 million. */
  stats(): Stats;
  /** Frees the C++ object. */
  delete(): void;
}

export interface DensityGrid { box: Box; nx: number; ny: number; logDensity: Float64Array; }

export default function createSamplingModule(overrides?: {
  wasmBinary?: ArrayBuffer | Uint8Array;
  locateFile?: (path: string, prefix: string) => string;
}): Promise<SamplingModule>;

// ---- Per-lab modules (tools/build_wasm.sh, CMakeLists.txt) ----
// sampling.js above carries every binding (Node, the CLI-side tools, the tests). Each
// lab's worker imports a smaller module with the same default export and the same
// errors, holding only what that lab calls; every one of them also has version, limits,
// rngOutputs, rngOutputsFromState, decodeUtf8 and logSumExp:
//   sampling-tokenize.js: TokenizerModel, TokenizeRun and the statistics (chiSquareTest,
//                         totalVariation, expectedTotalVariation, chiSquareSurvival,
//                         gammaQ, energyDistance)
//   sampling-mcmc.js:     McmcRun, mcmcTargets, mcmcSamplers, targetBox, densityGrid
//   sampling-flow.js:     FlowTrainer, FlowModel, flowDatasets, datasetSample and the statistics
//   sampling-text.js:     TextModel, GibbsRun, MhGibbsRun, NgramModel, CgmhRun,
//                         templatePresets, templatePreset, annealingSchedule
// Calling what a lab module leaves out (another lab's classes, benchTokenize, the
// command-line subcommands) throws an Error that names it.
// tests/wasm/lab-modules.test.mjs checks that each holds its lab's bindings.
export type SamplingLabModule = Partial<SamplingModule>;

// ---- tokenize: unigram-LM segmentation (specs/tokenize.md) ----
// Available on SamplingModule as TokenizerModel and TokenizeRun.
export type TokenizeMethod = 'viterbi' | 'original' | 'perfect' | 'ffbs' | 'nbest';

export interface TokenizeOptions {
  method?: TokenizeMethod;  // default 'viterbi' for segment() and encode(), 'perfect' for a TokenizeRun
  /** SentencePiece's convention: 0 = uniform over segmentations; larger = sharper. Finite, in [0, 10000]. */
  alpha?: number;           // default 0.1
  seed?: number;            // default 0
  /** nbest: sample among the k best (default 10). */
  nbest?: number;
}

export interface Segment {
  /** Pieces as SentencePiece's Encode prints them (unknown runs merged, byte fallback spelled out). */
  pieces: string[];
  /** Per lattice token (before merging unknowns): id and byte range in `normalized`. */
  ids: Int32Array; starts: Uint32Array; ends: Uint32Array;
  score: number;            // S(y) = Σ s(w)
  normalized: string;
  probability?: number;     // exact(): P_α(y)
}

export interface TokenizerModel {
  /** Loads a SentencePiece .model (unigram), a 'word freq [tag]' dictionary or 'piece<TAB>score' lines. */
  // new (bytes: Uint8Array): TokenizerModel   — throws naming what is wrong with the file
  info(): { kind: 'sentencepiece' | 'words' | 'scores'; pieces: number; byteFallback: boolean };
  normalize(text: string): string;
  /** One segmentation by `method` (Viterbi by default: { method: 'viterbi' }). */
  segment(text: string, options?: TokenizeOptions): Segment;
  /** Every segmentation with P_α, most probable first; throws beyond `cap` (default 10000). */
  exact(text: string, alpha: number, cap?: number): { normalized: string; entropy: number; segmentations: Segment[] };
  /** Entropy of P_α in nats (any length). */
  entropy(text: string, alpha: number): number;
  /** The k best segmentations by score. */
  nbest(text: string, k: number): Segment[];
  /** k distinct segmentations drawn without replacement from P_α (Gumbel-top-k), each with
   *  its probability and its inclusion probability given the threshold (priority sampling). */
  sampleDistinct(text: string, k: number, alpha: number, seed: number): (Segment & { probability: number; inclusion: number })[];
  /** Ids only, as spm_encode --output_format=id gives them (a run of unknown characters is one
   *  unknown id; with byte fallback, byte ids). Method 'viterbi' unless options.method says
   *  otherwise; a sampler draws with a generator seeded by options.seed (default 0), so the
   *  same seed gives the ids `sampling-cli tokenize --output-format id --seed S` prints for
   *  this one line. At most 16 MiB of UTF-8. */
  encode(text: string, options?: TokenizeOptions): Int32Array;
  /** The ids of many lines in one call: line i's are ids.subarray(offsets[i], offsets[i + 1]).
   *  One generator seeded by options.seed runs through the lines in order, as sampling-cli
   *  tokenize does through its input, so a batch gives the CLI's ids for the same lines.
   *  At most 1,048,576 lines and 64 MiB of UTF-8 in all (16 MiB per line): split larger inputs. */
  encodeBatch(lines: string[], options?: TokenizeOptions): { ids: Int32Array; offsets: Uint32Array };
  /** Text of ids, as SentencePiece's DecodeIds: ▁ becomes a space, the leading one dropped;
   *  control pieces vanish; the unknown piece is " ⁇ "; byte pieces join into UTF-8 (U+FFFD
   *  for a byte that starts no valid character). Throws naming an id outside the vocabulary. */
  decode(ids: Int32Array | number[]): string;
  delete(): void;
}

export interface TokenizeRun {
  // new (model: TokenizerModel, text: string, options: TokenizeOptions): TokenizeRun
  /** k more draws: the distinct segmentations among them with their counts. */
  run(k: number): { pieces: string[]; count: number }[];
  delete(): void;
}

// ---- flows: one-step generation on 2-D data (specs/flows.md) ----
// Convention: data at t = 0, noise at t = 1, z_t = (1 − t)·x + t·ε.
export type FlowMethod = 'fm' | 'meanflow' | 'shortcut' | 'consistency';
export type FlowData = string | { points: Float32Array | Float64Array | number[]; bandwidth?: number };

export interface FlowTrainerOptions {
  method: FlowMethod;
  /** moons | checkerboard | 8gaussians | spiral | rings, or {points} (at least 10). */
  data: FlowData;
  seed?: number;
  hidden?: number[];        // default [128, 128, 128]
  batch?: number;           // default 256
  lr?: number;              // in (0, 10]; default 0.001, MeanFlow 0.003
  /** 'cosine' decays lr to 1 % of it over totalSteps; default 'constant', MeanFlow 'cosine'. */
  lrSchedule?: 'constant' | 'cosine';
  ema?: number;             // default 0.99
  totalSteps?: number;      // the run length schedules span (lr, consistency's N doubling), default 4000
  shortcutFraction?: number;
  /** MeanFlow's (t, r): two logit-normal(μ, σ) draws, sorted (defaults μ 0, σ 2.5), and the
   *  fraction with r = t (default 0.25). */
  meanflowMu?: number; meanflowSigma?: number; meanflowEqualFraction?: number;
  /** MeanFlow's adaptive weight 1/(‖Δ‖² + c)^p: p (default 0; the paper's 1 makes more steps
   *  worse on 2-D data, see README) and c (default 1e-3). */
  meanflowP?: number; meanflowC?: number;
  /** Continue from saved weights (a flow weights file, e.g. a shipped one) instead of a random
   *  start: the network and its EMA copy take them, Adam starts afresh and step() continues
   *  from the file's "steps" metadata (sampling-cli flow train --init). Method and hidden
   *  widths must match the file's (an Error names the difference). */
  init?: Uint8Array;
}

export interface FlowSamples {
  points: Float32Array;       // n × 2
  trajectory?: Float32Array;  // (nfe + 1) × n × 2: ε, then the points after each step
}

export interface FlowTrainer {
  /** k more steps; their losses. A diverging step throws (the weights from before it are kept). */
  train(k: number): Float64Array;
  step(): number;
  sample(nfe: number, n: number, seed: number, trajectory?: boolean): FlowSamples;
  target(n: number, seed: number): Float32Array;
  evaluate(nfe: number, n: number, seed: number): { energyDistance: number; slicedW2: number };
  /** The EMA weights as a safetensors file. */
  save(): Uint8Array;
  delete(): void;
}

export interface FlowModel {
  info(): { method: FlowMethod; hidden: number[]; metadata: Record<string, string> };
  sample(nfe: number, n: number, seed: number, trajectory?: boolean): FlowSamples;
  delete(): void;
}

// ---- text: masked-LM sampling (specs/text.md) ----
export interface TextModel {
  info(): { vocabSize: number; maxLength: number; maskId: number; clsId: number; sepId: number; samplable: number };
  /** Every token's text, in id order. */
  tokens(): string[];
  /** 1 for the ids a free position may take (not special, not punctuation). */
  samplable(): Uint8Array;
  /** The model's tokenizer (no [CLS]/[SEP]; '[MASK]' in the text is the mask). */
  encode(text: string): Int32Array;
  /** Raw logits of `rows` of `ids` ([CLS] … [SEP]): rows.length × vocabSize, row-major. */
  logits(ids: Int32Array | number[], rows: number[]): Float32Array;
  /** The k most probable tokens at every [MASK] of the text, best first (log-softmax over the
   *  vocabulary, or over the samplable ids). index counts in ids, which include [CLS]/[SEP]. */
  predict(text: string, k?: number, samplableOnly?: boolean): {
    ids: Int32Array;
    masked: { index: number; ids: Int32Array; tokens: string[]; logProbs: Float64Array }[];
  };
  /** A template as the model reads it: ids ([MASK] at free positions), free flags, tokens.
   *  Throws what GibbsRun would (empty, no _, too long, unknown character named, …). */
  template(pattern: string): { ids: Int32Array; free: Uint8Array; tokens: string[] };
  delete(): void;
}

export interface AnnealingSchedule { from: number; to: number; steps: number; }

export interface GibbsOptions {
  /** `_` marks a free position, every other character is pinned; or a preset name ('五言絕句'). */
  template: string;
  /** random: a uniform free position per step; sequential: left-to-right sweep; parallel: one
   *  forward pass (nothing masked) redraws every free position. Default 'random'. */
  order?: 'random' | 'sequential' | 'parallel';
  temperature?: number;     // default 1, in [1e-6, 1e6]
  /** Simulated annealing: T falls geometrically from `from` to `to` over `steps` steps (then stays). Excludes temperature. */
  anneal?: AnnealingSchedule;
  topK?: number;            // default 100; 0 = every samplable token
  burnIn?: number;          // default 250: steps that draw from the full distribution (no top-k)
  seed?: number;            // default 0
  chains?: number;          // default 1, at most 64
  /** 'mask' (default), 'random' (uniform samplable tokens), or a text of the template's shape (_ = masked). */
  start?: string;
}

/** One chunk's position updates, as parallel arrays (step by step, chain by chain). */
export interface GibbsRecords {
  chain: Int32Array;
  step: Float64Array;         // the chain's step, from 0 (a parallel step has one record per free position)
  position: Int32Array;       // index in the body: 0 is the first token after [CLS]
  oldId: Int32Array; newId: Int32Array;
  prob: Float64Array;         // probability newId was drawn with (T, top-k)
  logProb: Float64Array;      // log p(newId | rest) under the model (T = 1, samplable ids, no top-k)
  temperature: Float64Array;
  score: Float64Array;        // the chain's score after the record's step
}

export interface NgramModel {
  info(): { vocabSize: number; bigrams: number; trigrams: number };
  /** log p of one line of characters, its end included ([UNK] for a character the model lacks). */
  sentenceLogProb(line: string): number;
  delete(): void;
}

export interface CgmhOptions {
  /** Each keyword is one or more characters of the vocabulary; at least one; kept in order. */
  keywords: string[];
  /** `_` free, other characters pinned, or a preset name ('五言絕句'): replace moves only. */
  template?: string;
  /** Weights of replace, insert, delete (normalised; default [1, 1, 1]); not with a template. */
  moves?: [number, number, number];
  topK?: number;            // default 50; 0 = every samplable token
  explore?: number;         // ε in [0, 1): mass spread over every samplable token (default 0)
  maxLength?: number;       // longest sentence without a template (default min(20, the model's − 2))
  lengthBonus?: number;     // β: log π = log LM + β·length (default 0, |β| ≤ 100)
  seed?: number;            // default 0
  /** Annealing of π^(1/τ): τ falls geometrically from `from` to `to` over `steps` steps. */
  anneal?: AnnealingSchedule;
}

/** One entry per step, as parallel arrays. move: 0 replace, 1 insert, 2 delete. */
export interface CgmhRecords {
  step: Float64Array;
  move: Int32Array;
  proposed: Uint8Array;     // 0: the state allowed no such move (the rest is unset)
  position: Int32Array;     // index in the sentence; for insert the new token's index
  oldId: Int32Array;        // replaced or deleted token (-1 for insert)
  newId: Int32Array;        // proposed token (-1 for delete)
  logQForward: Float64Array; logQReverse: Float64Array;
  logPiOld: Float64Array; logPiNew: Float64Array;
  logRatio: Float64Array;   // log of the acceptance ratio before min(1, ·)
  temperature: Float64Array;
  accepted: Uint8Array;
  score: Float64Array;      // log π of the state after the step
}

export interface CgmhMoveStats { p: number; proposals: number; acceptances: number; rate: number; impossible: number; }

export interface CgmhState {
  steps: number;
  moves: { replace: CgmhMoveStats; insert: CgmhMoveStats; delete: CgmhMoveStats };
  text: string;
  ids: Int32Array;          // the sentence's tokens
  keywordOf: Int32Array;    // per token: the keyword it belongs to, or -1
  score: number;            // log π = log LM + β·length
  bestText: string; bestIds: Int32Array; bestScore: number;
  temperature: number;      // τ of the next step
}

export interface CgmhRun {
  /** n more steps (0 to 10^6): their records and the state after them. */
  step(n: number): CgmhState & { records: CgmhRecords };
  stats(): CgmhState;
  delete(): void;
}

export interface GibbsRun {
  /** n more steps of every chain (0 allowed); at most 10^6 records per call. */
  run(n: number): { records: GibbsRecords; steps: number; texts: string[]; scores: Float64Array };
  /** score: Σ over free positions of the model's log p of the token there when it was drawn
   *  (positions not drawn yet add 0). bestScores: −Infinity until every free position was drawn. */
  stats(): {
    steps: number; chains: number; texts: string[]; scores: Float64Array;
    bestScores: Float64Array; bestTexts: (string | null)[];
    ids: Int32Array[];        // each chain's body (no [CLS]/[SEP])
    free: Uint8Array;         // 1 at free positions of the body
    temperature: number;      // T of the next step
  };
  /** Σ over free positions holding a token of log p(x_i | rest) with x_i masked: one forward pass per position. */
  pseudoLogLikelihood(chain: number): number;
  delete(): void;
}

/** One chunk's proposals, as parallel arrays (step by step, chain by chain). */
export interface MhGibbsRecords {
  chain: Int32Array;
  step: Float64Array;
  position: Int32Array;       // index in the body: 0 is the first token after [CLS]
  oldId: Int32Array; newId: Int32Array;   // the token there and the one proposed
  logQ: Float64Array;         // log q(newId): the step's distribution (T, top-k or burn-in)
  logQReverse: Float64Array;  // log q(oldId) in the same masked context (−Infinity outside the top k)
  energyNew: Float64Array;    // E of the proposal
  logRatio: Float64Array;     // E(x) − E(x′) + log q(oldId) − log q(newId)
  accepted: Uint8Array;
  energy: Float64Array;       // the chain's energy after the step
}

export interface MhGibbsState {
  steps: number; chains: number; texts: string[];
  /** E(x) = −Σ over every body position t of log p(x_t | x with t masked) (T = 1, whole
   *  vocabulary); the chains' stationary law is ∝ exp(−E). */
  energies: Float64Array;
  bestEnergies: Float64Array; bestTexts: string[];
  proposals: Float64Array; acceptances: Float64Array;   // per chain
  ids: Int32Array[];          // each chain's body (no [CLS]/[SEP])
  free: Uint8Array;           // 1 at free positions of the body
}

export interface MhGibbsRun {
  /** n more steps of every chain (0 allowed); at most 10^6 records per call. */
  run(n: number): MhGibbsState & { records: MhGibbsRecords };
  stats(): MhGibbsState;
  delete(): void;
}

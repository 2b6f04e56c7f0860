// Worker for the text family: owns one wasm instance, the loaded masked LMs (TextModel)
// and the run of the current session: a GibbsRun, or an MhGibbsRun (MH-corrected Gibbs)
// when spec.options.sampler is 'mh-gibbs'.
//
// Models: the shipped one is fetched from its folder (same origin, relative to the page)
// with a progress read-out; a user's folder arrives as bytes. Keys starting with
// "custom:" replace every other custom model.
//
// Runs: run(runId, spec, onChunk) steps the session's GibbsRun until every chain has
// spec.steps steps, in chunks sized to take about CHUNK_MS (one step per chunk when the
// page wants to watch), and awaits onChunk after each (backpressure). Pausing is a cancel
// of the run: the GibbsRun stays, and the next run with the same session key continues it
// (the core's chains do not depend on how a run is cut into chunks). reset() deletes it.
import * as Comlink from 'comlink';
import createSamplingModule from '@wasm/sampling-text.js';
import wasmUrl from '@wasm/sampling-text.wasm?url';
import { wasmModule, asError } from './module.js';
import { runChunks, cancelRun } from './chunked-run.js';
import { nextChunkSize } from './chunk-size.js';

/** This lab's wasm module (sampling-text.wasm), one instance per worker. */
const sampling = wasmModule(createSamplingModule, wasmUrl);

const CHUNK_MS = 50;
const MAX_CHUNK = 512;
const PROGRESS_MS = 80;
/** Records of a chunk sent to the page (its table shows the last ones). */
const RECORD_TAIL = 80;

const models = new Map(); // key → { model, tokens: string[], info }
const loading = new Map(); // key → Promise of the entry (one download per model)
/** { key, modelKey, run: GibbsRun | MhGibbsRun, mh: boolean, k } */
let session = null;

function entry(key) {
  const e = models.get(key);
  if (!e) throw new Error(`model "${key}" is not loaded`);
  return e;
}

/** Bytes of `url`, reporting { file, loaded, total } at most every PROGRESS_MS. */
async function fetchBytes(url, file, onProgress) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not fetch ${url}: HTTP ${response.status}`);
  const total = Number(response.headers.get('Content-Length')) || 0;
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const parts = [];
  let loaded = 0;
  let last = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    loaded += value.length;
    const now = performance.now();
    if (onProgress && now - last > PROGRESS_MS) {
      last = now;
      onProgress({ file, loaded, total });
    }
  }
  onProgress?.({ file, loaded, total: total || loaded });
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(loaded);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

function plainInfo(e) {
  return { ...e.info };
}

function freeSession() {
  if (!session) return;
  session.run.delete();
  session = null;
}

/** The module's GibbsRun (or MhGibbsRun) options from the page's spec. */
function runOptions(spec) {
  const o = spec.options;
  const options = {
    template: o.template,
    topK: o.topK,
    burnIn: o.burnIn,
    seed: o.seed,
    chains: o.chains,
    start: o.start === 'text' ? o.startText : o.start,
  };
  if (o.sampler === 'mh-gibbs') return { ...options, temperature: o.temperature };  // random order, no annealing
  options.order = o.order;
  if (spec.anneal) options.anneal = { from: spec.anneal.from, to: spec.anneal.to, steps: spec.steps };
  else options.temperature = o.temperature;
  return options;
}

/**
 * What the page shows after a chunk: the last records and, per chain, the step's changes.
 * The value charted per step is the score: for MH-corrected Gibbs −E, the sum over every
 * position of log p(x_t | the rest) (its records also say whether the proposal was
 * accepted; a rejected one is a kept cell).
 */
function chunkMessage(e, out, stats, firstStep, mh, temperature) {
  const r = out.records;
  const chains = stats.chains;
  const n = r.chain.length;
  const k = out.steps - firstStep;
  // Value after each step of the chunk, per chain: every (step, chain) has at least one
  // record, and all of its records carry the value after it.
  const scores = Array.from({ length: chains }, () => new Float64Array(k));
  const changed = Array.from({ length: chains }, () => []);
  const kept = Array.from({ length: chains }, () => []);
  for (let i = 0; i < n; i++) {
    const c = r.chain[i];
    scores[c][r.step[i] - firstStep] = mh ? -r.energy[i] : r.score[i];
    if (r.step[i] === out.steps - 1) {
      changed[c].push(r.position[i]);
      if (r.oldId[i] === r.newId[i] || (mh && !r.accepted[i])) kept[c].push(r.position[i]);
    }
  }
  const tail = [];
  for (let i = Math.max(0, n - RECORD_TAIL); i < n; i++) {
    const record = { chain: r.chain[i], step: r.step[i], position: r.position[i], old: e.tokens[r.oldId[i]], new: e.tokens[r.newId[i]] };
    if (mh) Object.assign(record, { p: Math.exp(r.logQ[i]), t: temperature, accepted: r.accepted[i] === 1 });
    else Object.assign(record, { p: r.prob[i], logp: r.logProb[i], t: r.temperature[i] });
    tail.push(record);
  }
  return {
    steps: out.steps,
    firstStep,
    scores,
    records: tail,
    recordCount: n,
    chains: stats.ids.map((ids, c) => {
      const chain = { tokens: Array.from(ids, (id) => e.tokens[id]), text: stats.texts[c], changed: changed[c], kept: kept[c] };
      if (!mh) return { ...chain, score: stats.scores[c], best: stats.bestScores[c] };
      return { ...chain, energy: stats.energies[c], best: stats.bestEnergies[c], proposals: stats.proposals[c], acceptances: stats.acceptances[c] };
    }),
  };
}

/** Fetches (or takes) the three files and builds the model's entry. */
async function load(key, source, onProgress) {
  const m = await sampling();
  let files = source;
  if (source.folder) {
    const base = source.folder;
    const names = source.files;
    // The small files first: a wrong folder fails before the large download.
    const config = await fetchBytes(new URL(names.config, base).href, names.config, onProgress);
    const vocab = await fetchBytes(new URL(names.vocab, base).href, names.vocab, onProgress);
    const weights = await fetchBytes(new URL(names.weights, base).href, names.weights, onProgress);
    files = { config, vocab, weights };
  }
  onProgress?.({ parsing: true });
  let model;
  try {
    model = new m.TextModel(files.config, files.vocab, files.weights);
  } catch (e) {
    throw asError(e);
  }
  let config = {};
  try {
    config = JSON.parse(new TextDecoder().decode(files.config));
  } catch {
    // The module read it; only the summary shown on the page would miss.
  }
  const info = {
    ...model.info(),
    layers: config.num_hidden_layers,
    hidden: config.hidden_size,
    heads: config.num_attention_heads,
  };
  const e = { model, tokens: [...model.tokens()], info };
  if (key.startsWith('custom:')) {
    for (const [k, old] of models) {
      if (k.startsWith('custom:')) {
        if (session?.modelKey === k) freeSession();
        old.model.delete();
        models.delete(k);
      }
    }
  }
  models.set(key, e);
  return e;
}

const api = {
  async init() {
    try {
      const m = await sampling();
      return { version: m.version(), presets: [...m.templatePresets()] };
    } catch (e) {
      throw asError(e);
    }
  },

  hasModel(key) {
    return models.has(key);
  },

  /**
   * Loads a model under `key` from { folder, files: { config, vocab, weights } } (fetched,
   * same origin, progress through onProgress) or { config, vocab, weights } (bytes).
   * Resolves { vocabSize, maxLength, ... } of the module plus the parsed config.json.
   */
  async loadModel(key, source, onProgress) {
    if (models.has(key)) return plainInfo(models.get(key));
    if (!loading.has(key)) {
      loading.set(key, load(key, source, onProgress));
      loading.get(key).finally(() => loading.delete(key)).catch(() => {});
    }
    return plainInfo(await loading.get(key));
  },

  /** The template as the model reads it: { tokens, free } (throws the core's message). */
  async template(key, pattern) {
    await sampling();
    try {
      const t = entry(key).model.template(pattern);
      return { tokens: [...t.tokens], free: Array.from(t.free, Boolean) };
    } catch (e) {
      throw asError(e);
    }
  },

  /** τ at `n` evenly spaced steps of the annealing schedule: { steps, values }. */
  async schedule(anneal, steps, n) {
    const m = await sampling();
    try {
      const all = m.annealingSchedule({ from: anneal.from, to: anneal.to, steps });
      const count = Math.min(n, steps);
      const xs = new Float64Array(count);
      const ys = new Float64Array(count);
      for (let i = 0; i < count; i++) {
        const step = count === 1 ? 0 : Math.round((i * (steps - 1)) / (count - 1));
        xs[i] = step + 1;
        ys[i] = all[step];
      }
      return { steps: xs, values: ys };
    } catch (e) {
      throw asError(e);
    }
  },

  /** Deletes the session's run (a new run starts from scratch). */
  reset() {
    freeSession();
  },

  /** Pseudo-log-likelihood of every chain of the session `key` (a Gibbs run). */
  async pll(key) {
    await sampling();
    if (!session || session.key !== key) throw new Error('the run is gone: sample again');
    if (session.mh) throw new Error('the MH-corrected chains show their energy instead');
    try {
      const out = [];
      for (let c = 0; c < session.run.stats().chains; c++) out.push(session.run.pseudoLogLikelihood(c));
      return out;
    } catch (e) {
      throw asError(e);
    }
  },

  /**
   * Steps the session `spec.key` until every chain has spec.steps steps (a new session
   * starts a GibbsRun, or an MhGibbsRun, with spec's options on model spec.modelKey).
   * onChunk(message) is awaited after every chunk. Resolves { status: 'done' | 'cancelled' }.
   */
  async run(runId, spec, onChunk) {
    const m = await sampling();
    try {
      const e = entry(spec.modelKey);
      if (!session || session.key !== spec.key) {
        freeSession();
        const mh = spec.options.sampler === 'mh-gibbs';
        const Run = mh ? m.MhGibbsRun : m.GibbsRun;
        session = { key: spec.key, modelKey: spec.modelKey, run: new Run(e.model, runOptions(spec)), mh, k: 1 };
      }
    } catch (e) {
      throw asError(e);
    }
    const e = entry(spec.modelKey);
    const { run, mh } = session;
    return runChunks(runId, onChunk, () => {
      const done = run.stats().steps;
      if (done >= spec.steps) return null;
      const size = spec.watch ? 1 : Math.max(1, Math.min(session.k, spec.steps - done));
      const t0 = performance.now();
      let out;
      let stats;
      try {
        out = run.run(size);
        stats = run.stats();
      } catch (err) {
        throw asError(err);
      }
      const elapsed = performance.now() - t0;
      session.k = nextChunkSize(size, elapsed, CHUNK_MS, MAX_CHUNK);
      const msg = chunkMessage(e, out, stats, done, mh, spec.options.temperature);
      msg.elapsed = elapsed;
      return msg;
    });
  },

  cancel: cancelRun,
};

Comlink.expose(api);

// Worker of the CGMH lab: owns one wasm instance, the shipped poetry models (the BERT
// whose masked LM proposes the edits, the n-gram whose probability is π), loaded once,
// and the CgmhRun of the current session.
//
// run(runId, spec, onChunk) steps the session's CgmhRun until it has spec.steps steps, in
// chunks sized to take about CHUNK_MS (one step per chunk when the page wants to watch),
// and awaits onChunk after each (backpressure). Pausing is a cancel of the run: the
// CgmhRun stays, and the next run with the same session key continues it (the core's
// chain does not depend on how a run is cut into chunks). reset() deletes it.
import * as Comlink from 'comlink';
import createSamplingModule from '@wasm/sampling-text.js';
import wasmUrl from '@wasm/sampling-text.wasm?url';
import { wasmModule, asError } from './module.js';
import { runChunks, cancelRun } from './chunked-run.js';
import { nextChunkSize } from './chunk-size.js';

/** This lab's wasm module (sampling-text.wasm), one instance per worker. */
const sampling = wasmModule(createSamplingModule, wasmUrl);

const CHUNK_MS = 60;
const MAX_CHUNK = 256;
/** Records of a chunk sent to the page (its table shows the last ones). */
const RECORD_TAIL = 60;
const MOVES = ['replace', 'insert', 'delete'];
/** The shipped models, relative to the site's root. */
const FILES = {
  config: 'models/poetry-bert/config.json',
  vocab: 'models/poetry-bert/vocab.txt',
  weights: 'models/poetry-bert/model.safetensors',
  ngram: 'models/poetry-ngram/poetry-ngram.bin',
};

let models = null; // Promise of { model, ngram, tokens, info }
let session = null; // { key, run: CgmhRun, k }

async function fetchBytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not fetch ${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** Fetches the four files (the small ones first), reporting { file, done, total }; builds the models. */
async function load(base, onProgress) {
  const m = await sampling();
  const names = Object.keys(FILES);
  const bytes = {};
  for (const [i, name] of names.entries()) {
    onProgress?.({ file: FILES[name].split('/').pop(), done: i, total: names.length });
    bytes[name] = await fetchBytes(new URL(FILES[name], base).href);
  }
  onProgress?.({ parsing: true });
  const model = new m.TextModel(bytes.config, bytes.vocab, bytes.weights);
  let ngram;
  try {
    ngram = new m.NgramModel(bytes.ngram);
  } catch (e) {
    model.delete();
    throw e;
  }
  const info = { ...model.info(), ...Object.fromEntries(Object.entries(ngram.info()).map(([k, v]) => [`ngram${k[0].toUpperCase()}${k.slice(1)}`, v])) };
  return { model, ngram, tokens: [...model.tokens()], info };
}

function loaded() {
  if (!models) throw new Error('the models are not loaded');
  return models;
}

function freeSession() {
  if (!session) return;
  session.run.delete();
  session = null;
}

/** The module's CgmhRun options from the page's spec. */
function runOptions(spec) {
  const o = spec.options;
  const options = { keywords: o.keywords, topK: o.topK, lengthBonus: o.lengthBonus, seed: o.seed };
  if (o.template) options.template = o.template;
  else options.maxLength = o.maxLength;
  if (spec.anneal) options.anneal = { from: spec.anneal.from, to: spec.anneal.to, steps: spec.steps };
  return options;
}

/**
 * The last proposal as cells of text: the sentence it started from with the edit in place
 * (replace: the new token; insert: the new token added; delete: the token marked), and
 * whether it was accepted. `after` is the state after the step.
 */
function lastProposal(r, i, after, tokens) {
  if (!r.proposed[i]) return null;
  const move = MOVES[r.move[i]];
  const pos = r.position[i];
  const accepted = r.accepted[i] === 1;
  const cells = Array.from(after.ids, (id, j) => ({ token: tokens[id], keyword: after.keywordOf[j] >= 0 }));
  // Back to the sentence before the step when the edit was made.
  if (accepted) {
    if (move === 'replace') cells[pos] = { token: tokens[r.oldId[i]], keyword: false };
    else if (move === 'insert') cells.splice(pos, 1);
    else cells.splice(pos, 0, { token: tokens[r.oldId[i]], keyword: false });
  }
  if (move === 'replace') cells[pos] = { token: tokens[r.newId[i]], keyword: false, edit: 'replace', old: tokens[r.oldId[i]] };
  else if (move === 'insert') cells.splice(pos, 0, { token: tokens[r.newId[i]], keyword: false, edit: 'insert' });
  else cells[pos] = { ...cells[pos], edit: 'delete' };
  return { move, position: pos, accepted, ratio: Math.min(1, Math.exp(r.logRatio[i])), cells };
}

/** What the page shows after a chunk. */
function chunkMessage(e, out, firstStep) {
  const r = out.records;
  const n = r.step.length;
  const tail = [];
  for (let i = Math.max(0, n - RECORD_TAIL); i < n; i++) {
    tail.push({
      step: r.step[i],
      move: MOVES[r.move[i]],
      proposed: r.proposed[i] === 1,
      position: r.position[i],
      old: r.oldId[i] >= 0 ? e.tokens[r.oldId[i]] : null,
      new: r.newId[i] >= 0 ? e.tokens[r.newId[i]] : null,
      ratio: Math.min(1, Math.exp(r.logRatio[i])),
      accepted: r.accepted[i] === 1,
      t: r.temperature[i],
    });
  }
  let last = n - 1;
  while (last >= 0 && !r.proposed[last]) last--;
  return {
    steps: out.steps,
    firstStep,
    scores: r.score,
    records: tail,
    proposal: last >= 0 ? lastProposal(r, last, out, e.tokens) : null,
    state: {
      cells: Array.from(out.ids, (id, j) => ({ token: e.tokens[id], keyword: out.keywordOf[j] >= 0 })),
      text: out.text,
      score: out.score,
      bestText: out.bestText,
      bestTokens: Array.from(out.bestIds, (id) => e.tokens[id]),
      bestScore: out.bestScore,
      temperature: out.temperature,
      moves: out.moves,
    },
  };
}

const api = {
  async init() {
    try {
      const m = await sampling();
      return { version: m.version() };
    } catch (e) {
      throw asError(e);
    }
  },

  /** Loads the shipped models from the site's root `base` (once); resolves their info. */
  async loadModels(base, onProgress) {
    if (!models) {
      const promise = load(base, onProgress);
      models = promise;
      promise.catch(() => { if (models === promise) models = null; });
    }
    try {
      return { ...(await models).info };
    } catch (e) {
      throw asError(e);
    }
  },

  /** The template as the model reads it: { tokens, free } (throws the core's message). */
  async template(pattern) {
    const e = await loaded();
    try {
      const t = e.model.template(pattern);
      return { tokens: [...t.tokens], free: Array.from(t.free, Boolean) };
    } catch (err) {
      throw asError(err);
    }
  },

  /** τ at every step of the annealing schedule {from, to} over `steps` steps. */
  async schedule(anneal, steps) {
    const m = await sampling();
    try {
      return m.annealingSchedule({ from: anneal.from, to: anneal.to, steps });
    } catch (e) {
      throw asError(e);
    }
  },

  /** Deletes the session's run (a new run starts from scratch). */
  reset() {
    freeSession();
  },

  /**
   * Steps the session spec.key until it has spec.steps steps (a new session starts a
   * CgmhRun with spec's options). Its first chunk is the start (0 steps, the score of the
   * keywords alone). onChunk(message)
   * is awaited after every chunk. Resolves { status: 'done' | 'cancelled' }.
   */
  async run(runId, spec, onChunk) {
    try {
      const m = await sampling();
      const e = await loaded();
      if (!session || session.key !== spec.key) {
        freeSession();
        session = { key: spec.key, run: new m.CgmhRun(e.model, e.ngram, runOptions(spec)), k: 1 };
        const start = session.run.step(0);
        await onChunk({ ...chunkMessage(e, start, 0), scores: Float64Array.of(start.score), elapsed: 0 });
      }
      const run = session.run;
      return await runChunks(runId, onChunk, () => {
        const done = run.stats().steps;
        if (done >= spec.steps) return null;
        const size = spec.watch ? 1 : Math.max(1, Math.min(session.k, spec.steps - done));
        const t0 = performance.now();
        const out = run.step(size);
        const elapsed = performance.now() - t0;
        session.k = nextChunkSize(size, elapsed, CHUNK_MS, MAX_CHUNK);
        return { ...chunkMessage(e, out, done), elapsed };
      });
    } catch (err) {
      throw asError(err);
    }
  },

  cancel: cancelRun,
};

Comlink.expose(api);

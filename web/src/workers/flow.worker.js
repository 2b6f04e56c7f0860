// Worker for the flow family: owns one wasm instance, the shipped FlowModels and the
// FlowTrainers of the current training session.
//
// A "slot" per method holds what samples come from: a trainer of the current session if
// there is one, else the shipped model for the dataset (if any). The page asks for
// samples and metrics one method at a time, so while a training run is going, those
// small requests slip in between its chunks (the run yields after every chunk).
//
// Training: run(runId, session, onChunk) trains the session's methods round-robin, one
// method per chunk, with k steps chosen so a chunk takes about CHUNK_MS. Pausing is a
// cancel of the run; the trainers stay, and the next run with the same session key
// continues them. reset() deletes them. A diverging step throws out of train(k): the
// run stops with that message, the trainer keeps its last good weights. A session that
// continues from the loaded weights (spec.initUrls) starts each trainer from the shipped
// file (FlowTrainer's init); its steps count from there.
import * as Comlink from 'comlink';
import createSamplingModule from '@wasm/sampling-flow.js';
import wasmUrl from '@wasm/sampling-flow.wasm?url';
import { wasmModule, asError } from './module.js';
import { runChunks, cancelRun } from './chunked-run.js';

/** This lab's wasm module (sampling-flow.wasm), one instance per worker. */
const sampling = wasmModule(createSamplingModule, wasmUrl);

const CHUNK_MS = 40;
const MAX_K = 200;

/** url → Promise<FlowModel | null> (null: no such file). */
const shipped = new Map();
/** url → Promise<Uint8Array | null>: the shipped files' bytes (null: no such file). */
const shippedBytes = new Map();
/** The training session: { key, data, trainers: Map(method → { trainer, losses: number[], base }) }
 *  (base: the step the trainer started at, the loaded file's steps or 0). */
let session = null;

/**
 * Noise floor of the energy distance between two sets of n points: the estimator is
 * unbiased, so two sets from the same distribution give values scattered around 0.
 * Twice the root mean square of NOISE_PAIRS such distances (independent target sets,
 * fixed seeds) ≈ 2 standard errors; a distance below it is not told apart from 0.
 */
const NOISE_PAIRS = 4;
const noiseCache = new Map();
function noiseFloor(m, data, n, seed) {
  const key = `${JSON.stringify(data)}|${n}|${seed}`;
  if (!noiseCache.has(key)) {
    let sum = 0;
    for (let k = 0; k < NOISE_PAIRS; k++) {
      const a = m.datasetSample(moduleData(data), n, seed + 1000 + 2 * k);
      const b = m.datasetSample(moduleData(data), n, seed + 1001 + 2 * k);
      const d = m.energyDistance(a, b);
      sum += d * d;
    }
    noiseCache.set(key, 2 * Math.sqrt(sum / NOISE_PAIRS));
  }
  return noiseCache.get(key);
}

/** The module's dataset argument: a name or { points, bandwidth? }. */
function moduleData(data) {
  if (typeof data === 'string') return data;
  const out = { points: Float64Array.from(data.points) };
  if (data.bandwidth !== undefined) out.bandwidth = data.bandwidth;
  return out;
}

function fetchBytes(url) {
  if (!shippedBytes.has(url)) {
    shippedBytes.set(url, (async () => {
      const res = await fetch(url);
      if (res.status === 404) return null;
      if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
      return new Uint8Array(await res.arrayBuffer());
    })());
    shippedBytes.get(url).catch(() => shippedBytes.delete(url));
  }
  return shippedBytes.get(url);
}

async function loadShipped(url) {
  if (!shipped.has(url)) {
    shipped.set(url, (async () => {
      const m = await sampling();
      const bytes = await fetchBytes(url);
      return bytes ? new m.FlowModel(bytes) : null;
    })());
    shipped.get(url).catch(() => shipped.delete(url));
  }
  return shipped.get(url);
}

/** What samples `method` now: { kind: 'trained' | 'shipped' | 'none', source }. */
async function sourceFor(view, method) {
  if (session && session.key === view.sessionKey && session.trainers.has(method)) {
    return { kind: 'trained', source: session.trainers.get(method).trainer };
  }
  if (view.shippedUrls?.[method]) {
    const model = await loadShipped(view.shippedUrls[method]);
    if (model) return { kind: 'shipped', source: model };
  }
  return { kind: 'none', source: null };
}

/** Steps trained in this session (after the loaded weights' own, if it continues from them). */
function stepsOf(method) {
  const entry = session?.trainers.get(method);
  return entry ? entry.trainer.step() - entry.base : 0;
}

const api = {
  async init() {
    try {
      const m = await sampling();
      return { version: m.version(), datasets: [...m.flowDatasets()] };
    } catch (e) {
      throw asError(e);
    }
  },

  /** Target points: n × 2 from the dataset (or drawn cloud). */
  async target(data, n, seed) {
    const m = await sampling();
    try {
      const p = Float32Array.from(m.datasetSample(moduleData(data), n, seed));
      return Comlink.transfer(p, [p.buffer]);
    } catch (e) {
      throw asError(e);
    }
  },

  /**
   * Samples of one method for the view: { kind, step, points, trajectory? }.
   * view: { sessionKey, shippedUrls: { method: url } }; trajectory: { nfe, n } draws a
   * few multi-step paths and one-step jumps from the same noise (seed).
   */
  async sample(view, method, nfe, n, seed, trajectory) {
    await sampling();
    try {
      const { kind, source } = await sourceFor(view, method);
      if (!source) return { kind, step: 0 };
      const s = source.sample(nfe, n, seed, false);
      const out = { kind, step: kind === 'trained' ? stepsOf(method) : null, points: Float32Array.from(s.points) };
      if (kind === 'trained') out.start = session.trainers.get(method).base;
      const buffers = [out.points.buffer];
      if (trajectory) {
        const multi = source.sample(trajectory.nfe, trajectory.n, seed + 1, true);
        const one = source.sample(1, trajectory.n, seed + 1, true);
        out.path = Float32Array.from(multi.trajectory);
        out.pathSteps = trajectory.nfe;
        out.jump = Float32Array.from(one.trajectory);
        buffers.push(out.path.buffer, out.jump.buffer);
      }
      return Comlink.transfer(out, buffers);
    } catch (e) {
      throw asError(e);
    }
  },

  /** Energy distance of `method` at each NFE against fresh target samples (fixed seeds). */
  async quality(view, method, data, nfes, n, seed) {
    const m = await sampling();
    try {
      const { kind, source } = await sourceFor(view, method);
      if (!source) return { kind, values: null };
      const target = m.datasetSample(moduleData(data), n, seed);
      const values = [];
      for (const nfe of nfes) {
        const s = source.sample(nfe, n, seed + 1, false);
        let value = NaN;  // shown as "—" when a set is unusable (the core says why)
        try {
          value = m.energyDistance(s.points, target);
        } catch {
          // a non-finite point: no distance
        }
        values.push(value);
      }
      return { kind, values, noise: noiseFloor(m, data, n, seed) };
    } catch (e) {
      throw asError(e);
    }
  },

  /** Steps and losses of the current session (for a page that comes back to it). */
  sessionInfo(key) {
    if (!session || session.key !== key) return null;
    const out = {};
    for (const [method, entry] of session.trainers) out[method] = { step: stepsOf(method), losses: entry.losses.slice() };
    return out;
  },

  /** Deletes the trainers (the view falls back to the shipped weights). */
  reset() {
    if (!session) return;
    for (const { trainer } of session.trainers.values()) trainer.delete();
    session = null;
  },

  /**
   * Trains until every method of `spec` has spec.steps steps. spec: { key, methods,
   * options: FlowTrainerOptions without method, initUrls?: { method: url } (continue from
   * these weights files) }. onChunk({ method, step, losses,
   * steps: { method: step }, elapsed }) is awaited after every chunk. Resolves
   * { status: 'done' | 'cancelled' }; a diverging step rejects with the module's Error.
   */
  async run(runId, spec, onChunk) {
    const m = await sampling();
    try {
      if (!session || session.key !== spec.key) {
        api.reset();
        session = { key: spec.key, trainers: new Map() };
      }
      for (const method of spec.methods) {
        if (!session.trainers.has(method)) {
          const options = { ...spec.options, method, data: moduleData(spec.options.data) };
          const url = spec.initUrls?.[method];
          if (url) {
            options.init = await fetchBytes(url);
            if (!options.init) throw new Error(`no pretrained weights at ${url}`);
          }
          const trainer = new m.FlowTrainer(options);
          session.trainers.set(method, { trainer, losses: [], k: 2, base: trainer.step() });
        }
      }
    } catch (e) {
      throw asError(e);
    }
    let turn = 0;
    return runChunks(runId, onChunk, () => {
      const pending = spec.methods.filter((meth) => stepsOf(meth) < spec.steps);
      if (pending.length === 0) return null;
      const method = pending[turn++ % pending.length];
      const entry = session.trainers.get(method);
      const size = Math.max(1, Math.min(entry.k, spec.steps - stepsOf(method)));
      const t0 = performance.now();
      let losses;
      try {
        losses = Array.from(entry.trainer.train(size));
      } catch (e) {
        throw asError(e);
      }
      const elapsed = performance.now() - t0;
      entry.losses.push(...losses);
      entry.k = Math.max(1, Math.min(MAX_K, Math.round(size * Math.min(4, Math.max(0.25, CHUNK_MS / Math.max(elapsed, 0.5))))));
      const steps = {};
      for (const meth of spec.methods) steps[meth] = stepsOf(meth);
      return { method, step: stepsOf(method), losses, steps, elapsed };
    });
  },

  cancel: cancelRun,
};

Comlink.expose(api);

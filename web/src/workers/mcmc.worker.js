// Worker for the mcmc family: owns one wasm instance and runs samplers in chunks.
//
// The page talks to it through Comlink. A run advances `McmcRun.run(k)` with k chosen
// so that one chunk takes about CHUNK_MS, sends each chunk and the running stats back
// through a Comlink.proxy callback (awaiting it: backpressure), then yields to the
// event loop so a cancel message can get through. The C++ object is freed with
// .delete() when the run ends, is cancelled, or fails.
import * as Comlink from 'comlink';
import createSamplingModule from '@wasm/sampling-mcmc.js';
import wasmUrl from '@wasm/sampling-mcmc.wasm?url';
import { wasmModule, macrotask, asError } from './module.js';
import { CHAIN_SAMPLERS } from '../demos/mcmc/schema.js';

/** This lab's wasm module (sampling-mcmc.wasm), one instance per worker. */
const sampling = wasmModule(createSamplingModule, wasmUrl);

const CHUNK_MS = 30;
/** At least this many chunks per run (when the run is long enough), so chains animate. */
const MIN_CHUNKS = 40;
const STATS_MIN_INTERVAL_MS = 60;

const cancelled = new Set();

function plainChunk(c) {
  return {
    x: Float64Array.from(c.x),
    y: Float64Array.from(c.y),
    chains: c.chains,
    accepted: Uint8Array.from(c.accepted),
    logWeight: c.logWeight ? Float64Array.from(c.logWeight) : undefined,
    temperature: c.temperature ? Float64Array.from(c.temperature) : undefined,
  };
}

function plainStats(s) {
  return {
    sampler: s.sampler,
    target: s.target,
    n: s.n,
    proposals: s.proposals,
    acceptanceRate: s.acceptanceRate,
    mean: [s.mean[0], s.mean[1]],
    variance: [s.variance[0], s.variance[1]],
    ess: [s.ess[0], s.ess[1]],
    meanSe: [s.meanSe[0], s.meanSe[1]],
    trueMean: [s.trueMean[0], s.trueMean[1]],
    trueVariance: [s.trueVariance[0], s.trueVariance[1]],
    region: s.region ? { ...s.region } : undefined,
    massOutside: s.massOutside ?? undefined,
    rhat: s.rhat ? [s.rhat[0], s.rhat[1]] : null,
    acfX: Float64Array.from(s.acfX ?? []),
    acfY: Float64Array.from(s.acfY ?? []),
    logBound: s.logBound ?? undefined,
    best: s.best ? { x: s.best.x, y: s.best.y, logDensity: s.best.logDensity } : undefined,
  };
}

function transferables(chunk) {
  return [chunk.x, chunk.y, chunk.accepted, chunk.logWeight, chunk.temperature]
    .filter(Boolean)
    .map((a) => a.buffer);
}

function countAccepted(flags) {
  let a = 0;
  for (const f of flags) a += f;
  return a;
}

/** First chunk size: small enough to be quick for any sampler; adapted afterwards. */
function initialChunk(options) {
  const chains = CHAIN_SAMPLERS.includes(options.sampler) ? options.chains ?? 4 : 1;
  const cost = options.sampler === 'hmc' ? options.leapfrogSteps ?? 10 : 1;
  return Math.max(1, Math.floor(4000 / (chains * cost)));
}

const api = {
  /** Loads the module; resolves with what the page needs to know about it. */
  async init() {
    try {
      const m = await sampling();
      return { version: m.version(), targets: [...m.mcmcTargets()], samplers: [...m.mcmcSamplers()] };
    } catch (e) {
      throw asError(e);
    }
  },

  /** Log density on a grid, for the heatmap. */
  async densityGrid(target, nx, ny, box) {
    const m = await sampling();
    try {
      // The binding wants all four arguments: pass the target's own box when none is given.
      const g = m.densityGrid(target, nx, ny, box ?? m.targetBox(target));
      const out = { box: { ...g.box }, nx: g.nx, ny: g.ny, logDensity: Float64Array.from(g.logDensity) };
      return Comlink.transfer(out, [out.logDensity.buffer]);
    } catch (e) {
      throw asError(e);
    }
  },

  async targetBox(target) {
    const m = await sampling();
    try {
      const b = m.targetBox(target);
      return { xmin: b.xmin, xmax: b.xmax, ymin: b.ymin, ymax: b.ymax };
    } catch (e) {
      throw asError(e);
    }
  },

  /**
   * Runs one sampler: `n` kept draws per chain (rejection: n accepted draws;
   * importance: n weighted draws). onChunk({ chunk, stats, done, total, elapsed }) is
   * awaited after every chunk; `stats` may be null when it was not recomputed for this
   * chunk (the core's stats() costs O(draws so far), so it is spaced out on long runs;
   * the last chunk always has it). Resolves { status: 'done' | 'cancelled', stats }.
   */
  async run(runId, options, n, onChunk) {
    const m = await sampling();
    let run;
    try {
      run = new m.McmcRun(options);
    } catch (e) {
      throw asError(e);
    }
    try {
      let done = 0;
      let k = initialChunk(options);
      const maxK = Math.max(1, Math.ceil(n / MIN_CHUNKS));
      let stats = null;
      let statsCost = 0;
      let lastStats = -Infinity;
      while (done < n) {
        if (cancelled.has(runId)) return { status: 'cancelled', stats };
        const size = Math.min(k, maxK, n - done);
        const t = performance.now();
        let chunk;
        let fresh = null;
        try {
          chunk = plainChunk(run.run(size));
          // Rejection's run(k) proposes until k more are accepted (or gives up early).
          done += options.sampler === 'rejection' ? countAccepted(chunk.accepted) : size;
          const now = performance.now();
          if (done >= n || now - lastStats >= Math.max(STATS_MIN_INTERVAL_MS, 5 * statsCost)) {
            fresh = plainStats(run.stats());
            lastStats = performance.now();
            statsCost = lastStats - now;
            stats = fresh;
          }
        } catch (e) {
          throw asError(e);
        }
        const elapsed = performance.now() - t;
        await onChunk(Comlink.transfer({ chunk, stats: fresh, done: Math.min(done, n), total: n, elapsed },
          transferables(chunk)));
        const sampleTime = Math.max(elapsed - (fresh ? statsCost : 0), 0.5);
        k = Math.max(1, Math.round(size * Math.min(4, Math.max(0.25, CHUNK_MS / sampleTime))));
        await macrotask();
      }
      return { status: 'done', stats };
    } finally {
      cancelled.delete(runId);
      run.delete();
    }
  },

  /** Asks run `runId` to stop at its next chunk boundary. */
  cancel(runId) {
    cancelled.add(runId);
  },
};

Comlink.expose(api);

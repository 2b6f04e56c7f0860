// Worker for the tokenize family: owns one wasm instance and the loaded tokenizer
// models, and samples segmentations in chunks.
//
// Shipped models are fetched once (same-origin URL given by the page) and cached by
// key; a user's file is sent as bytes and replaces the previous user file. A run
// samples every requested method the same number of times, round-robin, each
// `TokenizeRun.run(k)` call sized to take about CHUNK_MS, and streams the new counts
// through a Comlink.proxy callback (awaited: backpressure). Between rounds it yields
// to the event loop so a cancel message gets through. C++ objects are freed with
// .delete() when replaced or when a run ends.
import * as Comlink from 'comlink';
import createSamplingModule from '@wasm/sampling-tokenize.js';
import wasmUrl from '@wasm/sampling-tokenize.wasm?url';
import { wasmModule, macrotask, asError } from './module.js';
import { KEY_SEP } from '../demos/tokenize/schema.js';

/** This lab's wasm module (sampling-tokenize.wasm), one instance per worker. */
const sampling = wasmModule(createSamplingModule, wasmUrl);

const CHUNK_MS = 30;
const FIRST_CHUNK = 100;

const models = new Map(); // key → TokenizerModel
const cancelled = new Set();

function model(key) {
  const m = models.get(key);
  if (!m) throw new Error(`model "${key}" is not loaded`);
  return m;
}

function plainInfo(info) {
  return { kind: info.kind, pieces: info.pieces, byteFallback: Boolean(info.byteFallback) };
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

  hasModel(key) {
    return models.has(key);
  },

  /**
   * Loads a model under `key` from { url } (fetched, same origin) or { bytes }.
   * Keys starting with "custom:" replace every other custom model. Resolves its info().
   */
  async loadModel(key, source) {
    const m = await sampling();
    if (models.has(key)) return plainInfo(models.get(key).info());
    let bytes = source.bytes;
    if (!bytes) {
      const response = await fetch(source.url);
      if (!response.ok) throw new Error(`could not fetch ${source.url}: HTTP ${response.status}`);
      bytes = new Uint8Array(await response.arrayBuffer());
    }
    let loaded;
    try {
      loaded = new m.TokenizerModel(bytes);
    } catch (e) {
      throw asError(e);
    }
    if (key.startsWith('custom:')) {
      for (const [k, old] of models) {
        if (k.startsWith('custom:')) {
          old.delete();
          models.delete(k);
        }
      }
    }
    models.set(key, loaded);
    return plainInfo(loaded.info());
  },

  /**
   * What does not need many draws: normalized text, the Viterbi segmentation, a few
   * draws of `method` (seeds seed, seed+1, …), the entropy and, when the text has at
   * most `cap` segmentations, the exact distribution (else exactError says why).
   */
  async analyze(key, text, { alpha, method, nbest, seed, draws = 5, cap = 10000 }) {
    await sampling();
    try {
      const tok = model(key);
      const viterbi = tok.segment(text, { method: 'viterbi', alpha, seed, nbest });
      const samples = [];
      if (method !== 'viterbi') {
        for (let i = 0; i < draws; i++) {
          samples.push([...tok.segment(text, { method, alpha, seed: seed + i, nbest }).pieces]);
        }
      }
      const entropy = tok.entropy(text, alpha);
      let exact = null;
      let exactError = null;
      try {
        const e = tok.exact(text, alpha, cap);
        exact = e.segmentations.map((s) => ({ pieces: [...s.pieces], probability: s.probability, score: s.score }));
      } catch (err) {
        exactError = asError(err).message;
      }
      return {
        normalized: viterbi.normalized,
        viterbi: { pieces: [...viterbi.pieces], score: viterbi.score },
        samples,
        entropy,
        exact,
        exactError,
      };
    } catch (e) {
      throw asError(e);
    }
  },

  /**
   * Draws `n` segmentations of `text` with each of `methods`. onChunk({ updates:
   * [{ method, counts: [[key, count], …], done, seconds }], total }) is awaited after
   * every round. Resolves { status: 'done' | 'cancelled', rates }.
   */
  async run(runId, key, text, { alpha, seed, nbest }, n, methods, onChunk) {
    const m = await sampling();
    const runs = [];
    try {
      const tok = model(key);
      for (const method of methods) {
        try {
          runs.push({ method, run: new m.TokenizeRun(tok, text, { method, alpha, seed, nbest }), done: 0, seconds: 0, k: FIRST_CHUNK });
        } catch (e) {
          throw asError(e);
        }
      }
      const perMethodMs = CHUNK_MS / Math.max(1, runs.length);
      while (runs.some((r) => r.done < n)) {
        if (cancelled.has(runId)) return { status: 'cancelled' };
        const updates = [];
        for (const r of runs) {
          if (r.done >= n) continue;
          const size = Math.min(r.k, n - r.done);
          const t = performance.now();
          let out;
          try {
            out = r.run.run(size);
          } catch (e) {
            throw asError(e);
          }
          const ms = Math.max(performance.now() - t, 0.05);
          r.seconds += ms / 1000;
          r.done += size;
          r.k = Math.max(1, Math.round(size * Math.min(4, Math.max(0.25, perMethodMs / ms))));
          updates.push({
            method: r.method,
            counts: out.map((c) => [c.pieces.join(KEY_SEP), c.count]),
            done: r.done,
            seconds: r.seconds,
          });
        }
        await onChunk({ updates, total: n });
        await macrotask();
      }
      return { status: 'done', rates: Object.fromEntries(runs.map((r) => [r.method, r.done / r.seconds])) };
    } finally {
      cancelled.delete(runId);
      for (const r of runs) r.run.delete();
    }
  },

  cancel(runId) {
    cancelled.add(runId);
  },

  /**
   * Goodness of fit of each sampler's counts to the exact distribution (core/stats through
   * the module): `probabilities` and `lengths` (pieces per segmentation) of the exact list;
   * per sampler its `observed` counts in that order and `extra` draws outside the list.
   * Two chi-square tests, on the segmentations (cells expected < 5 times pooled into "the
   * rest") and on the number of pieces (few cells, so it has power when the segmentations
   * are too many for the draws), the TV distance and the TV that as many exact draws have on
   * average. Resolves [{ method, n, tv, tvFloor, segments, pieces }].
   */
  async fit({ probabilities, lengths, observations }) {
    const m = await sampling();
    try {
      let longest = 0;
      for (const l of lengths) longest = Math.max(longest, l);
      const byLength = (values) => {
        const out = new Float64Array(longest + 1);
        for (let i = 0; i < values.length; i++) out[lengths[i]] += values[i];
        return out;
      };
      const pLength = byLength(probabilities);
      return observations.map(({ method, observed, extra }) => {
        let n = extra;
        for (const o of observed) n += o;
        if (n === 0) return { method, n };
        return {
          method,
          n,
          tv: m.totalVariation(observed, probabilities, extra),
          tvFloor: m.expectedTotalVariation(probabilities, n),
          segments: m.chiSquareTest(observed, probabilities, { extraObserved: extra }),
          pieces: m.chiSquareTest(byLength(observed), pLength, { extraObserved: extra }),
        };
      });
    } catch (e) {
      throw asError(e);
    }
  },
};

Comlink.expose(api);

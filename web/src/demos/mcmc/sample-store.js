// Everything a run has produced so far, per chain, as chunks stream in from the worker.
//
// Chunks are chain-major (chain c's k draws at [c*k, (c+1)*k)); the store splits them
// back into one series per chain, so pictures and the digest do not depend on how the
// run was cut into chunks.
import { GrowableArray } from '../../lib/growable-array.js';
import { fnv1a } from '../../lib/digest.js';

const DIGEST_PREFIX = 100; // first draws (over all chains) that enter the digest exactly
const MAX_REJECTED_KEPT = 200_000;

export class SampleStore {
  constructor(sampler) {
    this.sampler = sampler;
    this.kind = sampler === 'rejection' ? 'rejection' : sampler === 'importance' ? 'importance' : 'chains';
    this.chains = [];
    this.logWeight = new GrowableArray(Float64Array);
    this.temperature = new GrowableArray(Float32Array);
    this.maxLogWeight = -Infinity;
    this.stats = null;
    this.chunks = 0;
    this.proposals = 0;
    this.rejectedKept = 0;
  }

  get chainCount() {
    return this.chains.length;
  }

  chain(c) {
    return this.chains[c];
  }

  /** Total draws stored (rejection: accepted + the rejected proposals kept). */
  get count() {
    return this.chains.reduce((s, ch) => s + ch.x.length, 0);
  }

  add(chunk) {
    const C = chunk.chains;
    const k = C > 0 ? chunk.x.length / C : 0;
    while (this.chains.length < C) {
      this.chains.push({
        x: new GrowableArray(Float32Array),
        y: new GrowableArray(Float32Array),
        accepted: new GrowableArray(Uint8Array),
        prefix: [], // exact first values, for the digest
        sumX: 0,
        sumY: 0,
      });
    }
    const perChainPrefix = Math.ceil(DIGEST_PREFIX / C);
    for (let c = 0; c < C; c++) {
      const ch = this.chains[c];
      const off = c * k;
      if (this.kind === 'rejection') this.addProposals(ch, chunk, off, k);
      else {
        ch.x.append(chunk.x, off, k);
        ch.y.append(chunk.y, off, k);
        ch.accepted.append(chunk.accepted, off, k);
      }
      for (let i = 0; i < k; i++) {
        const x = chunk.x[off + i];
        const y = chunk.y[off + i];
        ch.sumX += x;
        ch.sumY += y;
        if (ch.prefix.length < perChainPrefix) ch.prefix.push(`${x.toFixed(12)},${y.toFixed(12)},${chunk.accepted[off + i]}`);
      }
    }
    if (chunk.logWeight) {
      this.logWeight.append(chunk.logWeight);
      for (const w of chunk.logWeight) if (w > this.maxLogWeight) this.maxLogWeight = w;
    }
    // The schedule is the same for every chain: keep chain 0's temperatures.
    if (chunk.temperature) this.temperature.append(chunk.temperature, 0, k);
    this.chunks++;
  }

  /** Rejection: keeps every accepted proposal but only the first MAX_REJECTED_KEPT
   *  rejected ones (a poor bound can reject millions; they would only fill memory). */
  addProposals(ch, chunk, off, k) {
    for (let i = off; i < off + k; i++) {
      const accepted = chunk.accepted[i];
      this.proposals++;
      if (!accepted) {
        if (this.rejectedKept >= MAX_REJECTED_KEPT) continue;
        this.rejectedKept++;
      }
      ch.x.push(chunk.x[i]);
      ch.y.push(chunk.y[i]);
      ch.accepted.push(accepted);
    }
  }

  /** Fingerprint of the draws: count, exact first draws and per-chain sums. */
  digest() {
    const parts = [this.sampler, this.chains.length, this.count, this.proposals];
    for (const ch of this.chains) parts.push(ch.prefix.join(';'), ch.sumX.toFixed(9), ch.sumY.toFixed(9));
    return `${this.count}-${fnv1a(parts.join('|'))}`;
  }
}

// The CGMH lab's controls in the URL hash. Every key starts with `c` so it never clashes
// with the other labs' keys. A link reproduces a run: keywords, template, options, seed.
import { Type } from '../../lib/state.js';
import { PRESETS } from '../gibbs/schema.js';

export const SPEEDS = ['fast', 'watch'];
export { PRESETS };
export const PRESET_NAMES = ['free', ...Object.keys(PRESETS)];

export const SCHEMA = [
  // Keywords separated by , or ，; each is one or more characters, kept in order.
  { name: 'ckw', type: Type.STRING, default: '月,山' },
  // Template (`_` free; empty: free length with insert and delete moves).
  { name: 'ctpl', type: Type.STRING, default: '' },
  { name: 'csteps', type: Type.INTEGER, default: 300 },
  { name: 'cseed', type: Type.INTEGER, default: 1 },
  // Simulated annealing "FROM:TO" of π^(1/τ) over the steps (empty: τ = 1, plain sampling).
  { name: 'canneal', type: Type.STRING, default: '' },
  { name: 'ctopk', type: Type.INTEGER, default: 50 },
  // β: log π = log LM + β·length (the n-gram alone favours short sentences).
  { name: 'cbonus', type: Type.NUMBER, default: 1 },
  { name: 'cmaxlen', type: Type.INTEGER, default: 14 },
  // How the run is shown: as fast as the model goes, or slowed down to watch each proposal.
  { name: 'cspeed', type: Type.ENUM, options: SPEEDS, default: 'fast' },
];

export const LIMITS = Object.freeze({
  maxSeed: Number.MAX_SAFE_INTEGER,
  maxSteps: 20000,
  maxTopK: 1000000,
  maxBonus: 100, // the core's |β| limit
  maxLength: 64, // the shipped model's 66 positions less [CLS] and [SEP]
  maxKeywords: 8,
  maxTemplateChars: 64,
  /** Rows kept in the proposal table. */
  recordRows: 60,
  /** Pause between chunks of one step in the "watch" speed. */
  watchDelayMs: 160,
});

// The Gibbs lab's controls in the URL hash. Every key starts with `g` so it never clashes
// with the other labs' keys. A link reproduces a run: template, sampler options and seed.
// The user's own model is never part of a link (gmodel=custom falls back to the shipped one).
import { Type } from '../../lib/state.js';

/** Plain Gibbs, or MH-corrected Gibbs (the step's distribution as a proposal, accepted by
 *  the model's energy: a known stationary law; random order only, no annealing). */
export const SAMPLERS = ['gibbs', 'mh-gibbs'];
export const ORDERS = ['random', 'sequential', 'parallel'];
export const STARTS = ['mask', 'random', 'text'];
export const MODELS = ['poetry', 'custom'];
export const SPEEDS = ['fast', 'watch'];

/** Template presets (the core's template_preset): `_` free, every other character pinned. */
export const PRESETS = {
  wuyan: '_____，_____。_____，_____。',
  qiyan: '_______，_______。_______，_______。',
};
export const PRESET_NAMES = Object.keys(PRESETS);

/** The shipped model: a folder of HF files next to the page (fetched relative to it). */
export const SHIPPED = {
  poetry: {
    folder: 'models/poetry-bert/',
    files: { config: 'config.json', vocab: 'vocab.txt', weights: 'model.safetensors' },
  },
};

export const SCHEMA = [
  { name: 'gtpl', type: Type.STRING, default: PRESETS.wuyan },
  { name: 'gsampler', type: Type.ENUM, options: SAMPLERS, default: 'gibbs' },
  { name: 'gorder', type: Type.ENUM, options: ORDERS, default: 'random' },
  { name: 'gtemp', type: Type.NUMBER, default: 1 },
  { name: 'gtopk', type: Type.INTEGER, default: 100 },
  { name: 'gburn', type: Type.INTEGER, default: 100 },
  { name: 'gsteps', type: Type.INTEGER, default: 200 },
  { name: 'gchains', type: Type.INTEGER, default: 3 },
  { name: 'gstart', type: Type.ENUM, options: STARTS, default: 'mask' },
  { name: 'gtext', type: Type.STRING, default: '' },
  // Simulated annealing "FROM:TO" (empty: off, the temperature control applies).
  { name: 'ganneal', type: Type.STRING, default: '' },
  { name: 'gseed', type: Type.INTEGER, default: 1 },
  { name: 'gmodel', type: Type.ENUM, options: MODELS, default: 'poetry' },
  // How the run is shown: as fast as the model goes, or slowed down to watch each change.
  { name: 'gspeed', type: Type.ENUM, options: SPEEDS, default: 'fast' },
];

export const LIMITS = Object.freeze({
  maxSeed: Number.MAX_SAFE_INTEGER,
  maxSteps: 100000,
  maxChains: 8, // side by side on the page (the core takes up to 64)
  maxTopK: 1000000,
  minTemperature: 1e-6, // the core's range
  maxTemperature: 1e6,
  maxTemplateChars: 512,
  /** The user's own model: the three files together at most this many bytes. */
  maxModelBytes: 512 * 1024 * 1024,
  /** Rows kept in the per-step record table. */
  recordRows: 80,
  /** Points of the temperature schedule chart. */
  schedulePoints: 400,
  /** Pause between chunks of one step in the "watch" speed. */
  watchDelayMs: 140,
});

/** Tokens that end a line of verse: the chain display breaks after them. */
export const LINE_END = new Set(['，', '。', '！', '？', '；', ',', '.', '!', '?', ';']);

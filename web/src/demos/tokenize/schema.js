// The tokenize lab's controls in the URL hash. Keys do not clash with the mcmc lab's
// (its seed is `seed`; this lab's is `tseed`), so both labs' settings can share a link.
import { Type } from '../../lib/state.js';

export const MODELS = ['en', 'zh', 'custom'];
export const METHODS = ['viterbi', 'original', 'perfect', 'ffbs', 'nbest'];
/** The samplers compared side by side in every run (Viterbi is deterministic). */
export const SAMPLERS = ['original', 'perfect', 'ffbs', 'nbest'];

/** Shipped model files (web/public/models/), fetched relative to the page. */
export const SHIPPED = {
  en: { file: 'models/en-unigram.model', example: 'sampling playground' },
  zh: { file: 'models/zh-words.dict', example: '今天天气不错' },
};

export const SCHEMA = [
  { name: 'text', type: Type.STRING, default: SHIPPED.en.example },
  { name: 'model', type: Type.ENUM, options: MODELS, default: 'en' },
  { name: 'alpha', type: Type.NUMBER, default: 0.1 },
  { name: 'method', type: Type.ENUM, options: METHODS, default: 'perfect' },
  { name: 'nbest', type: Type.INTEGER, default: 10 },
  // 20,000 draws: the 8,840 segmentations of the default text at α 0.1 give the
  // segmentation test hundreds of cells, and the number-of-pieces test separates the
  // biased sampler from the exact ones at any α (tests/browser/tokenize-stats.test.mjs).
  { name: 'draws', type: Type.INTEGER, default: 20000 },
  { name: 'tseed', type: Type.INTEGER, default: 1 },
];

export const LIMITS = Object.freeze({
  maxTextLength: 500,
  maxAlpha: 10000,
  maxDraws: 1_000_000,
  maxNbest: 1000,
  maxSeed: Number.MAX_SAFE_INTEGER,
  /** A model file the module takes: limits().maxTokenizerModelBytes (core/common/limits.hpp). */
  maxModelFileBytes: 64 * 2 ** 20,
  /** exact(): at most this many segmentations are enumerated. */
  exactCap: 10000,
  /** Rows of the frequency table and bars of the chart. */
  tableRows: 25,
  chartBars: 15,
  /** Draws of the chosen method shown as chips. */
  chipDraws: 5,
});

/** Separator of pieces in a segmentation key (never inside a piece of a real model). */
export const KEY_SEP = '\u001f';

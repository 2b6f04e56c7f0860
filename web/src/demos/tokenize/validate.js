// Checks the tokenize lab's parameters in JS before the worker sees them. The module
// checks again; its messages are shown next to the matching control.
import { LIMITS } from './schema.js';
import { problem, checkInteger } from '../../lib/checks.js';

/** Number of Unicode code points (what the segmenter works on). */
export function codePoints(text) {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** @returns {{ errors: Map<string, {key, params}>, options: object|null }} */
export function validate(state) {
  const errors = new Map();
  const check = (name, p) => { if (p) errors.set(name, p); };
  const text = state.value('text');
  if (text.trim() === '') check('text', problem('tok.err.emptyText'));
  else if (codePoints(text) > LIMITS.maxTextLength) check('text', problem('tok.err.longText', { max: LIMITS.maxTextLength }));
  else if (/[\uD800-\uDFFF]/.test(text.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''))) check('text', problem('tok.err.surrogate'));

  const alpha = state.value('alpha');
  if (alpha === null) check('alpha', problem('err.required'));
  else if (Number.isNaN(alpha)) check('alpha', problem('err.notNumber'));
  else if (!Number.isFinite(alpha)) check('alpha', problem('err.notFinite'));
  else if (alpha < 0) check('alpha', problem('tok.err.alphaNegative'));
  else if (alpha > LIMITS.maxAlpha) check('alpha', problem('err.max', { max: LIMITS.maxAlpha }));

  check('draws', checkInteger(state.value('draws'), 1, LIMITS.maxDraws));
  check('tseed', checkInteger(state.value('tseed'), 0, LIMITS.maxSeed));
  // n-best sampling is always part of the comparison, so k must be valid whatever the method.
  check('nbest', checkInteger(state.value('nbest'), 1, LIMITS.maxNbest));
  if (errors.size > 0) return { errors, options: null };
  return {
    errors,
    options: {
      text,
      alpha,
      method: state.value('method'),
      nbest: state.value('nbest'),
      draws: state.value('draws'),
      seed: state.value('tseed'),
    },
  };
}

/**
 * A model file over the module's limit, refused before it is read: the module's own
 * message (sampling::limits::check_file_size), or null.
 */
export function checkModelFile(size) {
  const limit = LIMITS.maxModelFileBytes;
  if (size <= limit) return null;
  const mib = (b) => (b / 2 ** 20 >= 100 ? (b / 2 ** 20).toFixed(0) : (b / 2 ** 20).toFixed(1));
  return `tokenizer model file is ${mib(size)} MiB (${size} bytes); the largest tokenizer model file this build takes is `
    + `${mib(limit)} MiB (the web module's memory is capped at 2048 MiB)`;
}

/** Which control a module error message is about. */
export function controlForMessage(message) {
  const m = String(message).toLowerCase();
  if (/alpha/.test(m)) return 'alpha';
  if (/nbest|k must/.test(m)) return 'nbest';
  if (/seed/.test(m)) return 'tseed';
  if (/text|unicode|utf-8/.test(m)) return 'text';
  if (/model|file|piece/.test(m)) return 'file';
  if (/run\(k\)|draw/.test(m)) return 'draws';
  return null;
}

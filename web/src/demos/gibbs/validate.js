// Checks the Gibbs lab's controls in JS, next to the right control, before the worker
// sees them. What needs the model (a template too long for it, a pinned character not in
// its vocabulary, a start text of another shape) is checked by the core: its message is
// shown next to the control it names (controlForMessage).
import { LIMITS } from './schema.js';
import { problem, checkInteger } from '../../lib/checks.js';

const LONE_SURROGATE = /[\uD800-\uDFFF]/;

function hasLoneSurrogate(text) {
  return LONE_SURROGATE.test(text.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''));
}

function codePoints(text) {
  return [...text].length;
}

/** A positive temperature in the core's range, or the problem with it. */
export function checkTemperature(v) {
  if (v === null) return problem('err.required');
  if (Number.isNaN(v)) return problem('err.notNumber');
  if (!Number.isFinite(v)) return problem('err.notFinite');
  if (v <= 0) return problem('err.positive');
  if (v < LIMITS.minTemperature) return problem('err.min', { min: LIMITS.minTemperature });
  if (v > LIMITS.maxTemperature) return problem('err.max', { max: LIMITS.maxTemperature });
  return null;
}

/** "FROM:TO" → { from, to }, '' → null, or { problem }. */
export function parseAnneal(text) {
  const s = String(text ?? '').trim();
  if (s === '') return null;
  const parts = s.split(':');
  const number = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
  if (parts.length !== 2 || !parts.every((p) => number.test(p.trim()))) return { problem: problem('gibbs.err.anneal') };
  const [from, to] = parts.map((p) => Number(p.trim()));
  const p = checkTemperature(from) ?? checkTemperature(to);
  if (p) return { problem: problem('gibbs.err.annealRange', { min: LIMITS.minTemperature, max: LIMITS.maxTemperature }) };
  return { from, to };
}

/** The template: not empty, at least one `_`, not absurdly long, valid text. */
export function checkTemplate(text) {
  if (text.trim() === '') return problem('gibbs.err.emptyTemplate');
  if (hasLoneSurrogate(text)) return problem('gibbs.err.surrogate');
  if (codePoints(text) > LIMITS.maxTemplateChars) return problem('gibbs.err.longTemplate', { max: LIMITS.maxTemplateChars });
  if (!text.includes('_')) return problem('gibbs.err.noFree');
  return null;
}

/**
 * @returns {{ errors: Map<string, {key, params}>, options: object|null }}
 *  options: the GibbsRun options of the module and the sampler ('gibbs' | 'mh-gibbs'), plus
 *  { steps } and { anneal: {from,to}|null } (null for mh-gibbs, which does not anneal).
 */
export function validate(state) {
  const errors = new Map();
  const check = (name, p) => { if (p) errors.set(name, p); };
  const v = (name) => state.value(name);

  const pattern = v('gtpl');
  check('gtpl', checkTemplate(pattern));
  // The MH-corrected chain picks positions at random and does not anneal (those controls are off).
  const sampler = v('gsampler');
  const mh = sampler === 'mh-gibbs';
  const anneal = mh ? null : parseAnneal(v('ganneal'));
  if (anneal?.problem) check('ganneal', anneal.problem);
  // The temperature is used only without annealing; a wrong value is still reported.
  check('gtemp', checkTemperature(v('gtemp')));
  const topK = v('gtopk');
  if (Number.isInteger(topK) && topK < 0) check('gtopk', problem('gibbs.err.topK'));
  else check('gtopk', checkInteger(topK, 0, LIMITS.maxTopK));
  check('gburn', checkInteger(v('gburn'), 0, LIMITS.maxSteps));
  check('gsteps', checkInteger(v('gsteps'), 1, LIMITS.maxSteps));
  check('gchains', checkInteger(v('gchains'), 1, LIMITS.maxChains));
  check('gseed', checkInteger(v('gseed'), 0, LIMITS.maxSeed));
  const start = v('gstart');
  const text = v('gtext');
  if (start === 'text') {
    if (text.trim() === '') check('gtext', problem('gibbs.err.emptyStart'));
    else if (hasLoneSurrogate(text)) check('gtext', problem('gibbs.err.surrogate'));
    else if (codePoints(text) > LIMITS.maxTemplateChars) check('gtext', problem('gibbs.err.longTemplate', { max: LIMITS.maxTemplateChars }));
  }
  if (errors.size > 0) return { errors, options: null };
  const options = {
    sampler,
    template: pattern,
    order: mh ? 'random' : v('gorder'),
    temperature: v('gtemp'),
    topK,
    burnIn: v('gburn'),
    seed: v('gseed'),
    chains: v('gchains'),
    start,
  };
  if (start === 'text') options.startText = text;
  return { errors, options, steps: v('gsteps'), anneal };
}

/** Which control a module error message is about. */
export function controlForMessage(message) {
  const m = String(message).toLowerCase();
  if (/start text|start:/.test(m)) return 'gtext';
  if (/template/.test(m)) return 'gtpl';
  if (/anneal|schedule/.test(m)) return 'ganneal';
  if (/temperature/.test(m)) return 'gtemp';
  if (/top-k|topk/.test(m)) return 'gtopk';
  if (/burn/.test(m)) return 'gburn';
  if (/chain/.test(m)) return 'gchains';
  if (/seed/.test(m)) return 'gseed';
  if (/order/.test(m)) return 'gorder';
  if (/steps/.test(m)) return 'gsteps';
  if (/config|vocab|safetensors|tensor|model/.test(m)) return 'gfiles';
  return null;
}

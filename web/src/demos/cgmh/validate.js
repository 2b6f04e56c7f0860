// Checks the CGMH lab's controls in JS, next to the right control, before the worker sees
// them. What needs the model (a keyword character the vocabulary lacks, a template
// character it lacks, a template too long for it) is checked by the core: its message is
// shown next to the control it names (controlForMessage).
import { LIMITS } from './schema.js';
import { problem, checkInteger } from '../../lib/checks.js';
import { parseAnneal } from '../gibbs/validate.js';
import '../gibbs/strings.js'; // the messages of parseAnneal

const LONE_SURROGATE = /[\uD800-\uDFFF]/;

function hasLoneSurrogate(text) {
  return LONE_SURROGATE.test(text.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''));
}

/** "月, 山，明月" → ['月', '山', '明月'] (spaces around each keyword dropped; '' kept as ''). */
export function splitKeywords(text) {
  const s = String(text ?? '').trim();
  return s === '' ? [] : s.split(/[,，]/).map((k) => k.trim());
}

/** The keyword list: not empty, no empty keyword, no punctuation or space inside one. */
export function checkKeywords(keywords) {
  if (keywords.length === 0) return problem('cgmh.err.noKeywords');
  if (keywords.some((k) => k === '')) return problem('cgmh.err.emptyKeyword');
  if (keywords.some(hasLoneSurrogate)) return problem('cgmh.err.surrogate');
  if (keywords.length > LIMITS.maxKeywords) return problem('cgmh.err.manyKeywords', { max: LIMITS.maxKeywords });
  const bad = keywords.find((k) => /[\s\p{P}_]/u.test(k));
  if (bad !== undefined) return problem('cgmh.err.keywordPunctuation', { keyword: bad });
  return null;
}

/** The template: empty (free length) or at least one `_`, not too long, valid text. */
export function checkTemplate(text) {
  if (text.trim() === '') return null;
  if (hasLoneSurrogate(text)) return problem('cgmh.err.surrogate');
  if ([...text].length > LIMITS.maxTemplateChars) return problem('cgmh.err.longTemplate', { max: LIMITS.maxTemplateChars });
  if (!text.includes('_')) return problem('cgmh.err.noFree');
  return null;
}

function checkNumber(v, min, max) {
  if (v === null) return problem('err.required');
  if (Number.isNaN(v)) return problem('err.notNumber');
  if (!Number.isFinite(v)) return problem('err.notFinite');
  if (v < min) return problem('err.min', { min });
  if (v > max) return problem('err.max', { max });
  return null;
}

/**
 * @returns {{ errors: Map<string, {key, params}>, options: object|null, steps, anneal }}
 *  options: what the worker's CgmhRun takes (keywords, template, topK, lengthBonus,
 *  maxLength, seed); anneal: { from, to } or null.
 */
export function validate(state) {
  const errors = new Map();
  const check = (name, p) => { if (p) errors.set(name, p); };
  const v = (name) => state.value(name);

  const keywords = splitKeywords(v('ckw'));
  check('ckw', checkKeywords(keywords));
  const template = v('ctpl').trim();
  check('ctpl', checkTemplate(template));
  if (!errors.has('ckw') && !errors.has('ctpl') && template) {
    const chars = keywords.reduce((n, k) => n + [...k].length, 0);
    const free = [...template].filter((c) => c === '_').length;
    if (chars > free) check('ckw', problem('cgmh.err.keywordsTooLong', { chars, free }));
  }
  check('csteps', checkInteger(v('csteps'), 1, LIMITS.maxSteps));
  check('cseed', checkInteger(v('cseed'), 0, LIMITS.maxSeed));
  check('ctopk', checkInteger(v('ctopk'), 0, LIMITS.maxTopK));
  check('cbonus', checkNumber(v('cbonus'), -LIMITS.maxBonus, LIMITS.maxBonus));
  if (!template) {
    check('cmaxlen', checkInteger(v('cmaxlen'), 1, LIMITS.maxLength));
    const chars = keywords.reduce((n, k) => n + [...k].length, 0);
    if (!errors.has('ckw') && !errors.has('cmaxlen') && chars > v('cmaxlen')) {
      check('ckw', problem('cgmh.err.keywordsTooLongFree', { chars, max: v('cmaxlen') }));
    }
  }
  const anneal = parseAnneal(v('canneal'));
  if (anneal?.problem) check('canneal', anneal.problem);
  if (errors.size > 0) return { errors, options: null };
  const options = {
    keywords,
    template,
    topK: v('ctopk'),
    lengthBonus: v('cbonus'),
    maxLength: v('cmaxlen'),
    seed: v('cseed'),
  };
  return { errors, options, steps: v('csteps'), anneal };
}

/** Which control a module error message is about. */
export function controlForMessage(message) {
  const m = String(message).toLowerCase();
  if (/keyword/.test(m)) return 'ckw';
  if (/template/.test(m)) return 'ctpl';
  if (/anneal/.test(m)) return 'canneal';
  if (/top-k|topk/.test(m)) return 'ctopk';
  if (/length bonus/.test(m)) return 'cbonus';
  if (/longest sentence/.test(m)) return 'cmaxlen';
  if (/seed/.test(m)) return 'cseed';
  return null;
}

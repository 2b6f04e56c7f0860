// Which demo the URL hash asks for, and which hash keys each demo must keep untouched
// (the other demo's settings survive when the active one rewrites the hash).
//
// `demo=tokenize|mcmc|flow|gibbs|cgmh`; without `demo`, a hash with a 2-D sampler lab key
// (an old link such as `#sampler=hmc&n=500`) opens that lab, one with a flow lab key
// (`fdata=…`) the flow lab, one with a Gibbs lab key (`gtpl=…`) the Gibbs lab, one with a
// CGMH lab key (`ckw=…`) the CGMH lab, anything else the tokenize lab.
import { SCHEMA as MCMC_SCHEMA } from './mcmc/schema.js';
import { SCHEMA as TOKENIZE_SCHEMA } from './tokenize/schema.js';
import { SCHEMA as FLOW_SCHEMA } from './flow/schema.js';
import { SCHEMA as GIBBS_SCHEMA } from './gibbs/schema.js';
import { SCHEMA as CGMH_SCHEMA } from './cgmh/schema.js';

export const DEMOS = ['tokenize', 'mcmc', 'flow', 'gibbs', 'cgmh'];
export const DEFAULT_DEMO = 'tokenize';

const KEYS = {
  mcmc: MCMC_SCHEMA.map((p) => p.name),
  tokenize: TOKENIZE_SCHEMA.map((p) => p.name),
  flow: FLOW_SCHEMA.map((p) => p.name),
  gibbs: GIBBS_SCHEMA.map((p) => p.name),
  cgmh: CGMH_SCHEMA.map((p) => p.name),
};

/** The demo a hash selects (an unknown `demo=` value is returned as is). */
export function demoFromHash(hash) {
  const params = new URLSearchParams(String(hash).replace(/^#/, ''));
  const named = params.get('demo');
  if (named) return named;
  for (const key of params.keys()) {
    const base = key.replace(/_hide$/, '');
    if (KEYS.mcmc.includes(base) && !KEYS.tokenize.includes(base)) return 'mcmc';
    if (KEYS.flow.includes(base)) return 'flow';
    if (KEYS.gibbs.includes(base)) return 'gibbs';
    if (KEYS.cgmh.includes(base)) return 'cgmh';
  }
  return DEFAULT_DEMO;
}

/** Hash keys demo `name` keeps as they are: demo, lang, the embed's theme and hide, and
 *  every other demo's keys. */
export function passthroughFor(name) {
  const out = ['demo', 'lang', 'theme', 'hide'];
  for (const [demo, keys] of Object.entries(KEYS)) {
    if (demo === name) continue;
    for (const k of keys) out.push(k, `${k}_hide`);
  }
  return out;
}

/** The current hash with `demo` set to `name` (other keys kept). */
export function hashForDemo(hash, name) {
  const params = new URLSearchParams(String(hash).replace(/^#/, ''));
  params.delete('demo');
  const rest = params.toString().replace(/%2C/gi, ',').replace(/%3B/gi, ';');
  return `#demo=${name}${rest ? `&${rest}` : ''}`;
}

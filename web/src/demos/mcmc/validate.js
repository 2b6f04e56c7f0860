// Checks the obvious bad parameters in JS (before the worker sees them) and turns the
// hash state into the module's RunOptions. The module checks again and its Error
// messages are shown too; this just answers faster and next to the right control.
import { CHAIN_SAMPLERS, LIMITS } from './schema.js';
import { problem, checkInteger } from '../../lib/checks.js';

function checkPositive(v, optional) {
  if (v === null) return optional ? null : problem('err.required');
  if (Number.isNaN(v)) return problem('err.notNumber');
  if (!Number.isFinite(v)) return problem('err.notFinite');
  if (v <= 0) return problem('err.positive');
  return null;
}

/**
 * @param state HashState of the lab
 * @returns {{ errors: Map<string, {key, params}>, options: object|null }}
 */
export function validate(state) {
  const target = state.value('target');
  const sampler = state.value('sampler');
  const isChain = CHAIN_SAMPLERS.includes(sampler);
  const v = (name) => state.value(name);
  const errors = new Map();
  const check = (name, p) => { if (p) errors.set(name, p); };

  check('n', checkInteger(v('n'), 1, LIMITS.maxN));
  check('seed', checkInteger(v('seed'), 0, LIMITS.maxSeed));
  if (isChain) {
    check('chains', checkInteger(v('chains'), 1, LIMITS.maxChains));
    check('burnIn', checkInteger(v('burnIn'), 0, LIMITS.maxBurnIn));
    if (!errors.has('n') && !errors.has('chains') && v('n') * v('chains') > LIMITS.maxTotalDraws) {
      check('n', problem('err.tooMany', { max: LIMITS.maxTotalDraws }));
    }
  }
  if (['mh', 'annealing', 'mala', 'hmc'].includes(sampler)) check('stepSize', checkPositive(v('stepSize'), true));
  if (sampler === 'hmc') check('leapfrogSteps', checkInteger(v('leapfrogSteps'), 1, LIMITS.maxLeapfrog));
  if (sampler === 'annealing') {
    check('t0', checkPositive(v('t0'), false));
    check('tEnd', checkPositive(v('tEnd'), false));
  }
  if (sampler === 'rejection') check('bound', checkPositive(v('bound'), true));
  if (target === 'drawn') {
    check('bandwidth', checkPositive(v('bandwidth'), false));
    if (v('points').length === 0) check('points', problem('err.noPoints'));
  }
  if (errors.size > 0) return { errors, options: null };

  const targetSpec = { name: target };
  if (target === 'drawn') {
    targetSpec.points = v('points').flat();
    targetSpec.bandwidth = v('bandwidth');
  }
  const options = { target: targetSpec, sampler, seed: v('seed'), n: v('n') };
  if (isChain) {
    options.chains = v('chains');
    options.burnIn = v('burnIn');
  }
  if (v('stepSize') !== null && ['mh', 'annealing', 'mala', 'hmc'].includes(sampler)) options.stepSize = v('stepSize');
  if (sampler === 'hmc') options.leapfrogSteps = v('leapfrogSteps');
  if (sampler === 'annealing') {
    options.schedule = v('schedule');
    options.t0 = v('t0');
    options.tEnd = v('tEnd');
    // The schedule spans the whole run, so the path ends cold, at a mode.
    options.steps = v('burnIn') + v('n');
  }
  if (sampler === 'rejection' || sampler === 'importance') options.proposal = v('proposal');
  if (sampler === 'rejection' && v('bound') !== null) options.bound = v('bound');
  return { errors, options };
}

/** Which control a module error message is about (for showing it next to the control). */
export function controlForMessage(message) {
  const m = String(message).toLowerCase();
  const rules = [
    [/step ?size/, 'stepSize'],
    [/bound/, 'bound'],
    [/leapfrog/, 'leapfrogSteps'],
    [/burn/, 'burnIn'],
    [/chain/, 'chains'],
    [/bandwidth/, 'bandwidth'],
    [/point/, 'points'],
    [/t_?end|final temperature|tend/, 'tEnd'],
    [/t0|initial temperature|temperature/, 't0'],
    [/schedule/, 'schedule'],
    [/proposal/, 'proposal'],
    [/seed/, 'seed'],
    [/sample|draw|\bn\b|steps/, 'n'],
  ];
  for (const [re, name] of rules) if (re.test(m)) return name;
  return null;
}

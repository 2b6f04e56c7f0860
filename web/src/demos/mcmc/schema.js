// The lab's controls: every one lives in the URL hash (see lib/state.js).
import { Type } from '../../lib/state.js';

export const TARGETS = ['gaussian', 'mixture', 'banana', 'donut', 'funnel', 'drawn'];
export const SAMPLERS = ['rejection', 'importance', 'mh', 'gibbs', 'annealing', 'mala', 'hmc'];
export const CHAIN_SAMPLERS = ['mh', 'gibbs', 'annealing', 'mala', 'hmc'];

/** Samplers a control applies to; controls not listed apply to every sampler. */
const ALL = SAMPLERS;
export const SCHEMA = [
  { name: 'target', type: Type.ENUM, options: TARGETS, default: 'mixture', control: 'select' },
  { name: 'sampler', type: Type.ENUM, options: SAMPLERS, default: 'mh', control: 'select' },
  { name: 'n', type: Type.INTEGER, default: 2000, control: 'text', samplers: ALL },
  { name: 'chains', type: Type.INTEGER, default: 4, control: 'text', samplers: CHAIN_SAMPLERS },
  { name: 'stepSize', type: Type.NUMBER, default: null, control: 'text', optional: true,
    samplers: ['mh', 'annealing', 'mala', 'hmc'] },
  { name: 'burnIn', type: Type.INTEGER, default: 0, control: 'text', samplers: CHAIN_SAMPLERS },
  { name: 'leapfrogSteps', type: Type.INTEGER, default: 10, control: 'text', samplers: ['hmc'] },
  { name: 'schedule', type: Type.ENUM, options: ['geometric', 'logarithmic'], default: 'geometric',
    control: 'select', samplers: ['annealing'] },
  { name: 't0', type: Type.NUMBER, default: 10, control: 'text', samplers: ['annealing'] },
  { name: 'tEnd', type: Type.NUMBER, default: 0.01, control: 'text', samplers: ['annealing'] },
  { name: 'proposal', type: Type.ENUM, options: ['student', 'gaussian', 'uniform'], default: 'student',
    control: 'select', samplers: ['rejection', 'importance'] },
  { name: 'bound', type: Type.NUMBER, default: null, control: 'text', optional: true, samplers: ['rejection'] },
  { name: 'bandwidth', type: Type.NUMBER, default: 0.3, control: 'text', targets: ['drawn'] },
  { name: 'seed', type: Type.INTEGER, default: 1, control: 'text' },
  // Drawn points: added by clicking on the canvas, or typed as "x,y;x,y".
  { name: 'points', type: Type.POINTS, default: [], control: 'points', targets: ['drawn'] },
];

/** Whether a control matters for the current target and sampler. */
export function isRelevant(prop, target, sampler) {
  if (prop.targets && !prop.targets.includes(target)) return false;
  if (prop.samplers && !prop.samplers.includes(sampler)) return false;
  return true;
}

/** The box of the drawing area for the drawn target (the user draws inside it). */
export const DRAWN_BOX = Object.freeze({ xmin: -4, xmax: 4, ymin: -4, ymax: 4 });

export const LIMITS = Object.freeze({
  maxN: 1_000_000,
  maxChains: 64,
  maxTotalDraws: 4_000_000,
  maxBurnIn: 1_000_000,
  maxLeapfrog: 1000,
  maxSeed: Number.MAX_SAFE_INTEGER,
  maxPoints: 500,
});

// Checks the hash state in JS, next to the right control, before the worker sees it.
// Two groups: problems that stop the view (dataset, points, NFE, seed) and problems that
// only stop training (learning rate, steps, width); shipped samples still show for those.
import { LIMITS, METHODS, NFES, SHIPPED_DATASETS, SHIPPED_WIDTH } from './schema.js';
import { problem, checkInteger } from '../../lib/checks.js';

/**
 * @returns {{ viewErrors: Map, trainErrors: Map, view: object|null, train: object|null }}
 *  view: { data, dataKey, methods, nfe, seed };
 *  train: { lr (null: each method's default), steps, width, init: 'scratch' | 'loaded', canContinue }
 */
export function validate(state) {
  const v = (name) => state.value(name);
  const viewErrors = new Map();
  const trainErrors = new Map();
  const check = (map, name, p) => { if (p) map.set(name, p); };

  const nfe = v('fnfe');
  const nfeProblem = checkInteger(nfe, 1, 100);
  if (nfeProblem) check(viewErrors, 'fnfe', nfeProblem);
  else if (!NFES.includes(nfe)) check(viewErrors, 'fnfe', problem('flow.err.nfe', { list: NFES.join(', ') }));
  check(viewErrors, 'fseed', checkInteger(v('fseed'), 0, LIMITS.maxSeed));

  const dataset = v('fdata');
  let data = dataset;
  if (dataset === 'drawn') {
    const points = v('fpoints');
    const far = points.some(([x, y]) => Math.abs(x) > LIMITS.maxCoordinate || Math.abs(y) > LIMITS.maxCoordinate);
    if (far) check(viewErrors, 'fpoints', problem('flow.err.farPoints', { max: LIMITS.maxCoordinate }));
    else if (points.length > LIMITS.maxPoints) check(viewErrors, 'fpoints', problem('flow.err.manyPoints', { max: LIMITS.maxPoints }));
    else if (points.length < LIMITS.minPoints) {
      check(viewErrors, 'fpoints', problem('flow.err.fewPoints', { min: LIMITS.minPoints, n: points.length }));
    }
    data = { points: points.flat() };
  }

  const lr = v('flr'); // null (empty): each method's default rate
  if (lr === null) {
    // nothing to check
  } else if (Number.isNaN(lr)) check(trainErrors, 'flr', problem('err.notNumber'));
  else if (!Number.isFinite(lr)) check(trainErrors, 'flr', problem('err.notFinite'));
  else if (lr <= 0) check(trainErrors, 'flr', problem('err.positive'));
  else if (lr > LIMITS.maxLr) check(trainErrors, 'flr', problem('err.max', { max: LIMITS.maxLr }));
  check(trainErrors, 'fsteps', checkInteger(v('fsteps'), 1, LIMITS.maxSteps));
  check(trainErrors, 'fwidth', checkInteger(v('fwidth'), LIMITS.minWidth, LIMITS.maxWidth));

  const choice = v('fmethod');
  const methods = choice === 'all' ? METHODS.slice() : [choice];
  const view = viewErrors.size === 0
    ? { dataset, data, dataKey: JSON.stringify(data), methods, nfe, seed: v('fseed') }
    : null;
  // "Continue from the loaded weights" needs shipped weights of this dataset and width;
  // without them Train starts from scratch (the control says so).
  const canContinue = SHIPPED_DATASETS.includes(dataset) && v('fwidth') === SHIPPED_WIDTH;
  const init = canContinue && v('finit') === 'loaded' ? 'loaded' : 'scratch';
  const train = view && trainErrors.size === 0 ? { lr, steps: v('fsteps'), width: v('fwidth'), init, canContinue } : null;
  return { viewErrors, trainErrors, view, train };
}

/** Which control a module error message is about. */
export function controlForMessage(message) {
  const m = String(message).toLowerCase();
  if (/learning rate|diverged/.test(m)) return 'flr';
  if (/hidden/.test(m)) return 'fwidth';
  if (/point/.test(m)) return 'fpoints';
  if (/nfe/.test(m)) return 'fnfe';
  if (/seed/.test(m)) return 'fseed';
  if (/dataset/.test(m)) return 'fdata';
  return null;
}

// The module's public entry (build/wasm/sampling.js): wraps the Emscripten factory so
// that errors from the C++ core arrive as thrown JS Errors with the core's message.
// The bindings never throw across the wasm boundary (that could leave the instance in a
// bad state); they return an Error object instead, which this wrapper throws. Bound
// classes report a failed construction through error(). The API is in sampling.d.ts.
import createRawModule from './sampling_raw.js';

function check(value) {
  if (value instanceof Error) throw value;
  return value;
}

// A JS class over a bound C++ class: construction errors and Error results are thrown;
// wrapped arguments are unwrapped on the way down.
function wrapClass(Raw, methods) {
  class Wrapped {
    constructor(...args) {
      const inner = new Raw(...args.map((a) => (a && a.inner ? a.inner : a)));
      const error = inner.error();
      if (error) {
        inner.delete();
        throw new Error(error);
      }
      this.inner = inner;
    }
    delete() {
      if (this.inner) this.inner.delete();
      this.inner = null;
    }
  }
  for (const name of methods) {
    Wrapped.prototype[name] = function (...args) {
      if (!this.inner) throw new Error(`${name}: this object was deleted`);
      return check(this.inner[name](...args));
    };
  }
  return Wrapped;
}

// Embind passes JS strings down as UTF-8 and silently mangles lone UTF-16 surrogates,
// so text is checked here, where the offending index is still known.
function checkText(text) {
  if (typeof text !== 'string') throw new Error('text must be a string');
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = text.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) i++;
      else throw new Error(`text: invalid Unicode at index ${i} (a lone UTF-16 surrogate)`);
    }
  }
  return text;
}

function withCheckedText(Class, methods) {
  for (const name of methods) {
    const method = Class.prototype[name];
    Class.prototype[name] = function (text, ...rest) { return method.call(this, checkText(text), ...rest); };
  }
}

export default async function createSamplingModule(overrides = {}) {
  const raw = await createRawModule({
    locateFile: () => new URL('sampling.wasm', import.meta.url).href,
    ...overrides,
  });

  const api = {
    McmcRun: wrapClass(raw.McmcRun, ['run', 'stats']),
    TokenizerModel: wrapClass(raw.TokenizerModel, ['info', 'normalize', 'segment', 'exact', 'entropy', 'nbest', 'sampleDistinct']),
    TokenizeRun: wrapClass(raw.TokenizeRun, ['run']),
    FlowTrainer: wrapClass(raw.FlowTrainer, ['train', 'step', 'sample', 'target', 'evaluate', 'save']),
    FlowModel: wrapClass(raw.FlowModel, ['info', 'sample']),
    TextModel: wrapClass(raw.TextModel, ['info', 'tokens', 'samplable', 'encode', 'logits', 'predict', 'template']),
    GibbsRun: wrapClass(raw.GibbsRun, ['run', 'stats', 'pseudoLogLikelihood']),
  };
  for (const Class of [api.FlowTrainer, api.FlowModel]) {  // trajectory is optional
    const sample = Class.prototype.sample;
    Class.prototype.sample = function (nfe, n, seed, trajectory = false) { return sample.call(this, nfe, n, seed, trajectory); };
  }
  // Embind wants every argument: optional ones go down as null/undefined explicitly.
  const optional = { densityGrid: 4, segment: 2 };
  for (const name of ['version', 'rngOutputs', 'rngOutputsFromState', 'decodeUtf8', 'logSumExp',
    'mcmcTargets', 'mcmcSamplers', 'targetBox', 'densityGrid', 'mcmcCommand', 'benchCommand',
    'flowDatasets', 'datasetSample']) {
    const arity = optional[name];
    api[name] = (...args) => {
      if (arity) while (args.length < arity) args.push(null);
      return check(raw[name](...args));
    };
  }
  api.benchTokenize = (model, corpus, method, alpha, repeats) =>
    check(raw.benchTokenize(model.inner, corpus, method, alpha, repeats));
  withCheckedText(api.TokenizerModel, ['normalize', 'segment', 'exact', 'entropy', 'nbest', 'sampleDistinct']);
  const TokenizeRun = api.TokenizeRun;
  api.TokenizeRun = class extends TokenizeRun {
    constructor(model, text, options = {}) { super(model, checkText(text), options); }
  };
  withCheckedText(api.TextModel, ['encode', 'predict', 'template']);
  const predict = api.TextModel.prototype.predict;
  api.TextModel.prototype.predict = function (text, k = 10, samplableOnly = false) { return predict.call(this, text, k, samplableOnly); };
  const GibbsRun = api.GibbsRun;
  api.GibbsRun = class extends GibbsRun {
    constructor(model, options) {
      if (!model || !model.inner) throw new Error('GibbsRun needs a loaded TextModel');
      if (options && typeof options === 'object') {
        for (const key of ['template', 'start']) if (typeof options[key] === 'string') checkText(options[key]);
      }
      super(model, options);
    }
  };
  api.templatePresets = () => check(raw.templatePresets());
  api.templatePreset = (name) => check(raw.templatePreset(checkText(name)));
  api.annealingSchedule = (schedule, n = null) => check(raw.annealingSchedule(schedule, n));
  api.gibbsCommand = (model, args) => {
    if (!model || !model.inner) throw new Error('gibbsCommand needs a loaded TextModel');
    if (Array.isArray(args)) args.forEach(checkText);
    return check(raw.gibbsCommand(model.inner, args));
  };
  const segment = api.TokenizerModel.prototype.segment;
  api.TokenizerModel.prototype.segment = function (text, options = {}) { return segment.call(this, text, options); };
  const exact = api.TokenizerModel.prototype.exact;
  api.TokenizerModel.prototype.exact = function (text, alpha, cap = 10000) { return exact.call(this, text, alpha, cap); };
  return api;
}

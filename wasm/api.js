// The module's public API (build/wasm/api.js): wraps an Emscripten factory so that
// errors from the C++ core arrive as thrown JS Errors with the core's message.
// The bindings never throw across the wasm boundary (that could leave the instance in a
// bad state); they return an Error object instead, which this wrapper throws. Bound
// classes report a failed construction through error(). The API is in sampling.d.ts.
// Each built module has a small entry written by tools/build_wasm.sh: sampling.js (every
// binding, what Node and the tools import) and one per lab worker (sampling-mcmc.js, …,
// only that lab's bindings), each `export default samplingModule(itsFactory, itsWasmUrl)`.

function check(value) {
  if (value instanceof Error) throw value;
  return value;
}

// Runs a call into the module. A JS exception raised while C++ frames are on the stack
// (an argument's getter that throws, a binding's type error) unwinds them without
// restoring the module's stack pointer: each one would leak stack until the instance
// breaks. The pointer is put back before the exception goes on.
function stackGuard(raw) {
  return (call) => {
    const sp = raw.stackSave();
    try {
      return call();
    } catch (e) {
      raw.stackRestore(sp);
      throw e;
    }
  };
}

// A JS class over a bound C++ class: construction errors and Error results are thrown;
// wrapped arguments are unwrapped on the way down.
function wrapClass(Raw, methods, guard) {
  class Wrapped {
    constructor(...args) {
      const inner = guard(() => new Raw(...args.map((a) => (a && a.inner ? a.inner : a))));
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
      return check(guard(() => this.inner[name](...args)));
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

// ---- tokenize ids path: encode, encodeBatch, decode on TokenizerModel ----
// Text is written as UTF-8 straight into a buffer in wasm memory (TextEncoder.encodeInto),
// the call passes numbers only, and the ids come back as a copy of a wasm buffer; the
// buffers' addresses are in a header the module keeps (IdsPath in wasm/bind_tokenize.cpp).
const HEADER = { text: 0, textCapacity: 1, offsets: 2, offsetsCapacity: 3, ids: 4, count: 5, idOffsets: 6 };
const utf8 = new TextEncoder();

// The first lone surrogate of a string that is not well-formed UTF-16 (-1 if none).
function loneSurrogate(text) {
  if (typeof text.isWellFormed === 'function' && text.isWellFormed()) return -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = text.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) i++;
      else return i;
    }
  }
  return -1;
}

class IdsState {
  constructor(inner) {
    this.inner = inner;
    this.limits = inner.idsLimits();
    this.header = inner.idsHeader() >>> 2;
    this.options = { method: undefined, alpha: undefined, nbest: undefined };
    this.refresh();
  }
  // Views over wasm memory die when it grows: take them again (a dead view has length 0).
  refresh() {
    const { buffer } = this.inner.idsMemory();
    this.u8 = new Uint8Array(buffer);
    this.u32 = new Uint32Array(buffer);
    this.i32 = new Int32Array(buffer);
    this.textView = null;
  }
  live() { if (this.u32.length === 0) this.refresh(); return this.u32; }
  field(name) { return this.live()[this.header + HEADER[name]]; }
  reserve(bytes, lines) {
    if (this.inner.idsReserve(bytes, lines) < 0) throw new Error(this.inner.idsError());
    this.refresh();
  }
  // Options go down only when method, alpha or nbest changed; the seed goes with each call.
  configure(what, options) {
    if (options === undefined || options === null) options = {};
    else if (typeof options !== 'object') throw new Error(`${what}: options must be an object such as { method: 'perfect', alpha: 0.1, seed: 1 }`);
    const method = options.method ?? 'viterbi';
    const { alpha, nbest } = options;
    const o = this.options;
    if (method !== o.method || alpha !== o.alpha || nbest !== o.nbest) {
      o.method = undefined;  // stays unset if the module refuses them
      const error = this.inner.idsOptions({ method, alpha, nbest });
      if (error instanceof Error) throw new Error(`${what}: ${error.message}`);
      Object.assign(o, { method, alpha, nbest });
    }
    const seed = options.seed ?? 0;
    if (typeof seed !== 'number') throw new Error(`${what}: option 'seed' must be a number`);
    return seed;
  }
  checkLine(what, text) {
    if (typeof text !== 'string') throw new Error(`${what} must be a string, got ${text === null ? 'null' : typeof text}`);
    const bad = loneSurrogate(text);
    if (bad >= 0) throw new Error(`${what}: invalid Unicode at index ${bad} (a lone UTF-16 surrogate)`);
    if (text.length > this.limits.textBytes) throw new Error(`${what} has more than ${this.limits.textBytes} bytes of UTF-8 (the limit, 16 MiB)`);
  }
  // Writes text as UTF-8 at byte `pos` of the text buffer; returns the bytes written.
  write(text, pos) {
    const need = pos + 3 * text.length;  // UTF-8 takes at most 3 bytes per UTF-16 unit
    if (need > this.field('textCapacity')) this.reserve(Math.max(need, 2 * this.field('textCapacity')), 0);
    if (this.u8.length === 0) this.refresh();
    const start = this.field('text');
    if (pos === 0) {
      if (!this.textView || this.textView.byteOffset !== start || this.textView.length !== this.field('textCapacity')) {
        this.textView = this.u8.subarray(start, start + this.field('textCapacity'));
      }
      return utf8.encodeInto(text, this.textView).written;
    }
    return utf8.encodeInto(text, this.u8.subarray(start + pos, start + this.field('textCapacity'))).written;
  }
  // Writes all of text as UTF-8 from the start of the text buffer, growing it as needed
  // (stops once more than `limit` bytes are written); returns the bytes written.
  writeAll(text, limit) {
    let read = 0, written = 0;
    if (this.field('textCapacity') < text.length + 4) this.reserve(text.length + 4, 0);  // ASCII fits at once
    for (;;) {
      const start = this.field('text'), capacity = this.field('textCapacity');
      if (this.u8.length === 0) this.refresh();
      const r = utf8.encodeInto(read ? text.substring(read) : text, this.u8.subarray(start + written, start + capacity));
      read += r.read, written += r.written;
      if (read === text.length || written > limit) return written;
      this.reserve(Math.max(2 * capacity, written + 3 * (text.length - read)), 0);
    }
  }
  ids(count) {
    const p = this.field('ids') >>> 2;
    return this.i32.slice(p, p + count);
  }
}

const IDS = Symbol('ids path');
function idsState(model, what) {
  if (!model.inner) throw new Error(`${what}: this object was deleted`);
  if (!model[IDS] || model[IDS].inner !== model.inner) model[IDS] = new IdsState(model.inner);
  return model[IDS];
}

function encodeText(text, options) {
  const s = idsState(this, 'encode');
  const seed = s.configure('encode', options);
  s.checkLine('encode: text', text);
  const written = s.write(text, 0);
  const count = s.inner.encodeIds(written, seed);
  if (count < 0) throw new Error(s.inner.idsError());
  return s.ids(count);
}

function encodeLines(lines, options) {
  const s = idsState(this, 'encodeBatch');
  const seed = s.configure('encodeBatch', options);
  if (!Array.isArray(lines)) throw new Error('encodeBatch: lines must be an array of strings');
  const n = lines.length;
  const { batchLines, batchBytes } = s.limits;
  if (n > batchLines) throw new Error(`encodeBatch: a batch holds at most ${batchLines} lines, got ${n}`);
  let units = 0;
  for (let i = 0; i < n; i++) {
    const line = lines[i];
    if (typeof line !== 'string') s.checkLine(`encodeBatch: lines[${i}]`, line);
    units += line.length;
  }
  const tooLarge = () => new Error(`encodeBatch: the batch has more than ${batchBytes} bytes of UTF-8 (the limit, 64 MiB); split it`);
  if (units > batchBytes) throw tooLarge();  // UTF-8 has at least one byte per UTF-16 unit
  // Usually the lines go down as one text joined by '\n' (one encodeInto); lines that
  // hold a '\n' or a lone surrogate take the line-by-line way, which names the bad line.
  const joined = lines.join('\n');
  let newlines = 0;
  for (let at = joined.indexOf('\n'); at >= 0 && newlines < n; at = joined.indexOf('\n', at + 1)) newlines++;
  let count;
  if (n > 0 && newlines === n - 1 && loneSurrogate(joined) < 0) {
    const written = s.writeAll(joined, batchBytes + n);
    if (written - (n - 1) > batchBytes) throw tooLarge();
    count = s.inner.encodeIdsJoined(written, n, seed);
  } else {
    if (n + 1 > s.field('offsetsCapacity')) s.reserve(0, n);
    let pos = 0;
    for (let i = 0; i < n; i++) {
      const line = lines[i];
      s.checkLine(`encodeBatch: lines[${i}]`, line);
      s.live()[(s.field('offsets') >>> 2) + i] = pos;
      pos += s.write(line, pos);
      if (pos > batchBytes) throw tooLarge();
    }
    s.live()[(s.field('offsets') >>> 2) + n] = pos;
    count = s.inner.encodeIdsBatch(n, seed);
  }
  if (count < 0) throw new Error(s.inner.idsError());
  const ids = s.ids(count);
  const p = s.field('idOffsets') >>> 2;
  return { ids, offsets: s.u32.slice(p, p + n + 1) };
}

function decodeIds(ids) {
  const s = idsState(this, 'decode');
  if (!(ids instanceof Int32Array)) {
    if (!Array.isArray(ids)) throw new Error('decode: ids must be an Int32Array or an array of integers');
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (!Number.isInteger(id) || id < -0x80000000 || id > 0x7fffffff) throw new Error(`decode: ids[${i}] is not an integer id (got ${String(id)})`);
    }
    ids = Int32Array.from(ids);
  }
  return check(s.inner.decode(ids));
}

/**
 * The factory of the module's API over Emscripten's factory `createRawModule`, whose wasm
 * file is at `wasmUrl()` unless the caller's overrides say otherwise (locateFile, or
 * wasmBinary in Node). A lab's module binds only what its worker uses: what it lacks
 * throws an Error naming it.
 */
export function samplingModule(createRawModule, wasmUrl) {
  return (overrides = {}) => createApi(createRawModule, wasmUrl, overrides);
}

async function createApi(createRawModule, wasmUrl, overrides) {
  const raw = await createRawModule({
    locateFile: wasmUrl,
    ...overrides,
  });
  const missing = (name) => function missingBinding() { throw new Error(`${name} is not in this module (${wasmUrl().split('/').pop()}); the full module sampling.js has every binding`); };
  const guard = stackGuard(raw);
  // Bound functions (lower-case names) run under the guard; classes (capitalized) get it
  // in wrapClass.
  const bound = (name) => {
    const f = raw[name];
    if (!f) return missing(name);
    return /^[A-Z]/.test(name) ? f : (...args) => guard(() => f(...args));
  };

  const api = {
    McmcRun: wrapClass(bound('McmcRun'), ['run', 'stats'], guard),
    TokenizerModel: wrapClass(bound('TokenizerModel'), ['info', 'normalize', 'segment', 'exact', 'entropy', 'nbest', 'sampleDistinct'], guard),
    TokenizeRun: wrapClass(bound('TokenizeRun'), ['run'], guard),
    FlowTrainer: wrapClass(bound('FlowTrainer'), ['train', 'step', 'sample', 'target', 'evaluate', 'save'], guard),
    FlowModel: wrapClass(bound('FlowModel'), ['info', 'sample'], guard),
    TextModel: wrapClass(bound('TextModel'), ['info', 'tokens', 'samplable', 'encode', 'logits', 'predict', 'template'], guard),
    GibbsRun: wrapClass(bound('GibbsRun'), ['run', 'stats', 'pseudoLogLikelihood'], guard),
    NgramModel: wrapClass(bound('NgramModel'), ['info', 'sentenceLogProb'], guard),
    CgmhRun: wrapClass(bound('CgmhRun'), ['step', 'stats'], guard),
  };
  for (const Class of [api.FlowTrainer, api.FlowModel]) {  // trajectory is optional
    const sample = Class.prototype.sample;
    Class.prototype.sample = function (nfe, n, seed, trajectory = false) { return sample.call(this, nfe, n, seed, trajectory); };
  }
  // Embind wants every argument: optional ones go down as null/undefined explicitly.
  const optional = { densityGrid: 4, segment: 2, chiSquareTest: 3, totalVariation: 3 };
  for (const name of ['version', 'limits', 'rngOutputs', 'rngOutputsFromState', 'decodeUtf8', 'logSumExp',
    'mcmcTargets', 'mcmcSamplers', 'targetBox', 'densityGrid', 'mcmcCommand', 'benchCommand',
    'flowDatasets', 'datasetSample', 'chiSquareTest', 'totalVariation', 'expectedTotalVariation',
    'chiSquareSurvival', 'gammaQ', 'energyDistance']) {
    const arity = optional[name];
    api[name] = (...args) => {
      if (arity) while (args.length < arity) args.push(null);
      return check(bound(name)(...args));
    };
  }
  api.benchTokenize = (model, corpus, method, alpha, repeats) =>
    check(bound('benchTokenize')(model.inner, corpus, method, alpha, repeats));
  withCheckedText(api.TokenizerModel, ['normalize', 'segment', 'exact', 'entropy', 'nbest', 'sampleDistinct']);
  const TokenizeRun = api.TokenizeRun;
  api.TokenizeRun = class extends TokenizeRun {
    constructor(model, text, options = {}) { super(model, checkText(text), options); }
  };
  withCheckedText(api.TextModel, ['encode', 'predict', 'template']);
  const predict = api.TextModel.prototype.predict;
  api.TextModel.prototype.predict = function (text, k = 10, samplableOnly = false) { return predict.call(this, text, k, samplableOnly); };
  // GibbsRun and MhGibbsRun (MH-corrected Gibbs) take the same options.
  const textRun = (Run, name) => class extends Run {
    constructor(model, options) {
      if (!model || !model.inner) throw new Error(`${name} needs a loaded TextModel`);
      if (!options || typeof options !== 'object') throw new Error(`${name} needs an options object`);
      for (const key of ['template', 'start']) if (typeof options[key] === 'string') checkText(options[key]);
      super(model, options);
    }
  };
  api.GibbsRun = textRun(api.GibbsRun, 'GibbsRun');
  api.MhGibbsRun = textRun(wrapClass(bound('MhGibbsRun'), ['run', 'stats'], guard), 'MhGibbsRun');
  api.templatePresets = () => check(bound('templatePresets')());
  api.templatePreset = (name) => check(bound('templatePreset')(checkText(name)));
  api.annealingSchedule = (schedule, n = null) => check(bound('annealingSchedule')(schedule, n));
  api.gibbsCommand = (model, args) => {
    if (!model || !model.inner) throw new Error('gibbsCommand needs a loaded TextModel');
    if (Array.isArray(args)) args.forEach(checkText);
    return check(bound('gibbsCommand')(model.inner, args));
  };
  api.cgmhCommand = (model, ngram, args) => {
    if (!model || !model.inner) throw new Error('cgmhCommand needs a loaded TextModel');
    if (!ngram || !ngram.inner) throw new Error('cgmhCommand needs a loaded NgramModel');
    if (Array.isArray(args)) args.forEach(checkText);
    return check(bound('cgmhCommand')(model.inner, ngram.inner, args));
  };
  withCheckedText(api.NgramModel, ['sentenceLogProb']);
  const CgmhRun = api.CgmhRun;
  api.CgmhRun = class extends CgmhRun {
    constructor(model, ngram, options) {
      if (!model || !model.inner) throw new Error('CgmhRun needs a loaded TextModel');
      if (!ngram || !ngram.inner) throw new Error('CgmhRun needs a loaded NgramModel');
      if (options && typeof options === 'object') {
        if (Array.isArray(options.keywords)) options.keywords.forEach((k) => { if (typeof k === 'string') checkText(k); });
        if (typeof options.template === 'string') checkText(options.template);
      }
      super(model, ngram, options);
    }
  };
  const segment = api.TokenizerModel.prototype.segment;
  api.TokenizerModel.prototype.segment = function (text, options = {}) { return segment.call(this, text, options); };
  Object.assign(api.TokenizerModel.prototype, { encode: encodeText, encodeBatch: encodeLines, decode: decodeIds });
  const exact = api.TokenizerModel.prototype.exact;
  api.TokenizerModel.prototype.exact = function (text, alpha, cap = 10000) { return exact.call(this, text, alpha, cap); };
  return api;
}

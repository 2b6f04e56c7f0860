// The module's public entry (build/wasm/sampling.js): wraps the Emscripten factory so
// that errors from the C++ core arrive as thrown JS Errors with the core's message.
// The bindings never throw across the wasm boundary (that could leave the instance in a
// bad state); they return an Error object instead, which this wrapper throws.
// The API is documented in sampling.d.ts.
import createRawModule from './sampling_raw.js';

function check(value) {
  if (value instanceof Error) throw value;
  return value;
}

export default async function createSamplingModule(overrides = {}) {
  const raw = await createRawModule({
    locateFile: (path) => new URL('sampling.wasm', import.meta.url).href,
    ...overrides,
  });

  class McmcRun {
    constructor(options) {
      const inner = new raw.McmcRun(options);
      const error = inner.error();
      if (error) {
        inner.delete();
        throw new Error(error);
      }
      this.inner = inner;
    }
    run(k) { return check(this.inner.run(k)); }
    stats() { return check(this.inner.stats()); }
    delete() {
      if (this.inner) this.inner.delete();
      this.inner = null;
    }
  }

  const wrap = (name) => (...args) => check(raw[name](...args));
  const api = { McmcRun };
  for (const name of ['version', 'rngOutputs', 'rngOutputsFromState', 'decodeUtf8', 'logSumExp',
    'mcmcTargets', 'mcmcSamplers', 'targetBox', 'mcmcCommand', 'benchCommand']) {
    api[name] = wrap(name);
  }
  // Embind wants every argument: the optional box goes down as null.
  api.densityGrid = (target, nx, ny, box = null) => check(raw.densityGrid(target, nx, ny, box));
  return api;
}

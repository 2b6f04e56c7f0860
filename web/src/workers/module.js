// What every demo worker shares: its one wasm instance (created on first use, with the
// wasm file located relative to the built page so any sub-path works), a macrotask to
// yield between chunks so cancel messages get through, and errors as plain Errors
// (what Comlink can carry back to the page).
import createSamplingModule from '@wasm/sampling.js';
import wasmUrl from '@wasm/sampling.wasm?url';

let modulePromise = null;

export function sampling() {
  if (!modulePromise) modulePromise = createSamplingModule({ locateFile: () => wasmUrl });
  return modulePromise;
}

export function macrotask() {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Rethrows anything the module throws as a plain Error with a readable message. */
export function asError(e) {
  if (e instanceof Error) return new Error(e.message);
  return new Error(typeof e === 'string' ? e : `unexpected failure (${String(e)})`);
}

// What every demo worker shares: its one wasm instance (created on first use, with the
// wasm file located relative to the built page so any sub-path works), a macrotask to
// yield between chunks so cancel messages get through, and errors as plain Errors
// (what Comlink can carry back to the page).

/**
 * The worker's instance getter: `create` is the default export of its lab's module
 * (`@wasm/sampling-NAME.js`, only the bindings that lab uses) and `wasmUrl` its wasm file
 * (`@wasm/sampling-NAME.wasm?url`); the instance is made on the first call.
 */
export function wasmModule(create, wasmUrl) {
  let modulePromise = null;
  return () => {
    if (!modulePromise) modulePromise = create({ locateFile: () => wasmUrl });
    return modulePromise;
  };
}

export function macrotask() {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Rethrows anything the module throws as a plain Error with a readable message. */
export function asError(e) {
  if (e instanceof Error) return new Error(e.message);
  return new Error(typeof e === 'string' ? e : `unexpected failure (${String(e)})`);
}

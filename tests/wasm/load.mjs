// Loads the built module in Node: the ES-module build targets web and workers, so the
// wasm bytes are handed to the factory directly.
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

export const root = fileURLToPath(new URL('../../', import.meta.url));
// SAMPLING_WASM_DIR and SAMPLING_NATIVE_BUILD point at other build folders (see tools/build_*.sh).
export const wasmDir = process.env.SAMPLING_WASM_DIR ? `${resolve(process.env.SAMPLING_WASM_DIR)}/` : `${root}build/wasm/`;
export const cli = `${resolve(root, process.env.SAMPLING_NATIVE_BUILD ?? 'build/native')}/bin/sampling-cli`;

export async function loadModule() {
  if (!existsSync(`${wasmDir}sampling.js`)) throw new Error('build/wasm/sampling.js is missing: run npm run build:wasm');
  const { default: create } = await import(`${wasmDir}sampling.js`);
  return create({ wasmBinary: readFileSync(`${wasmDir}sampling.wasm`) });
}

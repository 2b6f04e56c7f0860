// Loads the built module in Node: the ES-module build targets web and workers, so the
// wasm bytes are handed to the factory directly.
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const wasmDir = `${root}build/wasm/`;
export const cli = `${root}build/native/bin/sampling-cli`;

export async function loadModule() {
  if (!existsSync(`${wasmDir}sampling.js`)) throw new Error('build/wasm/sampling.js is missing: run npm run build:wasm');
  const { default: create } = await import(`${wasmDir}sampling.js`);
  return create({ wasmBinary: readFileSync(`${wasmDir}sampling.wasm`) });
}

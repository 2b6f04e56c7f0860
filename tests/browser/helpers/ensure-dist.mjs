// Builds the page with Vite when dist/ is missing or older than its sources.
// Needs the wasm module (build/wasm, or SAMPLING_WASM_DIR); fails clearly without it.
// A lock directory keeps test files that run in parallel from building at once.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoDir = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
// SAMPLING_DIST_DIR: the same override as web/vite.config.js.
export const distDir = process.env.SAMPLING_DIST_DIR ? resolve(process.env.SAMPLING_DIST_DIR) : join(repoDir, 'dist');
const wasmDir = process.env.SAMPLING_WASM_DIR ? resolve(process.env.SAMPLING_WASM_DIR) : join(repoDir, 'build/wasm');
// Beside the built site, so separate dist folders build independently.
const lockDir = `${distDir}.build-lock`;

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function isFresh() {
  const built = join(distDir, 'index.html');
  if (!existsSync(built) || !existsSync(join(distDir, 'embed.html'))) return false;
  const sources = Math.max(
    newestMtime(join(repoDir, 'web')),
    newestMtime(wasmDir),  // the full module and each lab's (sampling-NAME.js, .wasm)
  );
  return statSync(built).mtimeMs >= sources;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function ensureDist() {
  for (const file of ['sampling.js', 'sampling.wasm']) {
    if (!existsSync(join(wasmDir, file))) {
      throw new Error(`browser tests: ${join(wasmDir, file)} is missing; build the wasm module first (bash tools/build_wasm.sh)`);
    }
  }
  if (isFresh()) return;
  const deadline = Date.now() + 180_000;
  mkdirSync(resolve(lockDir, '..'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      // Another test file is building; a lock older than 3 minutes is stale.
      if (Date.now() - statSync(lockDir).mtimeMs > 180_000) rmSync(lockDir, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error('browser tests: timed out waiting for another vite build');
      await sleep(200);
    }
  }
  try {
    if (isFresh()) return;
    const r = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.js', '--logLevel', 'warn'], {
      cwd: repoDir,
      encoding: 'utf8',
      env: process.env,
    });
    if (r.status !== 0) {
      throw new Error(`browser tests: vite build failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
    }
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

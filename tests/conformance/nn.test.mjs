// Conformance of the MLP file format: a doctest case of the native suite writes an MLP in
// safetensors format with an input and its forward output; an independent reader in
// Python (Debian's python3 + python3-numpy; struct/json, no shared code) parses the
// file, checks names, shapes and layout and recomputes the forward pass in numpy.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = `${resolve(root, process.env.SAMPLING_NATIVE_BUILD ?? "build/native")}/bin`;
const coreTests = `${bin}/core_tests`;
const checker = `${root}tests/conformance/safetensors_check.py`;
const python = '/usr/bin/python3';

test('numpy is available to the independent checker', () => {
  const r = spawnSync(python, ['-c', 'import numpy'], { encoding: 'utf8' });
  assert.equal(r.status, 0, `Debian's python3-numpy is needed (tools/bootstrap.sh installs it): ${r.stderr}`);
});

test('an MLP written by the core reads back in an independent safetensors reader with the same forward pass', () => {
  assert.ok(existsSync(coreTests), `${coreTests} is missing: run tools/build_native.sh`);
  const dir = mkdtempSync(join(tmpdir(), 'nn-reference-'));
  try {
    const write = spawnSync(coreTests, ['--test-case=*writes a reference file*'], {
      encoding: 'utf8',
      env: { ...process.env, SAMPLING_NN_REFERENCE_DIR: dir },
    });
    assert.equal(write.status, 0, write.stdout + write.stderr);
    assert.deepEqual(readdirSync(dir).sort(), ['input.bin', 'mlp.safetensors', 'output.bin']);
    const check = spawnSync(python, [checker, dir], { encoding: 'utf8' });
    assert.equal(check.status, 0, check.stdout + check.stderr);
    assert.match(check.stdout, /^safetensors_check: ok:/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

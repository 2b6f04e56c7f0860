// The common pieces through the JS API: generator test vectors, UTF-8, log-sum-exp,
// and errors arriving as JS Errors with the core's message.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadModule } from './load.mjs';

const m = await loadModule();

test('xoshiro256** and splitmix64 reference vectors in wasm', () => {
  assert.deepEqual(m.rngOutputsFromState(['1', '2', '3', '4'], 4),
    ['11520', '0', '1509978240', '1215971899390074240']);
  // Twenty digits above 2^64 − 1 are named as such (stoull's message was 'out of range').
  assert.throws(() => m.rngOutputsFromState(['99999999999999999999', '2', '3', '4'], 1), /state\[0\] must be a decimal string of an unsigned 64-bit integer$/);
  assert.equal(m.rngOutputsFromState(['18446744073709551615', '2', '3', '4'], 1).length, 1);
  // splitmix64 from state 0 yields 0xe220a8397b1dcdaf first: it is the first word of
  // the state seeded from 0, and xoshiro's first output is rotl(s1 * 5, 7) * 9.
  const seeded = m.rngOutputs(0, 3);
  assert.equal(seeded.length, 3);
  const s1 = BigInt('0x6e789e6aa1b965f4'); // splitmix64's second output from state 0
  const mask = (1n << 64n) - 1n;
  const rotl = (x, k) => ((x << BigInt(k)) | (x >> BigInt(64 - k))) & mask;
  assert.equal(BigInt(seeded[0]), (rotl((s1 * 5n) & mask, 7) * 9n) & mask);
});

test('UTF-8 decoding and its errors', () => {
  assert.deepEqual(Array.from(m.decodeUtf8(new TextEncoder().encode('a今😀'))), [0x61, 0x4eca, 0x1f600]);
  assert.throws(() => m.decodeUtf8(new Uint8Array([0x61, 0xe4, 0xbb])),
    { name: 'Error', message: 'invalid UTF-8 at byte 1: sequence truncated by the end of the text' });
  assert.throws(() => m.decodeUtf8(new Uint8Array([0xc0, 0xaf])), /overlong encoding/);
  // Elements that are no byte are named, not cast (321 → 65, 65.9 → 65, NaN → 0).
  assert.throws(() => m.decodeUtf8([321]), /bytes\[0\] must be a whole number from 0 to 255, got 321$/);
  assert.throws(() => m.decodeUtf8([65, 65.9]), /bytes\[1\] must be a whole number from 0 to 255, got 65\.9$/);
  assert.throws(() => m.decodeUtf8([-191]), /bytes\[0\] must be a whole number from 0 to 255, got -191$/);
  assert.throws(() => m.decodeUtf8([NaN]), /bytes\[0\] must be a whole number from 0 to 255, got NaN$/);
  assert.throws(() => m.decodeUtf8([1e300]), /bytes\[0\] must be a whole number from 0 to 255, got 1e\+300$/);
  assert.deepEqual(Array.from(m.decodeUtf8([65, 0, 127])), [65, 0, 127]);
});

test('log-sum-exp is stable', () => {
  assert.ok(Math.abs(m.logSumExp(new Float64Array([1000, 1000])) - (1000 + Math.log(2))) < 1e-12);
  assert.equal(m.logSumExp(new Float64Array([])), -Infinity);
  assert.throws(() => m.logSumExp(['a']), /values\[0\] is not a number/);
});

test('after a thousand errors the module still works', () => {
  for (let i = 0; i < 1000; i++) {
    assert.throws(() => new m.McmcRun({ target: { name: 'banana' }, sampler: 'mh', stepSize: -1 }),
      (e) => e instanceof Error && /step size must be a positive finite number/.test(e.message));
    assert.throws(() => m.decodeUtf8(new Uint8Array([0xff])), /byte 0/);
  }
  const run = new m.McmcRun({ target: { name: 'banana' }, sampler: 'mh', seed: 1 });
  assert.equal(run.run(100).x.length, 400);
  run.delete();
});

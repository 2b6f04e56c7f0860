// The page's energy distance (web/src/lib/energy-distance.js), a pure function: exact
// values on tiny sets, symmetry, about 0 for two samples of one distribution, and
// clearly positive for a shifted one. Plain Node, no browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { energyDistance } from '../../web/src/lib/energy-distance.js';

function gaussian(n, seed, dx = 0) {
  let s = seed >>> 0;
  const u = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 4294967296;
  };
  const out = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const r = Math.sqrt(-2 * Math.log(u()));
    const a = 2 * Math.PI * u();
    out[2 * i] = r * Math.cos(a) + dx;
    out[2 * i + 1] = r * Math.sin(a);
  }
  return out;
}

test('exact values on tiny sets', () => {
  // a = {(0,0), (2,0)}, b = {(0,0), (0,2)}: E|a−b| = (0 + 2 + 2 + √8)/4, E|a−a'| = 2, E|b−b'| = 2.
  const ed = energyDistance([0, 0, 2, 0], [0, 0, 0, 2]);
  assert.ok(Math.abs(ed - (2 * (4 + Math.sqrt(8)) / 4 - 4)) < 1e-12, String(ed));
  // Single points: within-set terms are 0, so ED = 2·distance.
  assert.equal(energyDistance([0, 0], [3, 4]), 10);
});

test('symmetric, ≈ 0 for one distribution, positive for a shift', () => {
  const a = gaussian(800, 1);
  const b = gaussian(800, 2);
  const c = gaussian(800, 3, 1.5);
  assert.ok(Math.abs(energyDistance(a, c) - energyDistance(c, a)) < 1e-9);
  assert.ok(Math.abs(energyDistance(a, b)) < 0.02, `same distribution: ${energyDistance(a, b)}`);
  assert.ok(energyDistance(a, c) > 0.5, `shifted by 1.5: ${energyDistance(a, c)}`);
  assert.ok(energyDistance(a, gaussian(800, 4, 0.5)) < energyDistance(a, c), 'a larger shift is farther');
});

test('bad input gives NaN, not a throw', () => {
  assert.ok(Number.isNaN(energyDistance([], [1, 2])));
  assert.ok(Number.isNaN(energyDistance([1, 2, 3], [1, 2])));
  assert.ok(Number.isNaN(energyDistance(new Float32Array([0, NaN]), [1, 2])));
});

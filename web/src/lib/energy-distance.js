// Energy distance between two 2-D point sets (interleaved x, y):
//   ED² = 2·E‖X − Y‖ − E‖X − X′‖ − E‖Y − Y′‖,
// with the within-set means over distinct pairs (U-statistics), so two samples of the
// same distribution give about 0 (it can be slightly negative). Pure function, O(n·m).

function meanCross(a, b) {
  const n = a.length >> 1;
  const m = b.length >> 1;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const x = a[2 * i];
    const y = a[2 * i + 1];
    let row = 0;
    for (let j = 0; j < m; j++) {
      const dx = x - b[2 * j];
      const dy = y - b[2 * j + 1];
      row += Math.sqrt(dx * dx + dy * dy);
    }
    sum += row;
  }
  return sum / (n * m);
}

function meanWithin(a) {
  const n = a.length >> 1;
  if (n < 2) return 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const x = a[2 * i];
    const y = a[2 * i + 1];
    for (let j = i + 1; j < n; j++) {
      const dx = x - a[2 * j];
      const dy = y - a[2 * j + 1];
      sum += Math.sqrt(dx * dx + dy * dy);
    }
  }
  return (2 * sum) / (n * (n - 1));
}

/**
 * @param a ArrayLike<number> of n × 2 (x0, y0, x1, y1, …)
 * @param b ArrayLike<number> of m × 2
 * @returns the energy distance (NaN if a set is empty or holds a non-finite value)
 */
export function energyDistance(a, b) {
  if (a.length < 2 || b.length < 2 || a.length % 2 !== 0 || b.length % 2 !== 0) return NaN;
  return 2 * meanCross(a, b) - meanWithin(a) - meanWithin(b);
}

// Heatmap of an unnormalized log density: colour by exp(logDensity − max), drawn into
// an offscreen canvas of nx × ny pixels (row 0 of the grid is box.ymin, i.e. the bottom).
import { isDark } from './theme.js';

const LIGHT = [[255, 255, 255], [226, 221, 244], [150, 132, 204], [63, 42, 120]];
const DARK = [[17, 20, 24], [40, 34, 84], [106, 85, 176], [222, 214, 248]];

function ramp(stops, t) {
  const s = Math.min(stops.length - 1.000001, Math.max(0, t) * (stops.length - 1));
  const i = Math.floor(s);
  const f = s - i;
  const a = stops[i];
  const b = stops[i + 1];
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f];
}

/** @returns {{ canvas: OffscreenCanvas|HTMLCanvasElement, max: number }} */
export function renderHeatmap(grid) {
  const { nx, ny, logDensity } = grid;
  let max = -Infinity;
  for (const v of logDensity) if (v > max) max = v;
  const canvas = document.createElement('canvas');
  canvas.width = nx;
  canvas.height = ny;
  const ctx = canvas.getContext('2d');
  const image = ctx.createImageData(nx, ny);
  const stops = isDark() ? DARK : LIGHT;
  for (let iy = 0; iy < ny; iy++) {
    const row = ny - 1 - iy; // canvas rows go down, the grid's go up
    for (let ix = 0; ix < nx; ix++) {
      const v = logDensity[iy * nx + ix];
      const p = Number.isFinite(v) && Number.isFinite(max) ? Math.exp(v - max) : 0;
      const [r, g, b] = ramp(stops, Math.sqrt(p)); // sqrt: make the tails visible
      const o = (row * nx + ix) * 4;
      image.data[o] = r;
      image.data[o + 1] = g;
      image.data[o + 2] = b;
      image.data[o + 3] = 255;
    }
  }
  ctx.putImageData(image, 0, 0);
  return { canvas, max };
}

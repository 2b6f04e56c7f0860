// Matches a canvas's backing store to its CSS size × devicePixelRatio.
// Returns { width, height, dpr } in device pixels; `changed` tells whether it was resized.
export function fitCanvas(canvas) {
  const dpr = Math.min(globalThis.devicePixelRatio || 1, 3);
  const rect = canvas.getBoundingClientRect();
  const width = Math.max(1, Math.round(rect.width * dpr));
  const height = Math.max(1, Math.round(rect.height * dpr));
  const changed = canvas.width !== width || canvas.height !== height;
  if (changed) {
    canvas.width = width;
    canvas.height = height;
  }
  return { width, height, dpr, changed };
}

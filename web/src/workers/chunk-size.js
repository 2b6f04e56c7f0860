// How many units (steps, draws) the next chunk of a worker's run should take so that one
// chunk lasts about `targetMs`: the last size scaled by target / elapsed, changed by at
// most 4× at a time, between 1 and `max`.
export function nextChunkSize(size, elapsedMs, targetMs, max) {
  const factor = Math.min(4, Math.max(0.25, targetMs / Math.max(elapsedMs, 0.5)));
  return Math.max(1, Math.min(max, Math.round(size * factor)));
}

// A run in chunks, as the text, CGMH and flow workers stream theirs: after every chunk
// the page's onChunk is awaited (backpressure) and the worker yields a macrotask, so the
// page's cancel(runId) gets through; the run then stops at the next chunk boundary.
import { macrotask } from './module.js';

const cancelled = new Set();

/**
 * Calls next() for the message of each chunk (null: the run is done) and sends it to
 * onChunk until done or cancelled. Resolves { status: 'done' | 'cancelled' }; what
 * next() or onChunk throws rejects it.
 */
export async function runChunks(runId, onChunk, next) {
  try {
    for (;;) {
      if (cancelled.has(runId)) return { status: 'cancelled' };
      const msg = next();
      if (msg === null) return { status: 'done' };
      await onChunk(msg);
      await macrotask();
    }
  } finally {
    cancelled.delete(runId);
  }
}

/** Stops the run `runId` at its next chunk boundary. */
export function cancelRun(runId) {
  cancelled.add(runId);
}

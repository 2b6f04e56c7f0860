// The page's side of the tokenize worker (see lib/worker-client.js for runs and cancel).
// Model loading and the quick analysis go through here too; after a worker restart the
// models are loaded again on demand.
import { WorkerClient } from '../../lib/worker-client.js';

export class TokenizeWorkerClient extends WorkerClient {
  constructor() {
    super(() => new Worker(new URL('../../workers/tokenize.worker.js', import.meta.url), {
      type: 'module',
      name: 'tokenize',
    }));
  }

  /** Makes sure `key` is loaded in the current worker; source: { url } or { bytes }. */
  async ensureModel(key, source) {
    await this.ready;
    if (await this.api.hasModel(key)) return null;
    // Bytes are copied (not transferred): the page keeps the user's file for restarts.
    return this.api.loadModel(key, source);
  }

  async analyze(key, text, options) {
    await this.ready;
    return this.api.analyze(key, text, options);
  }

  /** Goodness of fit of the counts so far (see fit in workers/tokenize.worker.js). */
  async fit(request) {
    await this.ready;
    return this.api.fit(request);
  }

  /** Draws `n` segmentations per method; see WorkerClient.startRun. */
  start(key, text, options, n, methods, onChunk) {
    return this.startRun([key, text, options, n, methods], onChunk);
  }
}

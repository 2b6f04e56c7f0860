// The page's side of the text worker (see lib/worker-client.js for runs and cancel).
// Model loading, template parsing, the annealing schedule and the pseudo-log-likelihood
// go through here too; after a worker restart the models are loaded again on demand.
import * as Comlink from 'comlink';
import { WorkerClient } from '../../lib/worker-client.js';

export class TextWorkerClient extends WorkerClient {
  constructor() {
    super(() => new Worker(new URL('../../workers/text.worker.js', import.meta.url), {
      type: 'module',
      name: 'text',
    }));
  }

  /** Makes sure `key` is loaded in the current worker; resolves its info. */
  async ensureModel(key, source, onProgress) {
    await this.ready;
    // Bytes are copied (not transferred): the page keeps the user's files for restarts.
    return this.api.loadModel(key, source, onProgress ? Comlink.proxy(onProgress) : undefined);
  }

  async template(key, pattern) {
    await this.ready;
    return this.api.template(key, pattern);
  }

  async schedule(anneal, steps, n) {
    await this.ready;
    return this.api.schedule(anneal, steps, n);
  }

  async pll(key) {
    await this.ready;
    return this.api.pll(key);
  }

  /** Samples the session spec.key up to spec.steps steps; see WorkerClient.startRun. */
  sample(spec, onChunk, pace) {
    return this.startRun([spec], onChunk, pace);
  }
}

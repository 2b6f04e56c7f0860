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

  /**
   * Asks the current run to stop after the chunk in progress: unlike cancel(), every chunk
   * computed so far still reaches the page, and the run resolves 'cancelled' after it.
   */
  stop() {
    const entry = this.current;
    if (entry) this.api.cancel(entry.id).catch(() => {});
  }

  async resetSession() {
    await this.cancel();
    await this.ready;
    return this.api.reset();
  }

  /** Samples the session spec.key up to spec.steps steps; see WorkerClient.startRun. */
  sample(spec, onChunk, pace) {
    return this.startRun([spec], onChunk, pace);
  }
}

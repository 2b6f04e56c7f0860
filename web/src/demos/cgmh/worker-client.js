// The page's side of the CGMH worker (see lib/worker-client.js for runs and cancel).
// Loading the shipped models, parsing a template and the annealing schedule go through
// here too; after a worker restart the models are loaded again on demand.
import * as Comlink from 'comlink';
import { WorkerClient } from '../../lib/worker-client.js';

export class CgmhWorkerClient extends WorkerClient {
  constructor() {
    super(() => new Worker(new URL('../../workers/cgmh.worker.js', import.meta.url), {
      type: 'module',
      name: 'cgmh',
    }));
  }

  /** Loads the shipped models from the site's root `base` in the current worker; resolves their info. */
  async ensureModels(base, onProgress) {
    await this.ready;
    return this.api.loadModels(base, onProgress ? Comlink.proxy(onProgress) : undefined);
  }

  async template(pattern) {
    await this.ready;
    return this.api.template(pattern);
  }

  async schedule(anneal, steps) {
    await this.ready;
    return this.api.schedule(anneal, steps);
  }

  /** Runs the session spec.key up to spec.steps steps; see WorkerClient.startRun. */
  sample(spec, onChunk, pace) {
    return this.startRun([spec], onChunk, pace);
  }
}

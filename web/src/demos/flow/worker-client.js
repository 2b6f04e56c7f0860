// The page's side of the flow worker (see lib/worker-client.js for runs and cancel).
// Sampling and metric requests go straight to the worker: they are small, and while a
// training run is going the worker answers them between its chunks.
import { WorkerClient } from '../../lib/worker-client.js';

export class FlowWorkerClient extends WorkerClient {
  constructor() {
    super(() => new Worker(new URL('../../workers/flow.worker.js', import.meta.url), {
      type: 'module',
      name: 'flow',
    }));
  }

  async target(data, n, seed) {
    await this.ready;
    return this.api.target(data, n, seed);
  }

  async sample(view, method, nfe, n, seed, trajectory) {
    await this.ready;
    return this.api.sample(view, method, nfe, n, seed, trajectory);
  }

  async quality(view, method, data, nfes, n, seed) {
    await this.ready;
    return this.api.quality(view, method, data, nfes, n, seed);
  }

  /** Trains the methods of `spec` up to spec.steps each; see WorkerClient.startRun. */
  train(spec, onChunk) {
    return this.startRun([spec], onChunk);
  }
}

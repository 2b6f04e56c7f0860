// The page's side of the mcmc worker (see lib/worker-client.js for runs and cancel).
import { WorkerClient } from '../../lib/worker-client.js';

export class McmcWorkerClient extends WorkerClient {
  constructor() {
    super(() => new Worker(new URL('../../workers/mcmc.worker.js', import.meta.url), {
      type: 'module',
      name: 'mcmc',
    }));
  }

  async densityGrid(target, nx, ny, box) {
    await this.ready;
    return this.api.densityGrid(target, nx, ny, box);
  }

  /** Starts a run of `n` draws; see WorkerClient.startRun. */
  start(options, n, onChunk, pace) {
    return this.startRun([options, n], onChunk, pace);
  }
}

// The page's side of a demo's worker (Comlink): one worker, one run at a time.
//
// start() cancels the previous run first. cancel() resolves the current run as
// 'cancelled' at once and asks the worker to stop at its next chunk boundary; the next
// start() waits for the worker to be free. If the worker does not answer within
// CANCEL_TIMEOUT_MS (stuck in one long wasm call), it is terminated and a fresh one is
// started (`generation` of the worker goes up), so the page stays usable either way.
//
// The worker must expose init(), run(runId, ...args, onChunk) and cancel(runId); a worker
// that keeps a session between runs (paused runs continue it) also reset().
//
// Clients of a class passed to shareWorkers() share one worker (several embeds of one
// lab on a page): each client talks to it through its own handle, run ids are unique
// across clients, and a client that needs a fresh worker (respawn) gets one of its own.
import * as Comlink from 'comlink';

const CANCEL_TIMEOUT_MS = 1500;
let nextRunId = 1;
const sharedClasses = new Set();
const sharedWorkers = new Map(); // client class → { worker, handles }

/** Clients of `ClientClass` created from now on share one worker. */
export function shareWorkers(ClientClass) {
  sharedClasses.add(ClientClass);
}

/** A handle on the shared worker of `key`: terminate() detaches only this handle. */
function sharedHandle(key, createWorker) {
  let entry = sharedWorkers.get(key);
  if (!entry) {
    entry = { worker: createWorker(), handles: 0 };
    sharedWorkers.set(key, entry);
  }
  entry.handles++;
  const listeners = [];
  let open = true;
  return {
    postMessage: (...args) => entry.worker.postMessage(...args),
    addEventListener(type, listener, options) {
      listeners.push([type, listener, options]);
      entry.worker.addEventListener(type, listener, options);
    },
    removeEventListener: (type, listener, options) => entry.worker.removeEventListener(type, listener, options),
    terminate() {
      if (!open) return;
      open = false;
      for (const [type, listener, options] of listeners) entry.worker.removeEventListener(type, listener, options);
      if (--entry.handles === 0) {
        entry.worker.terminate();
        sharedWorkers.delete(key);
      }
    },
  };
}

/**
 * Runs createWorker() so that a worker script on another origin (an embed on a blog
 * that includes embed.js from the site's origin) still starts: browsers refuse
 * `new Worker(crossOriginUrl)`, so such a worker is a same-origin blob: module that
 * imports the script (which the site must serve with CORS, as it must embed.js).
 */
function createAnywhere(createWorker) {
  const Native = globalThis.Worker;
  globalThis.Worker = function Worker(url, options) {
    const href = new URL(url, location.href);
    if (href.origin === location.origin) return new Native(href, options);
    const source = new Blob([`import ${JSON.stringify(href.href)};`], { type: 'text/javascript' });
    return new Native(URL.createObjectURL(source), { ...options, type: 'module' });
  };
  try {
    return createWorker();
  } finally {
    globalThis.Worker = Native;
  }
}

export class WorkerClient {
  /** @param createWorker () => Worker (a literal `new Worker(new URL(...))` so Vite bundles it) */
  constructor(createWorker) {
    this.createWorker = () => createAnywhere(createWorker);
    this.generation = 0;
    this.spawns = 0;
    this.current = null; // { id, cancelled, abort }
    this.busy = null; // settles when the worker's current run has ended
    this.spawn();
  }

  spawn() {
    this.spawns++;
    const shared = this.spawns === 1 && sharedClasses.has(this.constructor);
    this.worker = shared ? sharedHandle(this.constructor, this.createWorker) : this.createWorker();
    this.api = Comlink.wrap(this.worker);
    // A worker script that fails to load never answers: its 'error' event rejects instead.
    const failed = new Promise((resolve, reject) => {
      this.worker.addEventListener('error', (e) => reject(new Error(e.message || 'the worker could not start')));
    });
    this.ready = Promise.race([this.api.init(), failed]);
    this.ready.catch(() => {}); // reported by whoever awaits it
  }

  respawn() {
    this.worker.terminate();
    this.busy = null;
    this.spawn();
  }

  /**
   * Starts a run: the worker's run(id, ...args, callback). Resolves
   * { status: 'done' | 'cancelled' | 'superseded', ... } or rejects with the module's
   * Error. onChunk(message) is called for this run's chunks only; the worker waits for
   * pace(message) (if given) before computing the next chunk.
   */
  async startRun(args, onChunk, pace) {
    const generation = ++this.generation;
    await this.cancel();
    await this.ready;
    if (generation !== this.generation) return { status: 'superseded', stats: null };

    const id = nextRunId++;
    const entry = { id, cancelled: false, abort: null };
    const aborted = new Promise((resolve) => { entry.abort = resolve; });
    const callback = Comlink.proxy(async (msg) => {
      if (this.current !== entry) return;
      onChunk(msg);
      if (pace) await pace(msg);
    });
    const promise = this.api.run(id, ...args, callback);
    this.busy = promise.then(() => {}, () => {});
    this.current = entry;
    try {
      const result = await Promise.race([promise, aborted]);
      return entry.cancelled ? { status: 'cancelled', stats: null } : result;
    } catch (e) {
      if (entry.cancelled) return { status: 'cancelled', stats: null };
      throw e;
    } finally {
      if (this.current === entry) this.current = null;
      this.busy?.then(() => callback[Comlink.releaseProxy]?.());
    }
  }

  /** Stops the current run (if any); resolves once the worker is free again. */
  async cancel() {
    const entry = this.current;
    if (entry) {
      entry.cancelled = true;
      this.current = null;
      this.api.cancel(entry.id).catch(() => {});
      entry.abort();
    }
    await this.drain();
  }

  /**
   * Asks the current run to stop after the chunk in progress: unlike cancel(), every chunk
   * computed so far still reaches the page, and the run resolves 'cancelled' after it.
   */
  stop() {
    const entry = this.current;
    if (entry) this.api.cancel(entry.id).catch(() => {});
  }

  /** Cancels the current run, then deletes the worker's session (its reset()). */
  async resetSession() {
    await this.cancel();
    await this.ready;
    return this.api.reset();
  }

  async drain() {
    const busy = this.busy;
    if (!busy) return;
    const timeout = new Promise((resolve) => setTimeout(() => resolve(false), CANCEL_TIMEOUT_MS));
    const finished = await Promise.race([busy.then(() => true), timeout]);
    if (this.busy === busy) {
      this.busy = null;
      if (!finished) this.respawn();
    }
  }
}

// Run control of a lab whose worker keeps a session between runs (lib/worker-client.js:
// stop(), resetSession(), and the client's sample(spec, onChunk, pace)): stream a run,
// pause it after the chunk in progress, resume the same session, cancel it.
//
// The lab's root carries data-state; the controller moves it through 'running' →
// 'done' | 'pausing' → 'paused' | 'cancelled' with the lab's setState. `token` goes up
// with every run started or resumed: an answer for an older token is dropped. `spec` is
// the run shown ({ key, …, watch, spawn }), `pausing` the spec of a run asked to pause.

import { t } from './i18n.js';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export class RunController {
  /**
   * @param lab { root (data-state), client (its WorkerClient), setState(s), showSteps(),
   *   showMessage({ text }), onChunk(spec, msg), run() (starts again from the controls) }
   * @param hooks { watch: () => boolean (the speed control says watch), watchDelayMs,
   *   paused(spec), done(spec) (before 'done' is shown), failed(error), cancelled() }
   */
  constructor(lab, hooks) {
    this.root = lab.root;
    this.client = lab.client;
    this.lab = lab;
    this.hooks = hooks;
    this.token = 0;
    this.sessions = 0;
    this.spec = null;
    this.pausing = null;
  }

  /** A new run starts (nothing shown yet); returns its token. */
  begin() {
    this.spec = null;
    this.pausing = null;
    return ++this.token;
  }

  /** Whether `token` is still the latest run's (else its answers are dropped). */
  isCurrent(token) {
    return token === this.token;
  }

  /** The spec of a new worker session with `fields` (options, steps, …); shown from now on. */
  newSpec(fields) {
    this.spec = { key: `run-${++this.sessions}`, ...fields, watch: this.hooks.watch(), spawn: this.client.spawns };
    return this.spec;
  }

  /** The pause button: pauses a running run, resumes a paused one. */
  toggle() {
    if (this.root.dataset.state === 'running') this.pause();
    else if (this.root.dataset.state === 'paused') this.resume();
  }

  /** Streams the run `spec` until it is done, paused, cancelled or fails. */
  async drive(spec, token) {
    const { lab, hooks } = this;
    lab.setState('running');
    lab.showSteps();
    const pace = spec.watch ? () => sleep(hooks.watchDelayMs) : undefined;
    try {
      const result = await this.client.sample(spec, (msg) => lab.onChunk(spec, msg), pace);
      if (token !== this.token || this.spec !== spec || result.status === 'superseded') return;
      if (result.status === 'cancelled') {
        if (this.pausing !== spec) return; // cancelled: cancel() set the state
        const again = this.pausing.thenResume;
        this.pausing = null;
        lab.setState('paused');
        hooks.paused(spec);
        if (again) this.resume();
        return;
      }
      this.pausing = null;
      hooks.done(spec);
      lab.setState('done');
      lab.showSteps();
    } catch (e) {
      if (token !== this.token || this.spec !== spec) return;
      hooks.failed(e);
    }
  }

  /** Asks the worker to stop after the chunk it is computing; 'paused' once it has. */
  pause({ thenResume = false } = {}) {
    if (this.root.dataset.state !== 'running' || !this.spec) return;
    this.pausing = this.spec;
    this.spec.thenResume = thenResume;
    this.lab.setState('pausing');
    this.client.stop();
  }

  resume() {
    const spec = this.spec;
    if (!spec || this.root.dataset.state !== 'paused') return;
    // After a worker restart the session is gone: start again from the controls.
    if (this.client.spawns !== spec.spawn) {
      this.lab.run();
      return;
    }
    spec.watch = this.hooks.watch();
    const token = ++this.token;
    this.drive(spec, token);
  }

  async cancel() {
    const s = this.root.dataset.state;
    if (!['running', 'pausing', 'paused'].includes(s)) return;
    this.token++;
    this.pausing = null;
    this.lab.setState('cancelled');
    this.hooks.cancelled();
    try {
      await this.client.resetSession();
    } catch (e) {
      this.lab.showMessage({ text: `${t('err.worker')} ${e.message}` });
    }
  }
}

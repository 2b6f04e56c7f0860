// The one-step generation lab: shipped weights show samples at once; "Train" trains the
// chosen methods in the flow worker, chunk by chunk, with live loss and samples.
//
// Test hooks on the root: data-state="idle|running|paused|done|cancelled|error" (the
// training run), data-view="loading|ready|error" (the samples of the current view),
// data-samples-digest (same hash and weights → same digest), data-quality="ready" once
// the energy distances are in the table, data-steps (steps trained, all methods).
import { HashState, serializePoints, roundPoint } from '../../lib/state.js';
import { pageHost } from '../../lib/lab-host.js';
import { applyLanguage, inLanguage, language, setLanguage, t } from '../../lib/i18n.js';
import { onThemeChange } from '../../lib/theme.js';
import { fnv1a } from '../../lib/digest.js';
import { passthroughFor } from '../nav.js';
import './strings.js';
import {
  SCHEMA, METHODS, NFES, QUALITY_NFES, SHIPPED_DATASETS, SHIPPED_WIDTH, LIMITS, QUALITY_SEED, scatterN,
} from './schema.js';
import { validate, controlForMessage } from './validate.js';
import { buildMarkup } from './markup.js';
import { CONVENTION, EXPLANATIONS } from './explanations.js';
import {
  drawScatter, drawTrajectories, drawPoints, drawQuality, drawLoss, toWorld,
} from './plots.js';
import { FlowWorkerClient } from './worker-client.js';

const TEXT_CONTROLS = ['fseed', 'flr', 'fsteps', 'fwidth', 'fpoints'];
const SELECTS = ['fdata', 'fmethod'];
/** States of a finished or stopped run: shown only while the controls are that run's. */
const RUN_STATES = ['done', 'paused', 'cancelled', 'error'];
const DRAW_SPACING = 0.15;
const LIVE_SAMPLES_MS = 600;
const LOSS_DRAW_MS = 120;

export class FlowLab {
  /** @param host where the state lives (lib/lab-host.js): the page's hash by default */
  constructor(root, host = pageHost) {
    this.root = root;
    this.host = host;
    this.refs = buildMarkup(root);
    this.state = new HashState(SCHEMA, passthroughFor('flow')).readHash(this.host.hash);
    setLanguage(this.state.getExtra('lang') ?? 'en');
    this.client = new FlowWorkerClient();
    this.active = true;
    this.lastWrittenHash = null;
    this.sessionKey = null; // key of the weights trained in the worker
    this.sessionSpawn = 0; // worker generation those weights live in
    this.losses = new Map();
    this.steps = {};
    this.runSpec = null;
    this.parked = null; // { key, state }: the run status of weights trained for other settings
    this.viewToken = 0;
    this.qualityToken = 0;
    this.view = null; // { target, samples: Map, methods }
    this.qualityCache = new Map(); // `${dataKey}|${stamp}` → values
    this.quality = {};
    this.qualityStamps = {}; // method → which weights the quality row belongs to
    this.qualityNoise = NaN; // noise floor of the energy distance (worker: quality().noise)
    this.lastLive = 0;
    this.liveBusy = false;
    this.lastLossDraw = 0;
    this.lossTimer = null;
    this.problems = new Map();
    this.message = null; // { key, params } | { text }
    this.bindEvents();
    this.setState('idle');
    this.applyLanguage();
    this.sync();
  }

  async start() {
    this.writeHash();
    this.refs.stepText.textContent = t('lab.loading');
    try {
      await this.client.ready;
    } catch (e) {
      this.showMessage({ text: `${t('err.worker')} ${e.message}` });
      this.setState('error');
      return;
    }
    this.refs.stepText.textContent = '';
    this.showProblems();
    this.refreshView();
  }

  activate() {
    this.active = true;
    this.onHashChange(true);
  }

  deactivate() {
    this.active = false;
    if (this.root.dataset.state === 'running') this.pause();
  }

  // ---- events ----------------------------------------------------------------

  bindEvents() {
    const { refs } = this;
    refs.lang.addEventListener('click', () => {
      this.state.setExtra('lang', language() === 'zh' ? 'en' : 'zh');
      setLanguage(this.state.getExtra('lang'));
      this.applyLanguage();
      this.writeHash();
    });
    refs.train.addEventListener('click', () => this.train());
    refs.pause.addEventListener('click', () => {
      if (this.root.dataset.state === 'running') this.pause();
      else if (this.root.dataset.state === 'paused') this.train();
    });
    refs.reset.addEventListener('click', () => this.reset());
    for (const name of SELECTS) {
      refs[name].addEventListener('change', () => this.onInput(name, refs[name].value, true));
    }
    for (const radio of [refs.finit, refs.finitLoaded]) {
      radio.addEventListener('change', () => { if (radio.checked) this.onInput('finit', radio.value, true); });
    }
    refs.fnfe.addEventListener('input', () => this.onInput('fnfe', String(NFES[Number(refs.fnfe.value)] ?? 1), true));
    for (const name of TEXT_CONTROLS) {
      const input = refs[name];
      input.addEventListener('input', () => this.onInput(name, input.value, false));
      input.addEventListener('change', () => this.commit());
      input.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') {
          this.onInput(name, input.value, false);
          this.commit();
        }
      });
    }
    refs.clear.addEventListener('click', () => this.setPoints([], true));
    this.host.onChange(() => { if (this.active) this.onHashChange(false); });
    onThemeChange(() => this.redrawAll());
    window.addEventListener('resize', () => { if (this.active) this.redrawAll(); });
    this.bindDrawing();
  }

  bindDrawing() {
    const canvas = this.refs.drawCanvas;
    let drawing = false;
    let last = null;
    const add = (event) => {
      const [x, y] = toWorld(canvas, event);
      const p = [roundPoint(x), roundPoint(y)];
      if (last && Math.hypot(p[0] - last[0], p[1] - last[1]) < DRAW_SPACING) return;
      const points = this.state.value('fpoints');
      if (points.length >= LIMITS.maxPoints) return;
      last = p;
      this.setPoints([...points, p], false);
    };
    canvas.addEventListener('pointerdown', (event) => {
      if (event.button !== 0) return;
      event.preventDefault();
      drawing = true;
      last = null;
      canvas.setPointerCapture?.(event.pointerId);
      add(event);
    });
    canvas.addEventListener('pointermove', (event) => { if (drawing) add(event); });
    const end = () => {
      if (!drawing) return;
      drawing = false;
      this.commit();
    };
    canvas.addEventListener('pointerup', end);
    canvas.addEventListener('pointercancel', end);
  }

  setPoints(points, commit) {
    const text = serializePoints(points);
    this.state.setText('fpoints', text);
    this.refs.fpoints.value = text;
    this.writeHash();
    this.syncDrawing();
    this.showProblems();
    if (commit) this.commit();
  }

  onInput(name, text, commit) {
    this.state.setText(name, text);
    this.writeHash();
    this.sync();
    this.showProblems();
    if (commit) this.commit();
  }

  /** A control's value is settled: stop or adapt a running training, show the matching samples. */
  commit() {
    if (this.root.dataset.state === 'running' && this.runSpec) {
      const spec = this.trainSpec();
      if (!spec || spec.key !== this.runSpec.key) {
        // The weights being trained belong to the old settings.
        this.runSpec = null;
        this.client.cancel();
        this.setState('cancelled');
        this.showMessage({ key: 'flow.settingsChanged' });
      } else if (spec.steps !== this.runSpec.steps || spec.methods.join() !== this.runSpec.methods.join()) {
        this.train(); // same weights, another length or set of methods: continue
      }
    }
    this.syncRunStatus();
    this.refreshView();
  }

  /**
   * The status, step count and loss chart describe the run of the current settings only:
   * after a switch to another dataset (or seed, learning rate, width, start) they clear,
   * and they come back if the controls return to the trained run's settings (its
   * weights are still in the worker).
   */
  syncRunStatus() {
    const s = this.root.dataset.state;
    const matches = this.sessionMatches();
    if (!matches && RUN_STATES.includes(s)) {
      this.parked = { key: this.sessionKey, state: s };
      this.setState('idle');
    } else if (matches && s === 'idle' && this.parked?.key === this.sessionKey) {
      this.setState(this.parked.state);
      this.parked = null;
    }
    this.showSteps();
    this.drawLoss();
  }

  onHashChange(force) {
    if (!force && this.host.hash === this.lastWrittenHash) return;
    this.state.readHash(this.host.hash);
    setLanguage(this.state.getExtra('lang') ?? 'en');
    this.applyLanguage();
    this.sync();
    this.writeHash();
    this.showProblems();
    this.commit();
  }

  writeHash() {
    this.lastWrittenHash = this.host.write(this.state);
  }

  // ---- what the controls show --------------------------------------------------

  sync() {
    const { refs, state } = this;
    for (const name of SELECTS) refs[name].value = state.value(name);
    for (const name of TEXT_CONTROLS) {
      const input = refs[name];
      const text = state.getText(name);
      if (input.value !== text && document.activeElement !== input) input.value = text;
    }
    const nfe = state.value('fnfe');
    const index = NFES.indexOf(nfe);
    refs.fnfe.value = String(index >= 0 ? index : 0);
    refs.fnfe.setAttribute('aria-valuetext', String(nfe ?? state.getText('fnfe')));
    refs.nfeOut.textContent = state.getText('fnfe');
    for (const prop of SCHEMA) {
      const row = this.root.querySelector(`.control[data-control="${prop.name}"]`);
      if (row && prop.name !== 'fpoints') row.hidden = state.isHidden(prop.name);
    }
    this.syncInit();
    if (state.isHidden('fwidth')) refs.advanced.hidden = true;
    else refs.advanced.hidden = false;
    this.syncDrawing();
    this.showFormulas();
  }

  /** The start choice: "continue" needs shipped weights of this dataset at the shipped width. */
  syncInit() {
    const { refs, state } = this;
    const canContinue = validate(state).train?.canContinue
      ?? (SHIPPED_DATASETS.includes(state.value('fdata')) && state.value('fwidth') === SHIPPED_WIDTH);
    const loaded = state.value('finit') === 'loaded';
    refs.finit.checked = !loaded || !canContinue;
    refs.finitLoaded.checked = loaded && canContinue;
    refs.finitLoaded.disabled = !canContinue;
    let note = '';
    if (!canContinue) {
      note = t(SHIPPED_DATASETS.includes(state.value('fdata')) ? 'flow.init.noWidth' : 'flow.init.noData',
        { width: SHIPPED_WIDTH });
    }
    refs.initNote.textContent = note;
    this.root.dataset.init = refs.finitLoaded.checked ? 'loaded' : 'scratch';
  }

  syncDrawing() {
    const drawn = this.state.value('fdata') === 'drawn';
    this.refs.drawBox.hidden = !drawn || this.state.isHidden('fpoints');
    const points = this.state.value('fpoints');
    this.refs.pointCount.textContent = t('flow.pointCount', { n: points.length });
    this.refs.pointCount.dataset.count = String(points.length);
    if (drawn) drawPoints(this.refs.drawCanvas, points);
  }

  showFormulas() {
    const choice = this.state.value('fmethod');
    this.refs.convention.textContent = inLanguage(CONVENTION);
    for (const m of METHODS) {
      const e = EXPLANATIONS[m];
      this.refs[`formula-${m}`].textContent = inLanguage(e.formula);
      this.refs[`explanation-${m}`].textContent = language() === 'zh' ? e.zh : e.en;
      this.refs[`ref-${m}`].href = e.ref;
      this.root.querySelector(`.method-formula[data-method="${m}"]`).classList.toggle('selected', choice === m);
    }
  }

  applyLanguage() {
    applyLanguage(this.host.i18nRoot);
    this.setState(this.root.dataset.state);
    this.showProblems();
    this.showMessage(this.message);
    this.showFormulas();
    this.syncDrawing();
    this.syncInit();
    this.showSources();
    this.showQuality();
    this.refs.qualityNote.textContent = t('flow.qualityNote', { n: LIMITS.qualityN });
    for (const m of METHODS) {
      const name = t(`flow.m.${m}`);
      this.refs[`scatter-${m}`].setAttribute('aria-label', t('flow.scatterLabel', { method: name }));
      this.refs[`traj-${m}`].setAttribute('aria-label', t('flow.trajectoryLabel', { method: name, k: this.trajectorySteps() }));
    }
    this.showSteps();
  }

  setState(s) {
    this.root.dataset.state = s;
    this.refs.stateLabel.textContent = t(`flow.state.${s}`);
    const pause = this.refs.pause;
    pause.disabled = s !== 'running' && s !== 'paused';
    pause.dataset.i18n = s === 'paused' ? 'flow.resume' : 'flow.pause';
    pause.textContent = t(pause.dataset.i18n);
    this.refs.train.disabled = s === 'running';
    // A paused run (also paused by leaving the tab) continues: the button says so.
    this.refs.train.dataset.i18n = s === 'paused' ? 'flow.resume' : 'flow.train';
    this.refs.train.textContent = t(this.refs.train.dataset.i18n);
  }

  showProblems() {
    const { viewErrors, trainErrors } = validate(this.state);
    const problems = new Map([...trainErrors, ...viewErrors]);
    for (const [name, p] of this.problems) if (p.text && !problems.has(name)) problems.set(name, p);
    for (const prop of SCHEMA) {
      const msg = this.root.querySelector(`#flow-msg-${prop.name}`);
      const p = problems.get(prop.name);
      msg.textContent = p ? (p.text ?? t(p.key, p.params)) : '';
      this.refs[prop.name].setAttribute('aria-invalid', p ? 'true' : 'false');
      msg.closest('.control').classList.toggle('invalid', Boolean(p));
    }
    this.root.dataset.problems = [...problems.keys()].join(',');
  }

  /** Module messages about one control (e.g. divergence → learning rate) stay until the run restarts. */
  setModuleProblem(message) {
    const control = controlForMessage(message);
    this.problems = new Map();
    if (control) this.problems.set(control, { text: message });
    this.showProblems();
  }

  showMessage(message) {
    this.message = message;
    this.refs.error.textContent = message ? (message.text ?? t(message.key, message.params)) : '';
  }

  // ---- training -------------------------------------------------------------------

  /** The run the controls ask for, or null if a control is wrong. */
  trainSpec() {
    const { view, train } = validate(this.state);
    if (!view || !train) return null;
    const options = {
      data: view.data,
      seed: view.seed,
      hidden: [train.width, train.width, train.width],
      // The schedules (MeanFlow's cosine rate, consistency's N) span the steps asked for when
      // the trainers are made, as in `sampling-cli flow train --steps N`; more steps later go on
      // at the schedules' end.
      totalSteps: train.steps,
    };
    if (train.lr !== null) options.lr = train.lr; // else each method's default
    const key = JSON.stringify({ data: view.dataKey, seed: view.seed, lr: train.lr, width: train.width, init: train.init });
    const spec = { key, methods: view.methods, steps: train.steps, options };
    if (train.init === 'loaded') spec.initUrls = this.shippedUrls(view.dataset);
    return spec;
  }

  /** URLs of the shipped weights of `dataset` per method ({} if it has none). */
  shippedUrls(dataset) {
    const urls = {};
    if (SHIPPED_DATASETS.includes(dataset)) {
      for (const m of METHODS) urls[m] = new URL(`models/flows/${dataset}-${m}.safetensors`, this.host.base).href;
    }
    return urls;
  }

  /** Whether the worker's trained weights are the ones for the current controls. */
  sessionMatches() {
    if (!this.sessionKey) return false;
    if (this.client.spawns !== this.sessionSpawn) {
      // The worker was restarted (a stuck call): its trainers are gone.
      this.sessionKey = null;
      this.losses = new Map();
      this.steps = {};
      this.showMessage({ key: 'flow.sessionLost' });
      return false;
    }
    return this.trainSpec()?.key === this.sessionKey;
  }

  async train() {
    const spec = this.trainSpec();
    if (!spec) {
      this.showProblems();
      this.showMessage({ key: validate(this.state).view ? 'flow.err.fixTrain' : 'flow.err.fixView' });
      return;
    }
    if (spec.key !== this.sessionKey || this.client.spawns !== this.sessionSpawn) {
      this.losses = new Map();
      this.steps = {};
      this.qualityCache.clear();
    }
    this.sessionKey = spec.key;
    this.sessionSpawn = this.client.spawns;
    this.parked = null;
    this.runSpec = spec;
    this.problems = new Map();
    this.showProblems();
    this.showMessage(null);
    this.setState('running');
    this.showSteps();
    const runSpec = spec;
    try {
      const result = await this.client.train(spec, (msg) => this.onChunk(runSpec, msg));
      if (this.runSpec !== runSpec || result.status === 'superseded') return;
      if (result.status === 'cancelled') return; // pause / reset / settings set the state
      this.setState('done');
      this.showSteps();
      this.refreshView();
    } catch (e) {
      if (this.runSpec !== runSpec) return;
      const message = e?.message ?? String(e);
      this.setModuleProblem(message);
      const prefix = /diverged/.test(message) ? t('flow.err.diverged') : t('flow.err.module');
      this.showMessage({ text: `${prefix} ${message}` });
      this.setState('error');
      this.refreshView(); // the last good weights still sample
    }
  }

  onChunk(spec, msg) {
    if (this.runSpec !== spec) return;
    this.sessionSpawn = this.client.spawns; // the trainers live in this worker
    const list = this.losses.get(msg.method) ?? [];
    for (const v of msg.losses) list.push(v);
    this.losses.set(msg.method, list);
    this.steps = { ...this.steps, ...msg.steps };
    this.showSteps();
    const now = performance.now();
    if (now - this.lastLossDraw > LOSS_DRAW_MS) {
      this.lastLossDraw = now;
      this.drawLoss();
    }
    if (now - this.lastLive > LIVE_SAMPLES_MS && !this.liveBusy) {
      this.lastLive = now;
      this.liveBusy = true;
      this.refreshView({ quality: false }).finally(() => { this.liveBusy = false; });
    }
  }

  pause() {
    this.runSpec = null;
    this.client.cancel();
    this.setState('paused');
    this.drawLoss();
    this.refreshView();
  }

  async reset() {
    this.runSpec = null;
    this.sessionKey = null;
    this.parked = null;
    this.losses = new Map();
    this.steps = {};
    this.problems = new Map();
    this.qualityCache.clear();
    this.showMessage(null);
    this.setState('idle');
    this.showSteps();
    this.drawLoss();
    this.showProblems();
    try {
      await this.client.resetSession();
    } catch (e) {
      this.showMessage({ text: `${t('err.worker')} ${e.message}` });
    }
    this.refreshView();
  }

  showSteps() {
    const spec = this.trainSpec();
    const methods = spec?.methods ?? [];
    const total = spec?.steps ?? 0;
    const trained = this.sessionMatches() ? methods.map((m) => this.steps[m] ?? 0) : methods.map(() => 0);
    const sum = trained.reduce((a, b) => a + b, 0);
    this.root.dataset.steps = String(sum);
    const per = methods.length ? Math.floor(sum / methods.length) : 0;
    this.refs.progress.value = total > 0 && methods.length ? Math.min(1, sum / (total * methods.length)) : 0;
    this.refs.stepText.textContent = sum > 0 || this.root.dataset.state === 'running'
      ? t('flow.steps', { step: per.toLocaleString('en-US'), total: total.toLocaleString('en-US') })
      : '';
  }

  // ---- pictures ---------------------------------------------------------------------

  trajectorySteps() {
    const nfe = this.state.value('fnfe');
    return NFES.includes(nfe) && nfe > 1 ? nfe : LIMITS.trajectorySteps;
  }

  /** Samples of every shown method (and the target) for the current controls. */
  async refreshView({ quality = true } = {}) {
    const token = ++this.viewToken;
    const { view } = validate(this.state);
    const shown = view?.methods ?? [];
    for (const m of METHODS) {
      this.refs[`scatter-${m}-fig`].hidden = !shown.includes(m);
      this.refs[`traj-${m}-fig`].hidden = !shown.includes(m);
    }
    this.root.querySelector('.flow-grid').dataset.count = String(shown.length);
    this.refs.trajConsistency.hidden = !shown.includes('consistency');
    this.refs.trajGrid.dataset.count = String(shown.length);
    this.showSteps();
    this.drawLoss();
    if (!view) {
      this.view = null;
      this.root.dataset.view = 'error';
      this.root.removeAttribute('data-samples-digest');
      this.redrawAll();
      this.showSources();
      return;
    }
    const sessionKey = this.sessionMatches() ? this.sessionKey : null;
    const shippedUrls = this.shippedUrls(view.dataset);
    const workerView = { sessionKey, shippedUrls };
    const n = scatterN(view.nfe);
    if (quality) {
      this.root.dataset.view = 'loading';
      this.root.removeAttribute('data-samples-digest');
      for (const m of shown) this.setBusy(m, true); // each panel clears as its samples arrive
    }
    const next = { key: `${view.dataKey}|${view.seed}|${view.nfe}`, target: null, samples: new Map(), methods: shown };
    try {
      const targetKey = `${view.dataKey}|${view.seed}|${n}`;
      next.target = this.view?.targetKey === targetKey ? this.view.target : await this.client.target(view.data, n, view.seed);
      next.targetKey = targetKey;
      if (token !== this.viewToken) return;
      if (this.view?.key !== next.key) {
        this.view = { ...next, samples: new Map() };
        this.redrawAll();
      }
      this.view.target = next.target;
      this.view.targetKey = targetKey;
      for (const m of shown) {
        const res = await this.client.sample(workerView, m, view.nfe, n, view.seed,
          { nfe: this.trajectorySteps(), n: LIMITS.trajectoryN });
        if (token !== this.viewToken) return;
        next.samples.set(m, res);
        this.view.samples.set(m, res);
        this.view.methods = shown;
        this.setBusy(m, false);
        this.drawMethod(m);
        this.showSource(m);
      }
    } catch (e) {
      if (token !== this.viewToken) return;
      for (const m of METHODS) this.setBusy(m, false);
      this.root.dataset.view = 'error';
      this.showMessage({ text: `${t('flow.err.module')} ${e?.message ?? e}` });
      this.setModuleProblem(e?.message ?? String(e));
      return;
    }
    this.view = next;
    this.root.dataset.view = 'ready';
    this.root.dataset.weights = [...new Set(shown.map((m) => next.samples.get(m).kind))].join(',');
    this.root.dataset.samplesDigest = this.digest(next);
    this.redrawAll();
    if (quality && this.root.dataset.state !== 'running') this.refreshQuality(view, workerView);
  }

  /** Busy sign on a method's two panels while their samples are recomputed. */
  setBusy(m, busy) {
    for (const kind of ['scatter', 'traj']) {
      const fig = this.refs[`${kind}-${m}-fig`];
      if (busy) fig.setAttribute('aria-busy', 'true');
      else fig.removeAttribute('aria-busy');
    }
    if (busy) this.refs[`scatter-${m}-src`].textContent = t('flow.src.loading');
  }

  digest(view) {
    const parts = [];
    for (const m of view.methods) {
      const s = view.samples.get(m);
      parts.push(m, s.kind);
      if (s.points) for (const v of s.points) parts.push(v.toFixed(4));
    }
    return fnv1a(parts.join(','));
  }

  async refreshQuality(view, workerView) {
    const token = ++this.qualityToken;
    this.root.dataset.quality = 'loading';
    const values = {};
    const stamps = {};
    for (const m of view.methods) {
      const stamp = this.sampleStamp(this.view?.samples.get(m), workerView.sessionKey);
      const key = `${view.dataKey}|${m}|${stamp}`;
      if (!this.qualityCache.has(key)) {
        try {
          const q = await this.client.quality(workerView, m, view.data, QUALITY_NFES, LIMITS.qualityN, QUALITY_SEED);
          this.qualityCache.set(key, q.values);
          if (Number.isFinite(q.noise)) this.qualityNoise = q.noise;
        } catch (e) {
          if (token !== this.qualityToken) return;
          this.root.dataset.quality = 'error';
          this.showMessage({ text: `${t('flow.err.module')} ${e?.message ?? e}` });
          return;
        }
      }
      if (token !== this.qualityToken) return;
      values[m] = this.qualityCache.get(key);
      stamps[m] = stamp;
      this.quality = { ...values };
      this.qualityStamps = { ...stamps };
      this.showQuality();
    }
    this.quality = values;
    this.showQuality();
    this.showSources();
    this.root.dataset.quality = 'ready';
  }

  /** Which weights a sample set came from (the quality row of the same stamp describes it). */
  sampleStamp(s, sessionKey) {
    return s?.kind === 'trained' ? `t:${sessionKey}:${s.step}` : s?.kind ?? 'none';
  }

  /** An energy distance for the table and captions: below the noise floor it is not told apart from 0. */
  formatEd(v, digits) {
    const floor = this.qualityNoise;
    if (Number.isFinite(floor) && v < floor) return t('flow.belowNoise');
    return v.toFixed(digits);
  }

  showQuality() {
    const floor = this.qualityNoise;
    for (const m of METHODS) {
      const row = this.root.querySelector(`.flow-quality tr[data-method="${m}"]`);
      const values = this.quality[m];
      row.hidden = !(m in this.quality);
      QUALITY_NFES.forEach((nfe, i) => {
        const cell = row.querySelector(`[data-testid="flow-ed-${m}-${nfe}"]`);
        const v = values?.[i];
        cell.textContent = Number.isFinite(v) ? this.formatEd(v, 4) : '–';
        if (Number.isFinite(v)) cell.dataset.value = String(v);
        else cell.removeAttribute('data-value');
        if (Number.isFinite(v) && Number.isFinite(floor)) {
          cell.title = t('flow.noiseTitle', { v: v.toFixed(4), floor: floor.toFixed(4), n: LIMITS.qualityN });
        } else cell.removeAttribute('title');
      });
    }
    drawQuality(this.refs.qualityChart, QUALITY_NFES, this.quality, floor);
  }

  showSources() {
    for (const m of METHODS) this.showSource(m);
  }

  showSource(m) {
    const el = this.refs[`scatter-${m}-src`];
    const trajEl = this.refs[`traj-${m}-src`];
    const s = this.view?.samples.get(m);
    let text;
    if (!s) text = this.root.dataset.view === 'loading' ? t('flow.src.loading') : '';
    else if (s.kind === 'trained' && s.start > 0) text = t('flow.src.continued', { step: (s.step ?? 0).toLocaleString('en-US') });
    else if (s.kind === 'trained') text = t('flow.src.trained', { step: (s.step ?? 0).toLocaleString('en-US') });
    else if (s.kind === 'shipped') text = t('flow.src.shipped');
    else text = t('flow.src.none');
    const nfe = this.state.value('fnfe');
    const i = QUALITY_NFES.indexOf(nfe);
    const ed = this.quality[m]?.[i];
    // Only the figure of these very weights (not the pretrained one beside a run's samples).
    const current = this.qualityStamps[m] === this.sampleStamp(s, this.sessionKey);
    if (s && s.kind !== 'none' && this.root.dataset.state === 'running') text += ` · ${t('flow.state.running')}`;
    else if (s && s.kind !== 'none' && i >= 0 && current && Number.isFinite(ed)) {
      text += ` · ${t('flow.ed', { v: this.formatEd(ed, 3) })}`;
    }
    el.textContent = text;
    el.dataset.kind = s?.kind ?? '';
    trajEl.textContent = s?.kind === 'none' ? t('flow.src.none') : '';
  }

  drawMethod(m) {
    const v = this.view;
    const s = v?.samples.get(m);
    drawScatter(this.refs[`scatter-${m}`], v?.target, s?.points, m);
    drawTrajectories(this.refs[`traj-${m}`], v?.target, s, m);
  }

  /** The loss of the current settings' run only (none after a switch to another dataset). */
  drawLoss() {
    const losses = this.sessionMatches() ? this.losses : new Map();
    drawLoss(this.refs.lossChart, losses, this.trainSpec()?.methods ?? METHODS);
  }

  redrawAll() {
    for (const m of METHODS) {
      if (!this.refs[`scatter-${m}-fig`].hidden) this.drawMethod(m);
    }
    this.drawLoss();
    this.showQuality();
    this.syncDrawing();
  }
}

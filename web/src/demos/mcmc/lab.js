// The 2-D sampler lab: wires the hash state, the controls, the worker and the pictures.
//
// Lifecycle of a run: validate (JS) → new SampleStore → worker streams chunks →
// store/pictures/stats update live → 'done' (digest written) | 'cancelled' | 'error'.
// The lab root carries data-state="idle|running|done|cancelled|error" and, after a
// completed run, data-samples-digest (same hash → same digest).
import { HashState, serializePoints, roundPoint } from '../../lib/state.js';
import { pageHost } from '../../lib/lab-host.js';
import { applyLanguage, inLanguage, language, setLanguage, t } from '../../lib/i18n.js';
import { renderHeatmap } from '../../lib/heatmap.js';
import { onThemeChange } from '../../lib/theme.js';
import { SCHEMA, DRAWN_BOX, LIMITS } from './schema.js';
import { passthroughFor } from '../nav.js';
import { validate, controlForMessage } from './validate.js';
import { buildLabMarkup } from './lab-markup.js';
import { Controls } from './controls.js';
import { MainCanvas } from './main-canvas.js';
import { StatsPanel } from './stats-panel.js';
import { renderLegend } from './legend.js';
import { Charts } from './charts.js';
import { SampleStore } from './sample-store.js';
import { McmcWorkerClient } from './worker-client.js';
import { EXPLANATIONS } from './explanations.js';

const GRID = 160; // heatmap resolution
const DRAW_SPACING = 0.3; // world units between points added while dragging
const FRAME_PACED_MS = 12; // chunks faster than this wait for a frame (so chains animate)
const PACE_MAX_MS = 20;

export class McmcLab {
  /** @param host where the state lives (lib/lab-host.js): the page's hash by default */
  constructor(root, host = pageHost) {
    this.root = root;
    this.host = host;
    this.refs = buildLabMarkup(root);
    this.state = new HashState(SCHEMA, passthroughFor('mcmc')).readHash(this.host.hash);
    setLanguage(this.state.getExtra('lang') ?? 'en');
    this.controls = new Controls(this.refs.controls, SCHEMA, {
      onInput: (name, text) => this.onInput(name, text),
      onCommit: () => this.commit(),
      onClearPoints: () => this.setPoints([], true),
    });
    this.canvas = new MainCanvas(this.refs.canvas);
    this.stats = new StatsPanel(this.refs.stats);
    this.charts = new Charts(this.refs.charts);
    this.client = new McmcWorkerClient();
    this.store = null;
    this.viewKey = null;
    this.viewToken = 0;
    this.lastRunHash = null;
    this.lastWrittenHash = null;
    this.problems = new Map();
    this.active = true;
    this.bindEvents();
    this.setState('idle');
    this.applyLanguage();
    this.controls.sync(this.state);
  }

  async start() {
    this.writeHash();
    this.refs.progressText.textContent = t('lab.loading');
    try {
      await this.client.ready;
    } catch (e) {
      this.fail(`${t('err.worker')} ${e.message}`);
      return;
    }
    this.refs.progressText.textContent = '';
    this.refreshView();
    await this.run();
  }

  bindEvents() {
    const { refs } = this;
    refs.run.addEventListener('click', () => this.run());
    refs.cancel.addEventListener('click', () => this.cancel());
    refs.lang.addEventListener('click', () => {
      this.state.setExtra('lang', language() === 'zh' ? 'en' : 'zh');
      setLanguage(this.state.getExtra('lang'));
      this.applyLanguage();
      this.writeHash();
    });
    this.host.onChange(() => { if (this.active) this.onHashChange(); });
    onThemeChange(() => {
      this.viewKey = null;
      this.refreshView();
    });
    this.bindDrawing();
  }

  // ---- state and hash ------------------------------------------------------------

  setState(s) {
    this.root.dataset.state = s;
    this.refs.stateLabel.dataset.i18n = `lab.state.${s}`;
    this.refs.stateLabel.textContent = t(`lab.state.${s}`);
    this.refs.cancel.disabled = s !== 'running';
  }

  writeHash() {
    this.lastWrittenHash = this.host.write(this.state);
  }

  /** Called by the page when this demo is shown again (the hash may have changed). */
  activate() {
    this.active = true;
    this.onHashChange(true);
  }

  /** Called by the page when another demo is shown: stop the run, ignore the hash. */
  deactivate() {
    this.active = false;
    this.client.cancel();
  }

  onHashChange(force = false) {
    if (!force && this.host.hash === this.lastWrittenHash) return;
    this.state.readHash(this.host.hash);
    setLanguage(this.state.getExtra('lang') ?? 'en');
    this.applyLanguage();
    this.controls.sync(this.state);
    this.writeHash();
    this.refreshView();
    if (force && this.state.toHash() === this.lastRunHash && this.root.dataset.state === 'done') return;
    this.run();
  }

  onInput(name, text) {
    this.state.setText(name, text);
    this.writeHash();
    this.controls.sync(this.state);
    if (name === 'sampler') this.showExplanation();
    this.refreshView();
    this.showProblems(validate(this.state).errors);
  }

  /** A control was committed (select changed, Enter, blur): run if anything changed. */
  commit() {
    if (this.state.toHash() === this.lastRunHash && this.root.dataset.state !== 'cancelled') return;
    this.run();
  }

  applyLanguage() {
    applyLanguage(this.host.i18nRoot); // the lab and the page around it
    this.showExplanation();
    this.showProblems(this.problems);
    this.setState(this.root.dataset.state);
    this.updateLegend();
    if (this.store?.stats) this.stats.show(this.store.stats);
    this.canvas.requestFrame();
  }

  showExplanation() {
    const e = EXPLANATIONS[this.state.value('sampler')];
    this.refs.formula.textContent = inLanguage(e.formula);
    this.refs.explanation.textContent = language() === 'zh' ? e.zh : e.en;
    this.refs.reference.href = e.ref;
  }

  // ---- the heatmap view ----------------------------------------------------------

  async refreshView() {
    const target = this.state.value('target');
    const isDrawn = target === 'drawn';
    const points = this.state.value('points');
    const bandwidth = this.state.value('bandwidth');
    const key = isDrawn ? `drawn|${serializePoints(points)}|${bandwidth}` : target;
    this.refs.drawHint.hidden = !isDrawn;
    this.updateLegend();
    this.root.classList.toggle('drawing', isDrawn);
    this.canvas.setDrawnPoints(points, isDrawn);
    this.showCanvasMessage(isDrawn && points.length === 0 ? t('lab.noPoints') : '');
    if (key === this.viewKey) return;
    this.viewKey = key;
    const token = ++this.viewToken;
    const spec = { name: target };
    let box;
    if (isDrawn) {
      box = DRAWN_BOX;
      if (points.length === 0 || !(bandwidth > 0) || !Number.isFinite(bandwidth)) {
        this.canvas.setView(box, null);
        this.root.dataset.heatmap = 'empty';
        return;
      }
      spec.points = points.flat();
      spec.bandwidth = bandwidth;
    }
    try {
      const grid = await this.client.densityGrid(spec, GRID, GRID, box);
      if (token !== this.viewToken) return;
      const heat = renderHeatmap(grid);
      this.canvas.setView(grid.box, heat.canvas);
      this.root.dataset.heatmap = target;
      this.refs.canvas.dataset.box = [grid.box.xmin, grid.box.xmax, grid.box.ymin, grid.box.ymax]
        .map((v) => Number(v.toPrecision(6))).join(',');
    } catch (e) {
      if (token !== this.viewToken) return;
      this.viewKey = null;
      this.root.dataset.heatmap = 'error';
      this.showCanvasMessage(e.message);
    }
  }

  updateLegend() {
    const v = (k) => this.state.value(k);
    const chains = Number.isInteger(v('chains')) && v('chains') > 0 ? v('chains') : 1;
    renderLegend(this.refs.legend, { sampler: v('sampler'), target: v('target'), chains });
  }

  showCanvasMessage(text) {
    this.refs.canvasMessage.textContent = text;
    this.refs.canvasMessage.hidden = !text;
  }

  // ---- drawing the user's density ------------------------------------------------

  bindDrawing() {
    const canvas = this.refs.canvas;
    let drawing = false;
    let last = null;
    const add = (event) => {
      const [x, y] = this.canvas.toWorld(event);
      const p = [roundPoint(x), roundPoint(y)];
      if (last && Math.hypot(p[0] - last[0], p[1] - last[1]) < DRAW_SPACING) return;
      const points = this.state.value('points');
      if (points.length >= LIMITS.maxPoints) return;
      last = p;
      this.setPoints([...points, p], false);
    };
    canvas.addEventListener('pointerdown', (event) => {
      if (this.state.value('target') !== 'drawn' || event.button !== 0) return;
      event.preventDefault();
      drawing = true;
      last = null;
      canvas.setPointerCapture?.(event.pointerId);
      add(event);
    });
    canvas.addEventListener('pointermove', (event) => {
      if (drawing) add(event);
    });
    const end = () => {
      if (!drawing) return;
      drawing = false;
      this.refreshView();
      this.commit();
    };
    canvas.addEventListener('pointerup', end);
    canvas.addEventListener('pointercancel', end);
  }

  /** Replaces the drawn points; `commit` re-renders the density and runs. */
  setPoints(points, commit) {
    const text = serializePoints(points);
    this.state.setText('points', text);
    this.controls.setText('points', text);
    this.writeHash();
    this.canvas.setDrawnPoints(points, true);
    this.showCanvasMessage(points.length === 0 ? t('lab.noPoints') : '');
    if (commit) {
      this.refreshView();
      this.commit();
    }
  }

  // ---- runs ------------------------------------------------------------------

  showProblems(problems) {
    this.problems = problems;
    this.controls.showMessages(problems);
  }

  fail(message) {
    this.refs.error.textContent = message;
    this.setState('error');
  }

  async cancel() {
    await this.client.cancel();
  }

  async run() {
    this.lastRunHash = this.state.toHash();
    const { errors, options } = validate(this.state);
    this.showProblems(errors);
    this.root.removeAttribute('data-samples-digest');
    const waitingForPoints = errors.size === 1 && errors.has('points') && this.state.value('points').length === 0;
    if (errors.size > 0) {
      this.store = null;
      this.canvas.setStore(null);
      this.charts.reset(null);
      this.stats.clear();
      await this.client.cancel();
      if (waitingForPoints) {
        // A drawn density starts empty: the canvas says to draw; nothing is wrong yet.
        this.showProblems(new Map());
        this.refs.error.textContent = '';
        this.setState('idle');
        return;
      }
      const lines = [t('err.fix')];
      if (errors.has('points')) lines.unshift(t('err.noPoints'));
      this.fail(lines.join(' '));
      return;
    }
    const { n } = options;
    delete options.n;
    const store = new SampleStore(options.sampler);
    this.store = store;
    this.refs.error.textContent = '';
    this.canvas.setStore(store);
    this.charts.reset(store, n, options.sampler, options.burnIn ?? 0);
    this.stats.clear();
    this.setProgress(0, 1);
    this.setState('running');
    try {
      const result = await this.client.start(
        options,
        n,
        (msg) => this.onChunk(store, msg),
        (msg) => this.pace(msg),
      );
      if (this.store !== store || result.status === 'superseded') return;
      if (result.status === 'cancelled') {
        this.setState('cancelled');
        return;
      }
      store.stats = result.stats ?? store.stats;
      this.stats.show(store.stats);
      this.canvas.setBest(store.stats?.best);
      this.canvas.requestFrame();
      this.charts.draw();
      this.root.dataset.samplesDigest = store.digest();
      this.setProgress(n, n);
      this.setState('done');
    } catch (e) {
      if (this.store !== store) return;
      const message = e?.message ?? String(e);
      const control = controlForMessage(message);
      const problems = new Map(this.problems);
      if (control) problems.set(control, { text: message });
      this.showProblems(problems);
      this.fail(`${t('err.module')} ${message}`);
    }
  }

  onChunk(store, msg) {
    if (this.store !== store) return;
    store.add(msg.chunk);
    if (msg.stats) {
      store.stats = msg.stats;
      this.stats.show(msg.stats);
      this.canvas.setBest(msg.stats.best);
    }
    this.canvas.update();
    this.charts.update();
    this.setProgress(msg.done, msg.total);
  }

  /** Short chunks wait for the next frame (at most PACE_MAX_MS), so chain paths visibly
   *  move; a throttled or hidden page never stalls the run. */
  pace(msg) {
    if (document.hidden || msg.elapsed > FRAME_PACED_MS) return undefined;
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, PACE_MAX_MS);
      requestAnimationFrame(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  setProgress(done, total) {
    const value = total > 0 ? Math.min(1, done / total) : 0;
    this.refs.progress.value = value;
    this.refs.progressText.textContent = `${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')}`;
  }
}

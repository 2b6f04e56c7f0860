// The Gibbs lab: a masked LM fills the free positions of a template, one character at a
// time, in several chains side by side, with the running score, the per-step records,
// diversity across chains and, when annealing, the temperature schedule. The sampler is
// plain Gibbs or MH-corrected Gibbs (its chains show their energy and acceptance rate).
//
// Lifecycle of a run: validate (JS) → load the model in the text worker (once, with a
// progress read-out) → parse the template (core) → the worker streams chunks → chains,
// charts and table update live → 'done' (texts digest written) | 'pausing' → 'paused'
// (every step computed so far is shown; Resume continues the same chains) | 'cancelled'
// | 'error'. The root carries data-state="idle|loading|running|pausing|paused|done|
// cancelled|error", data-model="loading|
// ready|error", data-steps (steps per chain so far), data-sampler of the run shown, for
// MH-corrected Gibbs data-acceptance (accepted / proposed over every chain) and, after a
// completed run, data-texts-digest (same hash → same digest).
import { HashState } from '../../lib/state.js';
import { pageHost } from '../../lib/lab-host.js';
import { applyLanguage, inLanguage, language, setLanguage, t } from '../../lib/i18n.js';
import { bindTextControls, bindLanguageToggle } from '../../lib/lab-controls.js';
import { RunController } from '../../lib/run-controller.js';
import { onThemeChange } from '../../lib/theme.js';
import { fnv1a } from '../../lib/digest.js';
import { passthroughFor } from '../nav.js';
import './strings.js';
import { SCHEMA, PRESETS, SHIPPED, LIMITS } from './schema.js';
import { validate, controlForMessage } from './validate.js';
import { buildMarkup } from './markup.js';
import { EXPLANATIONS } from './explanations.js';
import { GibbsCharts } from './charts.js';
import { ChainsView, shownToken, formatRate } from './chains-view.js';
import { diversity } from './diversity.js';
import { readModelFiles, filesFromDrop } from './model-files.js';
import { TextWorkerClient } from './worker-client.js';

const TEXT_CONTROLS = ['gtpl', 'gtemp', 'gtopk', 'gburn', 'gsteps', 'gchains', 'gtext', 'ganneal', 'gseed'];
const SELECTS = ['gsampler', 'gorder', 'gstart', 'gmodel', 'gspeed'];
const MESSAGE_CONTROLS = [...SCHEMA.map((p) => p.name), 'gfiles'];
const MB = 1024 * 1024;

function megabytes(bytes) {
  return (bytes / MB).toFixed(1);
}

export class GibbsLab {
  /** @param host where the state lives (lib/lab-host.js): the page's hash by default */
  constructor(root, host = pageHost) {
    this.root = root;
    this.host = host;
    this.refs = buildMarkup(root);
    this.state = new HashState(SCHEMA, passthroughFor('gibbs')).readHash(this.host.hash);
    setLanguage(this.state.getExtra('lang') ?? 'en');
    this.client = new TextWorkerClient();
    this.charts = new GibbsCharts(this.refs);
    this.chains = new ChainsView(this.refs.chains);
    this.active = true;
    // The run shown (runs.spec): { key, modelKey, options, anneal, steps, watch, spawn }.
    this.runs = new RunController(this, {
      watch: () => this.state.value('gspeed') === 'watch',
      watchDelayMs: LIMITS.watchDelayMs,
      paused: () => {
        this.chains.settle();
        this.charts.draw(true);
      },
      done: () => {
        this.chains.settle();
        this.charts.draw(true);
        this.showRecords();
        this.root.dataset.textsDigest = fnv1a(this.chains.texts().join('\n'));
      },
      failed: (e) => this.moduleFailed(e),
      cancelled: () => this.chains.settle(),
    });
    this.lastRunKey = null;
    this.lastWrittenHash = null;
    this.custom = null; // { id, names, files: { config, vocab, weights }, info }
    this.customCount = 0;
    this.modelInfo = null; // { key, info }
    this.modelProgress = null;
    this.modelNote = null; // the control showing a model load error
    this.records = [];
    this.problems = new Map(); // validation problems
    this.notes = new Map(); // module and file messages (not from validation)
    this.message = null;
    this.bindEvents();
    this.setState('idle');
    this.root.dataset.steps = '0';
    this.applyLanguage();
    this.sync();
  }

  async start() {
    this.checkCustomModel();
    this.writeHash();
    this.refs.stepText.textContent = t('lab.loading');
    try {
      await this.client.ready;
    } catch (e) {
      this.fail({ text: `${t('err.worker')} ${e.message}` });
      return;
    }
    this.refs.stepText.textContent = '';
    await this.run();
  }

  /** Called by the page when this demo is shown again (the hash may have changed). */
  activate() {
    this.active = true;
    this.onHashChange(true);
  }

  deactivate() {
    this.active = false;
    if (this.root.dataset.state === 'running') this.runs.pause();
  }

  // ---- events ----------------------------------------------------------------

  bindEvents() {
    const { refs } = this;
    refs.run.addEventListener('click', () => this.run());
    refs.pause.addEventListener('click', () => this.runs.toggle());
    refs.cancel.addEventListener('click', () => this.runs.cancel());
    refs.pll.addEventListener('click', () => this.computePll());
    bindLanguageToggle(refs.lang, this.state, () => {
      this.applyLanguage();
      this.writeHash();
    });
    bindTextControls(refs, TEXT_CONTROLS, (name, value) => this.onInput(name, value), () => this.commit());
    for (const name of SELECTS) {
      if (name === 'gmodel') continue;
      refs[name].addEventListener('change', () => {
        // A given start text has the template's shape: start from the template itself.
        if (name === 'gstart' && refs.gstart.value === 'text' && this.state.value('gtext').trim() === '') {
          this.state.setText('gtext', this.state.value('gtpl'));
        }
        this.onInput(name, refs[name].value);
        this.commit();
      });
    }
    refs.gmodel.addEventListener('change', () => this.onModel(refs.gmodel.value));
    refs.preset.addEventListener('change', () => {
      const p = refs.preset.value;
      if (p in PRESETS) {
        refs.gtpl.value = PRESETS[p];
        this.onInput('gtpl', PRESETS[p]);
        this.commit();
      } else {
        refs.gtpl.focus();
      }
    });
    refs.gfiles.addEventListener('change', () => this.onFiles([...(refs.gfiles.files ?? [])]));
    const drop = refs.drop;
    drop.addEventListener('dragover', (e) => {
      e.preventDefault();
      drop.classList.add('over');
    });
    drop.addEventListener('dragleave', () => drop.classList.remove('over'));
    drop.addEventListener('drop', async (e) => {
      e.preventDefault();
      drop.classList.remove('over');
      this.onFiles(await filesFromDrop(e.dataTransfer));
    });
    this.host.onChange(() => { if (this.active) this.onHashChange(false); });
    onThemeChange(() => this.charts.rebuild());
  }

  onInput(name, text) {
    this.state.setText(name, text);
    this.writeHash();
    this.sync();
    this.showProblems(validate(this.state).errors);
  }

  /** Everything that decides a run's outcome (not the speed, not the language). */
  runKey() {
    const { options, steps, anneal } = validate(this.state);
    if (!options) return null;
    return JSON.stringify({ model: this.modelSource().key, options, steps, anneal });
  }

  /** A control was committed (Enter, blur, select): run again if the outcome changes. */
  commit() {
    const s = this.root.dataset.state;
    const key = this.runKey();
    if (key && key === this.lastRunKey && ['running', 'pausing', 'paused', 'done', 'loading'].includes(s)) {
      // Only the speed changed: a running run continues at the new pace.
      const watch = this.state.value('gspeed') === 'watch';
      if (s === 'running' && this.spec && this.spec.watch !== watch) this.runs.pause({ thenResume: true });
      return;
    }
    this.run();
  }

  onModel(model) {
    this.notes.delete('gmodel');
    if (model === 'custom' && !this.custom) {
      this.refs.gmodel.value = this.state.value('gmodel');
      this.notes.set('gfiles', { key: 'gibbs.err.chooseFiles' });
      this.showProblems(this.problems);
      this.refs.gfiles.focus();
      return;
    }
    this.state.setText('gmodel', model);
    this.writeHash();
    this.sync();
    this.commit();
  }

  async onFiles(list) {
    if (!list || list.length === 0) return;
    this.notes.delete('gfiles');
    this.notes.delete('gmodel');
    this.root.dataset.files = 'loading';
    this.refs.filesInfo.textContent = t('gibbs.files.loading', { names: list.map((f) => f.name).join(', ') });
    let read;
    try {
      read = await readModelFiles(list, LIMITS.maxModelBytes);
    } catch (e) {
      this.filesFailed(e.problem ? t(e.problem.key, e.problem.params) : e.message);
      return;
    }
    const id = ++this.customCount;
    const key = `custom:${id}`;
    try {
      const info = await this.client.ensureModel(key, read.files);
      this.custom = { id, key, names: read.names, files: read.files, info };
      this.modelInfo = { key, info };
    } catch (e) {
      this.filesFailed(e.message);
      return;
    }
    this.root.dataset.files = 'loaded';
    this.refs.filesInfo.textContent = t('gibbs.files.loaded', { names: read.names.join(', ') });
    this.state.setText('gmodel', 'custom');
    this.writeHash();
    this.sync();
    this.run();
  }

  filesFailed(message) {
    this.root.dataset.files = 'error';
    this.refs.filesInfo.textContent = '';
    this.refs.gfiles.value = '';
    this.notes.set('gfiles', { text: t('gibbs.err.files', { message }) });
    this.showProblems(this.problems);
    // The previous model (shipped or an earlier folder) stays in use.
  }

  /** gmodel=custom in a link cannot come with the files: fall back to the shipped model. */
  checkCustomModel() {
    if (this.state.value('gmodel') === 'custom' && !this.custom) {
      this.state.setText('gmodel', 'poetry');
      this.notes.set('gmodel', { key: 'gibbs.err.customMissing' });
      this.sync();
    }
  }

  onHashChange(force) {
    if (!force && this.host.hash === this.lastWrittenHash) return;
    this.state.readHash(this.host.hash);
    setLanguage(this.state.getExtra('lang') ?? 'en');
    this.checkCustomModel();
    this.applyLanguage();
    this.sync();
    this.writeHash();
    this.showProblems(validate(this.state).errors);
    this.commit();
  }

  writeHash() {
    this.lastWrittenHash = this.host.write(this.state);
  }

  // ---- what the controls show ------------------------------------------------------

  sync() {
    const { refs, state } = this;
    for (const name of TEXT_CONTROLS) {
      const input = refs[name];
      const text = state.getText(name);
      if (input.value !== text && document.activeElement !== input) input.value = text;
    }
    for (const name of SELECTS) refs[name].value = state.value(name);
    const template = state.value('gtpl');
    refs.preset.value = Object.keys(PRESETS).find((p) => PRESETS[p] === template) ?? 'custom';
    for (const prop of SCHEMA) {
      const row = this.root.querySelector(`.control[data-control="${prop.name}"]`);
      if (row) row.hidden = state.isHidden(prop.name);
    }
    this.root.querySelector('.control[data-control="preset"]').hidden = state.isHidden('gtpl');
    this.root.querySelector('.control[data-control="gfiles"]').hidden = state.isHidden('gmodel');
    if (state.value('gstart') !== 'text') this.root.querySelector('.control[data-control="gtext"]').hidden = true;
    // Annealing replaces the temperature; MH-corrected Gibbs takes neither an order nor annealing.
    const mh = state.value('gsampler') === 'mh-gibbs';
    const anneal = validate(state).anneal ?? null;
    refs.gtemp.disabled = !mh && Boolean(state.value('ganneal').trim());
    refs.gorder.disabled = mh;
    refs.ganneal.disabled = mh;
    if (mh) refs['hint-ganneal'].textContent = t('gibbs.offForMh');
    else {
      refs['hint-ganneal'].textContent = anneal && !anneal.problem
        ? t('gibbs.annealOn', { from: anneal.from, to: anneal.to })
        : t('gibbs.hint.ganneal');
    }
    this.showPreview(template);
  }

  /** The template under its input: pinned characters and free positions as cells. */
  showPreview(template) {
    const box = this.refs.preview;
    box.replaceChildren();
    for (const ch of [...template].slice(0, LIMITS.maxTemplateChars)) {
      const cell = document.createElement('span');
      cell.className = ch === '_' ? 'cell free' : 'cell pinned';
      cell.textContent = ch === '_' ? '' : ch;
      box.append(cell);
    }
  }

  applyLanguage() {
    applyLanguage(this.host.i18nRoot);
    for (const e of EXPLANATIONS) {
      this.refs[`formula-title-${e.id}`].textContent = e.title[language()] ?? e.title.en;
      this.refs[`formula-${e.id}`].textContent = inLanguage(e.formula);
      this.refs[`explanation-${e.id}`].textContent = language() === 'zh' ? e.zh : e.en;
    }
    this.refs['hint-gfiles'].textContent = t('gibbs.hint.gfiles', { max: LIMITS.maxModelBytes / MB });
    this.setState(this.root.dataset.state);
    this.showProblems(this.problems);
    this.showMessage(this.message);
    this.showModelInfo();
    this.chains.applyLanguage();
    this.charts.rebuild();
    this.showSteps();
    this.sync();
    if (this.custom && this.root.dataset.files === 'loaded') {
      this.refs.filesInfo.textContent = t('gibbs.files.loaded', { names: this.custom.names.join(', ') });
    }
  }

  setState(s) {
    this.root.dataset.state = s;
    this.refs.stateLabel.textContent = t(`gibbs.state.${s}`);
    const pause = this.refs.pause;
    pause.disabled = s !== 'running' && s !== 'paused';
    pause.dataset.i18n = s === 'paused' ? 'gibbs.resume' : 'gibbs.pause';
    pause.textContent = t(pause.dataset.i18n);
    this.refs.cancel.disabled = !['running', 'pausing', 'paused'].includes(s);
    // The MH-corrected chains show their energy, the pseudo-log-likelihood of every position.
    this.refs.pll.disabled = (s !== 'done' && s !== 'paused') || this.isMh();
  }

  showProblems(problems) {
    this.problems = problems;
    const all = new Map([...problems, ...this.notes]);
    for (const name of MESSAGE_CONTROLS) {
      const msg = this.root.querySelector(`#gibbs-msg-${name}`);
      if (!msg) continue;
      const p = all.get(name);
      msg.textContent = p ? (p.text ?? t(p.key, p.params)) : '';
      msg.closest('.control').classList.toggle('invalid', Boolean(p));
      this.refs[name]?.setAttribute('aria-invalid', p ? 'true' : 'false');
    }
    this.root.dataset.problems = [...all.keys()].join(',');
  }

  showMessage(message) {
    this.message = message;
    this.refs.error.textContent = message ? (message.text ?? t(message.key, message.params)) : '';
  }

  fail(message) {
    this.showMessage(message);
    this.setState('error');
  }

  showModelInfo() {
    const el = this.refs.modelInfo;
    const p = this.modelProgress;
    if (p) {
      if (p.parsing) el.textContent = t('gibbs.model.parsing');
      else if (p.total) el.textContent = t('gibbs.model.loading', { file: p.file, loaded: megabytes(p.loaded), total: megabytes(p.total) });
      else el.textContent = t('gibbs.model.loadingNoTotal', { file: p.file, loaded: megabytes(p.loaded) });
      return;
    }
    const m = this.modelInfo;
    if (!m) {
      el.textContent = '';
      return;
    }
    const i = m.info;
    el.textContent = t('gibbs.model.info', {
      name: m.key.startsWith('custom:') ? this.custom?.names.find((n) => n.endsWith('.safetensors')) ?? '' : t('gibbs.model.shipped'),
      layers: i.layers ?? '?',
      hidden: i.hidden ?? '?',
      heads: i.heads ?? '?',
      vocab: i.vocabSize.toLocaleString('en-US'),
      length: i.maxLength,
    });
  }

  // ---- runs ------------------------------------------------------------------------

  /** The run shown (null: none). */
  get spec() {
    return this.runs.spec;
  }

  /** Whether the run shown is MH-corrected Gibbs. */
  isMh() {
    return this.spec?.options.sampler === 'mh-gibbs';
  }

  modelSource() {
    if (this.state.value('gmodel') === 'custom' && this.custom) {
      return { key: this.custom.key, source: this.custom.files };
    }
    const shipped = SHIPPED.poetry;
    return {
      key: 'poetry',
      source: { folder: new URL(shipped.folder, this.host.base).href, files: shipped.files },
    };
  }

  /** Loads the model the controls ask for (progress shown); resolves its info. */
  async loadModel(token) {
    const { key, source } = this.modelSource();
    this.root.dataset.model = 'loading';
    const onProgress = (p) => {
      if (!this.runs.isCurrent(token)) return;
      this.modelProgress = p;
      this.showModelInfo();
      if (p.total) {
        this.refs.progress.value = p.loaded / p.total;
      }
    };
    try {
      const info = await this.client.ensureModel(key, source, onProgress);
      this.modelInfo = { key, info };
      this.root.dataset.model = 'ready';
      if (this.modelNote) this.notes.delete(this.modelNote);
      this.modelNote = null;
      return key;
    } finally {
      this.modelProgress = null;
      this.showModelInfo();
    }
  }

  clearResults() {
    this.chains.reset(0, null);
    this.charts.reset(1, 0, null);
    this.records = [];
    this.showRecords();
    this.showDiversity([]);
    this.showSampler(null);
  }

  async run() {
    const token = this.runs.begin();
    this.lastRunKey = this.runKey();
    const { errors, options, steps, anneal } = validate(this.state);
    // Module messages about the controls belong to the previous run; model ones stay.
    for (const name of [...this.notes.keys()]) if (name !== 'gfiles' && name !== 'gmodel') this.notes.delete(name);
    this.showProblems(errors);
    this.root.removeAttribute('data-texts-digest');
    delete this.root.dataset.pll;
    if (errors.size > 0) {
      await this.client.cancel();
      if (!this.runs.isCurrent(token)) return;
      this.clearResults();
      this.fail({ key: 'gibbs.err.fix' });
      return;
    }
    this.showMessage(null);
    this.setState('loading');
    this.root.dataset.steps = '0';
    this.refs.progress.value = 0;
    this.refs.stepText.textContent = '';
    let modelKey;
    try {
      await this.client.resetSession();
      if (!this.runs.isCurrent(token)) return;
      modelKey = await this.loadModel(token);
    } catch (e) {
      if (!this.runs.isCurrent(token)) return;
      this.root.dataset.model = 'error';
      const control = this.state.value('gmodel') === 'custom' ? 'gfiles' : 'gmodel';
      this.notes.set(control, { text: e?.message ?? String(e) });
      this.modelNote = control;
      this.showProblems(this.problems);
      this.fail({ text: `${t('gibbs.err.model')} ${e?.message ?? e}` });
      return;
    }
    if (!this.runs.isCurrent(token)) return;
    let layout;
    let schedule = null;
    try {
      layout = await this.client.template(modelKey, options.template);
      if (anneal) schedule = await this.client.schedule(anneal, steps, LIMITS.schedulePoints);
    } catch (e) {
      if (!this.runs.isCurrent(token)) return;
      this.moduleFailed(e);
      return;
    }
    if (!this.runs.isCurrent(token)) return;
    const spec = this.runs.newSpec({ modelKey, options, anneal, steps });
    this.chains.reset(options.chains, layout);
    this.charts.reset(options.chains, options.burnIn, schedule);
    this.showSampler(spec);
    this.records = [];
    this.showRecords();
    this.showDiversity(this.chains.tokens());
    await this.runs.drive(spec, token);
  }

  /** A module error: next to the control it names, and in the message area. */
  moduleFailed(e) {
    const message = e?.message ?? String(e);
    const control = controlForMessage(message);
    if (control) {
      this.notes.set(control, { text: message });
      this.showProblems(this.problems);
    }
    this.fail({ text: `${t('gibbs.err.module')} ${message}` });
  }

  onChunk(spec, msg) {
    if (this.spec !== spec) return;
    this.charts.add(msg.firstStep, msg.scores);
    this.chains.update(msg.chains);
    for (const r of msg.records) this.records.push(r);
    if (this.records.length > LIMITS.recordRows) this.records.splice(0, this.records.length - LIMITS.recordRows);
    this.root.dataset.steps = String(msg.steps);
    if (spec.options.sampler === 'mh-gibbs') this.showAcceptance(msg.chains);
    spec.seconds = (spec.seconds ?? 0) + msg.elapsed / 1000;
    spec.updates = (spec.updates ?? 0) + (msg.steps - msg.firstStep) * msg.chains.length;
    this.showSteps();
    this.showRecords();
    this.showDiversity(msg.chains.map((c) => c.tokens));
  }

  showSteps() {
    const total = this.spec?.steps ?? 0;
    const done = Number(this.root.dataset.steps ?? 0);
    if (!this.spec) return;
    this.refs.progress.value = total > 0 ? Math.min(1, done / total) : 0;
    let text = t('gibbs.steps', { step: done.toLocaleString('en-US'), total: total.toLocaleString('en-US') });
    if (this.spec.seconds > 0) {
      const rate = this.spec.updates / this.spec.seconds;
      this.root.dataset.rate = rate.toFixed(1);
      text += ` · ${t('gibbs.rate', { rate: rate < 100 ? rate.toFixed(1) : Math.round(rate).toLocaleString('en-US') })}`;
    }
    this.refs.stepText.textContent = text;
  }

  async computePll() {
    const spec = this.spec;
    if (!spec) return;
    this.refs.pll.disabled = true;
    this.root.dataset.pll = 'loading';
    try {
      const values = await this.client.pll(spec.key);
      if (this.spec !== spec) return;
      this.chains.showPll(values);
      this.root.dataset.pll = 'ready';
    } catch (e) {
      this.root.dataset.pll = 'error';
      this.showMessage({ text: `${t('gibbs.err.module')} ${e?.message ?? e}` });
    } finally {
      this.setState(this.root.dataset.state);
    }
  }

  // ---- pictures ------------------------------------------------------------------------

  showRecords() {
    const body = this.refs.records;
    const rows = [];
    for (let i = this.records.length - 1; i >= 0; i--) {
      const r = this.records[i];
      const tr = document.createElement('tr');
      const rejected = r.accepted === false; // an MH-corrected proposal that was not taken
      if (r.old === r.new || rejected) tr.className = 'kept';
      const change = `${shownToken(r.old)} → ${shownToken(r.new)}`;
      const cells = [
        [String(r.step + 1), 'num'],
        [String(r.chain + 1), 'num'],
        [String(r.position + 1), 'num'],
        [rejected ? `${change} (${t('gibbs.rejected')})` : change, 'change'],
        [r.p >= 0.001 ? r.p.toFixed(3) : r.p.toExponential(1), 'num'],
        [Number(r.t.toPrecision(3)).toString(), 'num'],
      ];
      for (const [text, cls] of cells) {
        const td = document.createElement('td');
        td.className = cls;
        td.textContent = text;
        tr.append(td);
      }
      rows.push(tr);
    }
    body.replaceChildren(...rows);
  }

  /** The sampler of the run `spec` (null: none): the chart's caption and the MH figures. */
  showSampler(spec) {
    const mh = spec?.options.sampler === 'mh-gibbs';
    if (spec) this.root.dataset.sampler = spec.options.sampler;
    else delete this.root.dataset.sampler;
    const caption = this.refs.scoreCaption;
    caption.dataset.i18n = mh ? 'gibbs.energyChart' : 'gibbs.scoreChart';
    caption.textContent = t(caption.dataset.i18n);
    this.refs.mhBox.hidden = !mh;
    this.refs.acceptance.textContent = '—';
    this.refs.energyMean.textContent = '—';
    delete this.root.dataset.acceptance;
  }

  /** Acceptance over every chain's proposals so far, and the chains' mean energy. */
  showAcceptance(chains) {
    let accepted = 0;
    let proposed = 0;
    let energy = 0;
    for (const c of chains) {
      accepted += c.acceptances;
      proposed += c.proposals;
      energy += c.energy / chains.length;
    }
    const rate = proposed > 0 ? accepted / proposed : NaN;
    this.root.dataset.acceptance = String(rate);
    this.refs.acceptance.textContent = `${formatRate(rate)} (${accepted.toLocaleString('en-US')} / ${proposed.toLocaleString('en-US')})`;
    this.refs.energyMean.textContent = Number.isFinite(energy) ? energy.toFixed(2) : '—';
  }

  showDiversity(tokens) {
    const d = diversity(tokens.map((list) => list.filter((tok) => tok !== '[MASK]')));
    const show = (el, v) => {
      el.textContent = v === null ? '—' : v.toFixed(3);
      if (v === null) delete el.dataset.value;
      else el.dataset.value = String(v);
    };
    show(this.refs.distinct1, d.distinct1);
    show(this.refs.distinct2, d.distinct2);
    show(this.refs.selfBleu, d.selfBleu);
  }
}

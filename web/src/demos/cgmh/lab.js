// The CGMH lab: sentences that hold the user's keywords, drawn by Metropolis–Hastings with
// replace / insert / delete proposals from the poetry BERT and π from its n-gram model.
// Shows the chain (current sentence, last proposal accepted or rejected, best sentence),
// the acceptance rate per move type, log π over the steps and, when annealing, τ.
//
// Lifecycle of a run: validate (JS) → load the models in the worker (once) → parse the
// template (core) → the worker streams chunks (the first is the start) → 'done' |
// 'pausing' → 'paused' (Resume continues the same chain) | 'cancelled' | 'error'. The
// root carries data-state="idle|loading|running|pausing|paused|done|cancelled|error",
// data-model="loading|ready|error", data-steps (steps so far), data-problems (controls
// with a message) and, after a completed run, data-text and data-best.
import { HashState } from '../../lib/state.js';
import { pageHost } from '../../lib/lab-host.js';
import { applyLanguage, inLanguage, language, setLanguage, t } from '../../lib/i18n.js';
import { bindTextControls, bindLanguageToggle } from '../../lib/lab-controls.js';
import { RunController } from '../../lib/run-controller.js';
import { passthroughFor } from '../nav.js';
import { shownToken } from '../gibbs/chains-view.js';
import './strings.js';
import { SCHEMA, PRESETS, LIMITS } from './schema.js';
import { validate, controlForMessage, splitKeywords } from './validate.js';
import { buildMarkup } from './markup.js';
import { EXPLANATIONS } from './explanations.js';
import { CgmhCharts } from './charts.js';
import { ChainView, formatRatio } from './chain-view.js';
import { CgmhWorkerClient } from './worker-client.js';

const TEXT_CONTROLS = ['ckw', 'ctpl', 'csteps', 'cseed', 'ctopk', 'cmaxlen', 'cbonus', 'canneal'];
const MOVES = ['replace', 'insert', 'delete'];

export class CgmhLab {
  /** @param host where the state lives (lib/lab-host.js): the page's hash by default */
  constructor(root, host = pageHost) {
    this.root = root;
    this.host = host;
    this.refs = buildMarkup(root);
    this.state = new HashState(SCHEMA, passthroughFor('cgmh')).readHash(this.host.hash);
    setLanguage(this.state.getExtra('lang') ?? 'en');
    this.client = new CgmhWorkerClient();
    this.charts = new CgmhCharts(this.refs);
    this.chain = new ChainView(this.refs);
    this.active = true;
    // The run shown (runs.spec): { key, options, anneal, steps, watch, spawn }.
    this.runs = new RunController(this, {
      watch: () => this.state.value('cspeed') === 'watch',
      watchDelayMs: LIMITS.watchDelayMs,
      paused: () => this.charts.draw(true),
      done: () => {
        this.charts.draw(true);
        this.chain.settle();
        this.showRecords();
        this.root.dataset.text = this.chain.last?.state.text ?? '';
        this.root.dataset.best = this.chain.last?.state.bestText ?? '';
      },
      failed: (e) => {
        this.clearResults();
        this.moduleFailed(e);
      },
      cancelled: () => this.chain.settle(),
    });
    this.lastRunKey = null;
    this.lastWrittenHash = null;
    this.modelInfo = null;
    this.modelProgress = null;
    this.moves = null; // per-move statistics of the last chunk
    this.records = [];
    this.problems = new Map(); // validation problems
    this.notes = new Map(); // module messages (not from validation)
    this.message = null;
    this.bindEvents();
    this.setState('idle');
    this.root.dataset.steps = '0';
    this.applyLanguage();
    this.sync();
  }

  async start() {
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
    bindLanguageToggle(refs.lang, this.state, () => {
      this.applyLanguage();
      this.writeHash();
    });
    bindTextControls(refs, TEXT_CONTROLS, (name, value) => this.onInput(name, value), () => this.commit());
    refs.cspeed.addEventListener('change', () => {
      this.onInput('cspeed', refs.cspeed.value);
      this.commit();
    });
    refs.preset.addEventListener('change', () => {
      const p = refs.preset.value;
      if (p === 'custom') {
        refs.ctpl.focus();
        return;
      }
      const template = p in PRESETS ? PRESETS[p] : '';
      refs.ctpl.value = template;
      this.onInput('ctpl', template);
      this.commit();
    });
    // A chip's × removes its keyword.
    refs.chips.addEventListener('click', (e) => {
      const button = e.target.closest('button[data-index]');
      if (!button) return;
      const keywords = splitKeywords(this.state.value('ckw'));
      keywords.splice(Number(button.dataset.index), 1);
      this.onInput('ckw', keywords.join(','));
      this.commit();
    });
    this.host.onChange(() => { if (this.active) this.onHashChange(false); });
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
    return JSON.stringify({ options, steps, anneal });
  }

  /** A control was committed (Enter, blur, select): run again if the outcome changes. */
  commit() {
    const s = this.root.dataset.state;
    const key = this.runKey();
    if (key && key === this.lastRunKey && ['running', 'pausing', 'paused', 'done', 'loading'].includes(s)) {
      // Only the speed changed: a running run continues at the new pace.
      const watch = this.state.value('cspeed') === 'watch';
      if (s === 'running' && this.spec && this.spec.watch !== watch) this.runs.pause({ thenResume: true });
      return;
    }
    this.run();
  }

  onHashChange(force) {
    if (!force && this.host.hash === this.lastWrittenHash) return;
    this.state.readHash(this.host.hash);
    setLanguage(this.state.getExtra('lang') ?? 'en');
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
    refs.cspeed.value = state.value('cspeed');
    const template = state.value('ctpl').trim();
    refs.preset.value = template === '' ? 'free' : Object.keys(PRESETS).find((p) => PRESETS[p] === template) ?? 'custom';
    for (const prop of SCHEMA) {
      const row = this.root.querySelector(`.control[data-control="${prop.name}"]`);
      if (row) row.hidden = state.isHidden(prop.name);
    }
    this.root.querySelector('.control[data-control="preset"]').hidden = state.isHidden('ctpl');
    // A template fixes the length: the longest sentence does not apply.
    refs.cmaxlen.disabled = template !== '';
    const anneal = validate(state).anneal ?? null;
    refs['hint-canneal'].textContent = anneal && !anneal.problem
      ? t('cgmh.annealOn', { from: anneal.from, to: anneal.to })
      : t('cgmh.hint.canneal');
    this.showChips();
  }

  /** One chip per keyword under the input, each with a × that removes it. */
  showChips() {
    const chips = splitKeywords(this.state.value('ckw')).map((k, i) => {
      const chip = document.createElement('span');
      chip.className = 'cgmh-chip';
      chip.dataset.keyword = k;
      chip.textContent = k || '∅';
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'cgmh-chip-remove';
      remove.dataset.index = String(i);
      remove.textContent = '×';
      remove.setAttribute('aria-label', t('cgmh.removeKeyword', { keyword: k }));
      chip.append(remove);
      return chip;
    });
    this.refs.chips.replaceChildren(...chips);
  }

  applyLanguage() {
    applyLanguage(this.host.i18nRoot);
    for (const e of EXPLANATIONS) {
      this.refs[`formula-title-${e.id}`].textContent = e.title[language()] ?? e.title.en;
      this.refs[`formula-${e.id}`].textContent = inLanguage(e.formula);
      this.refs[`explanation-${e.id}`].textContent = language() === 'zh' ? e.zh : e.en;
    }
    this.setState(this.root.dataset.state);
    this.showProblems(this.problems);
    this.showMessage(this.message);
    this.showModelInfo();
    this.chain.applyLanguage();
    this.charts.rebuild();
    this.showRates();
    this.showRecords();
    this.showSteps();
    this.sync();
  }

  setState(s) {
    this.root.dataset.state = s;
    this.refs.stateLabel.textContent = t(`cgmh.state.${s}`);
    const pause = this.refs.pause;
    pause.disabled = s !== 'running' && s !== 'paused';
    pause.dataset.i18n = s === 'paused' ? 'cgmh.resume' : 'cgmh.pause';
    pause.textContent = t(pause.dataset.i18n);
    this.refs.cancel.disabled = !['running', 'pausing', 'paused'].includes(s);
  }

  showProblems(problems) {
    this.problems = problems;
    const all = new Map([...problems, ...this.notes]);
    for (const prop of SCHEMA) {
      const name = prop.name;
      const msg = this.root.querySelector(`#cgmh-msg-${name}`);
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
    if (p) el.textContent = p.parsing ? t('cgmh.model.parsing') : t('cgmh.model.loading', { file: p.file, done: p.done + 1, total: p.total });
    else if (this.modelInfo) {
      el.textContent = t('cgmh.model.info', {
        vocab: this.modelInfo.vocabSize.toLocaleString('en-US'),
        trigrams: this.modelInfo.ngramTrigrams.toLocaleString('en-US'),
      });
    } else el.textContent = '';
  }

  // ---- runs ------------------------------------------------------------------------

  /** The run shown (null: none). */
  get spec() {
    return this.runs.spec;
  }

  /** Loads the shipped models (progress shown). */
  async loadModels(token) {
    this.root.dataset.model = 'loading';
    const onProgress = (p) => {
      if (!this.runs.isCurrent(token)) return;
      this.modelProgress = p;
      this.showModelInfo();
    };
    try {
      this.modelInfo = await this.client.ensureModels(this.host.base, onProgress);
      this.root.dataset.model = 'ready';
    } finally {
      this.modelProgress = null;
      this.showModelInfo();
    }
  }

  clearResults() {
    this.chain.reset(null);
    this.charts.reset(null);
    this.records = [];
    this.moves = null;
    this.showRecords();
    this.showRates();
  }

  async run() {
    const token = this.runs.begin();
    this.lastRunKey = this.runKey();
    const { errors, options, steps, anneal } = validate(this.state);
    this.notes.clear(); // module messages belong to the previous run
    this.showProblems(errors);
    this.root.removeAttribute('data-text');
    this.root.removeAttribute('data-best');
    if (errors.size > 0) {
      await this.client.cancel();
      if (!this.runs.isCurrent(token)) return;
      this.clearResults();
      this.fail({ key: 'cgmh.err.fix' });
      return;
    }
    this.showMessage(null);
    this.setState('loading');
    this.root.dataset.steps = '0';
    this.refs.progress.value = 0;
    this.refs.stepText.textContent = '';
    try {
      await this.client.resetSession();
      if (!this.runs.isCurrent(token)) return;
      await this.loadModels(token);
    } catch (e) {
      if (!this.runs.isCurrent(token)) return;
      this.root.dataset.model = 'error';
      this.fail({ text: `${t('cgmh.err.model')} ${e?.message ?? e}` });
      return;
    }
    if (!this.runs.isCurrent(token)) return;
    let layout = null;
    let schedule = null;
    try {
      if (options.template) layout = await this.client.template(options.template);
      if (anneal) schedule = await this.client.schedule(anneal, steps);
    } catch (e) {
      if (!this.runs.isCurrent(token)) return;
      this.clearResults();
      this.moduleFailed(e);
      return;
    }
    if (!this.runs.isCurrent(token)) return;
    const spec = this.runs.newSpec({ options, anneal, steps });
    this.chain.reset(layout);
    this.charts.reset(schedule);
    this.records = [];
    this.moves = null;
    this.showRecords();
    this.showRates();
    await this.runs.drive(spec, token);
  }

  /** A module error: next to the control it names, and in the message area. */
  moduleFailed(e) {
    const message = String(e?.message ?? e).replace(/^cgmh: /, '');
    const control = controlForMessage(message);
    if (control) {
      this.notes.set(control, { text: message });
      this.showProblems(this.problems);
    }
    this.fail({ text: `${t('cgmh.err.module')} ${message}` });
  }

  onChunk(spec, msg) {
    if (this.spec !== spec) return;
    this.charts.add(msg.scores);
    this.chain.update(msg.state, msg.proposal);
    this.moves = msg.state.moves;
    for (const r of msg.records) this.records.push(r);
    if (this.records.length > LIMITS.recordRows) this.records.splice(0, this.records.length - LIMITS.recordRows);
    this.root.dataset.steps = String(msg.steps);
    spec.seconds = (spec.seconds ?? 0) + msg.elapsed / 1000;
    spec.done = msg.steps;
    this.showSteps();
    this.showRecords();
    this.showRates();
  }

  showSteps() {
    if (!this.spec) return;
    const total = this.spec.steps;
    const done = Number(this.root.dataset.steps ?? 0);
    this.refs.progress.value = total > 0 ? Math.min(1, done / total) : 0;
    let text = t('cgmh.steps', { step: done.toLocaleString('en-US'), total: total.toLocaleString('en-US') });
    if (this.spec.seconds > 0) {
      const rate = this.spec.done / this.spec.seconds;
      text += ` · ${t('cgmh.rate', { rate: rate < 100 ? rate.toFixed(1) : Math.round(rate).toLocaleString('en-US') })}`;
    }
    this.refs.stepText.textContent = text;
  }

  // ---- tables ------------------------------------------------------------------------

  /** Per move type: its probability, proposals, acceptances and the rate as a bar. */
  showRates() {
    const rows = MOVES.map((name) => {
      const s = this.moves?.[name];
      const tr = document.createElement('tr');
      tr.dataset.move = name;
      const cell = (text, cls = '') => {
        const td = document.createElement('td');
        td.className = cls;
        td.textContent = text;
        tr.append(td);
        return td;
      };
      cell(t(`cgmh.move.${name}`));
      cell(s ? s.p.toFixed(3) : '—', 'num');
      cell(s ? s.proposals.toLocaleString('en-US') : '—', 'num');
      cell(s ? s.acceptances.toLocaleString('en-US') : '—', 'num');
      const rate = cell('', 'cgmh-rate');
      if (s && s.proposals > 0) {
        const bar = document.createElement('span');
        bar.className = 'cgmh-rate-bar';
        bar.style.width = `${(100 * s.rate).toFixed(1)}%`;
        const value = document.createElement('span');
        value.textContent = `${(100 * s.rate).toFixed(1)}%`;
        rate.append(bar, value);
        tr.dataset.rate = String(s.rate);
      } else {
        rate.textContent = '—';
      }
      cell(s ? s.impossible.toLocaleString('en-US') : '—', 'num');
      return tr;
    });
    this.refs.rates.replaceChildren(...rows);
  }

  showRecords() {
    const rows = [];
    for (let i = this.records.length - 1; i >= 0; i--) {
      const r = this.records[i];
      const tr = document.createElement('tr');
      tr.className = r.proposed ? (r.accepted ? 'accepted' : 'rejected') : 'kept';
      const change = r.proposed ? `${r.old === null ? '∅' : shownToken(r.old)} → ${r.new === null ? '∅' : shownToken(r.new)}` : '—';
      const cells = [
        [String(r.step + 1), 'num'],
        [t(`cgmh.move.${r.move}`), ''],
        [r.proposed ? String(r.position + 1) : '—', 'num'],
        [change, 'change'],
        [r.proposed ? formatRatio(r.ratio) : '—', 'num'],
        [t(r.accepted ? 'cgmh.yes' : 'cgmh.no'), ''],
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
    this.refs.records.replaceChildren(...rows);
  }
}

// The tokenization lab: text + model + α → Viterbi and sampled segmentations, and a
// side-by-side comparison of the samplers with the exact distribution P_α.
//
// Lifecycle of a run: validate (JS) → load the model in the worker (once) → analyze
// (chips, entropy, exact distribution) → the worker streams counts of every sampler →
// tables and chart update live → 'done' (digest written) | 'cancelled' | 'error'.
// The root carries data-state="idle|running|done|cancelled|error" and, after a
// completed run, data-counts-digest (same hash → same digest).
import { HashState } from '../../lib/state.js';
import { pageHost } from '../../lib/lab-host.js';
import { applyLanguage, inLanguage, language, setLanguage, t } from '../../lib/i18n.js';
import { onThemeChange } from '../../lib/theme.js';
import { passthroughFor } from '../nav.js';
import { SCHEMA, SHIPPED, SAMPLERS, LIMITS } from './schema.js';
import { validate, controlForMessage, checkModelFile } from './validate.js';
import { buildMarkup } from './markup.js';
import { EXPLANATIONS } from './explanations.js';
import {
  Results, chips, renderMethodRows, renderFrequencyTable, renderLegend, drawChart, formatNumber,
} from './results.js';
import { TokenizeWorkerClient } from './worker-client.js';

const RENDER_INTERVAL_MS = 150;
const TEXT_CONTROLS = ['text', 'alpha', 'nbest', 'draws', 'tseed'];
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

export class TokenizeLab {
  /** @param host where the state lives (lib/lab-host.js): the page's hash by default */
  constructor(root, host = pageHost) {
    this.root = root;
    this.host = host;
    this.refs = buildMarkup(root);
    this.state = new HashState(SCHEMA, passthroughFor('tokenize')).readHash(this.host.hash);
    setLanguage(this.state.getExtra('lang') ?? 'en');
    this.client = new TokenizeWorkerClient();
    this.active = true;
    this.customFile = null; // { id, name, bytes, info }
    this.customCount = 0;
    this.results = null;
    this.analysis = null;
    this.runToken = 0;
    this.lastRunHash = null;
    this.lastWrittenHash = null;
    this.problems = new Map(); // validation problems
    this.notes = new Map(); // model / file messages (not from validation)
    this.lastRender = 0;
    this.loading = null; // key of a model being loaded by the worker
    this.bindEvents();
    this.buildFormulas();
    this.setState('idle');
    this.applyLanguage();
    this.sync();
  }

  async start() {
    this.checkCustomModel();
    this.writeHash();
    this.refs.progressText.textContent = t('lab.loading');
    try {
      await this.client.ready;
    } catch (e) {
      this.fail(`${t('err.worker')} ${e.message}`);
      return;
    }
    this.refs.progressText.textContent = '';
    await this.run();
  }

  /** Called by the page when this demo is shown again (the hash may have changed). */
  activate() {
    this.active = true;
    this.onHashChange(true);
  }

  deactivate() {
    this.active = false;
    this.runToken++;
    this.client.cancel();
  }

  // ---- events ----------------------------------------------------------------

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
    this.host.onChange(() => { if (this.active) this.onHashChange(false); });
    onThemeChange(() => this.render(true));
    window.addEventListener('resize', () => this.render(true));

    for (const name of TEXT_CONTROLS) {
      const input = refs[name];
      input.addEventListener('input', () => this.onInput(name, input.value));
      input.addEventListener('change', () => this.commit());
      input.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') {
          this.onInput(name, input.value);
          this.commit();
        }
      });
    }
    refs.alphaSlider.addEventListener('input', () => {
      refs.alpha.value = refs.alphaSlider.value;
      this.onInput('alpha', refs.alphaSlider.value);
    });
    refs.alphaSlider.addEventListener('change', () => this.commit());
    refs.method.addEventListener('change', () => {
      this.onInput('method', refs.method.value);
      this.showFormulas();
      this.commit();
    });
    refs.model.addEventListener('change', () => this.onModel(refs.model.value));
    refs.file.addEventListener('change', () => this.onFile(refs.file.files?.[0]));
  }

  onInput(name, text) {
    this.state.setText(name, text);
    this.writeHash();
    this.sync();
    this.showProblems(validate(this.state).errors);
  }

  /** A control was committed (Enter, blur, select): run if anything changed. */
  commit() {
    if (this.state.toHash() === this.lastRunHash && ['done', 'running'].includes(this.root.dataset.state)) return;
    this.run();
  }

  onModel(model) {
    this.notes.delete('model');
    if (model === 'custom' && !this.customFile) {
      this.refs.model.value = this.state.value('model');
      this.notes.set('model', { key: 'tok.err.chooseFile' });
      this.showProblems(this.problems);
      this.refs.file.focus();
      return;
    }
    // A fitting example when the text is in the other language (or empty).
    const text = this.state.value('text');
    if (model === 'zh' && !CJK.test(text)) this.state.setText('text', SHIPPED.zh.example);
    if (model === 'en' && (CJK.test(text) || text.trim() === '')) this.state.setText('text', SHIPPED.en.example);
    this.state.setText('model', model);
    this.writeHash();
    this.sync();
    this.commit();
  }

  async onFile(file) {
    if (!file) return;
    this.notes.delete('file');
    this.notes.delete('model');
    this.refs.fileInfo.textContent = t('tok.file.loading', { name: file.name });
    this.root.dataset.file = 'loading';
    const tooBig = checkModelFile(file.size);
    if (tooBig) {
      this.fileFailed(file.name, tooBig);
      return;
    }
    let bytes;
    try {
      bytes = new Uint8Array(await file.arrayBuffer());
    } catch (e) {
      this.fileFailed(file.name, e.message);
      return;
    }
    const id = ++this.customCount;
    try {
      await this.client.ready;
      const info = await this.client.api.loadModel(`custom:${id}`, { bytes });
      this.customFile = { id, name: file.name, bytes, info };
    } catch (e) {
      this.fileFailed(file.name, e.message);
      return;
    }
    this.root.dataset.file = 'loaded';
    this.refs.fileInfo.textContent = this.fileInfoText();
    this.showProblems(this.problems);
    this.state.setText('model', 'custom');
    this.writeHash();
    this.sync();
    this.run();
  }

  fileInfoText() {
    const f = this.customFile;
    if (!f) return '';
    return t('tok.file.loaded', { name: f.name, pieces: f.info.pieces.toLocaleString('en-US'), kind: f.info.kind });
  }

  fileFailed(name, message) {
    this.root.dataset.file = 'error';
    this.refs.fileInfo.textContent = this.fileInfoText();
    this.refs.file.value = '';
    this.notes.set('file', { text: t('tok.err.file', { name, message }) });
    this.showProblems(this.problems);
    // The previous model (shipped or an earlier file) stays in use.
  }

  /** model=custom in a link cannot come with the file: fall back to the English model. */
  checkCustomModel() {
    if (this.state.value('model') === 'custom' && !this.customFile) {
      this.state.setText('model', 'en');
      this.notes.set('model', { key: 'tok.err.customMissing' });
      this.showProblems(this.problems);
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
    if (force && this.state.toHash() === this.lastRunHash && this.root.dataset.state === 'done') return;
    this.run();
  }

  // ---- state, hash, language ----------------------------------------------------

  setState(s) {
    this.root.dataset.state = s;
    this.refs.stateLabel.dataset.i18n = `lab.state.${s}`;
    this.refs.stateLabel.textContent = t(`lab.state.${s}`);
    this.refs.cancel.disabled = s !== 'running';
  }

  writeHash() {
    this.lastWrittenHash = this.host.write(this.state);
  }

  /** Shows the state's text in every control; hides controls with `<name>_hide=1`. */
  sync() {
    const { refs, state } = this;
    for (const name of TEXT_CONTROLS) {
      const input = refs[name];
      const text = state.getText(name);
      if (input.value !== text && document.activeElement !== input) input.value = text;
    }
    refs.model.value = state.value('model');
    refs.method.value = state.value('method');
    const alpha = state.value('alpha');
    if (Number.isFinite(alpha) && document.activeElement !== refs.alphaSlider) refs.alphaSlider.value = String(Math.min(2, Math.max(0, alpha)));
    for (const [name, row] of refs.rows) {
      const key = name === 'file' ? 'model' : name;
      row.hidden = state.isHidden(key);
    }
  }

  applyLanguage() {
    applyLanguage(this.host.i18nRoot);
    this.setState(this.root.dataset.state);
    this.showFormulas();
    this.showProblems(this.problems);
    this.refs.fileInfo.textContent = this.fileInfoText();
    this.showAnalysis();
    this.render(true);
  }

  showProblems(problems) {
    this.problems = problems;
    const all = new Map([...problems, ...this.notes]);
    for (const [name, message] of this.refs.messages) {
      const p = all.get(name);
      message.textContent = p ? (p.text ?? t(p.key, p.params)) : '';
      const row = this.refs.rows.get(name);
      row?.classList.toggle('invalid', Boolean(p));
      const input = this.refs[name];
      if (input instanceof HTMLElement && input.matches('input, select')) input.setAttribute('aria-invalid', p ? 'true' : 'false');
    }
  }

  buildFormulas() {
    const box = this.refs.formulas;
    this.formulaEls = new Map();
    for (const [method, e] of Object.entries(EXPLANATIONS)) {
      const div = document.createElement('div');
      div.className = 'method-formula';
      div.dataset.method = method;
      const h = document.createElement('h4');
      h.dataset.i18n = `tok.m.${method}`;
      const f = document.createElement('p');
      f.className = 'formula';
      f.dataset.testid = `tok-formula-${method}`;
      const x = document.createElement('p');
      x.className = 'explanation';
      const a = document.createElement('a');
      a.href = e.ref;
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      a.dataset.i18n = 'lab.reference';
      div.append(h, f, x, a);
      box.append(div);
      this.formulaEls.set(method, { div, f, x });
    }
  }

  showFormulas() {
    const selected = this.state.value('method');
    for (const [method, { div, f, x }] of this.formulaEls) {
      const e = EXPLANATIONS[method];
      f.textContent = inLanguage(e.formula);
      x.textContent = language() === 'zh' ? e.zh : e.en;
      div.classList.toggle('selected', method === selected);
    }
    // The chosen method first.
    const first = this.formulaEls.get(selected)?.div;
    if (first && this.refs.formulas.firstChild !== first) this.refs.formulas.prepend(first);
  }

  // ---- runs ----------------------------------------------------------------------

  fail(message) {
    this.refs.error.textContent = message;
    this.setState('error');
  }

  async cancel() {
    await this.client.cancel();
  }

  modelSource() {
    const model = this.state.value('model');
    if (model === 'custom' && this.customFile) {
      return { key: `custom:${this.customFile.id}`, source: { bytes: this.customFile.bytes } };
    }
    const shipped = SHIPPED[model] ?? SHIPPED.en;
    return { key: model in SHIPPED ? model : 'en', source: { url: new URL(shipped.file, this.host.base).href } };
  }

  clearResults() {
    this.results = null;
    this.analysis = null;
    this.showAnalysis();
    this.render(true);
  }

  async run() {
    const token = ++this.runToken;
    this.lastRunHash = this.state.toHash();
    const { errors, options } = validate(this.state);
    this.showProblems(errors);
    this.root.removeAttribute('data-counts-digest');
    if (errors.size > 0) {
      await this.client.cancel();
      if (token !== this.runToken) return;
      this.clearResults();
      this.fail(t('err.fix'));
      return;
    }
    this.refs.error.textContent = '';
    this.setState('running');
    this.setProgress(0, options.draws * SAMPLERS.length);
    const { key, source } = this.modelSource();
    let results;
    try {
      await this.client.cancel();
      if (token !== this.runToken) return;
      // A slow load of another model (the Chinese dictionary takes a while) is abandoned:
      // a fresh worker loads what is asked for now.
      if (this.loading && this.loading !== key) this.client.respawn();
      this.loading = key;
      const started = performance.now();
      let timer = null;
      const tick = () => {
        if (token !== this.runToken) {
          clearInterval(timer);
          return;
        }
        const s = Math.round((performance.now() - started) / 1000);
        this.refs.progressText.textContent = `${t('tok.loadingModel')}${s > 0 ? ` ${s} s` : ''}`;
      };
      tick();
      timer = setInterval(tick, 1000);
      try {
        await this.client.ensureModel(key, source);
      } finally {
        clearInterval(timer);
        if (this.loading === key) this.loading = null;
      }
      if (token !== this.runToken) return;
      const analysis = await this.client.analyze(key, options.text, {
        alpha: options.alpha, method: options.method, nbest: options.nbest, seed: options.seed,
        draws: LIMITS.chipDraws, cap: LIMITS.exactCap,
      });
      if (token !== this.runToken) return;
      this.analysis = { ...analysis, method: options.method };
      results = new Results(SAMPLERS, options.draws);
      if (analysis.exact) results.setExact(analysis.exact);
      this.results = results;
      this.showAnalysis();
      this.render(true);
      const outcome = await this.client.start(key, options.text,
        { alpha: options.alpha, seed: options.seed, nbest: options.nbest },
        options.draws, SAMPLERS, (msg) => this.onChunk(results, msg));
      if (token !== this.runToken || outcome.status === 'superseded') return;
      if (outcome.status === 'cancelled') {
        this.render(true);
        this.setState('cancelled');
        return;
      }
      await this.updateFits(results, true);
      if (token !== this.runToken) return;
      this.render(true);
      this.root.dataset.countsDigest = results.digest();
      this.setProgress(results.drawsDone(), options.draws * SAMPLERS.length);
      this.setState('done');
    } catch (e) {
      if (token !== this.runToken) return;
      const message = e?.message ?? String(e);
      const control = controlForMessage(message);
      const problems = new Map(this.problems);
      if (control && control !== 'file') problems.set(control, { text: message });
      this.showProblems(problems);
      this.fail(`${t('tok.err.module')} ${message}`);
    }
  }

  onChunk(results, msg) {
    if (this.results !== results) return;
    for (const u of msg.updates) results.add(u);
    this.setProgress(results.drawsDone(), msg.total * results.methods.length);
    this.render(false);
  }

  setProgress(done, total) {
    this.refs.progress.value = total > 0 ? Math.min(1, done / total) : 0;
    this.refs.progressText.textContent = `${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')}`;
  }

  // ---- pictures ------------------------------------------------------------------

  showAnalysis() {
    const { refs } = this;
    const a = this.analysis;
    refs.viterbiChips.replaceChildren();
    refs.sampleChips.replaceChildren();
    refs.exactNote.hidden = true;
    if (!a) {
      refs.normalized.textContent = '';
      refs.entropy.textContent = '—';
      refs.segCount.textContent = '—';
      return;
    }
    refs.normalized.textContent = a.normalized;
    refs.viterbiChips.append(...chips(a.viterbi.pieces).childNodes);
    refs.viterbiChips.setAttribute('aria-label', a.viterbi.pieces.join(' | '));
    if (a.samples.length > 0) {
      const label = document.createElement('p');
      label.className = 'chip-label';
      label.textContent = t('tok.sampleDraws', { method: t(`tok.m.${a.method}`) });
      refs.sampleChips.append(label);
      for (const pieces of a.samples) {
        const row = document.createElement('div');
        row.className = 'chip-row';
        row.append(chips(pieces));
        refs.sampleChips.append(row);
      }
    }
    refs.entropy.textContent = `${formatNumber(a.entropy, 4)} ${t('tok.nats')}`;
    refs.entropy.dataset.value = String(a.entropy);
    if (a.exact) {
      refs.segCount.textContent = formatNumber(a.exact.length);
    } else {
      refs.segCount.textContent = `> ${formatNumber(LIMITS.exactCap)}`;
      refs.exactNote.hidden = false;
      refs.exactNote.textContent = t('tok.exactSkipped', { message: a.exactError ?? '' });
    }
  }

  /**
   * Asks the worker for the goodness of fit of the counts so far (core/stats) and shows
   * it; `final`: after the run, waits for a request in flight and fits the final counts.
   */
  async updateFits(results, final = false) {
    if (final && this.fitting) await this.fitting;
    const request = results.fitRequest();
    if (!request) return;
    try {
      const fits = await this.client.fit(request);
      if (this.results !== results) return;
      results.setFits(fits);
      this.renderMethodRows();
    } catch (e) {
      if (final) throw e;
    }
  }

  renderMethodRows() {
    const reasons = this.results ? renderMethodRows(this.refs.methodRows, this.results, this.state.value('method')) : [];
    this.refs.statsNote.textContent = reasons.map((r) => `* ${r}`).join(' ');
  }

  /** Redraws tables and chart (at most every RENDER_INTERVAL_MS unless forced). */
  render(force) {
    const now = performance.now();
    if (!force && now - this.lastRender < RENDER_INTERVAL_MS) return;
    this.lastRender = now;
    const r = this.results;
    const { refs } = this;
    if (!r) {
      refs.methodRows.replaceChildren();
      refs.statsNote.textContent = '';
      refs.freqHead.replaceChildren();
      refs.freqRows.replaceChildren();
      renderLegend(refs.legend, null);
      drawChart(refs.chart, null);
      return;
    }
    this.renderMethodRows();
    if (r.exact && !this.fitting) this.fitting = this.updateFits(r).finally(() => { this.fitting = null; });
    renderFrequencyTable(refs.freqHead, refs.freqRows, r);
    renderLegend(refs.legend, r);
    drawChart(refs.chart, r);
  }
}

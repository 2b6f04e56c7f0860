// Static structure of the Gibbs lab (no behaviour, no user data). Returns the elements
// the controller uses, keyed by data-ref. Ids and test ids carry a `gibbs-` prefix.
import { SAMPLERS, ORDERS, STARTS, MODELS, SPEEDS, PRESET_NAMES } from './schema.js';
import { EXPLANATIONS } from './explanations.js';

function control(name, input, { hint = false, extra = '', wide = false } = {}) {
  const described = [hint ? `gibbs-hint-${name}` : '', `gibbs-msg-${name}`].filter(Boolean).join(' ');
  return `
    <div class="control${wide ? ' wide' : ''}" data-control="${name}">
      <label for="gibbs-ctl-${name}" data-i18n="gibbs.ctl.${name}"></label>
      ${input.replace('DESCRIBED', described)}
      ${hint ? `<div id="gibbs-hint-${name}" class="control-hint" data-ref="hint-${name}" data-i18n="gibbs.hint.${name}"></div>` : ''}
      ${extra}
      <div id="gibbs-msg-${name}" class="control-message" data-testid="gibbs-error-${name}"></div>
    </div>`;
}

function select(name, options, prefix) {
  const opts = options.map((o) => `<option value="${o}" data-i18n="${prefix}${o}"></option>`).join('');
  return `<select id="gibbs-ctl-${name}" name="${name}" data-ref="${name}" data-testid="gibbs-control-${name}"
    aria-describedby="DESCRIBED">${opts}</select>`;
}

function text(name, mode, cls = '') {
  return `<input id="gibbs-ctl-${name}" name="${name}" type="text" inputmode="${mode}" autocomplete="off"
    spellcheck="false" class="${cls}" data-ref="${name}" data-testid="gibbs-control-${name}" aria-describedby="DESCRIBED">`;
}

const PRESET = `<select id="gibbs-ctl-preset" data-ref="preset" data-testid="gibbs-control-preset">
  ${PRESET_NAMES.map((p) => `<option value="${p}" data-i18n="gibbs.preset.${p}"></option>`).join('')}
  <option value="custom" data-i18n="gibbs.preset.custom"></option></select>`;

const FILES = `
  <div class="gibbs-drop" data-ref="drop" data-testid="gibbs-drop">
    <input id="gibbs-ctl-gfiles" name="gfiles" type="file" multiple data-ref="gfiles" data-testid="gibbs-control-gfiles"
      accept=".json,.txt,.safetensors,application/json,text/plain,application/octet-stream"
      aria-describedby="gibbs-hint-gfiles gibbs-msg-gfiles">
    <span class="gibbs-drop-text" data-i18n="gibbs.drop"></span>
  </div>
  <div id="gibbs-hint-gfiles" class="control-hint" data-ref="hint-gfiles"></div>
  <div class="control-note" data-ref="filesInfo" data-testid="gibbs-files-info" aria-live="polite"></div>`;

const formulas = EXPLANATIONS.map((e) => `
  <div class="method-formula" data-testid="gibbs-formula-${e.id}">
    <h4 data-ref="formula-title-${e.id}"></h4>
    <p class="formula" data-ref="formula-${e.id}"></p>
    <p class="explanation" data-ref="explanation-${e.id}"></p>
    <p><a href="${e.ref}" target="_blank" rel="noopener noreferrer" data-i18n="gibbs.reference"></a></p>
  </div>`).join('');

const TEMPLATE = `
  <header class="lab-header">
    <h2 id="gibbs-title" data-i18n="gibbs.title"></h2>
    <button type="button" class="lang-toggle secondary" data-ref="lang" data-testid="gibbs-lang-toggle"
      data-i18n="app.lang" data-i18n-aria="app.langLabel"></button>
  </header>
  <div class="gibbs-body">
    <div class="gibbs-controls" role="group" aria-labelledby="gibbs-controls-title">
      <h3 id="gibbs-controls-title" class="visually-hidden" data-i18n="lab.controls"></h3>
      ${control('gmodel', select('gmodel', MODELS, 'gibbs.opt.'), { wide: true, extra: '<div class="control-note" data-ref="modelInfo" data-testid="gibbs-model-info" aria-live="polite"></div>' })}
      ${control('gfiles', '', { wide: true, extra: FILES })}
      <div class="control wide" data-control="preset">
        <label for="gibbs-ctl-preset" data-i18n="gibbs.ctl.preset"></label>
        ${PRESET}
      </div>
      ${control('gtpl', text('gtpl', 'text', 'gibbs-template'), { hint: true, wide: true, extra: '<div class="gibbs-tpl-preview" data-ref="preview" data-testid="gibbs-template-preview" aria-hidden="true"></div>' })}
      ${control('gsampler', select('gsampler', SAMPLERS, 'gibbs.opt.'), { hint: true, wide: true })}
      ${control('gorder', select('gorder', ORDERS, 'gibbs.opt.'))}
      ${control('gstart', select('gstart', STARTS, 'gibbs.opt.').replace('data-i18n="gibbs.opt.random"', 'data-i18n="gibbs.opt.startRandom"'))}
      ${control('gtext', text('gtext', 'text', 'gibbs-template'), { wide: true })}
      ${control('gtemp', text('gtemp', 'decimal'))}
      ${control('gtopk', text('gtopk', 'numeric'))}
      ${control('gburn', text('gburn', 'numeric'))}
      ${control('gsteps', text('gsteps', 'numeric'))}
      ${control('gchains', text('gchains', 'numeric'))}
      ${control('gseed', text('gseed', 'numeric'))}
      ${control('ganneal', text('ganneal', 'text'), { hint: true, wide: true })}
      ${control('gspeed', select('gspeed', SPEEDS, 'gibbs.opt.'), { wide: true })}
      <div class="run-bar">
        <button type="button" class="primary" data-ref="run" data-testid="gibbs-run" data-i18n="gibbs.run"></button>
        <button type="button" class="secondary" data-ref="pause" data-testid="gibbs-pause" data-i18n="gibbs.pause" disabled></button>
        <button type="button" class="secondary" data-ref="cancel" data-testid="gibbs-cancel" data-i18n="gibbs.cancel" disabled></button>
        <button type="button" class="secondary" data-ref="pll" data-testid="gibbs-pll" data-i18n="gibbs.pll" disabled></button>
        <progress data-ref="progress" data-testid="gibbs-progress" max="1" value="0" data-i18n-aria="gibbs.progress"></progress>
        <span class="progress-text" data-ref="stepText" data-testid="gibbs-step" aria-live="polite"></span>
        <span class="state-label" data-ref="stateLabel" data-testid="gibbs-state-label"></span>
      </div>
      <div class="lab-error" data-ref="error" data-testid="gibbs-message" role="alert"></div>
    </div>
    <div class="gibbs-chains-box">
      <h3 data-i18n="gibbs.chains"></h3>
      <div class="gibbs-chains" data-ref="chains" data-testid="gibbs-chains"></div>
    </div>
    <div class="gibbs-charts">
      <figure class="chart uchart">
        <figcaption data-ref="scoreCaption" data-i18n="gibbs.scoreChart"></figcaption>
        <div class="uplot-host" data-ref="scoreChart" data-testid="gibbs-score-chart" role="img" data-i18n-aria="gibbs.scoreLabel"></div>
      </figure>
      <figure class="chart uchart" data-ref="tempFigure" hidden>
        <figcaption data-i18n="gibbs.tempChart"></figcaption>
        <div class="uplot-host" data-ref="tempChart" data-testid="gibbs-temp-chart" role="img" data-i18n-aria="gibbs.tempLabel"></div>
      </figure>
      <div class="gibbs-diversity">
        <h4 data-i18n="gibbs.diversity"></h4>
        <dl class="stats">
          <dt data-i18n="gibbs.distinct1"></dt><dd data-ref="distinct1" data-testid="gibbs-distinct1">—</dd>
          <dt data-i18n="gibbs.distinct2"></dt><dd data-ref="distinct2" data-testid="gibbs-distinct2">—</dd>
          <dt data-i18n="gibbs.selfBleu"></dt><dd data-ref="selfBleu" data-testid="gibbs-self-bleu">—</dd>
        </dl>
        <p class="control-hint" data-i18n="gibbs.diversityNote"></p>
      </div>
      <div class="gibbs-diversity" data-ref="mhBox" data-testid="gibbs-mh" hidden>
        <h4 data-i18n="gibbs.mhStats"></h4>
        <dl class="stats">
          <dt data-i18n="gibbs.acceptanceAll"></dt><dd data-ref="acceptance" data-testid="gibbs-acceptance">—</dd>
          <dt data-i18n="gibbs.energyAll"></dt><dd data-ref="energyMean" data-testid="gibbs-energy">—</dd>
        </dl>
        <p class="control-hint" data-i18n="gibbs.mhNote"></p>
      </div>
    </div>
    <div class="gibbs-records">
      <h3 data-i18n="gibbs.records"></h3>
      <div class="table-wrap" tabindex="0">
        <table data-testid="gibbs-records">
          <thead><tr>
            <th scope="col" class="num" data-i18n="gibbs.col.step"></th>
            <th scope="col" class="num" data-i18n="gibbs.col.chain"></th>
            <th scope="col" class="num" data-i18n="gibbs.col.position"></th>
            <th scope="col" data-i18n="gibbs.col.change"></th>
            <th scope="col" class="num" data-i18n="gibbs.col.p"></th>
            <th scope="col" class="num" data-i18n="gibbs.col.t"></th>
          </tr></thead>
          <tbody data-ref="records"></tbody>
        </table>
      </div>
    </div>
    <aside class="gibbs-formulas lab-formula" data-testid="gibbs-formulas">
      <h3 data-i18n="gibbs.formulas"></h3>
      <div>${formulas}</div>
    </aside>
  </div>`;

export function buildMarkup(root) {
  root.classList.add('lab', 'gibbs-lab');
  root.dataset.demo = 'gibbs';
  root.dataset.testid = 'gibbs-lab';
  // A constant template (no user data), parsed once: fine under CSP (no script).
  root.innerHTML = TEMPLATE;
  const refs = {};
  for (const e of root.querySelectorAll('[data-ref]')) refs[e.dataset.ref] = e;
  return refs;
}

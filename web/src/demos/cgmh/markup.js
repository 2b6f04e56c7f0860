// Static structure of the CGMH lab (no behaviour, no user data). Returns the elements the
// controller uses, keyed by data-ref. Ids and test ids carry a `cgmh-` prefix. The lab
// shares the Gibbs lab's layout and cell styles (class gibbs-lab), plus its own colours.
import { SPEEDS, PRESET_NAMES } from './schema.js';
import { EXPLANATIONS } from './explanations.js';

function control(name, input, { hint = false, extra = '', wide = false } = {}) {
  const described = [hint ? `cgmh-hint-${name}` : '', `cgmh-msg-${name}`].filter(Boolean).join(' ');
  return `
    <div class="control${wide ? ' wide' : ''}" data-control="${name}">
      <label for="cgmh-ctl-${name}" data-i18n="cgmh.ctl.${name}"></label>
      ${input.replace('DESCRIBED', described)}
      ${hint ? `<div id="cgmh-hint-${name}" class="control-hint" data-ref="hint-${name}" data-i18n="cgmh.hint.${name}"></div>` : ''}
      ${extra}
      <div id="cgmh-msg-${name}" class="control-message" data-testid="cgmh-error-${name}"></div>
    </div>`;
}

function text(name, mode, cls = '') {
  return `<input id="cgmh-ctl-${name}" name="${name}" type="text" inputmode="${mode}" autocomplete="off"
    spellcheck="false" class="${cls}" data-ref="${name}" data-testid="cgmh-control-${name}" aria-describedby="DESCRIBED">`;
}

const SPEED = `<select id="cgmh-ctl-cspeed" name="cspeed" data-ref="cspeed" data-testid="cgmh-control-cspeed"
  aria-describedby="DESCRIBED">${SPEEDS.map((s) => `<option value="${s}" data-i18n="cgmh.opt.${s}"></option>`).join('')}</select>`;

const PRESET = `<select id="cgmh-ctl-preset" data-ref="preset" data-testid="cgmh-control-preset">
  ${PRESET_NAMES.map((p) => `<option value="${p}" data-i18n="cgmh.preset.${p}"></option>`).join('')}
  <option value="custom" data-i18n="cgmh.preset.custom"></option></select>`;

const formulas = EXPLANATIONS.map((e) => `
  <div class="method-formula" data-testid="cgmh-formula-${e.id}">
    <h4 data-ref="formula-title-${e.id}"></h4>
    <p class="formula" data-ref="formula-${e.id}"></p>
    <p class="explanation" data-ref="explanation-${e.id}"></p>
    <p><a href="${e.ref}" target="_blank" rel="noopener noreferrer" data-i18n="cgmh.reference"></a></p>
  </div>`).join('');

function sentence(ref, titleKey, extra = '') {
  return `
    <div class="cgmh-sentence" data-ref="${ref}Box" data-testid="cgmh-${ref}">
      <div class="cgmh-sentence-head"><span data-i18n="${titleKey}"></span>${extra}</div>
      <div class="gibbs-line cgmh-cells" data-ref="${ref}"></div>
    </div>`;
}

const TEMPLATE = `
  <header class="lab-header">
    <h2 id="cgmh-title" data-i18n="cgmh.title"></h2>
    <button type="button" class="lang-toggle secondary" data-ref="lang" data-testid="cgmh-lang-toggle"
      data-i18n="app.lang" data-i18n-aria="app.langLabel"></button>
  </header>
  <div class="gibbs-body">
    <div class="gibbs-controls" role="group" aria-labelledby="cgmh-controls-title">
      <h3 id="cgmh-controls-title" class="visually-hidden" data-i18n="lab.controls"></h3>
      ${control('ckw', text('ckw', 'text', 'gibbs-template'), { hint: true, wide: true, extra: '<div class="cgmh-chips" data-ref="chips" data-testid="cgmh-chips"></div>' })}
      <div class="control wide" data-control="preset">
        <label for="cgmh-ctl-preset" data-i18n="cgmh.ctl.preset"></label>
        ${PRESET}
      </div>
      ${control('ctpl', text('ctpl', 'text', 'gibbs-template'), { wide: true })}
      ${control('csteps', text('csteps', 'numeric'))}
      ${control('cseed', text('cseed', 'numeric'))}
      ${control('ctopk', text('ctopk', 'numeric'))}
      ${control('cmaxlen', text('cmaxlen', 'numeric'))}
      ${control('cbonus', text('cbonus', 'decimal'), { wide: true })}
      ${control('canneal', text('canneal', 'text'), { hint: true, wide: true })}
      ${control('cspeed', SPEED, { wide: true })}
      <div class="run-bar">
        <button type="button" class="primary" data-ref="run" data-testid="cgmh-run" data-i18n="cgmh.run"></button>
        <button type="button" class="secondary" data-ref="pause" data-testid="cgmh-pause" data-i18n="cgmh.pause" disabled></button>
        <button type="button" class="secondary" data-ref="cancel" data-testid="cgmh-cancel" data-i18n="cgmh.cancel" disabled></button>
        <progress data-ref="progress" data-testid="cgmh-progress" max="1" value="0" data-i18n-aria="cgmh.progress"></progress>
        <span class="progress-text" data-ref="stepText" data-testid="cgmh-step" aria-live="polite"></span>
        <span class="state-label" data-ref="stateLabel" data-testid="cgmh-state-label"></span>
      </div>
      <div class="control-note" data-ref="modelInfo" data-testid="cgmh-model-info" aria-live="polite"></div>
      <div class="lab-error" data-ref="error" data-testid="cgmh-message" role="alert"></div>
    </div>
    <div class="gibbs-chains-box">
      <h3 data-i18n="cgmh.chain"></h3>
      <div class="gibbs-chain cgmh-chain">
        ${sentence('current', 'cgmh.current', '<span class="gibbs-score" data-ref="score" data-testid="cgmh-score"></span><span data-ref="temp" data-testid="cgmh-temp"></span>')}
        ${sentence('proposal', 'cgmh.proposal', '<span data-ref="verdict" data-testid="cgmh-verdict"></span>')}
        ${sentence('best', 'cgmh.best', '<span class="gibbs-score" data-ref="bestScore" data-testid="cgmh-best-score"></span>')}
        <p class="control-hint" data-i18n="cgmh.legend"></p>
      </div>
      <div class="cgmh-rates">
        <h4 data-i18n="cgmh.rates"></h4>
        <div class="table-wrap" tabindex="0">
          <table data-testid="cgmh-rates">
            <thead><tr>
              <th scope="col" data-i18n="cgmh.col.move"></th>
              <th scope="col" class="num" data-i18n="cgmh.col.p"></th>
              <th scope="col" class="num" data-i18n="cgmh.col.proposals"></th>
              <th scope="col" class="num" data-i18n="cgmh.col.acceptances"></th>
              <th scope="col" data-i18n="cgmh.col.rate"></th>
              <th scope="col" class="num" data-i18n="cgmh.col.impossible"></th>
            </tr></thead>
            <tbody data-ref="rates"></tbody>
          </table>
        </div>
      </div>
    </div>
    <div class="gibbs-charts">
      <figure class="chart uchart">
        <figcaption data-i18n="cgmh.scoreChart"></figcaption>
        <div class="uplot-host" data-ref="scoreChart" data-testid="cgmh-score-chart" role="img" data-i18n-aria="cgmh.scoreLabel"></div>
      </figure>
      <figure class="chart uchart" data-ref="tempFigure" hidden>
        <figcaption data-i18n="cgmh.tempChart"></figcaption>
        <div class="uplot-host" data-ref="tempChart" data-testid="cgmh-temp-chart" role="img" data-i18n-aria="cgmh.tempLabel"></div>
      </figure>
    </div>
    <div class="gibbs-records">
      <h3 data-i18n="cgmh.records"></h3>
      <div class="table-wrap" tabindex="0">
        <table data-testid="cgmh-records">
          <thead><tr>
            <th scope="col" class="num" data-i18n="cgmh.col.step"></th>
            <th scope="col" data-i18n="cgmh.col.move"></th>
            <th scope="col" class="num" data-i18n="cgmh.col.position"></th>
            <th scope="col" data-i18n="cgmh.col.change"></th>
            <th scope="col" class="num" data-i18n="cgmh.col.ratio"></th>
            <th scope="col" data-i18n="cgmh.col.accepted"></th>
            <th scope="col" class="num" data-i18n="cgmh.col.t"></th>
          </tr></thead>
          <tbody data-ref="records"></tbody>
        </table>
      </div>
    </div>
    <aside class="gibbs-formulas lab-formula" data-testid="cgmh-formulas">
      <h3 data-i18n="cgmh.formulas"></h3>
      <div>${formulas}</div>
    </aside>
  </div>`;

export function buildMarkup(root) {
  root.classList.add('lab', 'gibbs-lab', 'cgmh-lab');
  root.dataset.demo = 'cgmh';
  root.dataset.testid = 'cgmh-lab';
  // A constant template (no user data), parsed once: fine under CSP (no script).
  root.innerHTML = TEMPLATE;
  const refs = {};
  for (const e of root.querySelectorAll('[data-ref]')) refs[e.dataset.ref] = e;
  return refs;
}

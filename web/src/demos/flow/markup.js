// Static structure of the flow lab (no behaviour, no user data). Returns the elements
// the controller uses, keyed by data-ref; per-method panels are built from METHODS.
import { DATASETS, METHOD_CHOICES, METHODS, NFES, QUALITY_NFES } from './schema.js';

function control(name, input, extra = '') {
  return `
    <div class="control" data-control="${name}">
      <label for="flow-ctl-${name}" data-i18n="flow.ctl.${name}"></label>
      ${input}
      <div id="flow-msg-${name}" class="control-message" data-testid="flow-error-${name}"></div>
      ${extra}
    </div>`;
}

function select(name, options, prefix) {
  const opts = options.map((o) => `<option value="${o}" data-i18n="${prefix}${o}"></option>`).join('');
  return `<select id="flow-ctl-${name}" name="${name}" data-ref="${name}" data-testid="flow-control-${name}"
    aria-describedby="flow-msg-${name}">${opts}</select>`;
}

/** A text input; with `hint`, a placeholder (flow.ph.<name>) and the note under it (see note()). */
function text(name, mode, hint = false) {
  const describedBy = hint ? `flow-msg-${name} flow-note-${name}` : `flow-msg-${name}`;
  const placeholder = hint ? ` data-i18n-placeholder="flow.ph.${name}"` : '';
  return `<input id="flow-ctl-${name}" name="${name}" type="text" inputmode="${mode}" autocomplete="off"
    spellcheck="false" data-ref="${name}" data-testid="flow-control-${name}" aria-describedby="${describedBy}"${placeholder}>`;
}

const note = (name) =>
  `<div id="flow-note-${name}" class="control-hint" data-i18n="flow.hint.${name}" data-testid="flow-note-${name}"></div>`;

const NFE_SLIDER = `
  <div class="slider-row">
    <input id="flow-ctl-fnfe" name="fnfe" type="range" min="0" max="${NFES.length - 1}" step="1" data-ref="fnfe"
      data-testid="flow-control-fnfe" aria-describedby="flow-msg-fnfe">
    <output for="flow-ctl-fnfe" data-ref="nfeOut" data-testid="flow-nfe-value"></output>
  </div>`;

const panel = (m, kind) => `
  <figure class="flow-panel" data-method="${m}" data-ref="${kind}-${m}-fig" data-testid="flow-${kind}-${m}">
    <canvas data-ref="${kind}-${m}" role="img"></canvas>
    <figcaption>
      <span class="legend" data-method="${m}" data-i18n="flow.m.${m}"></span>
      <span class="flow-src" data-ref="${kind}-${m}-src" data-testid="flow-${kind}-src-${m}"></span>
    </figcaption>
  </figure>`;

const qualityRows = METHODS.map((m) => `
  <tr data-method="${m}"><th scope="row"><span class="legend" data-method="${m}" data-i18n="flow.m.${m}"></span></th>
    ${QUALITY_NFES.map((n) => `<td class="num" data-testid="flow-ed-${m}-${n}"></td>`).join('')}</tr>`).join('');

const formulas = METHODS.map((m) => `
  <div class="method-formula" data-method="${m}" data-testid="flow-formula-${m}">
    <h4><span class="legend" data-method="${m}" data-i18n="flow.m.${m}"></span></h4>
    <p class="formula" data-ref="formula-${m}"></p>
    <p class="explanation" data-ref="explanation-${m}"></p>
    <p><a data-ref="ref-${m}" target="_blank" rel="noopener noreferrer" data-i18n="flow.reference"></a></p>
  </div>`).join('');

const TEMPLATE = `
  <header class="lab-header">
    <h2 id="flow-title" data-i18n="flow.title"></h2>
    <button type="button" class="lang-toggle secondary" data-ref="lang" data-testid="flow-lang-toggle"
      data-i18n="app.lang" data-i18n-aria="app.langLabel"></button>
  </header>
  <div class="flow-body">
    <div class="flow-controls" role="group" aria-labelledby="flow-controls-title">
      <h3 id="flow-controls-title" data-i18n="lab.controls"></h3>
      ${control('fdata', select('fdata', DATASETS, 'flow.opt.'))}
      ${control('fmethod', select('fmethod', METHOD_CHOICES, 'flow.opt.').replace(/flow\.opt\.(fm|meanflow|shortcut|consistency)"/g, 'flow.m.$1"'))}
      ${control('fnfe', NFE_SLIDER)}
      ${control('fseed', text('fseed', 'numeric'))}
      ${control('flr', text('flr', 'decimal', true), note('flr'))}
      ${control('fsteps', text('fsteps', 'numeric'))}
      <details class="flow-advanced" data-ref="advanced">
        <summary data-i18n="flow.advanced"></summary>
        ${control('fwidth', text('fwidth', 'numeric'))}
      </details>
      <div class="flow-draw" data-ref="drawBox" data-testid="flow-draw-box" hidden>
        <h4 data-i18n="flow.draw"></h4>
        <canvas class="flow-draw-canvas" data-ref="drawCanvas" data-testid="flow-draw" role="img" tabindex="0"
          data-i18n-aria="flow.drawLabel"></canvas>
        <p class="draw-hint" data-i18n="flow.drawHint"></p>
        ${control('fpoints', text('fpoints', 'text'), `<span class="flow-count" data-ref="pointCount" data-testid="flow-point-count"></span>
          <button type="button" class="secondary" data-ref="clear" data-testid="flow-clear" data-i18n="flow.clear"></button>`)}
      </div>
      <fieldset class="control flow-init" data-control="finit">
        <legend data-i18n="flow.ctl.finit"></legend>
        <label><input type="radio" name="finit" value="scratch" data-ref="finit" data-testid="flow-init-scratch"
          aria-describedby="flow-msg-finit flow-init-note"> <span data-i18n="flow.init.scratch"></span></label>
        <label><input type="radio" name="finit" value="loaded" data-ref="finitLoaded" data-testid="flow-init-loaded"
          aria-describedby="flow-msg-finit flow-init-note"> <span data-i18n="flow.init.loaded"></span></label>
        <div id="flow-msg-finit" class="control-message" data-testid="flow-error-finit"></div>
        <div id="flow-init-note" class="control-hint" data-ref="initNote" data-testid="flow-init-note"></div>
      </fieldset>
      <div class="run-bar">
        <button type="button" class="primary" data-ref="train" data-testid="flow-train" data-i18n="flow.train"></button>
        <button type="button" class="secondary" data-ref="pause" data-testid="flow-pause" data-i18n="flow.pause" disabled></button>
        <button type="button" class="secondary" data-ref="reset" data-testid="flow-reset" data-i18n="flow.reset"></button>
        <progress data-ref="progress" data-testid="flow-progress" max="1" value="0" data-i18n-aria="flow.progress"></progress>
        <span class="progress-text" data-ref="stepText" data-testid="flow-step" aria-live="polite"></span>
        <span class="state-label" data-ref="stateLabel" data-testid="flow-state-label"></span>
      </div>
      <div class="lab-error" data-ref="error" data-testid="flow-message" role="alert"></div>
    </div>
    <div class="flow-pictures">
      <h3 data-i18n="flow.scatter"></h3>
      <div class="flow-grid" data-ref="scatterGrid" data-testid="flow-scatter">${METHODS.map((m) => panel(m, 'scatter')).join('')}</div>
      <h3 data-i18n="flow.trajectories"></h3>
      <div class="flow-grid" data-ref="trajGrid" data-testid="flow-trajectories">${METHODS.map((m) => panel(m, 'traj')).join('')}</div>
      <p class="flow-traj-legend control-hint" data-testid="flow-traj-legend"><span data-i18n="flow.traj.legend"></span>
        <span data-ref="trajConsistency" data-testid="flow-traj-note" data-i18n="flow.traj.consistency"></span></p>
    </div>
    <div class="flow-charts">
      <figure class="chart">
        <figcaption data-i18n="flow.loss"></figcaption>
        <div data-ref="lossChart" data-testid="flow-loss-chart" role="img" data-i18n-aria="flow.lossLabel"></div>
      </figure>
      <figure class="chart">
        <figcaption data-i18n="flow.quality"></figcaption>
        <div data-ref="qualityChart" data-testid="flow-quality-chart" role="img" data-i18n-aria="flow.qualityLabel"></div>
      </figure>
      <div class="table-wrap" tabindex="0">
        <table class="flow-quality" data-testid="flow-quality">
          <thead><tr><th scope="col" data-i18n="flow.col.method"></th>${QUALITY_NFES.map((n) => `<th scope="col" class="num">NFE ${n}</th>`).join('')}</tr></thead>
          <tbody>${qualityRows}</tbody>
        </table>
      </div>
      <p class="control-hint" data-ref="qualityNote"></p>
    </div>
    <aside class="flow-formulas lab-formula" data-testid="flow-formulas">
      <h3 data-i18n="flow.formulas"></h3>
      <p><span data-i18n="flow.convention"></span> <span class="formula" data-ref="convention"></span></p>
      <div>${formulas}</div>
    </aside>
  </div>`;

export function buildMarkup(root) {
  root.classList.add('lab', 'flow-lab');
  root.dataset.demo = 'flow';
  root.dataset.testid = 'flow-lab';
  // A constant template (no user data), parsed once: fine under CSP (no script).
  root.innerHTML = TEMPLATE;
  const refs = {};
  for (const e of root.querySelectorAll('[data-ref]')) refs[e.dataset.ref] = e;
  return refs;
}

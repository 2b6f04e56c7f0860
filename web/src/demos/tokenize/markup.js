// Static structure of the tokenize lab (no behaviour). Returns the elements the
// controller uses. Ids and test ids carry a `tok-` prefix: the 2-D lab may share the page.
const TEMPLATE = `
  <header class="lab-header">
    <h2 id="tok-title" data-i18n="tok.title"></h2>
    <button type="button" class="lang-toggle secondary" data-ref="lang" data-testid="tok-lang-toggle"
      data-i18n="app.lang" data-i18n-aria="app.langLabel"></button>
  </header>
  <div class="tok-body">
    <div class="tok-controls" role="group" aria-labelledby="tok-controls-title">
      <h3 id="tok-controls-title" class="visually-hidden" data-i18n="lab.controls"></h3>
      <div class="control tok-text" data-control="text">
        <label for="tok-text" data-i18n="tok.ctl.text"></label>
        <input id="tok-text" data-ref="text" data-testid="tok-control-text" type="text" autocomplete="off"
          spellcheck="false" aria-describedby="tok-msg-text" />
        <div id="tok-msg-text" class="control-message" data-msg="text" data-testid="tok-error-text"></div>
      </div>
      <div class="control" data-control="model">
        <label for="tok-model" data-i18n="tok.ctl.model"></label>
        <select id="tok-model" data-ref="model" data-testid="tok-control-model" aria-describedby="tok-msg-model">
          <option value="en" data-i18n="tok.opt.en"></option>
          <option value="zh" data-i18n="tok.opt.zh"></option>
          <option value="custom" data-i18n="tok.opt.custom"></option>
        </select>
        <div id="tok-msg-model" class="control-message" data-msg="model" data-testid="tok-error-model"></div>
      </div>
      <div class="control tok-file" data-control="file">
        <label for="tok-file" data-i18n="tok.ctl.file"></label>
        <input id="tok-file" data-ref="file" data-testid="tok-control-file" type="file"
          accept=".model,.dict,.txt,.tsv,.vocab,application/octet-stream,text/plain" aria-describedby="tok-hint-file tok-msg-file" />
        <div id="tok-hint-file" class="control-hint" data-i18n="tok.hint.file"></div>
        <div class="control-note" data-ref="fileInfo" data-testid="tok-file-info" aria-live="polite"></div>
        <div id="tok-msg-file" class="control-message" data-msg="file" data-testid="tok-error-file" role="alert"></div>
      </div>
      <div class="control tok-alpha" data-control="alpha">
        <label for="tok-alpha" data-i18n="tok.ctl.alpha"></label>
        <div class="slider-row">
          <input data-ref="alphaSlider" data-testid="tok-control-alpha-slider" type="range" min="0" max="2" step="0.01"
            data-i18n-aria="tok.ctl.alphaSlider" aria-describedby="tok-hint-alpha" />
          <input id="tok-alpha" data-ref="alpha" data-testid="tok-control-alpha" type="text" inputmode="decimal"
            autocomplete="off" spellcheck="false" aria-describedby="tok-hint-alpha tok-msg-alpha" />
        </div>
        <div id="tok-hint-alpha" class="control-hint" data-i18n="tok.hint.alpha"></div>
        <div id="tok-msg-alpha" class="control-message" data-msg="alpha" data-testid="tok-error-alpha"></div>
      </div>
      <div class="control" data-control="method">
        <label for="tok-method" data-i18n="tok.ctl.method"></label>
        <select id="tok-method" data-ref="method" data-testid="tok-control-method" aria-describedby="tok-msg-method">
          <option value="viterbi" data-i18n="tok.m.viterbi"></option>
          <option value="original" data-i18n="tok.m.original"></option>
          <option value="perfect" data-i18n="tok.m.perfect"></option>
          <option value="ffbs" data-i18n="tok.m.ffbs"></option>
          <option value="nbest" data-i18n="tok.m.nbest"></option>
        </select>
        <div id="tok-msg-method" class="control-message" data-msg="method"></div>
      </div>
      <div class="control" data-control="nbest">
        <label for="tok-nbest" data-i18n="tok.ctl.nbest"></label>
        <input id="tok-nbest" data-ref="nbest" data-testid="tok-control-nbest" type="text" inputmode="numeric"
          autocomplete="off" spellcheck="false" aria-describedby="tok-msg-nbest" />
        <div id="tok-msg-nbest" class="control-message" data-msg="nbest" data-testid="tok-error-nbest"></div>
      </div>
      <div class="control" data-control="draws">
        <label for="tok-draws" data-i18n="tok.ctl.draws"></label>
        <input id="tok-draws" data-ref="draws" data-testid="tok-control-draws" type="text" inputmode="numeric"
          autocomplete="off" spellcheck="false" aria-describedby="tok-msg-draws" />
        <div id="tok-msg-draws" class="control-message" data-msg="draws" data-testid="tok-error-draws"></div>
      </div>
      <div class="control" data-control="tseed">
        <label for="tok-seed" data-i18n="ctl.seed"></label>
        <input id="tok-seed" data-ref="tseed" data-testid="tok-control-tseed" type="text" inputmode="numeric"
          autocomplete="off" spellcheck="false" aria-describedby="tok-msg-tseed" />
        <div id="tok-msg-tseed" class="control-message" data-msg="tseed" data-testid="tok-error-tseed"></div>
      </div>
      <div class="run-bar">
        <button type="button" class="primary" data-ref="run" data-testid="tok-run" data-i18n="lab.run"></button>
        <button type="button" class="secondary" data-ref="cancel" data-testid="tok-cancel" data-i18n="lab.cancel" disabled></button>
        <progress data-ref="progress" data-testid="tok-progress" max="1" value="0" data-i18n-aria="lab.progress"></progress>
        <span class="progress-text" data-ref="progressText" data-testid="tok-progress-text" aria-live="polite"></span>
        <span class="state-label" data-ref="stateLabel" data-testid="tok-state-label"></span>
      </div>
      <div class="lab-error" data-ref="error" data-testid="tok-error" role="alert"></div>
    </div>

    <section class="tok-segmentations" aria-labelledby="tok-seg-title">
      <h3 id="tok-seg-title" data-i18n="tok.segmentations"></h3>
      <p class="tok-normalized"><span data-i18n="tok.normalized"></span> <code data-ref="normalized" data-testid="tok-normalized"></code></p>
      <div class="chip-row">
        <span class="chip-label" data-i18n="tok.viterbi"></span>
        <span class="chips viterbi" data-ref="viterbiChips" data-testid="tok-viterbi-chips"></span>
      </div>
      <div data-ref="sampleChips" data-testid="tok-sample-chips"></div>
    </section>

    <section class="tok-stats" aria-labelledby="tok-stats-title">
      <h3 id="tok-stats-title" data-i18n="tok.stats"></h3>
      <dl class="stats">
        <dt data-i18n="tok.entropy"></dt><dd data-ref="entropy" data-testid="tok-stat-entropy">—</dd>
        <dt data-i18n="tok.segCount"></dt><dd data-ref="segCount" data-testid="tok-stat-segmentations">—</dd>
      </dl>
      <p class="tok-exact-note" data-ref="exactNote" data-testid="tok-exact-note" hidden></p>
      <div class="table-wrap" tabindex="0">
        <table class="tok-methods" data-testid="tok-methods">
          <caption class="visually-hidden" data-i18n="tok.methodsCaption"></caption>
          <thead><tr>
            <th scope="col" data-i18n="tok.col.method"></th>
            <th scope="col" data-i18n="tok.col.draws"></th>
            <th scope="col" data-i18n="tok.col.rate"></th>
            <th scope="col" data-i18n="tok.col.tv"></th>
            <th scope="col" data-i18n="tok.col.tvFloor"></th>
            <th scope="col" data-i18n="tok.col.chi2"></th>
            <th scope="col" data-i18n="tok.col.p"></th>
            <th scope="col" data-i18n="tok.col.piecesChi2"></th>
            <th scope="col" data-i18n="tok.col.piecesP"></th>
            <th scope="col" data-i18n="tok.col.verdict"></th>
          </tr></thead>
          <tbody data-ref="methodRows"></tbody>
        </table>
      </div>
      <p class="control-hint tok-stats-note" data-ref="statsNote" data-testid="tok-stats-note"></p>
      <p class="control-hint" data-i18n="tok.hint.stats"></p>
    </section>

    <section class="tok-chart" aria-labelledby="tok-chart-title">
      <h3 id="tok-chart-title" data-i18n="tok.chart"></h3>
      <figure class="chart">
        <figcaption data-ref="legend"></figcaption>
        <div data-ref="chart" data-testid="tok-chart" role="img" data-i18n-aria="tok.chartLabel"></div>
      </figure>
    </section>

    <section class="tok-table" aria-labelledby="tok-table-title">
      <h3 id="tok-table-title" data-i18n="tok.table"></h3>
      <div class="table-wrap" tabindex="0">
        <table class="tok-freq" data-testid="tok-freq">
          <thead data-ref="freqHead"></thead>
          <tbody data-ref="freqRows"></tbody>
        </table>
      </div>
    </section>

    <aside class="lab-formula tok-formulas" data-testid="tok-formula">
      <h3 data-i18n="lab.formula"></h3>
      <p class="control-hint" data-i18n="tok.target"></p>
      <p class="formula" data-ref="target">P_α(y) = exp(α·S(y)) / Z_α,   S(y) = Σ s(w_i)</p>
      <div data-ref="formulas"></div>
    </aside>
  </div>`;

export function buildMarkup(root) {
  root.classList.add('lab', 'tok-lab');
  root.dataset.demo = 'tokenize';
  root.dataset.testid = 'tokenize-lab';
  // A constant template (no user data), parsed once: fine under CSP (no script).
  root.innerHTML = TEMPLATE;
  const refs = {};
  for (const e of root.querySelectorAll('[data-ref]')) refs[e.dataset.ref] = e;
  refs.messages = new Map([...root.querySelectorAll('[data-msg]')].map((e) => [e.dataset.msg, e]));
  refs.rows = new Map([...root.querySelectorAll('[data-control]')].map((e) => [e.dataset.control, e]));
  return refs;
}

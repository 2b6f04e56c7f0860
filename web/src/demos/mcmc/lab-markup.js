// Static structure of the lab (no behaviour). Returns the elements the controller uses.
const TEMPLATE = `
  <header class="lab-header">
    <h2 id="lab-title" data-i18n="lab.title"></h2>
    <button type="button" class="lang-toggle secondary" data-ref="lang" data-testid="lang-toggle"
      data-i18n="app.lang" data-i18n-aria="app.langLabel"></button>
  </header>
  <div class="lab-body">
    <div class="lab-picture">
      <div class="canvas-wrap">
        <canvas class="main-canvas" data-ref="canvas" data-testid="main-canvas" role="img"
          data-i18n-aria="lab.canvasLabel"></canvas>
        <p class="canvas-message" data-ref="canvasMessage" data-testid="canvas-message" hidden></p>
      </div>
      <ul class="mark-legend" data-ref="legend" data-testid="mark-legend" data-i18n-aria="legend.label"></ul>
      <p class="draw-hint" data-ref="drawHint" data-i18n="lab.drawHint" hidden></p>
      <div class="run-bar">
        <button type="button" class="primary" data-ref="run" data-testid="run" data-i18n="lab.run"></button>
        <button type="button" class="secondary" data-ref="cancel" data-testid="cancel" data-i18n="lab.cancel" disabled></button>
        <progress data-ref="progress" data-testid="progress" max="1" value="0" data-i18n-aria="lab.progress"></progress>
        <span class="progress-text" data-ref="progressText" data-testid="progress-text" aria-live="polite"></span>
        <span class="state-label" data-ref="stateLabel" data-testid="state-label"></span>
      </div>
      <div class="lab-error" data-ref="error" data-testid="error" role="alert"></div>
    </div>
    <div class="lab-controls" data-ref="controls" role="group" aria-labelledby="lab-controls-title">
      <h3 id="lab-controls-title" data-i18n="lab.controls"></h3>
    </div>
    <div class="lab-stats" data-ref="stats">
      <h3 data-i18n="stats.title"></h3>
    </div>
    <div class="lab-charts" data-ref="charts"></div>
    <aside class="lab-formula" data-testid="formula">
      <h3 data-i18n="lab.formula"></h3>
      <p class="formula" data-ref="formula" data-testid="formula-text"></p>
      <p class="explanation" data-ref="explanation"></p>
      <p><a data-ref="reference" target="_blank" rel="noopener noreferrer" data-i18n="lab.reference"></a></p>
    </aside>
  </div>`;

export function buildLabMarkup(root) {
  root.classList.add('lab');
  root.dataset.demo = 'mcmc';
  root.dataset.testid = 'mcmc-lab';
  // A constant template (no user data), parsed once: fine under CSP (no script).
  root.innerHTML = TEMPLATE;
  const refs = {};
  for (const e of root.querySelectorAll('[data-ref]')) refs[e.dataset.ref] = e;
  return refs;
}

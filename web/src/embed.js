// Entry of embed.html: one demo alone, chosen by `#demo=<name>&...` (see demos/nav.js:
// default tokenize; an old link with 2-D lab keys opens that lab). Only that lab's code
// is loaded (embed/registry.js). `theme=light|dark|auto` and `hide=title,controls,charts,
// tables,explain` make a compact embed (embed/sections.js); the theme is read once, at load.
// When framed, it reports its content height to the parent whenever it changes (the
// host page's embed.js resizes the iframe, up or down); unframed or without that script
// the frame keeps its own height and scrolls inside.
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import './embed/embed.css';
import { loadLab } from './embed/registry.js';
import { applyHide, parseTheme } from './embed/sections.js';
import { applyTheme } from './embed/theme-sheet.js';
import { setStyleSource } from './lib/theme.js';
import { demoFromHash } from './demos/nav.js';

const params = new URLSearchParams(location.hash.slice(1));
const root = document.getElementById('embed-root');
const theme = parseTheme(params.get('theme'));
applyHide(root, params.get('hide'));
window.addEventListener('hashchange', () => applyHide(root, new URLSearchParams(location.hash.slice(1)).get('hide')));

function themeSheets() {
  if (theme === 'auto') return;
  setStyleSource(document.documentElement, theme);
  for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
    const apply = () => { if (link.sheet && !link.dataset.themed) { link.dataset.themed = theme; applyTheme(link.sheet, theme); } };
    if (link.sheet) apply();
    else link.addEventListener('load', apply, { once: true });
  }
  for (const style of document.querySelectorAll('style')) if (style.sheet) applyTheme(style.sheet, theme);
}
themeSheets();

loadLab(demoFromHash(location.hash)).then(({ Lab }) => new Lab(root).start(), (e) => {
  root.textContent = e.message;
  root.dataset.state = 'error';
});

if (window.parent !== window) {
  // The content's own height (the document's scrollHeight never drops below the frame's).
  const height = () => Math.ceil(document.body.getBoundingClientRect().height);
  let last = -1;
  const post = (force) => {
    const h = height();
    if (h === last && !force) return;
    last = h;
    window.parent.postMessage({ type: 'sampling-embed-height', height: h }, '*');
  };
  new ResizeObserver(() => post(false)).observe(document.body);
  // A cross-origin frame scrolled out of view is not rendered, so its ResizeObserver stays
  // silent: the lab's state changes (rendered, running, done) also report the height.
  new MutationObserver(() => post(false)).observe(root, { attributes: true, attributeFilter: ['data-state'] });
  window.addEventListener('message', (event) => {
    if (event.source === window.parent && event.data?.type === 'sampling-embed-measure') post(true);
  });
}

// Entry of index.html: the page header, the demo navigation and the demos.
// The hash selects the demo (`demo=tokenize|mcmc|flow|gibbs|cgmh`, see demos/nav.js). A demo's
// code is loaded (embed/registry.js: one dynamic import per lab, so the first view fetches
// only the shown lab), built and its worker started only when it is first shown; a hidden
// demo stops its run and ignores hash changes until it is shown again.
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { LABS, loadLab } from './embed/registry.js';
import { DEFAULT_DEMO, demoFromHash, hashForDemo } from './demos/nav.js';
import { preferredLanguage, t } from './lib/i18n.js';

const rootOf = (name) => document.getElementById(`${name}-lab`);
const instances = new Map();
/** Labs whose code is being loaded. */
const loading = new Set();
let current = null;

/** Builds and starts lab `name` once its code is loaded, if it is still the one shown. */
function create(name) {
  if (loading.has(name)) return;
  loading.add(name);
  loadLab(name).then(({ Lab }) => {
    loading.delete(name);
    if (current !== name || instances.has(name)) return;
    const lab = new Lab(rootOf(name));
    instances.set(name, lab);
    lab.start();
  }, (e) => {
    loading.delete(name);
    const root = rootOf(name);
    root.textContent = e.message;
    root.dataset.state = 'error';
  });
}

function show(requested) {
  const name = Object.hasOwn(LABS, requested) ? requested : DEFAULT_DEMO;
  if (name === current) return;
  if (current) instances.get(current)?.deactivate();
  for (const key of Object.keys(LABS)) rootOf(key).hidden = key !== name;
  for (const link of document.querySelectorAll('.demo-nav [data-demo]')) {
    if (link.dataset.demo === name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  current = name;
  const existing = instances.get(name);
  if (existing) existing.activate();
  else create(name);
  showTitle();
}

/** The window title in the page's language: the site, then the lab's name in the tabs. */
function showTitle() {
  if (current) document.title = `${t('app.title')} — ${t(`nav.${current}`)}`;
}

/** A link that names no language opens in the browser's language: lang=zh is added to
 *  the hash, so the labs read it and a copied link keeps it. */
function followPreferredLanguage() {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  if (params.has('lang') || preferredLanguage() !== 'zh') return;
  const rest = location.hash.replace(/^#/, '');
  history.replaceState(null, '', `#${rest ? `${rest}&` : ''}lang=zh`);
}

// The tabs keep every other setting in the hash (each demo's keys are its own).
for (const link of document.querySelectorAll('.demo-nav [data-demo]')) {
  link.addEventListener('click', (event) => {
    event.preventDefault();
    const hash = hashForDemo(location.hash, link.dataset.demo);
    if (location.hash !== hash) location.hash = hash;
    else show(link.dataset.demo);
  });
}
// Every language change (toggle, link) sets <html lang>; the title follows.
new MutationObserver(showTitle).observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
window.addEventListener('hashchange', () => {
  followPreferredLanguage();
  show(demoFromHash(location.hash));
});
followPreferredLanguage();
show(demoFromHash(location.hash));

// The built site registers its service worker (sw.js beside index.html), so it works
// offline after the first visit; the dev server has none.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  navigator.serviceWorker.register('./sw.js').catch((e) => {
    console.warn(`offline use unavailable: ${e.message}`);
  });
}

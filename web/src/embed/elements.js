// Custom elements for blog posts: <sampling-tokenize text="今天天气不错" alpha="0.1">,
// <sampling-mcmc>, <sampling-flow>, <sampling-gibbs>, <sampling-cgmh> — one per lab of
// registry.js.
//
// Attributes mirror the lab's URL-hash keys (case-insensitive: stepsize= is stepSize),
// `<key>_hide` included, plus lang, theme (light|dark|auto) and hide (sections, see
// sections.js). Each element renders its lab in a shadow root with the page's styles,
// loads the lab's code and starts its default run only when scrolled into view, and
// mirrors the lab's run state on itself as data-state: pending (not yet in view),
// loading, then the lab's own states (idle, running, done, cancelled, error); the flow
// lab's view state too, as data-view (loading, ready, error).
// Embeds of one lab share one worker when the lab's worker allows it (registry.js).
// Changing an attribute later re-reads the state, as a hash change does on the page.
// Taken out of the document, an element stops its run; put back, it resumes its lab.
import pageCss from '../styles.css?inline';
import uplotCss from 'uplot/dist/uPlot.min.css?inline';
import embedCss from './embed.css?inline';
import { LABS, loadLab } from './registry.js';
import { applyHide, parseTheme } from './sections.js';
import { applyTheme } from './theme-sheet.js';
import { siteBase } from './site-base.js';
import { shareWorkers } from '../lib/worker-client.js';
import { setStyleSource } from '../lib/theme.js';
import { setLanguageElement } from '../lib/i18n.js';

// What the element mirrors of its lab's root: the run state, and the flow lab's view state
// (its default computation draws the pretrained models; `data-state` is about training).
const MIRRORED = ['state', 'view'];
const HOST_CSS = ':host { display: block; color: var(--fg); } :host([hidden]) { display: none; }';
const sheets = new Map(); // theme → CSSStyleSheet shared by every element with that theme

function sheetFor(theme) {
  if (!sheets.has(theme)) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(`${pageCss.replace(/:root\b/g, ':host')}\n${uplotCss}\n${embedCss}\n${HOST_CSS}`);
    applyTheme(sheet, theme, ':host');
    sheets.set(theme, sheet);
  }
  return sheets.get(theme);
}

/** The lab's view of the element: state from attributes, the host page's URL untouched. */
function attributeHost(element, schema, shadow) {
  const keys = new Map([['lang', 'lang']]);
  for (const { name } of schema) {
    keys.set(name.toLowerCase(), name);
    keys.set(`${name.toLowerCase()}_hide`, `${name}_hide`);
  }
  const fromAttributes = () => {
    const params = new URLSearchParams();
    for (const attr of element.getAttributeNames()) {
      const key = keys.get(attr.toLowerCase());
      if (key) params.set(key, element.getAttribute(attr));
    }
    return `#${params}`;
  };
  const listeners = [];
  let read = null; // the attributes' state as the lab last read it
  new MutationObserver(() => {
    if (fromAttributes() !== read) for (const f of listeners) f();
  }).observe(element, { attributes: true });
  return {
    get hash() {
      read = fromAttributes();
      return read;
    },
    write: (state) => state.toHash(),
    onChange: (callback) => listeners.push(callback),
    get base() { return siteBase(); },
    i18nRoot: shadow,
  };
}

export class SamplingEmbed extends HTMLElement {
  constructor() {
    super();
    this.shadow = this.attachShadow({ mode: 'open' });
    this.lab = null;
    this.visibility = null;
  }

  connectedCallback() {
    if (this.lab) {
      this.lab.activate(); // back in the document: the lab picks up where it stopped
      return;
    }
    if (this.visibility) return;
    if (!this.dataset.state) this.dataset.state = 'pending';
    this.visibility = new IntersectionObserver((entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      this.visibility.disconnect();
      this.start();
    }, { rootMargin: '200px' });
    this.visibility.observe(this);
  }

  /** Out of the document (e.g. a page of a single-page blog left): stop its run. */
  disconnectedCallback() {
    if (this.lab) this.lab.deactivate();
  }

  async start() {
    this.dataset.state = 'loading';
    const theme = parseTheme(this.getAttribute('theme'));
    this.shadow.adoptedStyleSheets = [sheetFor(theme)];
    const root = document.createElement('section');
    applyHide(root, this.getAttribute('hide'));
    this.shadow.replaceChildren(root);
    let spec;
    try {
      spec = await loadLab(this.constructor.demo);
    } catch (e) {
      root.textContent = `Could not load the demo: ${e.message}`;
      this.dataset.state = 'error';
      return;
    }
    if (spec.shared) shareWorkers(spec.shared);
    setStyleSource(this, theme);
    setLanguageElement(null);
    const mirror = () => {
      for (const key of MIRRORED) {
        if (root.dataset[key] && root.dataset[key] !== this.dataset[key]) this.dataset[key] = root.dataset[key];
      }
    };
    new MutationObserver(mirror).observe(root, { attributes: true, attributeFilter: MIRRORED.map((k) => `data-${k}`) });
    try {
      this.lab = new spec.Lab(root, attributeHost(this, spec.schema, this.shadow));
    } catch (e) {
      // E.g. a browser or a policy that refuses the lab's worker.
      root.textContent = `Could not start the demo: ${e.message}`;
      this.dataset.state = 'error';
      return;
    }
    mirror();
    this.lab.start();
  }
}

/** Defines <sampling-NAME> for every lab in the registry (once). */
export function defineElements(registry = customElements) {
  for (const demo of Object.keys(LABS)) {
    const tag = `sampling-${demo}`;
    if (!registry.get(tag)) registry.define(tag, class extends SamplingEmbed { static demo = demo; });
  }
}

// Where a lab keeps its state. On the page (index.html, embed.html) that is the URL
// hash; an embedded element (embed/elements.js) passes its own host, whose state comes
// from the element's attributes and never touches the host page's URL.
//
// A lab reads `host.hash`, writes with `host.write(state)` (returns the hash written),
// hears of outside changes through `host.onChange(callback)`, resolves shipped files
// (models, weights) against `host.base` and translates the nodes under `host.i18nRoot`.
import { writeHash } from './state.js';

export const pageHost = Object.freeze({
  get hash() { return location.hash; },
  write: (state) => writeHash(state),
  onChange: (callback) => window.addEventListener('hashchange', callback),
  get base() { return document.baseURI; },
  get i18nRoot() { return document; },
});

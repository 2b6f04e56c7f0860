// Where the site's files (models, weights) are, for code that may run on someone else's
// page: set once by the entry that knows its own address (embed.js at the site root).
let base = null;

export function setSiteBase(url) {
  base = url;
}

/** The site's root URL (the document's base when no entry set one). */
export function siteBase() {
  return base ?? document.baseURI;
}

// Compact embeds: whole sections of a lab hidden by name (`hide=title,charts` in the
// hash of embed.html, `hide="title charts"` on an element). The lab root carries the
// list as data-hide; embed.css hides the matching parts of every lab.
export const SECTIONS = ['title', 'controls', 'charts', 'tables', 'explain'];

/** The known section names in `text` (comma- or space-separated), in SECTIONS order. */
export function parseHide(text) {
  const asked = new Set(String(text ?? '').toLowerCase().split(/[\s,]+/).filter(Boolean));
  return SECTIONS.filter((s) => asked.has(s));
}

/** Sets data-hide on a lab root from `text`. */
export function applyHide(root, text) {
  const sections = parseHide(text);
  if (sections.length > 0) root.dataset.hide = sections.join(' ');
  else root.removeAttribute('data-hide');
}

/** `light` | `dark` | `auto` (anything else is auto). */
export function parseTheme(text) {
  const t = String(text ?? '').toLowerCase();
  return t === 'light' || t === 'dark' ? t : 'auto';
}

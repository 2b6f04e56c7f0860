// Light/dark theme follows prefers-color-scheme; canvases read colours from CSS variables.
// An embed may force a theme and keep the variables on its own element (shadow DOM):
// setStyleSource() says where canvases read them and whether the theme is forced.
const query = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;
let styleSource = null; // element carrying the variables (default: the document's root)
let forced = null; // 'light' | 'dark' | null (follow the system)

export function isDark() {
  return forced ? forced === 'dark' : Boolean(query?.matches);
}

/** Canvases read colours from `element` with theme `theme` ('light'|'dark'|'auto'). */
export function setStyleSource(element, theme = 'auto') {
  styleSource = element;
  forced = theme === 'light' || theme === 'dark' ? theme : null;
}

export function onThemeChange(callback) {
  query?.addEventListener('change', callback);
}

/** Value of a CSS custom property on :root or the style source (e.g. cssVar('--fg')). */
export function cssVar(name, fallback = '#888') {
  const v = getComputedStyle(styleSource ?? document.documentElement).getPropertyValue(name).trim();
  return v || fallback;
}

/** Colours of chains 0, 1, 2, … (cycled). */
export const CHAIN_COLORS = ['#f26b1d', '#12a37f', '#e0318a', '#3b82f6', '#c9a100', '#17b5c9', '#8b5cf6', '#7a9a1d'];

export function chainColor(c) {
  return CHAIN_COLORS[c % CHAIN_COLORS.length];
}

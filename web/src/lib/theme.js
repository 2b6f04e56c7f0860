// Light/dark theme follows prefers-color-scheme; canvases read colours from CSS variables.
const query = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;

export function isDark() {
  return Boolean(query?.matches);
}

export function onThemeChange(callback) {
  query?.addEventListener('change', callback);
}

/** Value of a CSS custom property on :root (e.g. cssVar('--fg')). */
export function cssVar(name, fallback = '#888') {
  const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return v || fallback;
}

/** Colours of chains 0, 1, 2, … (cycled). */
export const CHAIN_COLORS = ['#f26b1d', '#12a37f', '#e0318a', '#3b82f6', '#c9a100', '#17b5c9', '#8b5cf6', '#7a9a1d'];

export function chainColor(c) {
  return CHAIN_COLORS[c % CHAIN_COLORS.length];
}

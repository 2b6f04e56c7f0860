// A forced theme for the page's style sheets: the dark variables live in
// `@media (prefers-color-scheme: dark)` blocks; theme `dark` makes their rules
// unconditional, `light` drops them, `auto` keeps them. Works on any CSSStyleSheet
// (a constructed one in an element's shadow root, or embed.html's own sheets).
const DARK = /prefers-color-scheme:\s*dark/;

export function applyTheme(sheet, theme, scope = ':root') {
  if (theme !== 'light' && theme !== 'dark') return;
  for (let i = sheet.cssRules.length - 1; i >= 0; i--) {
    const rule = sheet.cssRules[i];
    if (!(rule instanceof CSSMediaRule) || !DARK.test(rule.media.mediaText)) continue;
    const inner = [...rule.cssRules].map((r) => r.cssText);
    sheet.deleteRule(i);
    if (theme === 'dark') for (const text of inner.reverse()) sheet.insertRule(text, i);
  }
  sheet.insertRule(`${scope} { color-scheme: ${theme}; }`, sheet.cssRules.length);
}

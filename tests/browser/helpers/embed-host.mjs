// Host pages for the embed tests: written next to the built site under another path
// (embed-hosts/), served by the same static server with the same strict CSP, so they
// include ../embed.js exactly as a blog post on that site would.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { distDir } from './ensure-dist.mjs';

const CSS = `body { margin: 0; font-family: sans-serif; }
.spacer { height: 3000px; }
.narrow { max-width: 700px; }
`;

/** Writes embed-hosts/<name>.html with `body` (and embed.js unless script: false); returns its URL. */
export function hostPage(session, name, body, { script = true } = {}) {
  const dir = join(distDir, 'embed-hosts');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'host.css'), CSS);
  writeFileSync(join(dir, `${name}.html`), `<!doctype html>
<html lang="en"><head><meta charset="utf-8" /><title>${name}</title><link rel="icon" href="data:," />
<link rel="stylesheet" href="host.css" /></head>
<body>
${body}
${script ? '<script type="module" src="../embed.js"></script>' : ''}
</body></html>`);
  return `${session.baseUrl}embed-hosts/${name}.html`;
}

/** Waits until element `selector` (on the host page) has data-state in `states`. */
export async function waitForEmbed(page, selector, states, timeout = 60_000) {
  const list = Array.isArray(states) ? states : [states];
  try {
    await page.waitForFunction(([sel, wanted]) => wanted.includes(document.querySelector(sel)?.dataset.state),
      [selector, list], { timeout, polling: 50 });
  } catch {
    const state = await page.$eval(selector, (el) => el.dataset.state).catch(() => '?');
    const error = await page.$eval(selector, (el) => el.shadowRoot?.querySelector('.lab-error')?.textContent ?? '').catch(() => '');
    throw new Error(`${selector} is "${state}", expected ${list.join('|')} (error area: "${error}")`);
  }
  return page.$eval(selector, (el) => el.dataset.state);
}

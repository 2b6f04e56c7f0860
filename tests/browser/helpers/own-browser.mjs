// For tests that need contexts of their own (a browser locale, service workers allowed):
// the built site served under its sub-path with the strict CSP, and Debian's chromium
// without the shared persistent profile of browser.mjs.
import { chromium } from 'playwright-core';
import { CHROMIUM, ARGS } from './browser.mjs';
import { ensureDist, distDir } from './ensure-dist.mjs';
import { serveStatic } from './static-server.mjs';

/** Starts the server and the browser; `close()` stops both (a server already closed by
 *  the test is skipped). */
export async function startOwnBrowser() {
  await ensureDist();
  const server = await serveStatic(distDir);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  let serverOpen = true;
  return {
    server,
    browser,
    async closeServer() {
      if (serverOpen) await server.close();
      serverOpen = false;
    },
    async close() {
      await browser.close();
      await this.closeServer();
    },
  };
}

/** Collects console errors, page errors and failed requests of `page` in page.problems. */
export function collectProblems(page) {
  page.problems = [];
  page.on('console', (msg) => { if (msg.type() === 'error') page.problems.push(`console error: ${msg.text()}`); });
  page.on('pageerror', (err) => page.problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) => page.problems.push(`request failed: ${req.url()} ${req.failure()?.errorText}`));
  return page;
}

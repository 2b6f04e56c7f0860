// Shared set-up of the browser tests: a fresh build of dist/ when needed, the static
// server under a sub-path with the strict CSP, Debian's chromium through playwright-core
// with a fresh profile, and a collector that fails a test on any console error,
// page error, CSP violation or failed request.
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { ensureDist, distDir, repoDir } from './ensure-dist.mjs';
import { serveStatic } from './static-server.mjs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const artifactsDir = join(repoDir, 'tests/browser/artifacts');

/** Starts everything a test file needs; call `close()` in after(). */
export async function startSession() {
  await ensureDist();
  const server = await serveStatic(distDir);
  const profile = mkdtempSync(join(tmpdir(), 'sampling-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: { width: 1200, height: 900 },
      // The built site's service worker would answer later loads from its cache; tests see
      // the server (offline.test.mjs allows it).
      serviceWorkers: 'block',
    });
  } catch (e) {
    await server.close();
    rmSync(profile, { recursive: true, force: true });
    throw new Error(`browser tests: could not start ${CHROMIUM}: ${e.message}`);
  }
  const pages = [];
  return {
    baseUrl: server.url,
    server,
    context,
    /** A new page with the error collector attached. */
    async newPage(options = {}) {
      const page = await context.newPage();
      if (options.viewport) await page.setViewportSize(options.viewport);
      page.problems = [];
      page.on('console', (msg) => {
        if (msg.type() === 'error') page.problems.push(`console error: ${msg.text()}`);
      });
      page.on('pageerror', (err) => page.problems.push(`page error: ${err.message}`));
      page.on('requestfailed', (req) => {
        const failure = req.failure()?.errorText ?? '';
        // Aborted: a navigation or worker restart cancelled it; not an error of the page.
        if (!/ERR_ABORTED/.test(failure)) page.problems.push(`request failed: ${req.url()} ${failure}`);
      });
      page.on('response', (res) => {
        if (res.status() >= 400) page.problems.push(`HTTP ${res.status()}: ${res.url()}`);
      });
      page.on('worker', (worker) => {
        worker.on('console', (msg) => {
          if (msg.type?.() === 'error') page.problems.push(`worker console error: ${msg.text()}`);
        });
      });
      pages.push(page);
      return page;
    },
    async close() {
      await context.close().catch(() => {});
      await server.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Fails if the page reported any console error, page error or failed request. */
export function assertNoProblems(page) {
  assert.deepEqual(page.problems, [], `the page reported problems:\n${page.problems.join('\n')}`);
}

export const LAB = '[data-testid="mcmc-lab"]';

/** Opens index.html (or embed.html) with `hash` (string without '#', or params object). */
export async function openLab(session, hash = '', { page, file = 'index.html', viewport } = {}) {
  const p = page ?? (await session.newPage({ viewport }));
  const h = typeof hash === 'string' ? hash : new URLSearchParams(hash).toString();
  await p.goto(`${session.baseUrl}${file}${h ? `#${h}` : ''}`);
  await p.waitForSelector(LAB);
  return p;
}

/** Waits until the lab's data-state is one of `states`; returns it. */
export async function waitForState(page, states, timeout = 30_000) {
  const list = Array.isArray(states) ? states : [states];
  try {
    await page.waitForFunction(
      ([sel, wanted]) => wanted.includes(document.querySelector(sel)?.dataset.state),
      [LAB, list],
      { timeout, polling: 50 },
    );
  } catch (e) {
    const state = await page.$eval(LAB, (el) => el.dataset.state).catch(() => '?');
    const error = await page.$eval('[data-testid="error"]', (el) => el.textContent).catch(() => '');
    throw new Error(`lab state is "${state}", expected ${list.join('|')} (error area: "${error}")`);
  }
  return page.$eval(LAB, (el) => el.dataset.state);
}

/** Text of every stat, keyed by name (n, acceptance, mean, …). */
export async function readStats(page) {
  return page.$$eval('[data-testid^="stat-"]', (els) =>
    Object.fromEntries(els.map((e) => [e.dataset.testid.slice(5), e.textContent.trim()])));
}

export async function digest(page) {
  return page.$eval(LAB, (el) => el.dataset.samplesDigest ?? null);
}

export async function controlValue(page, name) {
  return page.$eval(`[data-testid="control-${name}"]`, (el) => el.value);
}

/** Current hash parameters of the page as an object. */
export async function hashParams(page) {
  const hash = await page.evaluate(() => location.hash);
  return Object.fromEntries(new URLSearchParams(hash.slice(1)));
}

export async function screenshot(page, name) {
  mkdirSync(artifactsDir, { recursive: true });
  const path = join(artifactsDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Same-document navigation to another hash; marks the lab stale first so that a
 *  following waitForState cannot see the previous run's state. */
export async function gotoHash(page, hash) {
  await page.$eval(LAB, (el) => { el.dataset.state = 'stale'; });
  await page.evaluate((h) => { location.hash = h; }, hash);
}

// Helpers of the CGMH lab's browser tests: opening the lab, waiting for its states,
// reading its sentences and messages, and the native `sampling-cli cgmh` with the same
// options.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoDir } from './ensure-dist.mjs';
import { CLI, MODEL_DIR } from './gibbs.mjs';

export const CGMH = '[data-testid="cgmh-lab"]';
const NGRAM_DIR = join(repoDir, 'web/public/models/poetry-ngram');

/** Opens the CGMH lab with `hash` (without '#'; demo=cgmh is added). */
export async function openCgmh(session, hash = '', { page, file = 'index.html', viewport } = {}) {
  const p = page ?? (await session.newPage({ viewport }));
  await p.goto(`${session.baseUrl}${file}#demo=cgmh${hash ? `&${hash}` : ''}`);
  await p.waitForSelector(CGMH);
  return p;
}

/** Waits until data-`key` of the lab is one of `wanted`; returns it. */
export async function waitForCgmh(page, wanted, { key = 'state', timeout = 60_000 } = {}) {
  const list = Array.isArray(wanted) ? wanted : [wanted];
  try {
    await page.waitForFunction(
      ([sel, k, w]) => w.includes(document.querySelector(sel)?.dataset[k]),
      [CGMH, key, list],
      { timeout, polling: 50 },
    );
  } catch {
    const got = await page.$eval(CGMH, (el, k) => el.dataset[k], key).catch(() => '?');
    const message = await page.textContent('[data-testid="cgmh-message"]').catch(() => '');
    throw new Error(`CGMH lab data-${key} is "${got}", expected ${list.join('|')} (message: "${message}")`);
  }
  return page.$eval(CGMH, (el, k) => el.dataset[k], key);
}

/** Marks the lab stale so that a following wait cannot see the previous run's state. */
export async function markStale(page) {
  await page.$eval(CGMH, (el) => { el.dataset.state = 'stale'; });
}

export async function cgmhData(page, key) {
  return page.$eval(CGMH, (el, k) => el.dataset[k] ?? null, key);
}

/** The final and the best sentence of the last completed run. */
export async function sentences(page) {
  return { final: await cgmhData(page, 'text'), best: await cgmhData(page, 'best') };
}

export async function messageOf(page, name) {
  return (await page.textContent(`[data-testid="cgmh-error-${name}"]`)).trim();
}

export async function controlValue(page, name) {
  return page.$eval(`[data-testid="cgmh-control-${name}"]`, (el) => el.value);
}

/** Types `value` into a text control and commits it with Enter. */
export async function setControl(page, name, value) {
  await page.fill(`[data-testid="cgmh-control-${name}"]`, value);
  await page.press(`[data-testid="cgmh-control-${name}"]`, 'Enter');
}

/** Hash text (without '#') of an options object with the lab's key names. */
export function hashOf(o) {
  return Object.entries(o).map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`).join('&');
}

/**
 * `sampling-cli cgmh` on the shipped models with the lab's options (hash names):
 * { ckw, ctpl, csteps, cseed, canneal, ctopk, cbonus, cmaxlen }. Resolves { final, best, stats }.
 */
export function cliCgmh(o) {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build the native tool first (bash tools/build_native.sh)`);
  const args = ['cgmh', '--model', MODEL_DIR, '--lm', NGRAM_DIR, '--keywords', o.ckw, '--steps', String(o.csteps),
    '--seed', String(o.cseed), '--top-k', String(o.ctopk), '--length-bonus', String(o.cbonus)];
  if (o.ctpl) args.push('--template', o.ctpl);
  else args.push('--max-length', String(o.cmaxlen));
  if (o.canneal) args.push('--anneal', o.canneal);
  const r = spawnSync(CLI, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sampling-cli cgmh failed (${r.status}): ${r.stderr}`);
  const [final, best] = r.stdout.split('\n');
  return { final, best, stats: JSON.parse(r.stderr.trim().split('\n').pop()) };
}

// Helpers of the Gibbs lab's browser tests: opening the lab, waiting for its states,
// reading the chains, and the native `sampling-cli gibbs` with the same options.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { repoDir } from './ensure-dist.mjs';

export const GIBBS = '[data-testid="gibbs-lab"]';
export const MODEL_DIR = join(repoDir, 'web/public/models/poetry-bert');
const nativeDir = process.env.SAMPLING_NATIVE_BUILD ? resolve(process.env.SAMPLING_NATIVE_BUILD) : join(repoDir, 'build/native');
export const CLI = join(nativeDir, 'bin/sampling-cli');

/** Opens the Gibbs lab with `hash` (without '#'; demo=gibbs is added). */
export async function openGibbs(session, hash = '', { page, file = 'index.html', viewport, colorScheme } = {}) {
  const p = page ?? (await session.newPage({ viewport }));
  if (colorScheme) await p.emulateMedia({ colorScheme });
  await p.goto(`${session.baseUrl}${file}#demo=gibbs${hash ? `&${hash}` : ''}`);
  await p.waitForSelector(GIBBS);
  return p;
}

/** Waits until data-`key` of the lab is one of `wanted`; returns it. */
export async function waitForGibbs(page, wanted, { key = 'state', timeout = 45_000 } = {}) {
  const list = Array.isArray(wanted) ? wanted : [wanted];
  try {
    await page.waitForFunction(
      ([sel, k, w]) => w.includes(document.querySelector(sel)?.dataset[k]),
      [GIBBS, key, list],
      { timeout, polling: 50 },
    );
  } catch {
    const got = await page.$eval(GIBBS, (el, k) => el.dataset[k], key).catch(() => '?');
    const message = await page.textContent('[data-testid="gibbs-message"]').catch(() => '');
    throw new Error(`Gibbs lab data-${key} is "${got}", expected ${list.join('|')} (message: "${message}")`);
  }
  return page.$eval(GIBBS, (el, k) => el.dataset[k], key);
}

/** Marks the lab stale so that a following wait cannot see the previous run's state. */
export async function markStale(page) {
  await page.$eval(GIBBS, (el) => { el.dataset.state = 'stale'; });
}

export async function gibbsData(page, key) {
  return page.$eval(GIBBS, (el, k) => el.dataset[k] ?? null, key);
}

export const steps = async (page) => Number(await gibbsData(page, 'steps'));

/** Final texts of the chains (data-text of each card), in chain order. */
export async function chainTexts(page) {
  return page.$$eval('[data-testid^="gibbs-chain-"]', (cards) => cards.map((c) => c.dataset.text ?? ''));
}

/** Per chain, the cells' text and whether each is pinned. */
export async function chainCells(page) {
  return page.$$eval('[data-testid^="gibbs-chain-"]', (cards) => cards.map((c) =>
    [...c.querySelectorAll('.cell')].map((cell) => ({ text: cell.textContent, pinned: cell.classList.contains('pinned') }))));
}

export async function messageOf(page, name) {
  return (await page.textContent(`[data-testid="gibbs-error-${name}"]`)).trim();
}

export async function controlValue(page, name) {
  return page.$eval(`[data-testid="gibbs-control-${name}"]`, (el) => el.value);
}

/** Types `value` into a text control and commits it with Enter. */
export async function setControl(page, name, value) {
  await page.fill(`[data-testid="gibbs-control-${name}"]`, value);
  await page.press(`[data-testid="gibbs-control-${name}"]`, 'Enter');
}

/**
 * `sampling-cli gibbs` on the shipped model with the lab's options (hash names):
 * { gtpl, gsteps, gseed, gsampler, gorder, gtemp, gtopk, gburn, gchains, ganneal, gstart, gtext }.
 * Resolves { texts, stderr }.
 */
export function cliGibbs(o) {
  if (!existsSync(CLI)) {
    throw new Error(`${CLI} is missing: build the native tool first (bash tools/build_native.sh)`);
  }
  const args = ['gibbs', '--model', MODEL_DIR, '--template', o.gtpl, '--steps', String(o.gsteps), '--seed', String(o.gseed),
    '--order', o.gorder ?? 'random', '--top-k', String(o.gtopk ?? 100), '--burn-in', String(o.gburn ?? 100),
    '--chains', String(o.gchains ?? 3)];
  if (o.gsampler) args.push('--sampler', o.gsampler);
  if (o.ganneal) args.push('--anneal', o.ganneal);
  else args.push('--temperature', String(o.gtemp ?? 1));
  if (o.gstart === 'text') args.push('--start', o.gtext);
  else if (o.gstart) args.push('--start', o.gstart);
  if (o.pll) args.push('--pll');
  const r = spawnSync(CLI, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sampling-cli gibbs failed (${r.status}): ${r.stderr}`);
  return { texts: r.stdout.split('\n').filter((l) => l !== ''), stats: JSON.parse(r.stderr.trim().split('\n').pop()) };
}

/** Hash text (without '#') of an options object with the lab's key names. */
export function hashOf(o) {
  return Object.entries(o).map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`).join('&');
}

/**
 * Installs, before the page's scripts run, a recorder of every change to the text of a
 * pinned cell (window.__pinnedChanges) and of every model-info text (window.__modelInfo).
 */
export async function watchPage(page) {
  await page.addInitScript(() => {
    window.__pinnedChanges = [];
    window.__modelInfo = [];
    const observer = new MutationObserver((list) => {
      for (const m of list) {
        const el = m.target.nodeType === 1 ? m.target : m.target.parentElement;
        const cell = el?.closest?.('.cell');
        if (cell?.classList.contains('pinned') && (m.type === 'characterData' || (m.type === 'childList' && m.target === cell))) {
          window.__pinnedChanges.push(`${cell.closest('[data-chain]')?.dataset.chain}:${cell.dataset.pos}:${cell.textContent}`);
        }
        if (el?.closest?.('[data-testid="gibbs-model-info"]')) window.__modelInfo.push(el.closest('[data-testid="gibbs-model-info"]').textContent);
      }
    });
    document.addEventListener('DOMContentLoaded', () => {
      observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    });
  });
}

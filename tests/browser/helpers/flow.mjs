// Helpers of the flow (one-step generation) lab tests.
import { openLab } from './browser.mjs';

export const FLOW = '[data-testid="flow-lab"]';
export const METHODS = ['fm', 'meanflow', 'shortcut', 'consistency'];

/** Opens the flow lab with `hash` (without '#'; demo=flow is added). */
export async function openFlow(session, hash = '', options = {}) {
  const p = options.page ?? (await session.newPage({ viewport: options.viewport }));
  await p.goto(`${session.baseUrl}index.html#demo=flow${hash ? `&${hash}` : ''}`);
  await p.waitForSelector(FLOW);
  return p;
}

async function waitForData(page, key, wanted, timeout) {
  const list = Array.isArray(wanted) ? wanted : [wanted];
  try {
    await page.waitForFunction(
      ([sel, k, w]) => w.includes(document.querySelector(sel)?.dataset[k]),
      [FLOW, key, list],
      { timeout, polling: 50 },
    );
  } catch {
    const got = await page.$eval(FLOW, (el, k) => el.dataset[k], key).catch(() => '?');
    const message = await page.textContent('[data-testid="flow-message"]').catch(() => '');
    throw new Error(`flow lab data-${key} is "${got}", expected ${list.join('|')} (message: "${message}")`);
  }
  return page.$eval(FLOW, (el, k) => el.dataset[k], key);
}

/** data-view: loading | ready | error (the samples of the current controls). */
export const waitForView = (page, wanted, timeout = 30_000) => waitForData(page, 'view', wanted, timeout);
/** data-state: idle | running | paused | done | cancelled | error (the training run). */
export const waitForTraining = (page, wanted, timeout = 30_000) => waitForData(page, 'state', wanted, timeout);
export const waitForQuality = (page, timeout = 60_000) => waitForData(page, 'quality', 'ready', timeout);

export async function flowData(page, key) {
  return page.$eval(FLOW, (el, k) => el.dataset[k] ?? null, key);
}

export const steps = async (page) => Number(await flowData(page, 'steps'));

/** Energy distance shown for `method` at `nfe` (a number, NaN if none). */
export async function energy(page, method, nfe) {
  return page.$eval(`[data-testid="flow-ed-${method}-${nfe}"]`, (el) => Number(el.dataset.value ?? NaN));
}

/** Counts the non-background pixels of a canvas with the method's colour-ish dots. */
export async function paintedPixels(page, selector) {
  return page.$eval(selector, (canvas) => {
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
    return n;
  });
}

/** Marks the view stale so a following waitForView cannot see the previous one. */
export async function markViewStale(page) {
  await page.$eval(FLOW, (el) => { el.dataset.view = 'stale'; el.dataset.state = 'stale'; });
}

// Helpers of the tokenize lab's browser tests (the session, error collector and
// screenshots come from browser.mjs).
export const TOK = '[data-testid="tokenize-lab"]';

/** Opens index.html (or embed.html) with `hash` (string without '#'). */
export async function openTokenize(session, hash = '', { page, file = 'index.html', viewport, colorScheme } = {}) {
  const p = page ?? (await session.newPage({ viewport }));
  if (colorScheme) await p.emulateMedia({ colorScheme });
  await p.goto(`${session.baseUrl}${file}${hash ? `#${hash}` : ''}`);
  await p.waitForSelector(TOK);
  return p;
}

/** Waits until the lab's data-state is one of `states`; returns it. */
export async function waitForTok(page, states, timeout = 60_000) {
  const list = Array.isArray(states) ? states : [states];
  try {
    await page.waitForFunction(
      ([sel, wanted]) => wanted.includes(document.querySelector(sel)?.dataset.state),
      [TOK, list],
      { timeout, polling: 50 },
    );
  } catch (e) {
    const state = await page.$eval(TOK, (el) => el.dataset.state).catch(() => '?');
    const error = await page.$eval('[data-testid="tok-error"]', (el) => el.textContent).catch(() => '');
    throw new Error(`tokenize lab state is "${state}", expected ${list.join('|')} (error area: "${error}")`);
  }
  return page.$eval(TOK, (el) => el.dataset.state);
}

/** Marks the lab stale so that a following waitForTok cannot see the previous run's state. */
export async function markStale(page) {
  await page.$eval(TOK, (el) => { el.dataset.state = 'stale'; });
}

export async function gotoTokHash(page, hash) {
  await markStale(page);
  await page.evaluate((h) => { location.hash = h; }, hash);
}

export async function countsDigest(page) {
  return page.$eval(TOK, (el) => el.dataset.countsDigest ?? null);
}

/** Pieces of the Viterbi segmentation as shown in chips. */
export async function viterbiChips(page) {
  return page.$$eval('[data-testid="tok-viterbi-chips"] .chip', (els) => els.map((e) => e.textContent));
}

/** Rows of sample chips (each a list of pieces). */
export async function sampleChips(page) {
  return page.$$eval('[data-testid="tok-sample-chips"] .chips', (rows) =>
    rows.map((r) => [...r.querySelectorAll('.chip')].map((c) => c.textContent)));
}

/** Raw value of a per-method statistic (tv, p, chi2, draws, rate) as a number. */
export async function methodStat(page, method, name) {
  const v = await page.$eval(`[data-testid="tok-stat-${method}-${name}"]`, (el) => el.dataset.value ?? '');
  return v === '' ? null : Number(v);
}

export async function tokControl(page, name) {
  return page.$eval(`[data-testid="tok-control-${name}"]`, (el) => el.value);
}

export async function messageOf(page, name) {
  return (await page.textContent(`[data-testid="tok-error-${name}"]`)).trim();
}

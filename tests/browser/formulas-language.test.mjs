// 中文 reaches the formulas: in every lab's "How it works" the words inside the formulas
// (loss, one step, accept … with probability, pick a free position, …) are Chinese when
// the page is in Chinese, and English in English; only mathematical names stay Latin
// (exp, log, max, the model's [CLS]/[SEP]/[MASK] tokens, acronyms the text defines, and
// FROM/TO, T_end, the names the controls themselves show in both languages).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSession, assertNoProblems } from './helpers/browser.mjs';

let session;
before(async () => { session = await startSession(); });
after(async () => { await session?.close(); });

/** Latin words of 3+ letters allowed in a Chinese formula: names, not words of a sentence. */
const MATH_NAMES = new Set(['exp', 'log', 'logsumexp', 'logZ', 'max', 'argmax', 'min', 'CLS', 'SEP', 'MASK', 'ESS',
  'PLL', 'FROM', 'end']);
const MCMC_SAMPLERS = ['rejection', 'importance', 'mh', 'gibbs', 'annealing', 'mala', 'hmc'];

const LABS = [
  { demo: 'tokenize', root: 'tokenize-lab', formulas: '[data-testid="tokenize-lab"] .formula', count: 6 },
  { demo: 'flow', root: 'flow-lab', formulas: '[data-testid="flow-formulas"] .formula', count: 5 },
  { demo: 'gibbs', root: 'gibbs-lab', formulas: '[data-testid="gibbs-formulas"] .formula', count: 4 },
  { demo: 'cgmh', root: 'cgmh-lab', formulas: '[data-testid="cgmh-formulas"] .formula', count: 3 },
];

const englishWords = (text) => (text.match(/[A-Za-z]{3,}/g) ?? []).filter((w) => !MATH_NAMES.has(w));

async function formulas(page, selector, count) {
  await page.waitForFunction(([sel, n]) => {
    const els = [...document.querySelectorAll(sel)];
    return els.length >= n && els.every((e) => e.textContent.trim() !== '');
  }, [selector, count], { timeout: 20_000 });
  return page.$$eval(selector, (els) => els.map((e) => e.textContent));
}

for (const lab of LABS) {
  test(`${lab.demo} lab: the formulas' words follow the language`, { timeout: 90_000 }, async () => {
    const page = await session.newPage();
    await page.goto(`${session.baseUrl}index.html#demo=${lab.demo}&lang=zh`);
    await page.waitForSelector(`[data-testid="${lab.root}"]`);
    const zh = await formulas(page, lab.formulas, lab.count);
    assert.equal(zh.length, lab.count);
    for (const f of zh) assert.deepEqual(englishWords(f), [], `English words in the Chinese formula "${f}"`);
    // The language button gives English words back (the same formulas, other words).
    await page.click(`[data-testid="${lab.root}"] .lang-toggle`);
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    const en = await formulas(page, lab.formulas, lab.count);
    assert.ok(en.some((f) => englishWords(f).length > 0), `English formulas: ${en.join(' | ')}`);
    assert.notDeepEqual(en, zh);
    assertNoProblems(page);
    await page.close();
  });
}

test('2-D lab: every sampler\'s formula follows the language', { timeout: 90_000 }, async () => {
  const page = await session.newPage();
  await page.goto(`${session.baseUrl}index.html#demo=mcmc&lang=zh&n=100`);
  await page.waitForSelector('[data-testid="mcmc-lab"]');
  let english = 0;
  for (const sampler of MCMC_SAMPLERS) {
    for (const lang of ['zh', 'en']) {
      await page.evaluate(([s, l]) => { location.hash = `demo=mcmc&lang=${l}&n=100&sampler=${s}`; }, [sampler, lang]);
      await page.waitForFunction(([s, l]) => document.querySelector('[data-testid="control-sampler"]').value === s
        && document.documentElement.lang.startsWith(l), [sampler, lang], { timeout: 10_000 });
      const f = await page.textContent('[data-testid="formula-text"]');
      if (lang === 'zh') assert.deepEqual(englishWords(f), [], `${sampler}: English words in the Chinese formula "${f}"`);
      else english += englishWords(f).length;
    }
  }
  assert.ok(english > 0, 'the English formulas have English words');
  assertNoProblems(page);
  await page.close();
});

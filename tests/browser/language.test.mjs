// 中文 follows the browser's language on a first visit: a link without lang opens in
// Chinese for a zh-* browser (lang=zh added to the hash, so a copied link keeps it) and in
// English otherwise; a lang in the link wins; the window title is translated and follows
// the toggle.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startOwnBrowser, collectProblems } from './helpers/own-browser.mjs';
import { TOK, waitForTok } from './helpers/tokenize.mjs';

let own;
before(async () => { own = await startOwnBrowser(); });
after(async () => { await own?.close(); });

/** A page in a fresh context whose browser language is `locale`, with an error collector. */
async function openWithLocale(locale, hash = '') {
  const context = await own.browser.newContext({ locale, viewport: { width: 1000, height: 800 } });
  const page = collectProblems(await context.newPage());
  await page.goto(`${own.server.url}index.html${hash ? `#${hash}` : ''}`);
  return page;
}

const view = (page) => page.evaluate(() => ({
  navigator: navigator.language,
  lang: document.documentElement.lang,
  title: document.title,
  heading: document.querySelector('.page-header h1').textContent,
  hashLang: new URLSearchParams(location.hash.slice(1)).get('lang'),
}));

test('zh-CN browser, link without lang: the page opens in Chinese, title included', { timeout: 90_000 }, async () => {
  const page = await openWithLocale('zh-CN');
  await page.waitForSelector(TOK);
  assert.equal(await waitForTok(page, ['done', 'error']), 'done');
  const v = await view(page);
  assert.equal(v.navigator, 'zh-CN');
  assert.equal(v.lang, 'zh-CN');
  assert.equal(v.heading, '采样游乐场');
  assert.equal(v.title, '采样游乐场 — 分词');
  assert.equal(v.hashLang, 'zh', 'the hash records the language, so a copied link keeps it');
  assert.equal(await page.textContent('#tok-title'), '分词实验室：对切分进行采样');
  assert.equal(await page.textContent('[data-testid="tok-lang-toggle"]'), 'English');

  // The toggle switches the page and its title to English.
  await page.click('[data-testid="tok-lang-toggle"]');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  const en = await view(page);
  assert.equal(en.title, 'Sampling Playground — Tokenize');
  assert.equal(en.hashLang, 'en');

  // Another lab through the tabs keeps the chosen language.
  await page.click('[data-testid="nav-mcmc"]');
  await page.waitForSelector('[data-testid="mcmc-lab"]');
  await page.waitForFunction(() => document.title === 'Sampling Playground — 2-D samplers');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('zh-CN browser: a lang in the link wins; a lab opened by its hash gets a Chinese title', { timeout: 90_000 }, async () => {
  const en = await openWithLocale('zh-CN', 'demo=mcmc&lang=en&n=200');
  await en.waitForSelector('[data-testid="mcmc-lab"]');
  const v = await view(en);
  assert.equal(v.lang, 'en');
  assert.equal(v.title, 'Sampling Playground — 2-D samplers');
  assert.equal(await en.textContent('[data-testid="run"]'), 'Run');
  await en.context().close();

  const zh = await openWithLocale('zh-TW', 'demo=mcmc&n=200');
  await zh.waitForSelector('[data-testid="mcmc-lab"]');
  const w = await view(zh);
  assert.equal(w.lang, 'zh-CN');
  assert.equal(w.title, '采样游乐场 — 二维采样');
  assert.equal(await zh.textContent('[data-testid="run"]'), '运行');
  assert.deepEqual(zh.problems, []);
  await zh.context().close();
});

test('en-US browser, link without lang: the page stays English and the hash names no lang', { timeout: 90_000 }, async () => {
  const page = await openWithLocale('en-US');
  await page.waitForSelector(TOK);
  assert.equal(await waitForTok(page, ['done', 'error']), 'done');
  const v = await view(page);
  assert.equal(v.navigator, 'en-US');
  assert.equal(v.lang, 'en');
  assert.equal(v.heading, 'Sampling Playground');
  assert.equal(v.title, 'Sampling Playground — Tokenize');
  assert.equal(v.hashLang, null);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
